"""Inventory pages beyond scheming's: the item form, import, export, templates, promotion.

Each view calls the plugin's actions as the visitor, so the rules (who may edit, who
may see items with a legal impediment) live in one place.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response

from ckanext.opendataplan.common import csrf, multilingual, responses
from ckanext.opendataplan.inventory import labels, spreadsheet, workbook

inventory = responses.ids_in_paths(csrf.protect(Blueprint("opendataplan_inventory", __name__)))


def _inventory(name: str) -> dict[str, Any]:
    return responses.show_or_404("inventory", name)


def _read_url(package: dict[str, Any]) -> str:
    return tk.h.url_for("inventory.read", id=package["name"])


def _write(data: dict[str, Any], fmt: str, notes: bool = False) -> bytes:
    """The file in the page's language: its headers and its choices."""
    shown = workbook.in_language(data, labels.page_language())
    return workbook.to_xlsx(shown) if fmt == "xlsx" else workbook.to_csv(shown, notes)


def export(name: str, fmt: str) -> Response:
    package = _inventory(name)
    data = tk.get_action("opendataplan_inventory_export")({}, {"inventory": package["id"]})
    return responses.download(_write(data, fmt), fmt, package["name"])


def template(name: str, fmt: str) -> Response:
    package = _inventory(name)
    data = {"columns": spreadsheet.columns(), "rows": []}
    return responses.download(_write(data, fmt, notes=True), fmt, f"{package['name']}-template")


def import_items(name: str) -> Any:
    package = _inventory(name)
    try:
        result = tk.get_action("opendataplan_inventory_import")(
            {}, {"inventory": package["id"], "upload": tk.request.files.get("upload")}
        )
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Not allowed on this inventory"))
    except tk.ValidationError as invalid:
        problems = invalid.error_dict["upload"]
        return tk.render(
            "opendataplan/inventory_import.html", {"pkg": package, "problems": problems}
        ), 400
    created, updated = result["created"], result["updated"]
    tk.h.flash_success(
        tk._("Import done: {created}, {updated}").format(
            created=tk.ungettext(
                "%(count)s item created", "%(count)s items created", created, count=created
            ),
            updated=tk.ungettext(
                "%(count)s item updated", "%(count)s items updated", updated, count=updated
            ),
        )
    )
    return tk.redirect_to(_read_url(package))


def _form_input() -> dict[str, Any]:
    """The item form's fields as action input (one text box per language)."""
    form = tk.request.form
    data: dict[str, Any] = {
        key: value for key, value in form.items() if key != "_csrf_token" and "-" not in key
    }
    for field in spreadsheet.MULTILINGUAL:
        data[field] = {
            lang: form[f"{field}-{lang}"]
            for lang in multilingual.content_languages()
            if form.get(f"{field}-{lang}", "").strip()
        }
    for flag in ("electronic", "open_format"):
        data[flag] = flag in form
    return data


def item_form(name: str, item_id: str | None = None) -> Any:
    package = _inventory(name)
    context = {}
    action = f"opendataplan_inventory_item_{'update' if item_id else 'create'}"
    try:
        tk.check_access(action, context, {"id": item_id, "inventory": package["id"]})
        item = (
            tk.get_action("opendataplan_inventory_item_show")(context, {"id": item_id})
            if item_id
            else {}
        )
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Not allowed on this inventory"))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Inventory item not found"))
    errors: dict[str, Any] = {}
    if tk.request.method == "POST":
        data = {**_form_input(), "inventory": package["id"]}
        if item_id:
            data["id"] = item_id
        try:
            tk.get_action(action)(context, data)
            return tk.redirect_to(_read_url(package))
        except tk.ValidationError as error:
            errors, item = error.error_dict, {**item, **data}
    summary = {field: " ".join(messages) for field, messages in errors.items()}
    return tk.render(
        "opendataplan/inventory_item_form.html",
        {"pkg": package, "item": item, "errors": errors, "error_summary": summary},
    )


def _post_action(action: str, name: str, item_id: str) -> Any:
    package = _inventory(name)
    try:
        return package, tk.get_action(action)({}, {"id": item_id})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Not allowed on this inventory"))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Inventory item not found"))


def item_delete(name: str, item_id: str) -> Any:
    package, _result = _post_action("opendataplan_inventory_item_delete", name, item_id)
    return tk.redirect_to(_read_url(package))


def item_promote(name: str, item_id: str) -> Any:
    try:
        _package, dataset = _post_action("opendataplan_inventory_item_promote", name, item_id)
    except tk.ValidationError as error:
        for messages in error.error_dict.values():
            tk.h.flash_error(" ".join(messages))
        return tk.redirect_to(tk.h.url_for("inventory.read", id=name))
    tk.h.flash_success(tk._("Draft dataset created: complete it and publish it"))
    return tk.redirect_to(tk.h.url_for("dataset.edit", id=dataset["name"]))


_FMT = "<any(csv, xlsx):fmt>"
inventory.add_url_rule(f"/inventory/<name>/items.{_FMT}", view_func=export)
inventory.add_url_rule(f"/inventory/<name>/template.{_FMT}", view_func=template)
inventory.add_url_rule("/inventory/<name>/import", view_func=import_items, methods=["POST"])
inventory.add_url_rule("/inventory/<name>/items/new", view_func=item_form, methods=["GET", "POST"])
inventory.add_url_rule(
    "/inventory/<name>/items/<item_id>/edit", view_func=item_form, methods=["GET", "POST"]
)
inventory.add_url_rule(
    "/inventory/<name>/items/<item_id>/delete", view_func=item_delete, methods=["POST"]
)
inventory.add_url_rule(
    "/inventory/<name>/items/<item_id>/promote", view_func=item_promote, methods=["POST"]
)
