"""``dedup clean``: clean text files (or stdin) to stdout, one file, or one file each.

Each input succeeds or fails on its own: a file that cannot be read is
reported, the others are written, and the exit code is 1.
"""

from __future__ import annotations

import argparse
import codecs
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from dedup.analysis import analyze
from dedup.batch import ordered_map
from dedup.cli.options import (
    PROG,
    add_config_options,
    add_parallel_options,
    config_from,
    progress_wanted,
    workers_from,
)
from dedup.cli.progress import Bar
from dedup.cli.summary import summary
from dedup.cli.text import read_text
from dedup.config import CleanConfig
from dedup.corpus.errors import InputError, UsageError
from dedup.corpus.outputs import Output, open_output
from dedup.corpus.records import Tally, explain_record, json_line

__all__ = ["add_clean_command", "command_clean"]


def add_clean_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``dedup clean`` to the command's subparsers."""
    clean = commands.add_parser(
        "clean",
        help="clean text files (or stdin)",
        description="Clean each text file; with no file, clean stdin. The cleaned texts go to "
        "stdout (or -o -), to -o FILE, or one file each into -o DIRECTORY. A file that cannot "
        "be read is reported and the others are still written; the exit code is then 1.",
    )
    clean.add_argument("files", nargs="*", metavar="FILE", help="text files; '-' is stdin")
    clean.add_argument(
        "-o", "--output", metavar="OUT", help="output file, existing directory, or '-' for stdout"
    )
    clean.add_argument("--encoding", default="utf-8", help="encoding of the input (default utf-8)")
    clean.add_argument(
        "--explain", metavar="FILE", help="write one JSON line per file listing removed blocks"
    )
    add_parallel_options(clean)
    add_config_options(clean)
    clean.set_defaults(handler=command_clean, usage_of=clean)


@dataclass(frozen=True, slots=True)
class _FileTask:
    path: str
    encoding: str
    config: CleanConfig
    number: int
    explain: bool
    """Whether ``--explain`` was given: describing the removals costs time and bytes."""


@dataclass(frozen=True, slots=True)
class _FileResult:
    text: str
    explain: dict[str, object] | None
    """The file's ``--explain`` line; None unless asked for."""
    tally: Tally
    size: int
    error: str | None = None


def _clean_file(task: _FileTask) -> _FileResult:
    try:
        text, size = read_text(task.path, task.encoding)
    except InputError as error:
        # Sent back, not raised: one unreadable file must not stop the others.
        return _FileResult("", None, Tally(), 0, str(error))
    result = analyze(text, config=task.config)
    tally = Tally()
    tally.count_page(text, result)
    explain = {"file": task.path, **explain_record(task.number, result)} if task.explain else None
    return _FileResult(result.text, explain, tally, size)


def _target_dir(args: argparse.Namespace, paths: list[str]) -> Path | None:
    if args.output in (None, "-") or not Path(args.output).is_dir():
        if args.output and args.output.endswith(("/", os.sep)):
            raise UsageError(
                f"no directory {args.output}; create it first (mkdir -p {args.output})"
            )
        return None
    names = [Path(path).name for path in paths]
    if "-" in paths or len(set(names)) < len(names):
        raise UsageError(
            "with -o DIRECTORY every input needs its own file name; "
            "stdin and files with the same name cannot be written there"
        )
    return Path(args.output)


def command_clean(args: argparse.Namespace) -> int:  # noqa: PLR0912, PLR0915 - one loop, many outputs
    """Run ``dedup clean``; return the exit code (1 if any file failed)."""
    config = config_from(args)
    workers = workers_from(args)
    paths: list[str] = args.files or ["-"]
    if paths.count("-") > 1:
        raise UsageError("stdin ('-') can be read only once")
    folder = _target_dir(args, paths)
    try:
        codecs.lookup(args.encoding)
    except LookupError as error:
        raise UsageError(f"--encoding: unknown encoding {args.encoding!r}") from error
    bar = Bar(enabled=progress_wanted(args), asked=bool(args.progress))
    bar.start(None, "clean")
    start = time.perf_counter()
    tally = Tally()
    notes: list[str] = []
    failed: list[str] = []
    tasks = [
        _FileTask(path, args.encoding, config, n, bool(args.explain))
        for n, path in enumerate(paths)
    ]
    # stdin belongs to this process; a worker could not read it.
    count = 1 if "-" in paths else min(workers, len(paths))
    single: Output | None = None
    explain: Output | None = None
    written: list[Output] = []
    try:
        if folder is None:
            single = open_output(args.output or "-", gzipped=False, notes=notes)
        if args.explain:
            explain = open_output(args.explain, gzipped=args.explain.endswith(".gz"), notes=notes)
        for task, result in zip(tasks, ordered_map(_clean_file, tasks, workers=count), strict=True):
            if result.error is not None:
                failed.append(result.error)
                continue
            data = result.text.encode("utf-8", "surrogateescape")
            if folder is not None:
                target = open_output(str(folder / Path(task.path).name), gzipped=False, notes=notes)
                written.append(target)
                target.write(data)
            else:
                single.write(data)  # type: ignore[union-attr]
            if explain is not None:
                explain.write(json_line(result.explain))
            tally.add(result.tally)
            bar.update(1, result.size)
        bar.close()
        if single is not None and len(failed) == len(paths):
            single.discard()  # nothing was read: leave no empty file behind
            single = None
        for output in (*written, explain, single):
            if output is not None:
                output.commit()
    except BaseException:
        bar.close()
        for output in (*written, explain, single):
            if output is not None:
                output.discard()
        raise
    for line in (*notes, *(f"error: {why}" for why in failed)):
        print(f"{PROG} clean: {line}", file=sys.stderr)
    if not args.quiet:
        elapsed = time.perf_counter() - start
        print(
            summary(tally, elapsed=elapsed, input_bytes=bar.bytes, rejects="", command="clean"),
            file=sys.stderr,
        )
    if failed:
        print(f"{PROG} clean: {len(failed)} of {len(paths)} files failed", file=sys.stderr)
    return 1 if failed else 0
