"""Documents made once per generation of the data and kept in Redis, and laid out a few
at a time across the whole portal.

Laying out a long plan as PDF takes seconds of a web worker. So a document is made once
for the data it shows (``params`` say what the reader may see) and kept until the data
change, and at most ``ckanext.opendataplan.documents_at_once`` are made at the same time
on the portal: a reader who finds every slot taken is told to come back in a few seconds
(a 503 with ``Retry-After``), and their worker is free for other pages meanwhile."""

from __future__ import annotations

import base64
import contextlib
import secrets
from collections.abc import Callable, Iterator

import ckan.plugins.toolkit as tk
from ckan.lib.redis import connect_to_redis

from ckanext.opendataplan.common import cache

SLOT_SECONDS = 300  # a slot whose holder died is free again after this


class Busy(Exception):
    """Every slot is taken: the document is not made now."""


@contextlib.contextmanager
def _slot() -> Iterator[None]:
    """One of the portal's slots for making a document, or ``Busy``. Without Redis, the
    document is made (the portal keeps answering while Redis is away)."""
    count = max(1, tk.config.get("ckanext.opendataplan.documents_at_once"))
    redis = connect_to_redis()
    token = secrets.token_hex(8)
    held = None
    try:
        for index in range(count):
            key = cache.redis_key("document-slot", str(index))
            if redis.set(key, token, nx=True, ex=SLOT_SECONDS):
                held = key
                break
        else:
            raise Busy()
    except cache.REDIS_FAILURES:
        held = None
    try:
        yield
    finally:
        if held is not None:
            with contextlib.suppress(*cache.REDIS_FAILURES):
                if redis.get(held) == token.encode():
                    redis.delete(held)


def document(params: dict, make: Callable[[], bytes]) -> bytes:
    """The document these parameters name, from Redis or made now (``Busy`` when every
    slot is taken)."""
    found = cache.read("document", params)
    if found is not None:
        return base64.b64decode(found[0])
    current = cache.generation()
    with _slot():
        body = make()
    cache.write("document", params, base64.b64encode(body).decode(), current)
    return body
