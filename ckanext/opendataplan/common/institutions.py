"""Institutions (CKAN organizations) as the citizen pages name them: in the page's
language when the organization has a title in it (its ``title_translated`` extra), else
its own title, said to be in the portal's default language. One query for many."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.opendataplan.common import compat, multilingual, shared

# The organization's extra that holds its title per language (JSON ``{lang: text}``).
TITLES_KEY = "title_translated"


class Institution(NamedTuple):
    name: str
    title: str
    lang: str  # the language the title is in (the page's, or the fallback's)


def named(org_ids: Iterable[str] | None, lang: str | None) -> dict[str, Institution]:
    """``{id: Institution}`` of these institutions (of every active one when ``None``),
    titled in ``lang``; one query."""
    ids = None if org_ids is None else sorted(set(org_ids))
    if ids == []:
        return {}
    return {gid: titled(name, title, texts, lang) for gid, name, title, texts in _rows(ids)}


@shared.once
def _rows(ids: list[str] | None) -> list[tuple[str, str, str | None, Any]]:
    column, join = compat.group_extra_column(TITLES_KEY)
    query = model.Session.query(model.Group.id, model.Group.name, model.Group.title, column)
    if join is not None:
        query = query.outerjoin(*join)
    if ids is None:
        query = query.filter(model.Group.is_organization.is_(True), model.Group.state == "active")
    else:
        query = query.filter(model.Group.id.in_(ids))
    return [tuple(row) for row in query]


def titled(name: str, title: str | None, texts: Any, lang: str | None) -> Institution:
    """The title in ``lang``, else the organization's own (in the default language)."""
    translated = multilingual.parse(texts)
    if lang and translated.get(lang):
        return Institution(name, translated[lang], lang)
    return Institution(name, title or name, tk.config.get("ckan.locale_default") or "en")


def names_and_titles(org_ids: Iterable[str], lang: str | None) -> dict[str, tuple[str, str]]:
    """``{id: (name, title)}`` of these institutions, titled in ``lang``."""
    return {gid: (found.name, found.title) for gid, found in named(org_ids, lang).items()}
