"""Reading another portal's plans in the plan-data profile, from its descriptor's
address: bounded reads (``ckanext.opendataplan.federation_max_bytes`` per file, the
whole source within ``ckanext.opendataplan.federation_timeout`` seconds), files only
from the descriptor's own site, every table checked (``domain/plandata_rows.py``). The
first problem stops the reading with a :class:`SourceError` that names the file, row
and column; nothing is returned half-read."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import time
import urllib.parse
from typing import Any

import ckan.plugins.toolkit as tk
import requests

from ckanext.opendataplan.domain import plandata
from ckanext.opendataplan.domain.plandata_rows import RowError, check_foreign_keys, parse_rows
from ckanext.opendataplan.domain.text import N_, has_spoofing_controls

DESCRIPTOR_MAX_BYTES = 1_048_576


class SourceError(Exception):
    """What is wrong with a source, translated, naming the file, row and column."""


@dataclasses.dataclass
class Source:
    url: str
    portal: dict[str, Any]
    licence: dict[str, Any]
    tables: dict[str, list[dict[str, Any]]]


def read(url: str) -> Source:
    """The source's five tables, typed and checked, with its portal and licence."""
    deadline = time.monotonic() + tk.config.get("ckanext.opendataplan.federation_timeout")
    descriptor = _descriptor(_get(url, DESCRIPTOR_MAX_BYTES, deadline, "datapackage.json"))
    paths = _paths(url, descriptor)
    max_chars = tk.config.get("ckanext.opendataplan.text_max_length")
    max_bytes = tk.config.get("ckanext.opendataplan.federation_max_bytes")
    try:
        tables = {
            table: _table(table, _get(paths[table], max_bytes, deadline, f"{table}.csv"), max_chars)
            for table in plandata.TABLES
        }
        check_foreign_keys(tables)
    except RowError as error:
        raise SourceError(describe(error)) from error
    portal = _checked(_texts(descriptor["opendataplan"].get("portal"), ("title", "path")))
    return Source(url, portal, _checked(_licence(descriptor)), tables)


def describe(error: RowError) -> str:
    problem = tk._(error.message).format(**error.values)
    where = {"table": f"{error.table}.csv", "row": error.row, "column": error.column}
    if error.column is None:
        return tk._("{table}, row {row}: {problem}").format(problem=problem, **where)
    return tk._("{table}, row {row}, column {column}: {problem}").format(problem=problem, **where)


def _fail(message: str, **values: Any) -> SourceError:
    return SourceError(tk._(message).format(**values))


def _get(url: str, max_bytes: int, deadline: float, name: str) -> bytes:
    """The body, read in pieces: too large or too slow stops it."""
    remaining = deadline - time.monotonic()
    try:
        # no redirects: a file would otherwise be read from wherever the source points
        with requests.get(
            url, stream=True, timeout=max(remaining, 0.1), allow_redirects=False
        ) as response:
            if response.status_code != 200:
                raise _fail(
                    N_("{file}: the source answered {status}"),
                    file=name,
                    status=response.status_code,
                )
            body = bytearray()
            # read1: what has arrived, so a sender trickling a byte at a time meets the
            # deadline (a read of 64 KiB would wait for all of them)
            while piece := response.raw.read1(65536, decode_content=True):
                body += piece
                if len(body) > max_bytes:
                    raise _fail(N_("{file}: larger than {limit} bytes"), file=name, limit=max_bytes)
                if time.monotonic() > deadline:
                    raise requests.Timeout()
            return bytes(body)
    except requests.Timeout:
        raise _too_slow(name) from None
    except requests.RequestException as error:
        if time.monotonic() >= deadline:  # a read that timed out while streaming
            raise _too_slow(name) from None
        raise _fail(
            N_("{file}: the source cannot be reached ({reason})"),
            file=name,
            reason=type(error).__name__,
        ) from None


def _too_slow(name: str) -> SourceError:
    seconds = tk.config.get("ckanext.opendataplan.federation_timeout")
    return _fail(
        N_("{file}: the source did not answer within {seconds} s"), file=name, seconds=seconds
    )


def _descriptor(body: bytes) -> dict[str, Any]:
    try:
        descriptor = json.loads(body.decode("utf-8-sig"))
    except (ValueError, RecursionError):
        raise _fail(N_("datapackage.json: not a JSON document")) from None
    profile = descriptor.get("opendataplan") if isinstance(descriptor, dict) else None
    if not isinstance(profile, dict) or profile.get("profile") != plandata.PROFILE:
        raise _fail(N_("datapackage.json: not a package in the plan-data profile"))
    if str(profile.get("version", "")).split(".")[0] != plandata.VERSION.split(".")[0]:
        raise _fail(
            N_("datapackage.json: profile version {version}; this portal reads {ours}"),
            version=profile.get("version"),
            ours=plandata.VERSION,
        )
    return descriptor


def _paths(url: str, descriptor: dict[str, Any]) -> dict[str, str]:
    """Each table's file address, on the descriptor's own site (scheme, host and port)."""
    resources = descriptor.get("resources")
    by_name = (
        {r.get("name"): r for r in resources if isinstance(r, dict)}
        if isinstance(resources, list)
        else {}
    )
    paths = {}
    for table in plandata.TABLES:
        path = by_name.get(table, {}).get("path")
        if not isinstance(path, str) or not path:
            raise _fail(N_("datapackage.json: the table {table} is missing"), table=table)
        paths[table] = urllib.parse.urljoin(url, path)
        if _origin(paths[table]) != _origin(url):
            raise _fail(N_("datapackage.json: the table {table} is on another site"), table=table)
    return paths


def _origin(url: str) -> tuple[str, str]:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme, parts.netloc


def _table(table: str, body: bytes, max_chars: int) -> list[dict[str, Any]]:
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _fail(N_("{table}.csv: not UTF-8 text"), table=table) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise _fail(N_("{table}.csv: the file is empty"), table=table)
        return parse_rows(table, header, reader, max_chars)
    except csv.Error:
        raise _fail(
            N_("{table}.csv, row {row}: not a CSV row"), table=table, row=reader.line_num
        ) from None


def _licence(descriptor: dict[str, Any]) -> dict[str, str]:
    licences = descriptor.get("licenses")
    first = licences[0] if isinstance(licences, list) and licences else {}
    return _texts(first, ("name", "title", "path"))


def _checked(texts: dict[str, str]) -> dict[str, str]:
    """The portal's or licence's texts, refused when a title could hide how it reads or
    an address is not a web page (a ``javascript:`` link would be shown on the pages)."""
    if any(has_spoofing_controls(text) for text in texts.values()):
        raise _fail(N_("datapackage.json: invisible characters that change how the text reads"))
    address = texts.get("path")
    if address:
        parts = urllib.parse.urlsplit(address)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise _fail(N_("datapackage.json: {address} is not a web address"), address=address)
    return texts


def _texts(found: Any, keys: tuple[str, ...]) -> dict[str, str]:
    """The descriptor's texts under these keys, a line each and bounded."""
    if not isinstance(found, dict):
        return {}
    return {
        key: " ".join(found[key].split())[:500] for key in keys if isinstance(found.get(key), str)
    }
