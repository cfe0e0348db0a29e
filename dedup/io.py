"""Corpus files: read records, clean one field, write them back unchanged otherwise.

JSONL (plain or ``.jsonl.gz``) is handled line by line as bytes, so a record
that cannot be cleaned (bad JSON, not an object, field missing or not a
string, not UTF-8) is passed through byte for byte. In a record that can be
cleaned only the field's value is replaced: every other byte of the line,
key order, spacing and number formatting included, stays as it was.

Parquet comes through pyarrow (``pip install 'pagededup[parquet]'``); the
schema is kept and a null in the text column is passed through.

Every output is written to a temporary file beside its destination and
renamed over it only when the whole run succeeded.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from json.decoder import scanstring  # type: ignore[attr-defined]  # untyped, but public since 2.6
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from dedup.analysis import Analysis, analyze
from dedup.config import CleanConfig
from dedup.site import ProfileError

__all__ = [
    "AtomicOutput",
    "InputError",
    "JsonlTask",
    "Tally",
    "UsageError",
    "ValuesTask",
    "clean_jsonl_chunk",
    "clean_values_chunk",
    "corpus_format",
    "explain_record",
    "parquet_column",
    "read_jsonl_chunks",
    "replace_field",
]

PARQUET_HINT = "Parquet support needs pyarrow: pip install 'pagededup[parquet]'"

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class RecordError(ValueError):
    """A record that cannot be cleaned; the message says why, in a few words."""


@dataclass(slots=True)
class Tally:
    """Counts for a run, added up chunk by chunk.

    >>> a, b = Tally(records=2, cleaned=2, blocks=5), Tally(records=1, rejected=1)
    >>> a.add(b)
    >>> (a.records, a.cleaned, a.rejected, a.blocks)
    (3, 2, 1, 5)
    """

    records: int = 0
    cleaned: int = 0
    rejected: int = 0
    blocks: int = 0
    text_bytes_in: int = 0
    text_bytes_out: int = 0
    removed: Counter[str] = field(default_factory=Counter)
    reject_reasons: Counter[str] = field(default_factory=Counter)
    no_site: int = 0
    """Pages cleaned with a site profile that had no site key (within-page cleaning only)."""

    def add(self, other: Tally) -> None:
        """Add another tally's counts to this one."""
        self.records += other.records
        self.cleaned += other.cleaned
        self.rejected += other.rejected
        self.blocks += other.blocks
        self.text_bytes_in += other.text_bytes_in
        self.text_bytes_out += other.text_bytes_out
        self.removed.update(other.removed)
        self.reject_reasons.update(other.reject_reasons)
        self.no_site += other.no_site

    def count_page(self, text: str, result: Analysis) -> None:
        """Count one cleaned page."""
        self.records += 1
        self.cleaned += 1
        self.blocks += len(result.blocks)
        self.text_bytes_in += len(text.encode("utf-8", "surrogatepass"))
        self.text_bytes_out += len(result.text.encode("utf-8", "surrogatepass"))
        self.removed.update(str(block.reason) for block in result.removed)

    def count_reject(self, reason: str) -> None:
        """Count one record passed through unchanged."""
        self.records += 1
        self.rejected += 1
        self.reject_reasons[reason] += 1


def explain_record(record: int, result: Analysis) -> dict[str, Any]:
    r"""Describe, for audit, every block removed from one page and what covers it.

    Blocks are named by input line, numbered from 1 as an editor numbers them,
    with the names :class:`~dedup.BlockReport` uses. Every removal has the
    same keys; ``site`` and ``site_pages`` are set for site boilerplate only,
    which has no covering line on the page.

    >>> from dedup import analyze
    >>> page = "A caption that is printed twice\nA caption that is printed twice\n"
    >>> [removed] = explain_record(7, analyze(page))["removed"]
    >>> removed["reason"], removed["line"], removed["covered_by_line"], removed["covered_by_text"]
    ('adjacent', 2, 1, 'A caption that is printed twice')
    """
    blocks = result.blocks
    removed = [
        {
            "line": block.line,
            "reason": str(block.reason),
            "text": block.original,
            "covered_by_line": block.covered_by_line,
            "covered_by_lines": list(block.covered_by_lines),
            "covered_by_text": None
            if block.covered_by_line is None
            else result.at_line(block.covered_by_line).normalized,
            "score": block.score,
            "site": block.site,
            "site_pages": block.site_pages,
        }
        for block in result.removed
    ]
    return {
        "record": record,
        "blocks": len(blocks),
        "kept": len(blocks) - len(removed),
        "removed": removed,
    }


def _json_line(value: object) -> bytes:
    text = json.dumps(value, ensure_ascii=False)
    try:
        return text.encode("utf-8") + b"\n"
    except UnicodeEncodeError:
        # Lone surrogates (from "\ud800" escapes) cannot be UTF-8: escape them.
        return json.dumps(value).encode("ascii") + b"\n"


def replace_field(line: str, name: str) -> tuple[str, int, int]:
    r"""Find the string value of top-level key ``name`` in one JSON object line.

    Return the value and its start and end offsets in ``line``, so the caller
    can replace exactly those characters. A duplicate key resolves to its last
    occurrence, as :func:`json.loads` does. Raise :class:`RecordError` when
    the line is not a JSON object or the field is missing or not a string.

    >>> line = '{"id": 1.50, "text": "a\\u00e9b", "n": [1]}'
    >>> value, start, end = replace_field(line, "text")
    >>> value, line[:start] + '"X"' + line[end:]
    ('aéb', '{"id": 1.50, "text": "X", "n": [1]}')
    >>> replace_field('{"text": 3}', "text")
    Traceback (most recent call last):
    ...
    dedup.io.RecordError: field is not a string
    """
    try:
        whole = json.loads(line)
    except (ValueError, RecursionError) as error:
        raise RecordError("malformed JSON") from error
    if not isinstance(whole, dict):
        raise RecordError("not a JSON object")
    if name not in whole:
        raise RecordError("field missing")
    if not isinstance(whole[name], str):
        raise RecordError("field is not a string")
    # json.loads() validated the line; walk its top-level members for offsets.
    index = _WHITESPACE.match(line, 0).end() + 1  # type: ignore[union-attr]
    span = (0, 0)
    while True:
        index = _WHITESPACE.match(line, index).end()  # type: ignore[union-attr]
        if line[index] == "}":
            break
        key, index = scanstring(line, index + 1)
        index = _WHITESPACE.match(line, index).end() + 1  # type: ignore[union-attr]
        start = _WHITESPACE.match(line, index).end()  # type: ignore[union-attr]
        _, index = _DECODER.raw_decode(line, start)
        if key == name:
            span = (start, index)
        index = _WHITESPACE.match(line, index).end()  # type: ignore[union-attr]
        if line[index] == "}":
            break
        index += 1  # the comma
    return whole[name], span[0], span[1]


def _analyze(text: str, config: CleanConfig) -> Analysis:
    try:
        return analyze(text, config=config)
    except Exception as error:
        # One page that trips a bug must not end a crawl-sized run: it is
        # passed through unchanged and counted, like any record not cleaned.
        raise RecordError(f"clean() failed: {type(error).__name__}") from error


def _analyze_site(hook: Callable[[], tuple[Analysis, bool]], tally: Tally) -> Analysis:
    """Clean one page with a site profile's ``hook``; count it if it had no site."""
    try:
        result, sited = hook()
    except ProfileError:
        # The profile itself is unusable (changed on disk): no page can be
        # cleaned with it, so the run stops rather than reject every page.
        raise
    except Exception as error:  # as in _analyze: one page never ends the run
        raise RecordError(f"clean() failed: {type(error).__name__}") from error
    tally.no_site += not sited
    return result


@dataclass(frozen=True, slots=True)
class JsonlTask:
    """A chunk of raw JSONL lines for one worker."""

    lines: list[bytes]
    first: int
    """Number (from 0) of the first record in the chunk."""
    field: str
    config: CleanConfig
    explain: bool
    split_rejects: bool
    """Send rejected lines to ``rejects`` instead of ``output``."""
    site: Any = None
    """A :class:`dedup.site_cli.ProfileHook` to remove site boilerplate too, or None."""


@dataclass(frozen=True, slots=True)
class ChunkResult:
    """What a worker sends back for a :class:`JsonlTask`."""

    output: bytes
    rejects: bytes
    explain: bytes
    tally: Tally


def clean_jsonl_chunk(task: JsonlTask) -> ChunkResult:
    r"""Clean the text field of every line; pass bad lines through unchanged.

    >>> task = JsonlTask([b'{"id": 1, "text": "Hi there\\nHi there"}\n', b'oops\n'],
    ...                  first=0, field="text", config=CleanConfig(), explain=False,
    ...                  split_rejects=False)
    >>> result = clean_jsonl_chunk(task)
    >>> result.output
    b'{"id": 1, "text": "Hi there\\n"}\noops\n'
    >>> dict(result.tally.reject_reasons)
    {'malformed JSON': 1}
    """
    output: list[bytes] = []
    rejects: list[bytes] = []
    explain: list[bytes] = []
    tally = Tally()
    for number, raw in enumerate(task.lines, task.first):
        body = raw[:-1] if raw.endswith(b"\n") else raw
        try:
            try:
                line = body.decode("utf-8")
            except UnicodeDecodeError as error:
                raise RecordError("not UTF-8") from error
            if not line.strip():
                raise RecordError("blank line")
            text, start, end = replace_field(line, task.field)
            if task.site is None:
                result = _analyze(text, task.config)
            else:
                result = _analyze_site(partial(task.site.analyze, line, text, task.config), tally)
        except RecordError as error:
            tally.count_reject(str(error))
            (rejects if task.split_rejects else output).append(body + b"\n")
            if task.explain:
                explain.append(_json_line({"record": number, "rejected": str(error)}))
            continue
        tally.count_page(text, result)
        value = _json_line(result.text)[:-1]
        output.append(body[: len(line[:start].encode("utf-8", "surrogatepass"))])
        output.append(value)
        output.append(line[end:].encode("utf-8", "surrogatepass") + b"\n")
        if task.explain:
            explain.append(_json_line(explain_record(number, result)))
    return ChunkResult(b"".join(output), b"".join(rejects), b"".join(explain), tally)


@dataclass(frozen=True, slots=True)
class ValuesTask:
    """A chunk of column values (from Parquet) for one worker."""

    values: list[object]
    first: int
    config: CleanConfig
    explain: bool
    site_values: list[object] | None = None
    """Each value's URL or site key, for ``site``; anything but a str (or no list) is no site."""
    site: Any = None
    """A :class:`dedup.site_cli.ProfileHook` to remove site boilerplate too, or None."""


@dataclass(frozen=True, slots=True)
class ValuesResult:
    """Cleaned values, ``None`` where the value was rejected and stays as it was."""

    cleaned: list[str | None]
    explain: bytes
    tally: Tally


def clean_values_chunk(task: ValuesTask) -> ValuesResult:
    r"""Clean every string value; count anything else as rejected.

    >>> result = clean_values_chunk(ValuesTask(["Hi there\nHi there", None], 0,
    ...                                        CleanConfig(), explain=False))
    >>> result.cleaned, result.tally.rejected
    (['Hi there\n', None], 1)

    With a site profile, ``site_values`` give each value's site, as the
    ``--site-field`` of a JSONL record does:

    >>> import hashlib, os, tempfile
    >>> from dedup.site import SiteProfile
    >>> from dedup.site_cli import ProfileHook
    >>> path = os.path.join(tempfile.mkdtemp(), "profile.json")
    >>> SiteProfile(min_pages=2).fit([("x.example", "Menu\nA"), ("x.example", "Menu\nB")]
    ...                              ).save(path)
    >>> hook = ProfileHook(path, hashlib.sha256(open(path, "rb").read()).hexdigest(), "url", False)
    >>> result = clean_values_chunk(ValuesTask(["Menu\nC", "Menu\nD"], 0, CleanConfig(), False,
    ...                                        site_values=["https://x.example/c", None],
    ...                                        site=hook))
    >>> result.cleaned, result.tally.no_site
    (['C\n', 'Menu\nD\n'], 1)
    """
    cleaned: list[str | None] = []
    explain: list[bytes] = []
    tally = Tally()
    sites = task.site_values if task.site_values is not None else [None] * len(task.values)
    for number, (value, where) in enumerate(zip(task.values, sites, strict=True), task.first):
        try:
            if not isinstance(value, str):
                raise RecordError("field is null" if value is None else "field is not a string")
            if task.site is None:
                result = _analyze(value, task.config)
            else:
                hook = partial(task.site.analyze_site, where, value, task.config)
                result = _analyze_site(hook, tally)
        except RecordError as error:
            tally.count_reject(str(error))
            cleaned.append(None)
            if task.explain:
                explain.append(_json_line({"record": number, "rejected": str(error)}))
            continue
        tally.count_page(value, result)
        cleaned.append(result.text)
        if task.explain:
            explain.append(_json_line(explain_record(number, result)))
    return ValuesResult(cleaned, b"".join(explain), tally)


class UsageError(Exception):
    """A bad option or combination of options (exit code 2)."""


class InputError(Exception):
    """An input that cannot be read, or an output that cannot be written (exit code 1)."""


def parquet_column(schema: Any, path: str, name: str, what: str, option: str) -> int:
    """Return the index of a Parquet string column; raise InputError saying what is wrong.

    A missing column names those there are; a column that holds no strings
    (binary, numbers, nulls only) would make every row a reject, so it is
    refused before any row is read.

    >>> import pyarrow as pa
    >>> schema = pa.schema([("url", pa.string()), ("body", pa.binary())])
    >>> parquet_column(schema, "x.parquet", "url", "site", "--site-field")
    0
    >>> parquet_column(schema, "x.parquet", "body", "text", "--field")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    dedup.io.InputError: x.parquet: column 'body' holds binary, not strings; name the text ...
    """
    import pyarrow as pa  # noqa: PLC0415 - optional extra; callers checked it imports

    if name not in schema.names:
        raise InputError(
            f"{path} has no column {name!r}; its columns are: "
            f"{', '.join(schema.names)}. Name the {what} column with {option}"
        )
    kind = schema.field(name).type
    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
        raise InputError(
            f"{path}: column {name!r} holds {kind}, not strings; "
            f"name the {what} column with {option}"
        )
    index: int = schema.get_field_index(name)
    return index


def corpus_format(path: str) -> str:
    """Name the format of a corpus file from its suffix: jsonl, jsonl.gz or parquet.

    >>> corpus_format("crawl/part-0001.jsonl.gz"), corpus_format("x.PARQUET")
    ('jsonl.gz', 'parquet')
    >>> corpus_format("pages.csv")
    Traceback (most recent call last):
    ...
    ValueError: cannot tell the format of 'pages.csv' from its name; use a .jsonl, \
.jsonl.gz, .ndjson or .parquet suffix, or pass --format
    """
    name = path.lower()
    if name.endswith((".jsonl.gz", ".ndjson.gz", ".json.gz")):
        return "jsonl.gz"
    if name.endswith((".jsonl", ".ndjson", ".json")) or path == "-":
        return "jsonl"
    if name.endswith((".parquet", ".pq")):
        return "parquet"
    raise ValueError(
        f"cannot tell the format of {path!r} from its name; use a .jsonl, .jsonl.gz, "
        ".ndjson or .parquet suffix, or pass --format"
    )


def read_jsonl_chunks(
    stream: IO[bytes], *, chunk_bytes: int = 1 << 17, chunk_records: int = 64
) -> Iterator[list[bytes]]:
    r"""Group the lines of a byte stream into chunks of about ``chunk_bytes``.

    >>> import io
    >>> list(read_jsonl_chunks(io.BytesIO(b"a\nb\nc"), chunk_records=2))
    [[b'a\n', b'b\n'], [b'c']]
    """
    chunk: list[bytes] = []
    size = 0
    for line in stream:
        chunk.append(line)
        size += len(line)
        if size >= chunk_bytes or len(chunk) >= chunk_records:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


class AtomicOutput:
    r"""A file that appears at ``path`` only when the block exits without error.

    Writes go to a hidden temporary file in the same directory, which is
    renamed over ``path`` by :meth:`commit` (or at a clean exit from ``with``).
    On an exception, Ctrl-C included, the temporary file is removed, so a
    half-written file never takes the final name.

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
            prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent or "."
        )
        self.temporary = Path(temporary)
        # mkstemp makes the file private (0600); give it the mode a plain
        # open() would, so the renamed output is readable as users expect.
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(descriptor, 0o666 & ~umask)
        self._raw: IO[bytes] = os.fdopen(descriptor, "wb")
        self.stream: IO[bytes] = self._raw
        if gzip_level is not None:
            # mtime=0 and no file name: the same input gives the same bytes.
            self.stream = gzip.GzipFile(  # type: ignore[assignment]
                filename="", mode="wb", fileobj=self._raw, compresslevel=gzip_level, mtime=0
            )
        self.done = False

    def write(self, data: bytes) -> int:
        """Write bytes to the temporary file."""
        return self.stream.write(data)

    def commit(self) -> None:
        """Flush, sync and rename the temporary file to the final path."""
        if self.stream is not self._raw:
            self.stream.close()
        self._raw.flush()
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
