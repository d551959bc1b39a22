"""Following a plan or a commitment (CKAN's follow of datasets, from the citizen page
with an ordinary form), and a plan's Atom feed of its progress changes."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk
from feedgen.feed import FeedGenerator
from flask import Blueprint, Response

from ckanext.opendataplan.accountability import feed, wording
from ckanext.opendataplan.common import access, csrf, dates, multilingual, responses
from ckanext.opendataplan.domain import irm
from ckanext.opendataplan.domain.text import xml_safe

accountability = csrf.protect(Blueprint("opendataplan_accountability", __name__))

FEED_LENGTH = 50


def follow(package_type: str, name: str) -> Any:
    """Follow (``follow=yes``) or stop following the package, then back to its page."""
    package = responses.show_or_404(package_type, name)
    back = tk.h.url_for(f"{package_type}.read", id=package["name"])
    if not access.current_user_name():
        return tk.redirect_to(tk.h.url_for("user.login", came_from=back))
    wanted = tk.request.form.get("follow") == "yes"
    action = "follow_dataset" if wanted else "unfollow_dataset"
    # already following, or already not: the page says which
    with contextlib.suppress(tk.ValidationError, tk.ObjectNotFound):
        tk.get_action(action)({"user": access.current_user_name()}, {"id": package["id"]})
    if wanted:
        tk.h.flash_success(tk._("You follow it: its progress changes reach your dashboard"))
    else:
        tk.h.flash_success(tk._("You no longer follow it"))
    return tk.redirect_to(back)


def irm_assessment(name: str) -> Any:
    """The IRM's assessors' form on the commitment page."""
    commitment = responses.show_or_404("commitment", name)
    back = tk.h.url_for("commitment.read", id=commitment["name"])
    # a field the form does not send is kept, not cleared
    fields = {key: tk.request.form[key] for key in irm.ASSESSMENT_FIELDS if key in tk.request.form}
    try:
        tk.get_action("opendataplan_irm_assessment_update")(
            {"user": access.current_user_name()}, {"id": commitment["id"], **fields}
        )
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only the IRM's assessors may do this"))
    except tk.ValidationError as error:
        for messages in error.error_dict.values():
            tk.h.flash_error(" ".join(str(m) for m in messages))
    else:
        tk.h.flash_success(tk._("The IRM's assessment is saved"))
    return tk.redirect_to(back)


def progress_feed(name: str) -> Response:
    """The plan's progress changes as an Atom feed, in the visitor's language."""
    plan = responses.show_or_404("plan", name)
    lang = tk.h.lang()
    url = tk.h.url_for("plan.read", id=plan["name"], qualified=True)
    generator = FeedGenerator()
    generator.id(url)
    # a title may hold control characters, which XML cannot
    generator.title(xml_safe(multilingual.title(plan, lang)))
    generator.subtitle(tk._("Progress changes of the plan's commitments"))
    generator.link(href=url, rel="alternate")
    generator.link(
        href=tk.h.url_for("opendataplan_accountability.progress_feed", name=name, qualified=True),
        rel="self",
    )
    generator.language(lang)
    changes = feed.changes(plan["id"], FEED_LENGTH)
    for change in reversed(changes):  # feedgen lists the last added first
        _entry(generator, change, lang)
    if changes:
        generator.updated(_moment(changes[0]))
    body = generator.atom_str(pretty=True)
    return Response(body, mimetype="application/atom+xml")


def _entry(generator: FeedGenerator, change: dict[str, Any], lang: str) -> None:
    title = multilingual.pick(change["titles"], lang) or change["title"]
    link = tk.h.url_for("commitment.read", id=change["name"], qualified=True)
    data = {"kind": "progress", **change}
    entry = generator.add_entry()
    entry.id(f"{link}#progress-{change['recorded_at'].isoformat()}")
    entry.title(
        xml_safe(wording.change_sentence(data, title, dates.in_words(change["date"], lang)))
    )
    entry.summary(xml_safe(title))
    entry.link(href=link)
    entry.updated(_moment(change))
    entry.published(_moment(change))


def _moment(change: dict[str, Any]) -> Any:
    return change["recorded_at"].replace(tzinfo=dt.timezone.utc)  # recorded in UTC


accountability.add_url_rule(
    "/<any(plan, commitment):package_type>/<name>/follow",
    view_func=follow,
    methods=["POST"],
)
accountability.add_url_rule("/plan/<name>/progress.atom", view_func=progress_feed)
accountability.add_url_rule("/commitment/<name>/irm", view_func=irm_assessment, methods=["POST"])
