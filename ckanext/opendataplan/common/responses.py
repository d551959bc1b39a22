"""What the plugin's views share: a package of a given type or a 404, file downloads."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint, Flask, Response, g

from ckanext.opendataplan.common import access
from ckanext.opendataplan.domain.checks import inert

FILE_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def show_or_404(package_type: str, name: str) -> dict[str, Any]:
    """The package as the visitor may see it; 404 when missing, hidden or of another type."""
    if access.reference(name) is None:
        return tk.abort(404, tk._("Not found"))
    try:
        package = tk.get_action("package_show")({}, {"id": name})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return tk.abort(404, tk._("Not found"))
    if package["type"] != package_type:
        return tk.abort(404, tk._("Not found"))
    return package


def download(content: bytes, fmt: str, filename: str) -> Response:
    return Response(
        content,
        mimetype=FILE_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{filename}.{fmt}"'},
    )


def csv_bytes(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """Every CSV file the plugin writes: a header, the rows, UTF-8 with a BOM (so that
    Excel reads it as UTF-8)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def csv_download(table: dict[str, Any], filename: str) -> Response:
    """A ``{"columns", "rows"}`` table as a CSV download."""
    return download(csv_bytes(table["columns"], table["rows"]), "csv", filename)


def csv_response(rows: list[dict[str, Any]], columns: list[str], filename: str) -> Response:
    """Rows (dicts) as a CSV download of these columns, each cell made inert."""
    cells = [[inert(row.get(key)) for key in columns] for row in rows]
    return csv_download({"columns": columns, "rows": cells}, filename)


def register_private_caching(app: Flask) -> None:
    """Answers to a signed-in visitor (by cookie or API token) may carry what their role
    unlocks (a member's restricted items, a moderator's hidden texts, a private plan's
    PDF): ``Cache-Control: private``, so no shared cache keeps them for others. CKAN marks
    them ``public`` unless its own templates said otherwise; anonymous answers stay so."""

    def mark_private(response: Response) -> Response:
        # ``g.userobj``: who CKAN's before-request signed in (never a query here, which
        # would fail when the database is what is missing)
        if getattr(g.get("userobj"), "is_authenticated", False):
            tk.request.environ["__no_cache__"] = True  # read by CKAN's after-request
        return response

    app.after_request(mark_private)


def ids_in_paths(blueprint: Blueprint) -> Blueprint:
    """A path part that names an object (``item_id``, ``proposal_id``...) and cannot be an
    id answers 404, like an id that names nothing, before any view or action reads it."""

    def not_found_unless_ids() -> Any:
        args = tk.request.view_args or {}
        if any(key.endswith("_id") and access.reference(v) is None for key, v in args.items()):
            return tk.abort(404, tk._("Not found"))
        return None

    blueprint.before_request(not_found_unless_ids)
    return blueprint
