from __future__ import annotations

import logging
from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.common import CKANConfig
from ckan.lib.plugins import DefaultTranslation

from ckanext.opendataplan import hooks, i18n
from ckanext.opendataplan.accountability import action as accountability_action
from ckanext.opendataplan.accountability import activities, stream
from ckanext.opendataplan.accountability import auth as accountability_auth
from ckanext.opendataplan.accountability import helpers as accountability_helpers
from ckanext.opendataplan.accountability import views as accountability_views
from ckanext.opendataplan.catalogue import action as catalogue_action
from ckanext.opendataplan.catalogue import helpers as catalogue_helpers
from ckanext.opendataplan.catalogue import scope
from ckanext.opendataplan.common import (
    cache,
    compat,
    csrf,
    humanize,
    registry,
    responses,
    search_batch,
    unavailable,
    validated_index,
)
from ckanext.opendataplan.common import validators as common_validators
from ckanext.opendataplan.desk import helpers as desk_helpers
from ckanext.opendataplan.desk import views as desk_views
from ckanext.opendataplan.documents import views as document_views
from ckanext.opendataplan.federation import marks as federation_marks
from ckanext.opendataplan.federation import profile as federation_profile
from ckanext.opendataplan.federation import sources as federation_sources
from ckanext.opendataplan.forms import helpers as form_helpers
from ckanext.opendataplan.forms import pickers as form_pickers
from ckanext.opendataplan.forms import validators as form_validators
from ckanext.opendataplan.forms import views as form_views
from ckanext.opendataplan.inventory import action as inventory_action
from ckanext.opendataplan.inventory import auth as inventory_auth
from ckanext.opendataplan.inventory import helpers as inventory_helpers
from ckanext.opendataplan.inventory import records
from ckanext.opendataplan.inventory import validators as inventory_validators
from ckanext.opendataplan.inventory import views as inventory_views
from ckanext.opendataplan.meetings import action as meeting_action
from ckanext.opendataplan.meetings import auth as meeting_auth
from ckanext.opendataplan.meetings import helpers as meeting_helpers
from ckanext.opendataplan.meetings import views as meeting_views
from ckanext.opendataplan.organizations import action as organization_action
from ckanext.opendataplan.organizations import helpers as organization_helpers
from ckanext.opendataplan.pages import about as about_page
from ckanext.opendataplan.pages import figures, listing
from ckanext.opendataplan.pages import helpers as page_helpers
from ckanext.opendataplan.pages import views as page_views
from ckanext.opendataplan.participation import action as participation_action
from ckanext.opendataplan.participation import auth as participation_auth
from ckanext.opendataplan.participation import consultation
from ckanext.opendataplan.participation import helpers as participation_helpers
from ckanext.opendataplan.participation import views as participation_views
from ckanext.opendataplan.plans import action as plan_action
from ckanext.opendataplan.plans import auth as plan_auth
from ckanext.opendataplan.plans import facets, indexing
from ckanext.opendataplan.plans import validators as plan_validators
from ckanext.opendataplan.progress import rebuild, rollup, signals
from ckanext.opendataplan.reports import action as report_action
from ckanext.opendataplan.reports import auth as report_auth
from ckanext.opendataplan.reports import helpers as report_helpers
from ckanext.opendataplan.reports import validators as report_validators
from ckanext.opendataplan.reports import visibility
from ckanext.opendataplan.summary import keep

log = logging.getLogger(__name__)

# CKAN's own dataset and organization actions and auth functions that the plugin chains
# (``package_*``, ``organization_*``), and the activity plugin's dashboard (one activity per
# meeting; only with that plugin).
CHAINED = ("opendataplan_", "package_", "organization_", "dashboard_activity_list")


def actions() -> dict[str, Any]:
    modules = [
        plan_action,
        report_action,
        inventory_action,
        participation_action,
        consultation,
        accountability_action,
        meeting_action,
        organization_action,
    ]
    found = registry.members(modules, CHAINED)
    if not p.plugin_loaded("activity"):
        found.pop("dashboard_activity_list", None)
    return {**found, **catalogue_action.dcat_actions(), **stream.chained_actions()}


def auth_functions() -> dict[str, Any]:
    modules = [
        plan_auth,
        report_auth,
        inventory_auth,
        participation_auth,
        accountability_auth,
        meeting_auth,
    ]
    return registry.members(modules, CHAINED)


def validators() -> dict[str, Any]:
    modules = [
        common_validators,
        plan_validators,
        report_validators,
        inventory_validators,
        form_validators,
        federation_profile,
        federation_marks,
    ]
    return registry.members(modules, ("opendataplan_",))


def helpers() -> dict[str, Any]:
    modules = [
        page_helpers,
        about_page,
        listing,
        inventory_helpers,
        catalogue_helpers,
        participation_helpers,
        accountability_helpers,
        stream,
        report_helpers,
        desk_helpers,
        form_helpers,
        form_pickers,
        meeting_helpers,
        organization_helpers,
        federation_sources,
    ]
    return {
        **registry.members(modules, ("opendataplan_",)),
        "humanize_entity_type": humanize.humanize_entity_type,
    }


def blueprints() -> list[Any]:
    return [
        page_views.opendataplan,
        inventory_views.inventory,
        participation_views.participation,
        document_views.documents,
        accountability_views.accountability,
        desk_views.desk,
        form_views.forms,
        meeting_views.meetings,
    ]


@tk.blanket.actions(actions)
@tk.blanket.blueprints(blueprints)
@tk.blanket.auth_functions(auth_functions)
@tk.blanket.cli
@tk.blanket.config_declarations
@tk.blanket.helpers(helpers)
@tk.blanket.validators(validators)
class OpenDataPlanPlugin(p.SingletonPlugin, DefaultTranslation):
    p.implements(p.IConfigurer)
    p.implements(p.IConfigurable)
    p.implements(p.ITranslation)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IMiddleware, inherit=True)
    p.implements(p.ISignal)

    # IConfigurer
    def update_config(self, config: CKANConfig) -> None:
        tk.add_template_directory(config, "templates")
        tk.add_resource("assets", "opendataplan")
        # an editor of an institution lands on what they have to update; a portal that
        # chose its own landing keeps it
        if config.get("ckan.auth.route_after_login") in (None, desk_views.CKAN_LANDING):
            config["ckan.auth.route_after_login"] = "opendataplan_desk.after_login"

    # IConfigurable
    def configure(self, config: CKANConfig) -> None:
        plugins = tk.aslist(config.get("ckan.plugins"))
        for other in ("scheming_datasets", "activity"):
            if other in plugins and plugins.index(other) < plugins.index("opendataplan"):
                log.warning(
                    "ckan.plugins lists %s before opendataplan: list opendataplan first so "
                    "that its templates take precedence.",
                    other,
                )
        # Malformed settings fail at start-up, not on a page.
        rollup.bands()
        records.priority_settings()
        search_batch.install()
        validated_index.install()
        cache.install()
        keep.install()
        cache.after_change(figures.enqueue_warm)
        activities.register_type()
        visibility.install()
        rebuild.enqueue_if_settings_changed()

    # ISignal
    def get_signal_subscriptions(self) -> dict[Any, list[Any]]:
        # accountability's activities follow the figures that the progress floor settles
        return {
            signals.progress_changed: [activities.on_progress_changed],
            signals.milestones_changed: [activities.on_milestones_changed],
        }

    # IMiddleware
    def make_middleware(self, app: Any, config: CKANConfig) -> Any:
        unavailable.register(app)  # an outage answers a clear 503, never a 500
        csrf.register(app)
        responses.register_private_caching(app)
        return app

    # ITranslation
    def i18n_directory(self) -> str:
        return i18n.catalog_directory()

    # IPackageController
    def after_dataset_show(self, context: Any, pkg_dict: dict[str, Any]) -> None:
        if context.get("validate") is False and not compat.INDEXED_BY_ACTIONS:
            # CKAN 2.11's indexer shows the raw fields: before_dataset_index adds the
            # figures. 2.12 shows the indexer the validated dict, which they belong in.
            return
        hooks.shown(context, pkg_dict)

    def before_dataset_index(self, pkg_dict: dict[str, Any]) -> dict[str, Any]:
        if pkg_dict.get("dataset_type") == "progress_report":
            pkg_dict = visibility.for_index(pkg_dict)
        if pkg_dict.get("dataset_type") in scope.PLUGIN_TYPES:
            return indexing.drop_every_unindexable_term(indexing.before_index(pkg_dict))
        return indexing.drop_unindexable_terms(pkg_dict)

    def after_dataset_create(self, context: Any, pkg_dict: dict[str, Any]) -> None:
        hooks.saved(context, pkg_dict)

    def after_dataset_update(self, context: Any, pkg_dict: dict[str, Any]) -> None:
        hooks.saved(context, pkg_dict)

    def after_dataset_delete(self, context: Any, pkg_dict: dict[str, Any]) -> None:
        hooks.deleted(pkg_dict)

    def before_dataset_search(self, search_params: dict) -> dict:
        return listing.year_filter(scope.only_data(search_params))

    def after_dataset_search(self, search_results: dict, search_params: dict) -> dict:
        facets.label_items(search_results.get("search_facets") or {})
        federation_sources.organizations_shown(search_results.get("results") or [])
        return search_results

    # IFacets
    def dataset_facets(self, facets_dict: dict, package_type: str) -> dict:
        return listing.facet_titles(facets_dict, package_type)
