"""The ``dedup`` command: clean text files, clean a corpus, explain one page.

::

    dedup clean [FILE ...] [-o OUT]          text files (or stdin) to stdout or OUT
    dedup run INPUT -o OUTPUT --field text   JSONL, .jsonl.gz or Parquet corpus
    dedup explain PAGE [--html REPORT]       what was removed from one page, and why

Every field of :class:`dedup.CleanConfig` is an option (``--label-chars 12``,
``--no-fold``); the help text is each field's own (:func:`dedup.config.option_help`). Exit codes:
0 done, 1 an input or output could not be read or written, 2 a bad option,
130 interrupted (no output file is left behind).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import gzip
import json
import os
import re
import signal
import sys
import time
import typing
import zlib
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

from dedup._version import __version__
from dedup.analysis import BlockReport, analyze
from dedup.batch import check_workers, ordered_map
from dedup.config import CleanConfig, option_help, resolve_config
from dedup.io import (
    PARQUET_HINT,
    AtomicOutput,
    ChunkResult,
    InputError,
    JsonlTask,
    Tally,
    UsageError,
    ValuesTask,
    clean_jsonl_chunk,
    clean_values_chunk,
    corpus_format,
    explain_record,
    parquet_column,
    read_jsonl_chunks,
)
from dedup.site import ProfileError

__all__ = ["main"]

PROG = "dedup"


# -- options from CleanConfig ------------------------------------------------


def _add_config_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "cleaning options", "One per field of dedup.CleanConfig; defaults in brackets."
    )
    helps = {name: text.replace("%", "%%") for name, text in option_help(CleanConfig).items()}
    hints = typing.get_type_hints(CleanConfig)
    for spec in dataclasses.fields(CleanConfig):
        flag = "--" + spec.name.replace("_", "-")
        kind = hints[spec.name]
        text = f"{helps.get(spec.name, 'See dedup.CleanConfig.')} [{spec.default}]"
        if kind is bool:
            group.add_argument(
                flag, dest=spec.name, action=argparse.BooleanOptionalAction, default=None, help=text
            )
        else:
            metavar = "N" if kind is int else "X"
            group.add_argument(
                flag, dest=spec.name, type=kind, default=None, metavar=metavar, help=text
            )


def _config(args: argparse.Namespace) -> CleanConfig:
    given = {
        spec.name: getattr(args, spec.name)
        for spec in dataclasses.fields(CleanConfig)
        if getattr(args, spec.name, None) is not None
    }
    try:
        return resolve_config(None, given)
    except (TypeError, ValueError) as error:
        message = str(error)
        for name in given:
            # Name the option as the user typed it, not as the field is spelled.
            message = re.sub(rf"\b{name}\b", "--" + name.replace("_", "-"), message)
        raise UsageError(message) from error


def _workers(args: argparse.Namespace) -> int:
    try:
        return check_workers(args.workers)
    except ValueError as error:
        raise UsageError(f"--workers: {error}") from error


# -- progress and summary ----------------------------------------------------


class _Bar(Protocol):
    def update(self, n: float | None = 1) -> bool | None: ...
    def set_postfix_str(self, s: str = "", refresh: bool = True) -> None: ...
    def close(self) -> None: ...


class Progress:
    """Pages and bytes done, as a tqdm bar or a plain line on stderr.

    tqdm comes with ``pip install 'pagededup[progress]'``; without it a
    built-in line, redrawn twice a second, shows the same figures.
    """

    def __init__(
        self, *, enabled: bool, total_bytes: int | None, stream: IO[str], label: str = PROG
    ) -> None:
        self.enabled = enabled
        self.label = label
        self.total = total_bytes
        self.stream = stream
        self.pages = 0
        self.bytes = 0
        self.start = time.perf_counter()
        self.last_draw = 0.0
        self.bar: _Bar | None = None
        if enabled:
            try:
                from tqdm import tqdm  # noqa: PLC0415 - optional extra
            except ImportError:
                return
            self.bar = tqdm(
                total=total_bytes,
                unit="B",
                unit_scale=True,
                unit_divisor=1000,
                file=stream,
                desc=label,
                dynamic_ncols=True,
                miniters=1,
            )

    def update(self, pages: int, nbytes: int) -> None:
        """Add finished pages and the input bytes they took.

        >>> import io
        >>> progress = Progress(enabled=False, total_bytes=None, stream=io.StringIO())
        >>> progress.update(2, 1000)
        >>> progress.pages, progress.bytes
        (2, 1000)
        """
        self.pages += pages
        self.bytes += nbytes
        if not self.enabled:
            return
        elapsed = max(time.perf_counter() - self.start, 1e-9)
        rate = f"{self.pages:,} pages, {self.pages / elapsed:,.1f} pages/s"
        if self.bar is not None:
            self.bar.update(nbytes)
            self.bar.set_postfix_str(rate, refresh=False)
            return
        now = time.perf_counter()
        if now - self.last_draw < 0.5:
            return
        self.last_draw = now
        done = f"{self.bytes / 1e6:,.1f} MB"
        if self.total:
            done += f" of {self.total / 1e6:,.1f} MB ({100 * self.bytes / self.total:.0f}%)"
        self.stream.write(
            f"\r{self.label}: {done}, {rate}, {self.bytes / 1e6 / elapsed:,.2f} MB/s "
        )
        self.stream.flush()

    def close(self) -> None:
        """Finish the bar or line so the summary starts on a fresh line.

        >>> import io
        >>> stream = io.StringIO()
        >>> Progress(enabled=False, total_bytes=None, stream=stream).close()
        >>> stream.getvalue()
        ''
        """
        if self.bar is not None:
            self.bar.close()
        elif self.enabled and self.last_draw:
            self.stream.write("\n")
            self.stream.flush()


def _size(count: float) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if abs(count) < 1000 or unit == "GB":
            return f"{count:,.0f} {unit}" if unit == "B" else f"{count:,.1f} {unit}"
        count /= 1000
    raise AssertionError  # pragma: no cover - the loop always returns


def summary(
    tally: Tally, *, elapsed: float, input_bytes: int, rejects: str | None, command: str
) -> str:
    """Say what a run did: pages, blocks removed by reason, bytes saved, throughput.

    >>> from collections import Counter
    >>> tally = Tally(records=3, cleaned=2, rejected=1, blocks=10, text_bytes_in=2000,
    ...               text_bytes_out=1500, removed=Counter(exact=2, truncated=1),
    ...               reject_reasons=Counter({"malformed JSON": 1}))
    >>> print(summary(tally, elapsed=2.0, input_bytes=4_000_000, rejects=None, command="run"))
    dedup run: 3 pages in 2.0 s (1.5 pages/s, 2.00 MB/s)
      cleaned 2, rejected 1 (1 malformed JSON), written through unchanged
      blocks: 10 in, 3 removed (2 exact, 1 truncated)
      text: 2.0 kB in, 1.5 kB out, 500 B saved (25.0%)
    """
    elapsed = max(elapsed, 1e-9)
    lines = [
        f"{PROG} {command}: {tally.records:,} page{'' if tally.records == 1 else 's'} "
        f"in {elapsed:,.1f} s "
        f"({tally.records / elapsed:,.1f} pages/s, {input_bytes / 1e6 / elapsed:,.2f} MB/s)"
    ]
    where = f"written to {rejects}" if rejects else "written through unchanged"
    reasons = ", ".join(f"{n:,} {reason}" for reason, n in tally.reject_reasons.most_common())
    rejected = f"rejected {tally.rejected:,}" + (f" ({reasons}), {where}" if reasons else "")
    lines.append(f"  cleaned {tally.cleaned:,}, {rejected}")
    if tally.no_site:
        lines.append(f"  {tally.no_site:,} pages had no site key: within-page cleaning only")
    removed = sum(tally.removed.values())
    by_reason = ", ".join(
        f"{n:,} {reason}"
        for reason, n in sorted(tally.removed.items(), key=lambda item: (-item[1], item[0]))
    )
    lines.append(
        f"  blocks: {tally.blocks:,} in, {removed:,} removed"
        + (f" ({by_reason})" if removed else "")
    )
    saved = tally.text_bytes_in - tally.text_bytes_out
    share = 100 * saved / tally.text_bytes_in if tally.text_bytes_in else 0.0
    lines.append(
        f"  text: {_size(tally.text_bytes_in)} in, {_size(tally.text_bytes_out)} out, "
        f"{_size(saved)} saved ({share:.1f}%)"
    )
    return "\n".join(lines)


# -- dedup run ---------------------------------------------------------------


@dataclass(slots=True)
class _Outputs:
    """The files a run writes; all appear together, or none does."""

    main: AtomicOutput
    rejects: AtomicOutput | None
    explain: AtomicOutput | None

    def commit(self) -> None:
        # The main output goes last: when it exists, the others are complete.
        for extra in (self.explain, self.rejects):
            if extra is not None:
                extra.commit()
        self.main.commit()

    def discard(self) -> None:
        for output in (self.main, self.rejects, self.explain):
            if output is not None:
                output.discard()


def _open_output(path: str, *, gzipped: bool = False) -> AtomicOutput:
    try:
        return AtomicOutput(path, gzip_level=6 if gzipped else None)
    except OSError as error:
        raise InputError(f"cannot write {path}: {error.strerror or error}") from error


def _open_input(path: str) -> tuple[IO[bytes], int | None]:
    if path == "-":
        return sys.stdin.buffer, None
    try:
        stream: IO[bytes] = open(path, "rb")  # noqa: SIM115 - closed by the caller
        size = os.fstat(stream.fileno()).st_size
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from error
    return stream, size


def _run_jsonl(
    args: argparse.Namespace, config: CleanConfig, workers: int, progress_on: bool
) -> tuple[Tally, int]:
    raw, size = _open_input(args.input)
    gzipped = args.format == "jsonl.gz"
    stream: IO[bytes] = gzip.GzipFile(fileobj=raw, mode="rb") if gzipped else raw  # type: ignore[assignment]
    out_gzip = corpus_format(args.output) == "jsonl.gz"
    outputs = _Outputs(
        _open_output(args.output, gzipped=out_gzip),
        _open_output(args.rejects) if args.rejects else None,
        _open_output(args.explain) if args.explain else None,
    )
    # Compressed input: progress counts what is decompressed, with no total.
    progress = Progress(
        enabled=progress_on, total_bytes=None if gzipped else size, stream=sys.stderr
    )
    sizes: deque[int] = deque()
    tally = Tally()

    def tasks() -> Iterator[JsonlTask]:
        first = 0
        chunks = read_jsonl_chunks(stream)
        while True:
            try:
                lines = next(chunks)
            except StopIteration:
                return
            except (OSError, EOFError, zlib.error) as error:
                raise InputError(f"cannot read {args.input}: {error}") from error
            sizes.append(sum(map(len, lines)))
            yield JsonlTask(
                lines,
                first,
                args.field,
                config,
                bool(args.explain),
                bool(args.rejects),
                getattr(args, "site_hook", None),
            )
            first += len(lines)

    try:
        results: Iterator[ChunkResult] = ordered_map(clean_jsonl_chunk, tasks(), workers=workers)
        for result in results:
            outputs.main.write(result.output)
            if outputs.rejects is not None:
                outputs.rejects.write(result.rejects)
            if outputs.explain is not None:
                outputs.explain.write(result.explain)
            tally.add(result.tally)
            progress.update(result.tally.records, sizes.popleft())
        progress.close()
        outputs.commit()
    except OSError as error:
        outputs.discard()
        raise InputError(f"cannot write output: {error.strerror or error}") from error
    except BaseException:
        progress.close()
        outputs.discard()
        raise
    finally:
        raw.close()
    return tally, progress.bytes


def _close_quietly(*writers: Any) -> None:
    # Close Parquet writers before their files go, or pyarrow complains from
    # __del__ about writing to a closed file; the run has failed already.
    for writer in writers:
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.close()


def _run_parquet(  # noqa: PLR0915 - one linear pipeline reads best in one place
    args: argparse.Namespace, config: CleanConfig, workers: int, progress_on: bool
) -> tuple[Tally, int]:
    try:
        import pyarrow as pa  # noqa: PLC0415 - optional extra
        import pyarrow.parquet as pq  # noqa: PLC0415 - optional extra
    except ImportError as error:
        raise InputError(PARQUET_HINT) from error
    if corpus_format(args.output) != "parquet":
        raise UsageError("a Parquet input needs a Parquet output: name it OUTPUT.parquet")
    try:
        source = pq.ParquetFile(args.input)
    except (OSError, pa.ArrowException) as error:
        raise InputError(f"cannot read {args.input} as Parquet: {error}") from error
    schema = source.schema_arrow
    hook = getattr(args, "site_hook", None)
    column = parquet_column(schema, args.input, args.field, "text", "--field")
    # With a profile, each row's site rides along to the worker with its text.
    site_column = (
        parquet_column(schema, args.input, args.site_field, "site", "--site-field")
        if hook is not None
        else None
    )
    kind = schema.field(column).type
    total_rows = source.metadata.num_rows
    size = os.path.getsize(args.input)
    outputs = _Outputs(
        _open_output(args.output),
        _open_output(args.rejects) if args.rejects else None,
        _open_output(args.explain) if args.explain else None,
    )
    progress = Progress(enabled=progress_on, total_bytes=size, stream=sys.stderr)
    batches: deque[Any] = deque()
    tally = Tally()

    def tasks() -> Iterator[ValuesTask]:
        first = 0
        try:
            for batch in source.iter_batches(batch_size=64):
                batches.append(batch)
                yield ValuesTask(
                    batch.column(column).to_pylist(),
                    first,
                    config,
                    bool(args.explain),
                    None if site_column is None else batch.column(site_column).to_pylist(),
                    hook,
                )
                first += batch.num_rows
        except (OSError, pa.ArrowException) as error:
            raise InputError(f"cannot read {args.input}: {error}") from error

    writer = pq.ParquetWriter(outputs.main.stream, schema)
    rejects_writer = (
        pq.ParquetWriter(outputs.rejects.stream, schema) if outputs.rejects is not None else None
    )
    # Row groups depend only on the input, so any --workers gives the same file.
    pending: list[Any] = []
    pending_rows = 0
    try:
        for result in ordered_map(clean_values_chunk, tasks(), workers=workers):
            batch = batches.popleft()
            if any(value is not None for value in result.cleaned):
                original = batch.column(column).to_pylist()
                values = [
                    new if new is not None else old
                    for new, old in zip(result.cleaned, original, strict=True)
                ]
                arrays = list(batch.columns)
                arrays[column] = pa.array(values, type=kind)
                batch = pa.RecordBatch.from_arrays(arrays, schema=batch.schema)
            if rejects_writer is not None and result.tally.rejected:
                mask = pa.array([value is None for value in result.cleaned])
                rejects_writer.write_batch(batch.filter(mask))
                batch = batch.filter(pa.compute.invert(mask))
            pending.append(batch)
            pending_rows += batch.num_rows
            if pending_rows >= 8192:
                writer.write_table(pa.Table.from_batches(pending, schema=schema))
                pending, pending_rows = [], 0
            if outputs.explain is not None:
                outputs.explain.write(result.explain)
            tally.add(result.tally)
            progress.update(result.tally.records, size * result.tally.records // max(total_rows, 1))
        if pending:
            writer.write_table(pa.Table.from_batches(pending, schema=schema))
        writer.close()
        if rejects_writer is not None:
            rejects_writer.close()
        progress.close()
        outputs.commit()
    except BaseException:
        progress.close()
        _close_quietly(writer, rejects_writer)
        outputs.discard()
        raise
    return tally, tally.text_bytes_in


def _command_run(args: argparse.Namespace) -> int:
    config = _config(args)
    workers = _workers(args)
    try:
        args.format = args.format or corpus_format(args.input)
        output_format = corpus_format(args.output)
    except ValueError as error:
        raise UsageError(str(error)) from error
    if args.format != "parquet" and output_format == "parquet":
        raise UsageError("JSONL input is written as JSONL: name the output .jsonl or .jsonl.gz")
    from dedup.site_cli import run_hook  # noqa: PLC0415 - it imports this module

    # A bad profile fails here, before any output file is opened.
    args.site_hook = run_hook(args)
    progress_on = sys.stderr.isatty() if args.progress is None else args.progress
    start = time.perf_counter()
    run = _run_parquet if args.format == "parquet" else _run_jsonl
    tally, input_bytes = run(args, config, workers, progress_on)
    elapsed = time.perf_counter() - start
    print(
        summary(
            tally, elapsed=elapsed, input_bytes=input_bytes, rejects=args.rejects, command="run"
        ),
        file=sys.stderr,
    )
    return 0


# -- dedup clean -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _FileTask:
    path: str
    encoding: str
    config: CleanConfig
    number: int


@dataclass(frozen=True, slots=True)
class _FileResult:
    text: str
    explain: dict[str, Any]
    tally: Tally
    size: int


def _read_text(path: str, encoding: str) -> tuple[str, int]:
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


def _clean_file(task: _FileTask) -> _FileResult:
    text, size = _read_text(task.path, task.encoding)
    result = analyze(text, config=task.config)
    tally = Tally()
    tally.count_page(text, result)
    explain = {"file": task.path, **explain_record(task.number, result)}
    return _FileResult(result.text, explain, tally, size)


def _command_clean(args: argparse.Namespace) -> int:  # noqa: PLR0912 - one loop, many outputs
    config = _config(args)
    workers = _workers(args)
    paths: list[str] = args.files or ["-"]
    if paths.count("-") > 1:
        raise UsageError("stdin ('-') can be read only once")
    to_dir = args.output is not None and Path(args.output).is_dir()
    if args.output is not None and not to_dir and args.output.endswith(("/", os.sep)):
        raise UsageError(f"no directory {args.output}; create it first (mkdir -p {args.output})")
    if to_dir:
        names = [Path(path).name for path in paths]
        if "-" in paths or len(set(names)) < len(names):
            raise UsageError(
                "with -o DIRECTORY every input needs its own file name; "
                "stdin and files with the same name cannot be written there"
            )
    progress_on = sys.stderr.isatty() if args.progress is None else args.progress
    progress = Progress(enabled=progress_on, total_bytes=None, stream=sys.stderr)
    start = time.perf_counter()
    tally = Tally()
    tasks = [_FileTask(path, args.encoding, config, n) for n, path in enumerate(paths)]
    # stdin belongs to this process; a worker could not read it.
    count = 1 if "-" in paths else min(workers, len(paths))
    single: AtomicOutput | None = None
    explain: AtomicOutput | None = None
    written: list[AtomicOutput] = []
    try:
        if args.output is not None and not to_dir:
            single = _open_output(args.output)
        if args.explain:
            explain = _open_output(args.explain)
        for task, result in zip(tasks, ordered_map(_clean_file, tasks, workers=count), strict=True):
            data = result.text.encode("utf-8", "surrogateescape")
            if to_dir:
                target = _open_output(str(Path(args.output) / Path(task.path).name))
                written.append(target)
                target.write(data)
            elif single is not None:
                single.write(data)
            else:
                sys.stdout.buffer.write(data)
            if explain is not None:
                explain.write(json.dumps(result.explain, ensure_ascii=False).encode() + b"\n")
            tally.add(result.tally)
            progress.update(1, result.size)
        progress.close()
        for output in (*written, explain, single):
            if output is not None:
                output.commit()
        sys.stdout.flush()
    except BaseException:
        progress.close()
        for output in (*written, explain, single):
            if output is not None:
                output.discard()
        raise
    elapsed = time.perf_counter() - start
    print(
        summary(tally, elapsed=elapsed, input_bytes=progress.bytes, rejects=None, command="clean"),
        file=sys.stderr,
    )
    return 0


# -- dedup explain -----------------------------------------------------------


def _command_explain(args: argparse.Namespace) -> int:
    config = _config(args)
    text, _ = _read_text(args.page, args.encoding)
    result = analyze(text, config=config)
    if args.html:
        from dedup.html_report import render_report  # noqa: PLC0415 - only this command

        title = "stdin" if args.page == "-" else Path(args.page).name
        page = render_report(result, title=title, config=config)
        with _open_output(args.html) as output:
            output.write(page.encode("utf-8", "surrogateescape"))
        print(f"{PROG} explain: {result.summary()}; report written to {args.html}", file=sys.stderr)
        return 0
    # The first column is the input line, from 1, as an editor numbers it.
    width = len(str(result.blocks[-1].line)) if result.blocks else 1
    fates = [_fate(block) for block in result.blocks]
    # A long list of covers (a merged line) may push its own text right, not every row's.
    pad = min(max((len(fate) for fate in fates), default=0), 24)
    for block, fate in zip(result.blocks, fates, strict=True):
        sys.stdout.write(f"{block.line:>{width}}  {fate:<{pad}} {block.original}\n")
    print(result.summary(), file=sys.stderr)
    return 0


def _fate(block: BlockReport) -> str:
    if block.kept:
        return "kept"
    lines = block.covered_by_lines
    if not lines:
        return f"{block.reason} <- ?"
    return f"{block.reason} <- line{'s' if len(lines) > 1 else ''} {','.join(map(str, lines))}"


# -- parser and entry point --------------------------------------------------


def add_parallel_options(sub: argparse.ArgumentParser) -> None:
    """Add ``-j/--workers`` and ``--progress`` to a subcommand.

    >>> sub = argparse.ArgumentParser()
    >>> add_parallel_options(sub)
    >>> args = sub.parse_args(["-j", "2", "--no-progress"])
    >>> args.workers, args.progress
    (2, False)
    """
    sub.add_argument(
        "-j",
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="processes to use (default: every core)",
    )
    sub.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar on stderr (default: when stderr is a terminal)",
    )


def build_parser() -> argparse.ArgumentParser:
    """Build the ``dedup`` argument parser, one option per CleanConfig field.

    >>> parser = build_parser()
    >>> args = parser.parse_args(["run", "in.jsonl", "-o", "out.jsonl", "--label-chars", "12"])
    >>> args.label_chars, args.fold, args.field
    (12, None, 'text')
    """
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Fold typography and remove repeated blocks from scraped page text, "
        "losing no unique content.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def common(sub: argparse.ArgumentParser, *, parallel: bool = True) -> None:
        if parallel:
            add_parallel_options(sub)
        _add_config_options(sub)
        # Errors found after parsing print the subcommand's usage, not the top one.
        sub.set_defaults(usage_of=sub)

    clean = commands.add_parser(
        "clean",
        help="clean text files (or stdin)",
        description="Clean each text file; with no file, clean stdin. The cleaned texts go to "
        "stdout, to -o FILE, or one file each into -o DIRECTORY.",
    )
    clean.add_argument("files", nargs="*", metavar="FILE", help="text files; '-' is stdin")
    clean.add_argument("-o", "--output", metavar="OUT", help="output file or existing directory")
    clean.add_argument("--encoding", default="utf-8", help="encoding of the input (default utf-8)")
    clean.add_argument(
        "--explain", metavar="FILE", help="write one JSON line per file listing removed blocks"
    )
    common(clean)

    run = commands.add_parser(
        "run",
        help="clean one text field of every record of a JSONL or Parquet corpus",
        description="Clean the --field of every record; every other field passes through "
        "untouched and records keep their order. A record that cannot be cleaned (bad JSON, "
        "missing or non-string field) is written through unchanged, or to --rejects.",
    )
    run.add_argument("input", metavar="INPUT", help=".jsonl, .jsonl.gz or .parquet; '-' is stdin")
    run.add_argument("-o", "--output", required=True, metavar="OUTPUT", help="output file")
    run.add_argument("--field", default="text", help="the field holding page text (default text)")
    run.add_argument(
        "--format",
        choices=["jsonl", "jsonl.gz", "parquet"],
        help="input format (default: from the file name)",
    )
    run.add_argument(
        "--rejects", metavar="FILE", help="write records that cannot be cleaned here instead"
    )
    run.add_argument(
        "--explain", metavar="FILE", help="write one JSON line per record listing removed blocks"
    )
    common(run)

    explain = commands.add_parser(
        "explain",
        help="show which blocks of one page go, why, and what covers them",
        description="List every block of PAGE by input line (from 1, as an editor numbers "
        "it) with its fate, or write an HTML report with --html: kept and removed blocks side "
        "by side, each removal linked to its cover.",
    )
    explain.add_argument("page", metavar="PAGE", help="a text file; '-' is stdin")
    explain.add_argument("--html", metavar="REPORT", help="write a self-contained HTML report")
    explain.add_argument("--encoding", default="utf-8", help="encoding of PAGE (default utf-8)")
    common(explain, parallel=False)
    # Site profiles live in dedup.site_cli: `dedup fit`, and --profile for run.
    from dedup.site_cli import add_fit_command, add_run_options  # noqa: PLC0415 - imports back

    add_run_options(run)
    add_fit_command(commands)
    return parser


def _command_fit(args: argparse.Namespace) -> int:
    from dedup.site_cli import command_fit  # noqa: PLC0415 - it imports this module

    return command_fit(args)


_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "clean": _command_clean,
    "run": _command_run,
    "explain": _command_explain,
    "fit": _command_fit,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``dedup`` command and return its exit code.

    >>> main(["run", "missing.jsonl", "-o", "out.jsonl", "--workers", "1"])
    1
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    previous = None
    # SIGTERM (a scheduler killing the job) cleans up like Ctrl-C does. Only the
    # main thread may set handlers; elsewhere the default stays.
    with contextlib.suppress(ValueError):
        previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        return _COMMANDS[args.command](args)
    except UsageError as error:
        getattr(args, "usage_of", parser).print_usage(sys.stderr)
        print(f"{PROG} {args.command}: error: {error}", file=sys.stderr)
        return 2
    except (InputError, ProfileError) as error:
        print(f"{PROG} {args.command}: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"\n{PROG} {args.command}: interrupted; no output file written", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (| head): not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
