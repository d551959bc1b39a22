from __future__ import annotations

import logging

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.common import CKANConfig
from ckan.lib.plugins import DefaultTranslation

from . import i18n

log = logging.getLogger(__name__)


@tk.blanket.cli
@tk.blanket.config_declarations
@tk.blanket.validators
class OpenDataPlanPlugin(p.SingletonPlugin, DefaultTranslation):
    p.implements(p.IConfigurer)
    p.implements(p.IConfigurable)
    p.implements(p.ITranslation)

    # IConfigurer
    def update_config(self, config: CKANConfig) -> None:
        tk.add_template_directory(config, "templates")
        tk.add_public_directory(config, "public")

    # IConfigurable
    def configure(self, config: CKANConfig) -> None:
        plugins = tk.aslist(config.get("ckan.plugins"))
        if "scheming_datasets" in plugins and plugins.index("scheming_datasets") < plugins.index(
            "opendataplan"
        ):
            log.warning(
                "ckan.plugins lists scheming_datasets before opendataplan: "
                "list opendataplan first so that its templates take precedence."
            )

    # ITranslation
    def i18n_directory(self) -> str:
        return i18n.catalog_directory()
