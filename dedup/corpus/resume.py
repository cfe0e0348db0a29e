"""Completion markers: a rerun skips every output a previous run finished.

When an output is committed, a marker is written beside it
(``.NAME.done``) naming the input (path, size, modification time), a digest
of the options, and the output's size. On a rerun an output is finished
only if its marker matches all of these: a changed input, other options or
an output truncated since make it stale, and the file is cleaned again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from dedup.atomic import write_atomically

__all__ = ["clear_marker", "is_finished", "mark_finished", "marker_path"]


def marker_path(output: str | os.PathLike[str]) -> Path:
    """Return the completion marker of an output: hidden, beside it.

    >>> marker_path("out/part-1.jsonl").as_posix()
    'out/.part-1.jsonl.done'
    """
    path = Path(output)
    return path.with_name(f".{path.name}.done")


def _expected(input_path: str, output: str | os.PathLike[str], options: str) -> dict[str, object]:
    source = Path(input_path).stat()
    return {
        "input": str(Path(input_path).resolve()),
        "input_size": source.st_size,
        "input_mtime_ns": source.st_mtime_ns,
        "options": options,
        "output_size": Path(output).stat().st_size,
    }


def mark_finished(input_path: str, output: str | os.PathLike[str], options: str) -> None:
    """Write the marker of a committed output.

    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> source, target = os.path.join(folder, "in.jsonl"), os.path.join(folder, "out.jsonl")
    >>> for path in (source, target):
    ...     _ = open(path, "w").write("{}\\n")
    >>> is_finished(source, target, "opts")
    False
    >>> mark_finished(source, target, "opts")
    >>> is_finished(source, target, "opts"), is_finished(source, target, "other opts")
    (True, False)
    """
    data = json.dumps(_expected(input_path, output, options), indent=1) + "\n"
    write_atomically(marker_path(output), data.encode())


def is_finished(input_path: str, output: str | os.PathLike[str], options: str) -> bool:
    """Say whether ``output`` was finished from this input with these options."""
    try:
        found = json.loads(marker_path(output).read_bytes())
        return bool(found == _expected(input_path, output, options))
    except (OSError, ValueError):
        return False


def clear_marker(output: str | os.PathLike[str]) -> None:
    """Forget that an output was finished, before it is written again."""
    marker_path(output).unlink(missing_ok=True)
