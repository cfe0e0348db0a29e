"""SIGTERM as an exception: a scheduler's kill unwinds like Ctrl-C, then exits 143.

The handler raises :class:`Terminated` and also sets a flag. Python drops an
exception raised while it runs certain callbacks (at fork, in a finaliser),
so long loops call :func:`check` too, and a missed signal still ends the run.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

__all__ = ["EXIT_CODE", "Terminated", "check", "sigterm_raises"]

EXIT_CODE = 128 + signal.SIGTERM
"""143, by the shell's convention for a process ended by SIGTERM."""

_RECEIVED = threading.Event()


class Terminated(BaseException):
    """SIGTERM arrived: unwind, removing temporary files, then exit 143."""


def _handler(signum: int, frame: FrameType | None) -> None:  # noqa: ARG001 - signal's API
    _RECEIVED.set()
    raise Terminated


def check() -> None:
    """Raise :class:`Terminated` if SIGTERM arrived and its exception was lost.

    >>> check()
    """
    if _RECEIVED.is_set():
        raise Terminated


@contextlib.contextmanager
def sigterm_raises() -> Iterator[None]:
    """Within the block, SIGTERM raises :class:`Terminated` (in the main thread only).

    >>> with sigterm_raises():
    ...     pass
    """
    _RECEIVED.clear()
    previous = None
    # Only the main thread may set handlers; elsewhere the default stays.
    with contextlib.suppress(ValueError):
        previous = signal.signal(signal.SIGTERM, _handler)
    try:
        yield
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
