"""Reads made once inside a block: the warm-up job computes each country-wide page in
every language, and their language-free reads (the summary's sums, the public plans,
the institutions' rows) are the same each time. Outside a block, nothing is kept."""

from __future__ import annotations

import contextlib
import contextvars
import copy
import functools
from collections.abc import Callable, Iterator
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

    @functools.wraps(read)
    def shared(*args: Any, **kwargs: Any) -> Any:
        kept = _kept.get()
        if kept is None:
            return read(*args, **kwargs)
        key = (read.__qualname__, repr(args), repr(sorted(kwargs.items())))
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
