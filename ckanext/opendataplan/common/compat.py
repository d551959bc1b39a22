"""What differs between CKAN 2.11 and 2.12, told once: every other module asks here
rather than testing CKAN's version or the presence of its names itself."""

from __future__ import annotations

from typing import Any

import ckan.logic as logic
import ckan.model as model
from sqlalchemy.engine import Row

# CKAN 2.12 keeps extras in a JSONB column of the package row (migration 106,
# "faster extras"); 2.11 and earlier in the package_extra table.
EXTRAS_IN_ROW = not hasattr(model, "PackageExtra")

# CKAN 2.12 indexes from the action layer, with the package as both the default and the
# custom show schemas give it; 2.11 from the raw ``package_show`` dict.
INDEXED_BY_ACTIONS = hasattr(logic, "index_update_package")

# The core tables whose changes alter what a citizen page shows: 2.12 has no extras
# tables (a package's and a group's extras are in their row).
CORE_TABLES = tuple(
    getattr(model, name)
    for name in ("Package", "PackageExtra", "Group", "GroupExtra", "Member", "PackageMember")
    if hasattr(model, name)
)


def with_extras(query: Any) -> Any:
    """A query of packages that also loads their extras (one more query for all, on
    2.11; on 2.12 they are in the row)."""
    if EXTRAS_IN_ROW:
        return query
    from sqlalchemy.orm import selectinload

    return query.options(selectinload(model.Package._extras))


def index_by_action(package_id: str) -> None:
    """CKAN 2.12's own reindexing of a package, as its actions do it (not on 2.11)."""
    logic.index_update_package({"ignore_auth": True}, package_id, True)


def index_shown(with_default: dict[str, Any], with_custom: dict[str, Any]) -> None:
    """CKAN 2.12's reindexing of a package from the two dicts its indexer was last given,
    the show hooks run again on the second (not on 2.11)."""
    context = {"ignore_auth": True, "use_cache": False, "validate": False}
    logic.apply_after_dataset_show_plugins(context, with_custom)
    logic.index_update_package_dicts((with_default, with_custom), True)


def unwrapped_row(value: Any) -> Any:
    """CKAN 2.12's organization bulk actions pass each query row (``(id,)``) as the id;
    stock CKAN reads its one column. A request's JSON can never make a ``Row``."""
    return value[0] if isinstance(value, Row) and len(value) == 1 else value


def group_extra_column(key: str) -> tuple[Any, Any]:
    """A column of one extra of a group (``None`` where the group has none), and the
    outer join that reaches it (``None`` on 2.12, whose extras are in the group's row):
    a query reads the extra of many groups at once."""
    if EXTRAS_IN_ROW:
        return model.Group.extras[key].astext, None
    extra = model.GroupExtra
    on = (extra.group_id == model.Group.id) & (extra.key == key) & (extra.state == "active")
    return extra.value, (extra, on)
