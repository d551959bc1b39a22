"""Reads made once inside a block: the warm-up job computes each country-wide page in
every language, and their language-free reads (the summary's sums, the public plans,
the institutions' rows) are the same each time. Outside a block, nothing is kept."""

from __future__ import annotations

import contextlib
import contextvars
import copy
import functools
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

Read = TypeVar("Read", bound=Callable[..., Any])
_kept: contextvars.ContextVar[dict[tuple, Any] | None] = contextvars.ContextVar(
    "opendataplan_shared_reads", default=None
)


@contextlib.contextmanager
def reads() -> Iterator[None]:
    """Inside the block, each :func:`once` read answers once per arguments (nothing is
    written meanwhile: the caller's to ensure)."""
    token = _kept.set({})
    try:
        yield
    finally:
        _kept.reset(token)


def once(read: Read) -> Read:
    """``read`` made once per arguments inside :func:`reads` (each caller gets its own
    containers, two levels down: free to add to them, not to change what they hold)."""
    return _kept_by(read, repr)


def once_per_ids(read: Read) -> Read:
    """:func:`once` for a read that uses only the keys of the mappings it is given (the
    ids of the plans it sums): two pages asking about the same plans, read with other
    fields, share it, and a key is not the text of a country's every plan."""
    return _kept_by(read, _ids_of_mappings)


def _ids_of_mappings(value: Any) -> str:
    return repr(sorted(value) if isinstance(value, Mapping) else value)


def _kept_by(read: Read, identity: Callable[[Any], str]) -> Read:
    @functools.wraps(read)
    def shared(*args: Any, **kwargs: Any) -> Any:
        kept = _kept.get()
        if kept is None:
            return read(*args, **kwargs)
        named = sorted(kwargs.items())
        key = (read.__qualname__, *map(identity, args), *((k, identity(v)) for k, v in named))
        if key not in kept:
            kept[key] = read(*args, **kwargs)
        return _copied(kept[key])

    return shared  # type: ignore[return-value]


def _copied(answer: Any) -> Any:
    if isinstance(answer, dict):
        return {key: copy.copy(value) for key, value in answer.items()}
    if isinstance(answer, list):
        return [copy.copy(value) for value in answer]
    return copy.copy(answer)
