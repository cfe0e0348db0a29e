"""The command line of site profiles: ``dedup fit``, and ``dedup run --profile``.

::

    dedup fit pages.jsonl --site-field url -o profile.json
    dedup run pages.jsonl -o out.jsonl --profile profile.json
    dedup fit pages.parquet -j 8 -o profile.json
    dedup run pages.parquet -o out.parquet --profile profile.json

:mod:`dedup.cli` calls the three hooks here (:func:`add_fit_command`,
:func:`add_run_options`, :func:`run_hook`), so the profile code lives in one
place.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import json
import os
import sys
import time
import zlib
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from dedup.analysis import Analysis
from dedup.batch import check_workers, ordered_map
from dedup.config import CleanConfig
from dedup.io import (
    PARQUET_HINT,
    InputError,
    UsageError,
    corpus_format,
    parquet_column,
    read_jsonl_chunks,
)
from dedup.site import ProfileError, SiteProfile

if TYPE_CHECKING:
    from dedup.cli import Progress

__all__ = ["ProfileHook", "add_fit_command", "add_run_options", "command_fit", "run_hook"]


def add_run_options(run: argparse.ArgumentParser) -> None:
    """Add ``--profile``, ``--site-field`` and ``--keep-first`` to ``dedup run``.

    >>> parser = argparse.ArgumentParser()
    >>> add_run_options(parser)
    >>> args = parser.parse_args(["--profile", "profile.json"])
    >>> args.profile, args.site_field, args.keep_first
    ('profile.json', 'url', False)
    """
    group = run.add_argument_group("site profile", "Remove site boilerplate learned by dedup fit.")
    group.add_argument("--profile", metavar="FILE", help="a profile written by dedup fit")
    group.add_argument(
        "--site-field",
        default="url",
        help="the field (JSONL) or column (Parquet) holding each record's URL or site key "
        "(default url)",
    )
    group.add_argument(
        "--keep-first",
        action="store_true",
        help="keep each boilerplate block on one page of its site (see dedup.site)",
    )


def add_fit_command(commands: Any) -> argparse.ArgumentParser:
    """Add ``dedup fit`` to the command's subparsers and return its parser.

    >>> commands = argparse.ArgumentParser().add_subparsers()
    >>> args = add_fit_command(commands).parse_args(["pages.jsonl", "-o", "profile.json"])
    >>> args.min_pages, args.min_text_pages, args.min_fraction, args.site_field
    (3, 3, 0.5, 'url')
    """
    fit: argparse.ArgumentParser = commands.add_parser(
        "fit",
        help="learn the blocks each site repeats across its pages (a site profile)",
        description="Count, per site, on how many pages each block appears, and write a "
        "profile for dedup run --profile. A summary lists the top boilerplate blocks per site.",
    )
    fit.add_argument(
        "input", metavar="INPUT", help=".jsonl, .jsonl.gz or .parquet; '-' is stdin (JSONL)"
    )
    fit.add_argument("-o", "--output", required=True, metavar="PROFILE", help="profile file")
    fit.add_argument(
        "--field", default="text", help="the field or column holding page text (default text)"
    )
    fit.add_argument(
        "--site-field",
        default="url",
        help="the field or column holding the URL (site = its host) or site key (default url)",
    )
    fit.add_argument(
        "--format",
        choices=["jsonl", "jsonl.gz", "parquet"],
        help="input format (default: from the file name)",
    )
    fit.add_argument(
        "--min-pages",
        type=int,
        default=3,
        metavar="N",
        help="pages of its site a block must be on to be boilerplate [3]",
    )
    fit.add_argument(
        "--min-text-pages",
        type=int,
        default=3,
        metavar="N",
        help="pages a block of text needs (a label, under 20 characters, needs --min-pages); "
        "the larger of the two applies [3]",
    )
    fit.add_argument(
        "--min-fraction",
        type=float,
        default=0.5,
        metavar="X",
        help="... and at least this share of the site's pages [0.5]",
    )
    fit.add_argument(
        "--complete",
        action="store_true",
        help="save every count, so the profile can be fitted further",
    )
    fit.add_argument(
        "--top", type=int, default=5, metavar="N", help="blocks listed per site (default 5)"
    )
    fit.add_argument(
        "--sites", type=int, default=20, metavar="N", help="sites listed, largest first [20]"
    )
    from dedup.cli import add_parallel_options  # noqa: PLC0415 - dedup.cli imports this module

    # The same as run's, so a job script can pass both commands the same flags.
    add_parallel_options(fit)
    # Errors found after parsing print this command's usage, not the top one.
    fit.set_defaults(usage_of=fit)
    return fit


#: Pages per chunk a worker fits. A chunk comes back as a profile of its own,
#: and a site's repeated blocks collapse within it, so larger chunks mean
#: less to send back and merge; these keep the progress bar moving too.
_FIT_CHUNK_PAGES = 256
_FIT_CHUNK_BYTES = 1 << 20

_Settings = tuple[int, int, float]
"""``(min_pages, min_text_pages, min_fraction)``: every chunk's profile is built alike."""


@dataclass(slots=True)
class _FitTally:
    records: int = 0
    rejected: dict[str, int] = field(default_factory=dict)

    def reject(self, reason: str) -> None:
        self.rejected[reason] = self.rejected.get(reason, 0) + 1

    def add(self, other: _FitTally) -> None:
        self.records += other.records
        for reason, count in other.rejected.items():
            self.rejected[reason] = self.rejected.get(reason, 0) + count


def _site_of(record: dict[str, Any], site_field: str) -> str | None:
    value = record.get(site_field)
    return value if isinstance(value, str) else None


def _read_records(
    lines: Iterable[bytes], text_field: str, site_field: str, tally: _FitTally
) -> Iterator[tuple[str | None, str]]:
    # The same reasons, in the same words, as dedup run gives for a record.
    for raw in lines:
        tally.records += 1
        if not raw.strip():
            tally.reject("blank line")
            continue
        try:
            record = json.loads(raw)
        except (ValueError, RecursionError):
            tally.reject("malformed JSON")
            continue
        if not isinstance(record, dict):
            tally.reject("not a JSON object")
            continue
        if text_field not in record:
            tally.reject("field missing")
            continue
        text = record[text_field]
        if not isinstance(text, str):
            tally.reject("field is not a string")
            continue
        yield _site_of(record, site_field), text


def _read_values(
    texts: list[object], sites: list[object], tally: _FitTally
) -> Iterator[tuple[str | None, str]]:
    for text, where in zip(texts, sites, strict=True):
        tally.records += 1
        if not isinstance(text, str):
            tally.reject("field is null" if text is None else "field is not a string")
            continue
        yield (where if isinstance(where, str) else None), text


@dataclass(frozen=True, slots=True)
class _JsonlChunk:
    lines: list[bytes]
    text_field: str
    site_field: str


@dataclass(frozen=True, slots=True)
class _ColumnChunk:
    """One Parquet batch: the text column's values and the site column's, row for row."""

    texts: list[object]
    sites: list[object]


def _new_profile(settings: _Settings) -> SiteProfile:
    min_pages, min_text_pages, min_fraction = settings
    return SiteProfile(
        min_pages=min_pages, min_text_pages=min_text_pages, min_fraction=min_fraction
    )


def _chunk_pages(
    chunk: _JsonlChunk | _ColumnChunk, tally: _FitTally
) -> Iterator[tuple[str | None, str]]:
    if isinstance(chunk, _JsonlChunk):
        return _read_records(chunk.lines, chunk.text_field, chunk.site_field, tally)
    return _read_values(chunk.texts, chunk.sites, tally)


def _fit_chunk(
    settings: _Settings, chunk: _JsonlChunk | _ColumnChunk
) -> tuple[SiteProfile, _FitTally]:
    # A complete profile of the chunk alone: counts add up, so merging the
    # chunks in any grouping gives the profile of the whole corpus.
    tally = _FitTally()
    return _new_profile(settings).fit(_chunk_pages(chunk, tally)), tally


_Chunks = Iterator[tuple[_JsonlChunk | _ColumnChunk, int]]
"""Chunks to fit, each with the input bytes it stands for (for the progress bar)."""


def _jsonl_chunks(
    args: argparse.Namespace, gzipped: bool, stack: contextlib.ExitStack
) -> tuple[_Chunks, int | None]:
    raw: IO[bytes] = sys.stdin.buffer
    size: int | None = None
    if args.input != "-":
        try:
            raw = stack.enter_context(open(args.input, "rb"))  # noqa: SIM115 - the stack closes it
            size = os.fstat(raw.fileno()).st_size
        except OSError as error:
            raise InputError(f"cannot read {args.input}: {error.strerror or error}") from error
    stream: IO[bytes] = (
        # typeshed types GzipFile as a BufferedIOBase, which it is not quite.
        stack.enter_context(gzip.GzipFile(fileobj=raw, mode="rb"))  # type: ignore[arg-type]
        if gzipped
        else raw
    )

    def chunks() -> _Chunks:
        lines = read_jsonl_chunks(
            stream, chunk_bytes=_FIT_CHUNK_BYTES, chunk_records=_FIT_CHUNK_PAGES
        )
        while True:
            try:
                chunk = next(lines)
            except StopIteration:
                return
            except (OSError, EOFError, zlib.error) as error:
                raise InputError(f"cannot read {args.input}: {error}") from error
            yield _JsonlChunk(chunk, args.field, args.site_field), sum(map(len, chunk))

    # Compressed input: progress counts what is decompressed, with no total.
    return chunks(), None if gzipped else size


def _by_size(texts: list[object], sites: list[object]) -> Iterator[_ColumnChunk]:
    """Cut a batch where its text passes ``_FIT_CHUNK_BYTES``: large pages, smaller chunks."""
    start = size = 0
    for end, text in enumerate(texts, 1):
        size += len(text) if isinstance(text, str) else 0
        if size >= _FIT_CHUNK_BYTES or end == len(texts):
            yield _ColumnChunk(texts[start:end], sites[start:end])
            start, size = end, 0


def _parquet_chunks(
    args: argparse.Namespace, stack: contextlib.ExitStack
) -> tuple[_Chunks, int | None]:
    try:
        import pyarrow as pa  # noqa: PLC0415 - optional extra
        import pyarrow.parquet as pq  # noqa: PLC0415 - optional extra
    except ImportError as error:
        raise InputError(PARQUET_HINT) from error
    try:
        source = stack.enter_context(pq.ParquetFile(args.input))
        size = os.path.getsize(args.input)
    except (OSError, pa.ArrowException) as error:
        raise InputError(f"cannot read {args.input} as Parquet: {error}") from error
    schema = source.schema_arrow
    parquet_column(schema, args.input, args.field, "text", "--field")
    parquet_column(schema, args.input, args.site_field, "site", "--site-field")
    total_rows = max(source.metadata.num_rows, 1)

    def chunks() -> _Chunks:
        rows = done = 0
        try:
            for batch in source.iter_batches(
                batch_size=_FIT_CHUNK_PAGES,
                columns=list(dict.fromkeys([args.field, args.site_field])),
            ):
                rows += batch.num_rows
                # Rows are compressed together: give each batch its share of the file.
                nbytes = size * rows // total_rows - done
                done += nbytes
                texts = batch.column(args.field).to_pylist()
                sites = batch.column(args.site_field).to_pylist()
                parts = list(_by_size(texts, sites))
                for number, part in enumerate(parts):
                    # The batch's bytes, shared out so they add up exactly.
                    share = nbytes * (number + 1) // len(parts) - nbytes * number // len(parts)
                    yield part, share
        except (OSError, pa.ArrowException) as error:
            raise InputError(f"cannot read {args.input}: {error}") from error

    return chunks(), size


def _fit_chunks(
    profile: SiteProfile, settings: _Settings, chunks: _Chunks, workers: int, progress: Progress
) -> _FitTally:
    """Fit every chunk into ``profile``, on ``workers`` processes; return the tally."""
    tally = _FitTally()
    sizes: deque[int] = deque()

    def tasks() -> Iterator[_JsonlChunk | _ColumnChunk]:
        for chunk, nbytes in chunks:
            sizes.append(nbytes)
            yield chunk

    if workers == 1:
        # Straight into the profile: building and merging a profile per
        # chunk would only cost time in one process.
        for chunk in tasks():
            counted = _FitTally()
            profile.fit(_chunk_pages(chunk, counted))
            tally.add(counted)
            progress.update(counted.records, sizes.popleft())
        return tally
    # In input order, so even which of two equal texts a block shows is fixed.
    for part, counted in ordered_map(partial(_fit_chunk, settings), tasks(), workers=workers):
        profile.merge(part)
        tally.add(counted)
        progress.update(counted.records, sizes.popleft())
    return tally


def fit_summary(profile: SiteProfile, *, top: int, sites: int) -> str:
    r"""List the top boilerplate blocks of the largest sites, for eyeballing.

    >>> profile = SiteProfile(min_pages=2).fit([("x", "Menu\nA"), ("x", "Menu\nB"), (None, "C")])
    >>> print(fit_summary(profile, top=3, sites=5))
    1 site, 2 pages with a site, 1 without; boilerplate blocks: 1
      x (2 pages, 1 boilerplate block)
           2 pages  Menu
    """
    names = sorted(profile.sites, key=lambda name: (-profile.site_pages(name), name))
    found = {name: profile.boilerplate(name) for name in names}
    total = sum(len(blocks) for blocks in found.values())
    with_site = profile.pages - profile.pages_without_site
    lines = [
        f"{len(names):,} site{'' if len(names) == 1 else 's'}, {with_site:,} pages with a site, "
        f"{profile.pages_without_site:,} without; boilerplate blocks: {total:,}"
    ]
    for name in names[:sites]:
        blocks = found[name]
        lines.append(
            f"  {name} ({profile.site_pages(name):,} pages, {len(blocks):,} boilerplate "
            f"block{'' if len(blocks) == 1 else 's'})"
        )
        for block in blocks[:top]:
            text = block.text if block.text is not None else f"#{block.key_hash:016x}"
            text = text if len(text) <= 80 else text[:77] + "..."
            lines.append(f"    {block.pages:>4,} pages  {text}")
    if len(names) > sites:
        lines.append(f"  ... and {len(names) - sites:,} more sites (--sites N lists more)")
    return "\n".join(lines)


def command_fit(args: argparse.Namespace) -> int:
    """Run ``dedup fit``: count the pages of a JSONL or Parquet corpus and save the profile.

    Chunks of pages are fitted on ``--workers`` processes and their profiles
    merged in input order, so the file written is the same for any number.

    >>> import contextlib, io, os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> pages = os.path.join(folder, "pages.jsonl")
    >>> with open(pages, "w") as out:
    ...     for n in range(3):
    ...         _ = out.write(json.dumps({"url": f"https://a.example/{n}",
    ...                                   "text": f"Menu\\nStory {n}"}) + "\\n")
    >>> commands = argparse.ArgumentParser().add_subparsers()
    >>> args = add_fit_command(commands).parse_args(
    ...     [pages, "-o", os.path.join(folder, "profile.json"), "--workers", "1"])
    >>> with contextlib.redirect_stderr(io.StringIO()):
    ...     command_fit(args)
    0
    >>> SiteProfile.load(args.output).clean("Menu\\nNew story\\n", site="a.example")
    'New story\\n'
    """
    from dedup.cli import PROG, Progress  # noqa: PLC0415 - dedup.cli imports this module

    settings, workers, kind = _fit_options(args)
    profile = _new_profile(settings)
    progress_on = sys.stderr.isatty() if args.progress is None else args.progress
    start = time.perf_counter()
    with contextlib.ExitStack() as stack:
        chunks, total = (
            _parquet_chunks(args, stack)
            if kind == "parquet"
            else _jsonl_chunks(args, kind == "jsonl.gz", stack)
        )
        progress = Progress(
            enabled=progress_on, total_bytes=total, stream=sys.stderr, label=f"{PROG} fit"
        )
        try:
            tally = _fit_chunks(profile, settings, chunks, workers, progress)
        finally:
            progress.close()
    rejected = sum(tally.rejected.values())
    reasons = ", ".join(f"{n:,} {why}" for why, n in sorted(tally.rejected.items()))
    skipped = f"skipped {rejected:,} ({reasons})" if rejected else ""
    _check_fitted(profile, args, skipped)
    try:
        profile.save(args.output, complete=args.complete)
    except OSError as error:
        raise InputError(f"cannot write {args.output}: {error.strerror or error}") from error
    elapsed = max(time.perf_counter() - start, 1e-9)
    print(
        f"{PROG} fit: {tally.records:,} records in {elapsed:,.1f} s "
        f"({tally.records / elapsed:,.1f} records/s); profile written to {args.output}",
        file=sys.stderr,
    )
    if skipped:
        print(f"  {skipped}", file=sys.stderr)
    print(fit_summary(profile, top=args.top, sites=args.sites), file=sys.stderr)
    return 0


def _fit_options(args: argparse.Namespace) -> tuple[_Settings, int, str]:
    """Check every option before any input is read; return settings, workers and format."""
    settings: _Settings = (args.min_pages, args.min_text_pages, args.min_fraction)
    try:
        _new_profile(settings)
    except ValueError as error:
        message = str(error)
        for name in ("min_pages", "min_text_pages", "min_fraction"):
            message = message.replace(name, "--" + name.replace("_", "-"))
        raise UsageError(message) from error
    try:
        workers = check_workers(args.workers)
    except ValueError as error:
        raise UsageError(f"--workers: {error}") from error
    try:
        kind = args.format or corpus_format(args.input)
    except ValueError as error:
        raise UsageError(str(error)) from error
    if kind == "parquet" and args.input == "-":
        raise UsageError("Parquet cannot be read from stdin: pass the file's path")
    folder = Path(args.output).parent
    if not folder.is_dir():
        # Found now, not after fitting the whole corpus.
        raise InputError(f"cannot write {args.output}: there is no directory {folder}")
    return settings, workers, kind


def _check_fitted(profile: SiteProfile, args: argparse.Namespace, skipped: str) -> None:
    """Refuse to write a profile that learned nothing: the input or a field name is wrong."""
    why = f" ({skipped})" if skipped else ""
    if not profile.pages:
        raise InputError(f"no page was read from {args.input}{why}; nothing written")
    if not profile.sites:
        raise InputError(
            f"none of the {profile.pages:,} pages has a site in {args.site_field!r}{why}; "
            "nothing written. Name the field or column holding each page's URL or site key "
            "with --site-field"
        )


# Profiles loaded in this process, by content hash: a worker reads the file
# once, not once per chunk. The hash names the file's exact bytes, so an
# entry can never stand for a different profile; this changes speed only.
_LOADED: dict[str, SiteProfile] = {}


@dataclass(frozen=True, slots=True)
class ProfileHook:
    """What a ``dedup run`` worker needs to apply a profile: small enough to send per chunk.

    JSONL workers call :meth:`analyze` with each record's line; Parquet
    workers call :meth:`analyze_site` with the value of the site column.
    """

    path: str
    sha256: str
    site_field: str
    keep_first: bool

    def profile(self) -> SiteProfile:
        """Return the profile, read once per process and checked against its hash.

        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "profile.json")
        >>> SiteProfile(min_pages=2).fit([("a.example", "Menu\\nOne"),
        ...                               ("a.example", "Menu\\nTwo")]).save(path)
        >>> digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        >>> hook = ProfileHook(path, digest, "url", keep_first=False)
        >>> hook.profile().clean("Menu\\nThree\\n", site="a.example")
        'Three\\n'
        >>> record = '{"url": "https://a.example/3"}'
        >>> result, sited = hook.analyze(record, "Menu\\nThree", CleanConfig())
        >>> result.text, sited
        ('Three\\n', True)
        """
        loaded = _LOADED.get(self.sha256)
        if loaded is None:
            data = Path(self.path).read_bytes()
            if hashlib.sha256(data).hexdigest() != self.sha256:
                raise ProfileError(f"{self.path} changed while the run was going; run it again")
            loaded = SiteProfile.from_json(json.loads(data), source=self.path)
            _LOADED.clear()
            _LOADED[self.sha256] = loaded
        return loaded

    def analyze(self, line: str, text: str, config: CleanConfig) -> tuple[Analysis, bool]:
        """Clean one JSONL record's text with its site's boilerplate; say whether it had a site.

        The site is the record's ``site_field``. See :meth:`profile` for an example.
        """
        record = json.loads(line)
        where = record.get(self.site_field) if isinstance(record, dict) else None
        return self.analyze_site(where, text, config)

    def analyze_site(self, where: object, text: str, config: CleanConfig) -> tuple[Analysis, bool]:
        """Clean one page's text with the boilerplate of site ``where``; say whether it had one.

        ``where`` is the page's URL or site key, as a Parquet column holds it;
        anything but a str (a null, a number) means no site: the page gets
        within-page cleaning only.

        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "profile.json")
        >>> SiteProfile(min_pages=2).fit([("a.example", "Menu\\nOne"),
        ...                               ("a.example", "Menu\\nTwo")]).save(path)
        >>> hook = ProfileHook(path, hashlib.sha256(Path(path).read_bytes()).hexdigest(), "url",
        ...                    keep_first=False)
        >>> result, sited = hook.analyze_site("https://a.example/3", "Menu\\nThree", CleanConfig())
        >>> result.text, sited
        ('Three\\n', True)
        >>> result, sited = hook.analyze_site(None, "Menu\\nThree", CleanConfig())
        >>> result.text, sited
        ('Menu\\nThree\\n', False)
        """
        profile = self.profile()
        site = profile.site_key(where if isinstance(where, str) else None)
        return profile.analyze(text, site=site, keep_first=self.keep_first, config=config), (
            site is not None
        )


def run_hook(args: argparse.Namespace) -> ProfileHook | None:
    """Load and check ``--profile`` before any output is opened; None without one.

    >>> run_hook(argparse.Namespace(profile=None)) is None
    True
    """
    if not getattr(args, "profile", None):
        return None
    try:
        data = Path(args.profile).read_bytes()
    except OSError as error:
        raise InputError(
            f"cannot read profile {args.profile}: {error.strerror or error}"
        ) from error
    try:
        SiteProfile.load(args.profile)
    except ProfileError as error:
        raise InputError(str(error)) from error
    return ProfileHook(
        str(Path(args.profile).resolve()),
        hashlib.sha256(data).hexdigest(),
        args.site_field,
        args.keep_first,
    )
