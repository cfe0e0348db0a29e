"""Reading one text file (or stdin) for ``dedup clean`` and ``dedup explain``."""

from __future__ import annotations

import sys
from pathlib import Path

from dedup.corpus.errors import InputError, UsageError

__all__ = ["read_text"]


def read_text(path: str, encoding: str) -> tuple[str, int]:
    """Read and decode a file ('-' is stdin); return the text and its size in bytes.

    >>> read_text("missing.txt", "utf-8")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    dedup.corpus.errors.InputError: cannot read missing.txt: No such file or directory
    """
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from error
    try:
        return data.decode(encoding), len(data)
    except UnicodeDecodeError as error:
        raise InputError(
            f"cannot decode {path} as {encoding} (byte {error.start}: {error.reason}); "
            "pass its charset with --encoding, e.g. --encoding cp1252"
        ) from error
    except LookupError as error:
        raise UsageError(f"--encoding: unknown encoding {encoding!r}") from error
