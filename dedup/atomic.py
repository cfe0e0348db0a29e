"""Outputs that appear whole or not at all.

Writes go to a hidden temporary file beside the destination, named with the
writing process's id (``.out.jsonl.<pid>.<random>.tmp``), and are renamed over
the destination only on success. A process killed with ``kill -9`` cannot
remove its temporary file, so the next run looks for such leftovers: one whose
process is gone is removed, one whose process still runs is left alone.

The API is three names:

- :class:`AtomicOutput` streams bytes (optionally gzipped) to one file;
- :func:`write_atomically` writes one ``bytes`` value at once;
- :func:`remove_stale` clears what a killed run left beside a path.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import tempfile
from pathlib import Path
from types import TracebackType
from typing import IO

__all__ = ["AtomicOutput", "ByteSink", "remove_stale", "write_atomically"]


class ByteSink:
    """Bytes to a raw stream, gzipped on the way when ``gzip_level`` is given.

    No file name and mtime 0 in the gzip header: the same input gives the
    same bytes.

    >>> import gzip, io
    >>> raw = io.BytesIO()
    >>> sink = ByteSink(raw, gzip_level=6)
    >>> _ = sink.write(b"x")
    >>> sink.finish()
    >>> gzip.decompress(raw.getvalue())
    b'x'
    """

    def __init__(self, raw: IO[bytes], *, gzip_level: int | None = None) -> None:
        self._raw = raw
        self.stream: IO[bytes] = raw
        if gzip_level is not None:
            self.stream = gzip.GzipFile(  # type: ignore[assignment]
                filename="", mode="wb", fileobj=raw, compresslevel=gzip_level, mtime=0
            )

    def write(self, data: bytes) -> int:
        """Write bytes."""
        return self.stream.write(data)

    def finish(self) -> None:
        """End the gzip stream, if any, and flush the raw stream."""
        if self.stream is not self._raw:
            self.stream.close()
        self._raw.flush()


class AtomicOutput(ByteSink):
    r"""A file that appears at ``path`` only when the block exits without error.

    :meth:`commit` (or a clean exit from ``with``) renames the temporary file
    over ``path``; on an exception, Ctrl-C included, it is removed, so a
    half-written file never takes the final name. ``gzip_level`` compresses.

    >>> import os, tempfile
    >>> target = os.path.join(tempfile.mkdtemp(), "out.txt")
    >>> with AtomicOutput(target) as out:
    ...     _ = out.write(b"done\n")
    ...     os.path.exists(target)
    False
    >>> open(target, "rb").read()
    b'done\n'
    """

    def __init__(self, path: str | os.PathLike[str], *, gzip_level: int | None = None) -> None:
        self.path = Path(path)
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{self.path.name}.{os.getpid()}.", suffix=".tmp", dir=self.path.parent
        )
        self.temporary = Path(temporary)
        # mkstemp makes the file private (0600); give it the mode a plain
        # open() would, so the renamed output is readable as users expect.
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(descriptor, 0o666 & ~umask)
        super().__init__(os.fdopen(descriptor, "wb"), gzip_level=gzip_level)
        self.done = False

    def commit(self) -> None:
        """Flush, sync and rename the temporary file to the final path."""
        self.finish()
        os.fsync(self._raw.fileno())
        self._raw.close()
        os.replace(self.temporary, self.path)
        self.done = True

    def discard(self) -> None:
        """Close and delete the temporary file; the final path is untouched."""
        if self.done:
            return
        self.done = True
        # Closing may fail on a full disk; the file is being thrown away anyway.
        with contextlib.suppress(OSError, ValueError):
            self.stream.close()
        with contextlib.suppress(OSError, ValueError):
            self._raw.close()
        self.temporary.unlink(missing_ok=True)

    def __enter__(self) -> AtomicOutput:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if kind is None and not self.done:
            self.commit()
        else:
            self.discard()


def write_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step: readers see the old file or the new.

    >>> import os, tempfile
    >>> target = os.path.join(tempfile.mkdtemp(), "profile.json")
    >>> write_atomically(target, b"{}")
    >>> open(target, "rb").read()
    b'{}'
    """
    with AtomicOutput(path) as output:
        output.write(data)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: it exists
    return True


def remove_stale(path: str | os.PathLike[str]) -> tuple[list[Path], list[Path]]:
    """Remove temporary files a killed run left beside ``path``; return (removed, kept).

    A leftover whose process is gone is removed. One whose process still
    runs (a concurrent run on the same output) or whose name carries no
    process id is kept, for the caller to report.

    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> leftover = os.path.join(folder, ".out.jsonl.999999999.abc.tmp")
    >>> open(leftover, "w").close()
    >>> removed, kept = remove_stale(os.path.join(folder, "out.jsonl"))
    >>> [p.name for p in removed], kept, os.path.exists(leftover)
    (['.out.jsonl.999999999.abc.tmp'], [], False)
    """
    target = Path(path)
    removed: list[Path] = []
    kept: list[Path] = []
    prefix = f".{target.name}."
    with contextlib.suppress(OSError):
        for entry in target.parent.iterdir():
            if not (entry.name.startswith(prefix) and entry.name.endswith(".tmp")):
                continue
            pid = entry.name[len(prefix) :].split(".", 1)[0]
            if pid.isdigit() and not _alive(int(pid)):
                entry.unlink(missing_ok=True)
                removed.append(entry)
            else:
                kept.append(entry)
    return removed, kept
