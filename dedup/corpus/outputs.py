"""The files one run writes: the output, rejects and explain lines, all or none.

Each file's format comes from its own name: ``.jsonl.gz`` is gzipped JSON
Lines, ``.jsonl`` plain JSON Lines, ``.parquet`` Parquet (rejects of a
Parquet input only). ``-`` is stdout, for the main output.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Protocol

from dedup.atomic import AtomicOutput, ByteSink, remove_stale
from dedup.corpus.errors import InputError, UsageError
from dedup.corpus.formats import is_gzip_name, is_parquet_name

__all__ = ["Output", "Outputs", "StdoutOutput", "open_output", "side_file", "write_error"]

GZIP_LEVEL = 6


class Output(Protocol):
    """Where bytes go: a file that appears on commit, or stdout."""

    stream: IO[bytes]

    def write(self, data: bytes) -> int:
        """Write bytes."""

    def commit(self) -> None:
        """Finish: the output is complete."""

    def discard(self) -> None:
        """Give up: leave nothing behind that looks finished."""


class Abandonable(Protocol):
    """A writer over an output stream (a Parquet writer) that can be dropped half-way."""

    def abandon(self) -> None:
        """Stop writing, ignoring errors: the run has failed."""


class StdoutOutput(ByteSink):
    """Stdout as an output (``-o -``): written as it goes, so a failed run has sent part."""

    def __init__(self, *, gzipped: bool = False) -> None:
        super().__init__(sys.stdout.buffer, gzip_level=GZIP_LEVEL if gzipped else None)

    def commit(self) -> None:
        """Flush what is buffered."""
        self.finish()

    def discard(self) -> None:
        """Nothing to remove: what was sent is gone."""


def open_output(path: str, *, gzipped: bool, notes: list[str]) -> Output:
    """Open ``path`` ('-' is stdout) for writing; clear a killed run's leftovers first.

    ``notes`` receives a line for every leftover removed or found in use.
    """
    if path == "-":
        return StdoutOutput(gzipped=gzipped)
    removed, kept = remove_stale(path)
    notes.extend(f"removed {p}, left by an earlier run that was killed" for p in removed)
    notes.extend(
        f"found {p}: another run may be writing {path} now (if not, remove the file)" for p in kept
    )
    try:
        return AtomicOutput(path, gzip_level=GZIP_LEVEL if gzipped else None)
    except OSError as error:
        raise InputError(f"cannot write {path}: {error.strerror or error}") from error


def side_file(
    path: str | None, option: str, *, parquet_ok: bool, notes: list[str]
) -> Output | None:
    """Open a ``--rejects`` or ``--explain`` file by its extension; None when not asked for.

    >>> side_file("x.parquet", "--explain", parquet_ok=False, notes=[])
    Traceback (most recent call last):
    ...
    dedup.corpus.errors.UsageError: --explain writes JSON Lines: name it .jsonl or .jsonl.gz
    """
    if path is None:
        return None
    if path == "-":
        raise UsageError(f"{option} needs a file name; stdout ('-') is for the output")
    if is_parquet_name(path) and not parquet_ok:
        raise UsageError(f"{option} writes JSON Lines: name it .jsonl or .jsonl.gz")
    return open_output(path, gzipped=is_gzip_name(path), notes=notes)


@dataclass(slots=True)
class Outputs:
    """The files a run writes; all appear together, or none does."""

    main: Output
    rejects: Output | None = None
    explain: Output | None = None

    def commit(self) -> None:
        """Commit every file; the main output last, so when it exists the others are whole."""
        for extra in (self.explain, self.rejects):
            if extra is not None:
                extra.commit()
        self.main.commit()

    def discard(self) -> None:
        """Remove every file's temporary."""
        for output in (self.main, self.rejects, self.explain):
            if output is not None:
                output.discard()

    @contextlib.contextmanager
    def all_or_nothing(self, path: str, *writers: Abandonable | None) -> Iterator[None]:
        """On any failure in the block, drop the writers and every temporary file.

        A write failure becomes InputError naming ``path``; anything else
        (Ctrl-C, SIGTERM, a bad input) goes on as it is.
        """
        try:
            yield
        except BaseException as error:
            for writer in writers:
                if writer is not None:
                    writer.abandon()
            self.discard()
            failure = write_error(error, path)
            if failure is error:
                raise
            raise failure from error


def write_error(error: BaseException, path: str) -> BaseException:
    """Return the error a failed run raises: a write failure becomes InputError naming ``path``.

    A broken pipe (``| head``) stays itself, for the command to end quietly.

    >>> write_error(OSError(28, "No space left on device"), "out.jsonl")
    InputError('cannot write out.jsonl: No space left on device')
    """
    if isinstance(error, OSError) and not isinstance(error, BrokenPipeError):
        return InputError(f"cannot write {path}: {error.strerror or error}")
    return error
