"""The web address (``name``) of a plan, commitment or inventory made from its title
when the form leaves it empty."""

from __future__ import annotations

from typing import Any

import ckan.model as model
from ckan.lib.navl.dictization_functions import missing

from ckanext.opendataplan.common import multilingual, validators
from ckanext.opendataplan.domain import slug

Key = tuple[Any, ...]


def opendataplan_name_from_title(
    key: Key, data: dict[Key, Any], errors: dict, context: dict
) -> None:
    """An empty address becomes one made from the title (any script: Arabic is
    transliterated, else a stable address from the title), numbered when taken."""
    if data.get(key) not in (None, "", missing):
        return
    texts = multilingual.parse(data.get(("title_translated",))) or validators.form_values(
        ("title_translated",), data
    )
    title = multilingual.pick(texts) if texts else data.get(("title",))
    if not isinstance(title, str) or not multilingual.trimmed(title):
        return  # no title: the title's own error says so, the address's too
    kind = data.get(("type",)) if isinstance(data.get(("type",)), str) else "item"
    base = slug.from_title(multilingual.trimmed(title), kind)
    own_id = data.get(("id",))
    name, number = base, 1
    while (found := model.Package.get(name)) is not None and found.id != own_id:
        number += 1
        name = slug.numbered(base, number)
    data[key] = name
