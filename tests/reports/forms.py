"""The report form's fields, read from its page as a browser posts them."""

from __future__ import annotations

from bs4 import BeautifulSoup


def form_fields(app, url: str, headers: dict) -> dict:
    """The fields a report form posts, as a browser would send them untouched."""
    page = BeautifulSoup(app.get(url, headers=headers).body, "html.parser")
    form = page.find("form", id="dataset-edit")
    fields = {}
    for tag in form.find_all(["input", "textarea", "select"]):
        name = tag.get("name")
        if not name or tag.get("type") in ("submit", "checkbox"):
            continue
        if tag.name == "select":
            chosen = tag.find("option", selected=True)
            fields[name] = chosen.get("value", "") if chosen else ""
        else:
            fields[name] = tag.get("value") if tag.name == "input" else tag.text
    # the form's empty rows of other repeating fields are left out, as a browser's script
    # would remove them (that they block a save is the editor's workbench issue's)
    return {k: v for k, v in fields.items() if k.startswith("updates-") or k.count("-") < 2 or v}
