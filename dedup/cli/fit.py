"""``dedup fit``: learn the blocks each site repeats across its pages (a site profile).

Chunks of pages are fitted on ``--workers`` processes and their profiles
merged in input order, so the file written is the same for any number.
Records are read by the same readers, and rejected for the same reasons in
the same words, as ``dedup run`` uses.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import sys
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from dedup.batch import ordered_map
from dedup.cli.options import (
    PROG,
    add_parallel_options,
    as_flags,
    progress_wanted,
    workers_from,
)
from dedup.cli.progress import Bar
from dedup.config import CleanConfig, ProfileConfig, option_help
from dedup.corpus.errors import InputError, UsageError
from dedup.corpus.formats import FORMATS, corpus_format
from dedup.corpus.jsonl import field_path, lookup, open_jsonl, parse_record, read_chunks
from dedup.corpus.parquet import open_parquet, parquet_column
from dedup.corpus.profile import site_of
from dedup.corpus.records import RecordError, Tally, field_text
from dedup.site import SiteProfile

__all__ = ["add_fit_command", "command_fit", "fit_summary"]

#: Pages per chunk a worker fits. A chunk comes back as a profile of its own,
#: and a site's repeated blocks collapse within it, so larger chunks mean
#: less to send back and merge; these keep the progress bar moving too.
_FIT_CHUNK_PAGES = 256
_FIT_CHUNK_BYTES = 1 << 20


def _profile_help() -> dict[str, str]:
    """Return ProfileConfig's help for the command line: one line each, fields as flags.

    >>> _profile_help()["min_text_pages"]  # doctest: +ELLIPSIS
    '... (a block under 20 characters), ... The larger of --min-pages and this applies.'
    """
    # The label length is CleanConfig's to say; the help names the field.
    label = f"{CleanConfig().label_chars} characters"
    return {
        name: as_flags(
            " ".join(text.split()).replace("CleanConfig.label_chars characters", label),
            ProfileConfig,
        )
        for name, text in option_help(ProfileConfig).items()
    }


def add_fit_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``dedup fit`` to the command's subparsers.

    >>> commands = argparse.ArgumentParser().add_subparsers()
    >>> add_fit_command(commands)
    >>> args = commands.choices["fit"].parse_args(["pages.jsonl", "-o", "profile.json"])
    >>> args.min_pages, args.min_text_pages, args.min_fraction, args.site_field
    (3, 3, 0.5, 'url')
    """
    fit = commands.add_parser(
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
    fit.add_argument("--format", choices=FORMATS, help="input format (default: from its name)")
    helps = _profile_help()
    for spec in dataclasses.fields(ProfileConfig):
        fit.add_argument(
            "--" + spec.name.replace("_", "-"),
            type=type(spec.default),
            default=spec.default,
            metavar="X" if isinstance(spec.default, float) else "N",
            help=f"{helps[spec.name]} [{spec.default}]".replace("%", "%%"),
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
    # The same as run's, so a job script can pass both commands the same flags.
    add_parallel_options(fit)
    fit.set_defaults(handler=command_fit, usage_of=fit)


@dataclass(frozen=True, slots=True)
class _JsonlChunk:
    lines: list[bytes]
    text_path: tuple[str, ...]
    site_path: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _ColumnChunk:
    """One Parquet batch: the text column's values and the site column's, row for row."""

    texts: list[object]
    sites: list[object]


def _chunk_pages(
    chunk: _JsonlChunk | _ColumnChunk, tally: Tally
) -> Iterator[tuple[str | None, str]]:
    # Fitting cleans nothing: of a tally, only records and rejects are counted.
    if isinstance(chunk, _JsonlChunk):
        for raw in chunk.lines:
            try:
                _, record, text = parse_record(raw, chunk.text_path)
            except RecordError as error:
                tally.count_reject(str(error))
                continue
            tally.records += 1
            yield site_of(lookup(record, chunk.site_path)), text
        return
    for value, where in zip(chunk.texts, chunk.sites, strict=True):
        try:
            text = field_text(value)
        except RecordError as error:
            tally.count_reject(str(error))
            continue
        tally.records += 1
        yield site_of(where), text


def _fit_chunk(
    settings: ProfileConfig, chunk: _JsonlChunk | _ColumnChunk
) -> tuple[SiteProfile, Tally]:
    # A complete profile of the chunk alone: counts add up, so merging the
    # chunks in any grouping gives the profile of the whole corpus.
    tally = Tally()
    return SiteProfile(config=settings).fit(_chunk_pages(chunk, tally)), tally


_Chunks = Iterator[tuple[_JsonlChunk | _ColumnChunk, int]]
"""Chunks to fit, each with the input bytes it stands for (for the progress bar)."""


def _jsonl_chunks(
    args: argparse.Namespace, stack: contextlib.ExitStack
) -> tuple[_Chunks, int | None]:
    source = open_jsonl(args.input, stack)
    text_path, site_path = field_path(args.field), field_path(args.site_field)

    def chunks() -> _Chunks:
        for lines in read_chunks(
            source, chunk_bytes=_FIT_CHUNK_BYTES, chunk_records=_FIT_CHUNK_PAGES
        ):
            yield _JsonlChunk(lines, text_path, site_path), sum(map(len, lines))

    # Compressed input: progress counts what is decompressed, with no total.
    return chunks(), None if source.gzipped else source.size


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
    source = open_parquet(args.input, stack)
    parquet_column(source.schema, args.input, args.field, "text", "--field")
    parquet_column(source.schema, args.input, args.site_field, "site", "--site-field")
    total_rows = max(source.rows, 1)

    def chunks() -> _Chunks:
        rows = done = 0
        columns = list(dict.fromkeys([args.field, args.site_field]))
        for batch in source.batches(batch_size=_FIT_CHUNK_PAGES, columns=columns):
            rows += batch.num_rows  # type: ignore[attr-defined]
            # Rows are compressed together: give each batch its share of the file.
            nbytes = source.size * rows // total_rows - done
            done += nbytes
            texts = batch.column(args.field).to_pylist()  # type: ignore[attr-defined]
            sites = batch.column(args.site_field).to_pylist()  # type: ignore[attr-defined]
            parts = list(_by_size(texts, sites))
            for number, part in enumerate(parts):
                # The batch's bytes, shared out so they add up exactly.
                share = nbytes * (number + 1) // len(parts) - nbytes * number // len(parts)
                yield part, share

    return chunks(), source.size


def _fit_chunks(
    profile: SiteProfile, settings: ProfileConfig, chunks: _Chunks, workers: int, bar: Bar
) -> Tally:
    """Fit every chunk into ``profile``, on ``workers`` processes; return the tally."""
    tally = Tally()
    sizes: deque[int] = deque()

    def tasks() -> Iterator[_JsonlChunk | _ColumnChunk]:
        for chunk, nbytes in chunks:
            sizes.append(nbytes)
            yield chunk

    if workers == 1:
        # Straight into the profile: building and merging a profile per
        # chunk would only cost time in one process.
        for chunk in tasks():
            counted = Tally()
            profile.fit(_chunk_pages(chunk, counted))
            tally.add(counted)
            bar.update(counted.records, sizes.popleft())
        return tally
    # In input order, so even which of two equal texts a block shows is fixed.
    for part, counted in ordered_map(partial(_fit_chunk, settings), tasks(), workers=workers):
        profile.merge(part)
        tally.add(counted)
        bar.update(counted.records, sizes.popleft())
    return tally


def fit_summary(profile: SiteProfile, *, top: int, sites: int) -> str:
    r"""List the top boilerplate blocks of the largest sites, for eyeballing.

    >>> profile = SiteProfile(min_pages=2).fit([("x", "Menu\nA"), ("x", "Menu\nB"), (None, "C")])
    >>> print(fit_summary(profile, top=3, sites=5))
    1 site, 2 pages with a site, 1 without; boilerplate blocks: 1; repeated pages skipped: 0
      x (2 pages, 1 boilerplate block)
           2 pages  Menu
    """
    names = sorted(profile.sites, key=lambda name: (-profile.site_pages(name), name))
    found = {name: profile.boilerplate(name) for name in names}
    total = sum(len(blocks) for blocks in found.values())
    with_site = profile.pages - profile.pages_without_site
    lines = [
        f"{len(names):,} site{'' if len(names) == 1 else 's'}, {with_site:,} pages with a site, "
        f"{profile.pages_without_site:,} without; boilerplate blocks: {total:,}; "
        f"repeated pages skipped: {profile.duplicate_pages:,}"
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
    r"""Run ``dedup fit``: count the pages of a JSONL or Parquet corpus and save the profile.

    >>> import contextlib, io, json, os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> pages = os.path.join(folder, "pages.jsonl")
    >>> with open(pages, "w") as out:
    ...     for n in range(3):
    ...         _ = out.write(json.dumps({"url": f"https://a.example/{n}",
    ...                                   "text": f"Menu\nStory {n}"}) + "\n")
    >>> commands = argparse.ArgumentParser().add_subparsers()
    >>> add_fit_command(commands)
    >>> args = commands.choices["fit"].parse_args(
    ...     [pages, "-o", os.path.join(folder, "profile.json"), "--workers", "1"])
    >>> with contextlib.redirect_stderr(io.StringIO()):
    ...     command_fit(args)
    0
    >>> SiteProfile.load(args.output).clean("Menu\nNew story\n", site="a.example")
    'New story\n'
    """
    settings, workers, kind = _fit_options(args)
    profile = SiteProfile(config=settings)
    start = time.perf_counter()
    bar = Bar(enabled=progress_wanted(args), asked=bool(args.progress))
    with contextlib.ExitStack() as stack:
        chunks, total = (
            _parquet_chunks(args, stack) if kind == "parquet" else _jsonl_chunks(args, stack)
        )
        bar.start(total, args.input)
        try:
            tally = _fit_chunks(profile, settings, chunks, workers, bar)
        finally:
            bar.close()
    reasons = tally.describe_rejects(by_name=True)
    skipped = f"skipped {tally.rejected:,} ({reasons})" if tally.rejected else ""
    _check_fitted(profile, args, skipped)
    try:
        profile.save(args.output, complete=args.complete)
    except OSError as error:
        raise InputError(f"cannot write {args.output}: {error.strerror or error}") from error
    if args.quiet:
        return 0
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


def _fit_options(args: argparse.Namespace) -> tuple[ProfileConfig, int, str]:
    """Check every option before any input is read; return settings, workers and format."""
    names = [spec.name for spec in dataclasses.fields(ProfileConfig)]
    try:
        settings = ProfileConfig(**{name: getattr(args, name) for name in names})
    except ValueError as error:
        raise UsageError(as_flags(str(error), ProfileConfig)) from error
    workers = workers_from(args)
    kind = args.format or corpus_format(args.input)
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
