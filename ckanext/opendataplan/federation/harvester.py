"""``opendataplan_harvester``: ckanext-harvest's harvester of another portal's plans in
the plan-data profile. A harvest source's URL is that portal's descriptor
(``…/progress/open-data/datapackage.json``); its configuration names the local
organization that owns what it brings, ``{"organization": "<name>"}``.

gather reads the whole source (federation/reader.py: bounded, checked) and makes one
harvest object per plan, with the plan's rows, and one per plan harvested before and
gone from the source; fetch keeps the rows gather read; import writes one plan, all or
nothing (federation/importing.py), or withdraws a gone one. Every problem is a harvest
error of the job (gather) or of the plan (import) naming the file, row and column."""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse
from typing import Any

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckanext.harvest.harvesters.base import HarvesterBase
from ckanext.harvest.interfaces import IHarvester
from ckanext.harvest.model import HarvestObject, HarvestObjectExtra, HarvestSource

from ckanext.opendataplan.common import access, packages, search_batch, transaction
from ckanext.opendataplan.domain import harvest, sources
from ckanext.opendataplan.federation import guard, importing, reader
from ckanext.opendataplan.federation.reader import SourceError
from ckanext.opendataplan.progress import rollup

TYPE = "opendataplan"
DELETE = "delete"


class OpenDataPlanHarvester(HarvesterBase):
    p.implements(IHarvester)
    p.implements(p.IActions)
    p.implements(p.IBlueprint)

    # IBlueprint
    def get_blueprint(self) -> list[Any]:
        return [guard.blueprint()]

    # IActions
    def get_actions(self) -> dict[str, Any]:
        return {
            "harvest_source_create": source_create,
            "harvest_source_update": source_update,
            "harvest_source_show": source_show,
            # harvest_source_patch and package_patch on a source end here
            "package_update": source_package_update,
            # harvest_source_delete (its web page's Delete) ends in package_delete
            "package_delete": source_package_delete,
            "harvest_source_clear": source_clear,
        }

    # IHarvester
    def info(self) -> dict[str, str]:
        return {
            "name": TYPE,
            "title": tk._("Open-data plans (plan-data profile)"),
            "description": tk._(
                "Plans, commitments and their progress history from another portal's"
                " open-data export (its datapackage.json)"
            ),
        }

    def validate_config(self, config: str) -> str:
        organization_of(config)
        return config

    def get_original_url(self, harvest_object_id: str) -> str | None:
        found = HarvestObject.get(harvest_object_id)
        return found.source.url if found is not None else None

    def gather_stage(self, harvest_job: Any) -> list[str] | None:
        try:
            origin_of(harvest_job, self._get_user_name())  # the source may still write here
            source = reader.read(harvest_job.source.url)
        except SourceError as error:
            self._save_gather_error(str(error), harvest_job)
            return None
        found = harvest.bundles(source.tables)
        ids = []
        for name, bundle in found.items():
            content = json.dumps({"portal": source.portal, "bundle": bundle})
            ids.append(_saved(HarvestObject(guid=name, job=harvest_job, content=content)))
        for gone in _current_objects(harvest_job.source.id):
            if gone.guid not in found:
                extra = HarvestObjectExtra(key="status", value=DELETE)
                obj = HarvestObject(
                    guid=gone.guid, job=harvest_job, package_id=gone.package_id, extras=[extra]
                )
                ids.append(_saved(obj))
        return ids

    def fetch_stage(self, harvest_object: Any) -> bool:
        # gather read the plan's rows in one bounded read of the whole source
        return True

    def import_stage(self, harvest_object: Any) -> bool | str:
        """True when written, "unchanged" when the source gives what the last harvest
        wrote (nothing is saved again), False on an error (nothing is written)."""
        unchanged = _unchanged_since(harvest_object)
        try:
            origin = origin_of(harvest_object.job, self._get_user_name())
            if _status(harvest_object) == DELETE:
                importing.withdraw(harvest_object.package_id, origin)
                harvest_object.current = False
            elif unchanged is not None:
                harvest_object.package_id, harvest_object.current = unchanged, True
            else:
                content = json.loads(harvest_object.content)
                origin.portal = content["portal"]
                harvest_object.package_id = importing.write_plan(content["bundle"], origin)
                harvest_object.current = True
        except SourceError as error:
            self._save_object_error(str(error), harvest_object, "Import")
            return False
        _previous_not_current(harvest_object)
        harvest_object.save()
        return "unchanged" if unchanged is not None else True


def _saved(obj: Any) -> str:
    obj.save()
    return obj.id


def _status(harvest_object: Any) -> str | None:
    return next((e.value for e in harvest_object.extras if e.key == "status"), None)


def _current_objects(source_id: str) -> list[Any]:
    return (
        model.Session.query(HarvestObject)
        .filter(HarvestObject.harvest_source_id == source_id, HarvestObject.current.is_(True))
        .all()
    )


def _unchanged_since(harvest_object: Any) -> str | None:
    """The plan the last harvest wrote from the same rows, while it is still public."""
    for previous in _current_objects(harvest_object.harvest_source_id):
        if previous.guid == harvest_object.guid and previous.id != harvest_object.id:
            plan = model.Package.get(previous.package_id or "")
            same = previous.content == harvest_object.content
            if same and plan is not None and plan.state == "active" and not plan.private:
                return plan.id
    return None


def _previous_not_current(harvest_object: Any) -> None:
    for previous in _current_objects(harvest_object.harvest_source_id):
        if previous.guid == harvest_object.guid and previous.id != harvest_object.id:
            previous.current = False


def organization_of(config: Any) -> model.Group:
    """The local organization a source's configuration names; refused: ValueError."""
    try:
        name = harvest.parse_config(config)
    except harvest.ConfigError as error:
        raise ValueError(tk._(error.message).format(**error.values)) from None
    organization = access.organization(name)
    if organization is None or organization.state != "active":
        raise ValueError(
            tk._("No organization {name} on this portal").format(name=access.shown(name))
        )
    return organization


def may_write_in(user: str | None, organization: model.Group) -> bool:
    try:
        tk.check_access("package_create", {"user": user}, {"owner_org": organization.id})
    except tk.NotAuthorized:
        return False
    return True


def origin_of(harvest_job: Any, harvest_user: str) -> importing.Origin:
    """Who owns what the job brings: the configured organization, while the source's
    creator may still create datasets in it."""
    source = harvest_job.source
    try:
        organization = organization_of(source.config)
    except ValueError as error:
        raise SourceError(str(error)) from None
    package = model.Package.get(source.id)
    creator = model.User.get(package.creator_user_id or source.user_id or "")
    if creator is None or not may_write_in(creator.name, organization):
        raise SourceError(
            tk._("The source's creator may not create datasets in {organization}").format(
                organization=organization.name
            )
        )
    started = harvest_job.gather_started or dt.datetime.utcnow()
    return importing.Origin(
        source_id=source.id,
        source_name=package.name,
        portal={},
        owner_org=organization.id,
        user=harvest_user,
        harvested=started.replace(microsecond=0).isoformat() + "+00:00",
    )


def _check_source(context: dict[str, Any], data_dict: dict[str, Any]) -> None:
    """A source of this type names an organization its creator may create datasets in."""
    if (data_dict or {}).get("source_type") != TYPE:
        return
    if data_dict.get("name") == sources.LOCAL:
        raise tk.ValidationError({"name": [tk._("This name means this portal's own plans")]})
    if urllib.parse.urlsplit(str(data_dict.get("url") or "")).scheme not in ("http", "https"):
        raise tk.ValidationError({"url": [tk._("Give a web address (http or https)")]})
    try:
        organization = organization_of(data_dict.get("config"))
    except ValueError as error:
        raise tk.ValidationError({"config": [str(error)]}) from None
    if not may_write_in(context.get("user"), organization):
        message = tk._("You may not create datasets in {organization}").format(
            organization=organization.name
        )
        raise tk.ValidationError({"config": [message]})


@tk.chained_action
def source_create(original: Any, context: dict[str, Any], data_dict: dict[str, Any]) -> Any:
    tk.check_access("harvest_source_create", context, data_dict)
    _check_source(context, data_dict)
    return original(context, data_dict)


@tk.chained_action
def source_update(original: Any, context: dict[str, Any], data_dict: dict[str, Any]) -> Any:
    tk.check_access("harvest_source_update", context, data_dict)
    _check_source(context, data_dict)
    return original(context, data_dict)


@tk.chained_action
def source_package_update(original: Any, context: dict[str, Any], data_dict: dict[str, Any]) -> Any:
    """A source changed by ``package_patch`` (or ``harvest_source_patch``) passes the same
    checks as through ``harvest_source_update`` (what the change leaves out, as it was);
    one of this type keeps its name (the mark of the plans it brought), and deleted this
    way withdraws them as ``package_delete`` does."""
    if (data_dict or {}).get("type") != "harvest":
        return original(context, data_dict)
    tk.check_access("package_update", context, data_dict)
    found = _ours_source(data_dict.get("id") or data_dict.get("name"))
    stored = {}
    if found is not None:
        package, source = found
        stored = {"source_type": source.type, "url": source.url, "config": source.config}
        _keeps_its_name(package, data_dict)
    _check_source(context, {**stored, **data_dict})
    deleting = data_dict.get("state") == "deleted" and found is not None
    if deleting and found[0].state != "deleted":
        return _withdrawing(found, context, lambda: original(context, data_dict))
    return original(context, data_dict)


def _keeps_its_name(package: model.Package, data_dict: dict[str, Any]) -> None:
    """A source's name marks the plans it brought: renamed, it would lose them, and
    another source could take the old name and them."""
    name = data_dict.get("name")
    marked = model.Package.id.in_(packages.ids_with("federation_source", package.name))
    if (
        name
        and name != package.name
        and model.Session.query(model.Package.id).filter(marked).first()
    ):
        message = tk._("This source's name marks the plans it brought: it cannot change")
        raise tk.ValidationError({"name": [message]})


@tk.chained_action
@tk.side_effect_free
def source_show(original: Any, context: dict[str, Any], data_dict: dict[str, Any]) -> Any:
    """Read from the database: ckanext-harvest 1.6.3 reindexes a source unvalidated after
    each job, and CKAN 2.12's cached copy then lacks ``source_type`` (a second
    `ckan harvester run-test` of the source would fail)."""
    tk.check_access("harvest_source_show", context, data_dict)
    context["use_cache"] = False
    return original(context, data_dict)


def _ours_source(id_or_name: Any) -> tuple[model.Package, HarvestSource] | None:
    """The harvest source (its dataset and its ``HarvestSource``) when it is of this type."""
    package = access.package(id_or_name)
    if package is None or package.type != "harvest":
        return None
    source = model.Session.get(HarvestSource, package.id)
    return (package, source) if source is not None and source.type == TYPE else None


def _withdrawing(
    found: tuple[model.Package, HarvestSource],
    context: dict[str, Any],
    then: Any,
    detach: bool = False,
) -> Any:
    """Withdraw what the source brought (its plans and commitments made private, as plans
    gone from the source: its figures leave every public page, nothing is purged, the
    history is kept), then ``then()``, all in one transaction and one Solr request.
    ``detach``: its harvest objects forget their plans first, so that ckanext-harvest's
    clear, which purges the datasets its objects name, purges none of them. Only what
    it brought into its configured organization, and only by a user who may change that
    organization's datasets."""
    package, source = found
    try:
        organization = organization_of(source.config)
    except ValueError:
        organization = None  # a source it names no organization of brought nothing
    if organization is not None and not may_write_in(context.get("user"), organization):
        raise tk.NotAuthorized(
            tk._("You may not withdraw the plans of {organization}").format(
                organization=organization.name
            )
        )
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    try:
        with search_batch.one_request():
            with transaction.held():
                if detach:
                    model.Session.query(HarvestObject).filter(
                        HarvestObject.harvest_source_id == package.id
                    ).update({"package_id": None}, synchronize_session=False)
                gone = []
                if organization is not None:
                    gone = importing.withdraw_source(package.name, organization.id, site_user)
                result = then()
                rollup.reindex(gone)
            model.repo.commit()
    except Exception:
        model.Session.rollback()
        raise
    return result


@tk.chained_action
def source_package_delete(original: Any, context: dict[str, Any], data_dict: dict[str, Any]) -> Any:
    """A source of this type deleted (``harvest_source_delete``, its page's Delete): the
    plans and commitments it brought are withdrawn, not left public and unmaintained."""
    found = _ours_source((data_dict or {}).get("id"))
    if found is None:
        return original(context, data_dict)
    tk.check_access("package_delete", context, data_dict)
    return _withdrawing(found, context, lambda: original(context, data_dict))


@tk.chained_action
def source_clear(original: Any, context: dict[str, Any], data_dict: dict[str, Any]) -> Any:
    """A source of this type cleared (``harvest_source_clear``, its page's Clear): its
    jobs and objects go, as ckanext-harvest clears them, but its plans and commitments
    are withdrawn rather than purged (their history is this portal's record of them); the
    source's next harvest makes public again those it still lists."""
    tk.check_access("harvest_source_clear", context, data_dict)
    found = _ours_source((data_dict or {}).get("id"))
    if found is None:
        return original(context, data_dict)
    return _withdrawing(found, context, lambda: original(context, data_dict), detach=True)
