"""A portal's own theme, as the README's production checklist places it: a plugin listed
before opendataplan that overrides blocks of CKAN's ``page.html`` and ``home/index.html``
(tests/pages/test_theme.py)."""

from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.common import CKANConfig

NAME = "opendataplan_test_theme"


class ThemePlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)

    def update_config(self, config: CKANConfig) -> None:
        tk.add_template_directory(config, "templates")
