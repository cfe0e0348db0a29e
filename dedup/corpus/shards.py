"""Many inputs, one output folder: which files to read, and where each one's output goes.

Inputs are files, globs (expanded here too, for lists longer than a shell
allows) or every corpus file under ``--input-dir``. Each output keeps its
input's path relative to the input folder (or to the inputs' common
folder), so ``crawl/2024/part-1.jsonl.gz`` becomes ``out/2024/part-1.jsonl.gz``.
"""

from __future__ import annotations

import glob
import os
from pathlib import Path

from dedup.corpus.errors import InputError, UsageError
from dedup.corpus.formats import corpus_format

__all__ = ["Shard", "expand_inputs", "output_path"]

Shard = tuple[str, str]
"""An input's path and its name relative to the input folder."""

_SUFFIX = {"jsonl": ".jsonl", "jsonl.gz": ".jsonl.gz", "parquet": ".parquet"}


def _is_corpus(path: Path) -> bool:
    try:
        corpus_format(path.name)
    except UsageError:
        return False
    return not path.name.startswith(".")


def expand_inputs(paths: list[str], input_dir: str | None, pattern: str | None) -> list[Shard]:
    """List every input with its relative name, in a fixed (sorted) order.

    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> os.makedirs(os.path.join(folder, "b"))
    >>> for name in ("a.jsonl", "b/c.jsonl.gz", "notes.txt"):
    ...     open(os.path.join(folder, name), "w").close()
    >>> [relative for _, relative in expand_inputs([], folder, None)]
    ['a.jsonl', 'b/c.jsonl.gz']
    >>> [relative for _, relative in expand_inputs([os.path.join(folder, "*.jsonl")], None, None)]
    ['a.jsonl']
    """
    if input_dir is not None:
        root = Path(input_dir)
        if not root.is_dir():
            raise InputError(f"--input-dir {input_dir}: no such directory")
        found = sorted(
            path
            for path in root.rglob(pattern or "*")
            if path.is_file() and (pattern is not None or _is_corpus(path))
        )
        if not found:
            what = (
                f"matching {pattern!r}" if pattern else "with a .jsonl, .jsonl.gz or .parquet name"
            )
            raise InputError(f"no file {what} under {input_dir}")
        return [(str(path), path.relative_to(root).as_posix()) for path in found]
    files: list[str] = []
    for path in paths:
        if path != "-" and glob.has_magic(path):
            matched = sorted(glob.glob(path, recursive=True))
            if not matched:
                raise InputError(f"no file matches {path}")
            files.extend(matched)
        else:
            files.append(path)
    if "-" in files:
        return [("-", "-")] if len(files) == 1 else _stdin_among_files()
    parents = [os.path.dirname(os.path.abspath(path)) for path in files]
    common = os.path.commonpath(parents) if parents else "."
    return [(path, Path(os.path.abspath(path)).relative_to(common).as_posix()) for path in files]


def _stdin_among_files() -> list[Shard]:
    raise UsageError("stdin ('-') cannot be one of several inputs; pass it alone")


def output_path(relative: str, output_dir: str, output_format: str | None) -> str:
    """Where one input's output goes; a new format changes its suffix.

    >>> output_path("2024/part-1.jsonl.gz", "out", None)
    'out/2024/part-1.jsonl.gz'
    >>> output_path("2024/part-1.jsonl.gz", "out", "parquet")
    'out/2024/part-1.parquet'
    """
    target = Path(output_dir) / relative
    if output_format is not None and corpus_format(relative) != output_format:
        name = target.name
        for suffix in sorted(_SUFFIX.values(), key=len, reverse=True):
            if name.lower().endswith(suffix):
                name = name[: -len(suffix)]
                break
        else:
            name = name.rsplit(".", 1)[0]
        target = target.with_name(name + _SUFFIX[output_format])
    return target.as_posix()
