"""The work one process does on one chunk of records: clean the field, count, explain.

A record that cannot be cleaned (bad JSON, not an object, field missing or
not a string, not UTF-8) is a reject: it keeps its bytes, and is written
through or to the rejects file with its record number and reason. In a
JSONL record only the field's value is replaced: every other byte of the
line, key order, spacing and number formatting included, stays as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dedup.analysis import Analysis
from dedup.config import CleanConfig
from dedup.corpus.jsonl import locate_field, lookup, member_span
from dedup.corpus.profile import ProfileHook, analyze_page
from dedup.corpus.records import (
    RecordError,
    Tally,
    explain_record,
    field_text,
    json_line,
    page_stats,
    reject_line,
)
from dedup.site import ProfileError

__all__ = [
    "STATS_KEY",
    "ChunkResult",
    "CleanSpec",
    "JsonlTask",
    "ValuesResult",
    "ValuesTask",
    "clean_jsonl_chunk",
    "clean_values_chunk",
]

STATS_KEY = "dedup_stats"
"""The field (JSONL) or column (Parquet) ``--add-stats`` writes."""

_CLOSING = re.compile(r"\}\s*$")


@dataclass(frozen=True, slots=True)
class CleanSpec:
    """What every chunk of a run is cleaned with."""

    text_path: tuple[str, ...]
    config: CleanConfig
    explain: bool = False
    add_stats: bool = False
    site_path: tuple[str, ...] = ("url",)
    hook: ProfileHook | None = None

    @property
    def field_name(self) -> str:
        """The text field as the user names it: ``doc.text``, or a Parquet column.

        >>> CleanSpec(("doc", "text"), CleanConfig()).field_name
        'doc.text'
        """
        return ".".join(self.text_path)

    @property
    def site_name(self) -> str:
        """The site field as the user names it."""
        return ".".join(self.site_path)


def _analyze(text: str, where: object, spec: CleanSpec, tally: Tally) -> Analysis:
    try:
        result, no_site = analyze_page(spec.hook, where, text, spec.config)
    except ProfileError:
        # The profile itself is unusable (changed on disk): no page can be
        # cleaned with it, so the run stops rather than reject every page.
        raise
    except Exception as error:
        # One page that trips a bug must not end a crawl-sized run: it is
        # a reject, counted with its reason.
        raise RecordError(f"clean() failed: {type(error).__name__}") from error
    tally.no_site += no_site
    return result


def _with_stats(line: str, record: dict[str, object], stats: dict[str, object]) -> str:
    """Set the record's stats field, touching no other byte of the line."""
    value = json_line(stats).decode("utf-8")[:-1]
    if STATS_KEY in record:
        start, end = member_span(line, 0, STATS_KEY)
        return line[:start] + value + line[end:]
    closing = _CLOSING.search(line)
    assert closing is not None  # json.loads accepted it as an object
    comma = ", " if record else ""
    return f'{line[: closing.start()]}{comma}"{STATS_KEY}": {value}{line[closing.start() :]}'


@dataclass(frozen=True, slots=True)
class JsonlTask:
    """A chunk of raw JSONL lines for one worker."""

    lines: list[bytes]
    first: int
    """Number (from 0) of the first record in the chunk."""
    spec: CleanSpec


@dataclass(frozen=True, slots=True)
class ChunkResult:
    """What a worker sends back for a :class:`JsonlTask`: the lines in order, and rejects."""

    output: list[bytes]
    """Every line, cleaned or as it was; ``None``-free, one per input line."""
    rejected: list[bool]
    rejects: bytes
    """One :func:`~dedup.corpus.records.reject_line` per reject."""
    explain: bytes
    tally: Tally


def clean_jsonl_chunk(task: JsonlTask) -> ChunkResult:
    r"""Clean the text field of every line; keep bad lines as they are and say why.

    >>> spec = CleanSpec(("text",), CleanConfig())
    >>> result = clean_jsonl_chunk(
    ...     JsonlTask([b'{"id": 1, "text": "Hi there\\nHi there"}\n', b'oops\n'], 0, spec))
    >>> result.output
    [b'{"id": 1, "text": "Hi there\\n"}\n', b'oops\n']
    >>> result.rejects
    b'{"record": 1, "reason": "malformed JSON", "line": "oops"}\n'
    """
    spec = task.spec
    output: list[bytes] = []
    rejected: list[bool] = []
    rejects: list[bytes] = []
    explain: list[bytes] = []
    tally = Tally()
    for number, raw in enumerate(task.lines, task.first):
        body = raw[:-1] if raw.endswith(b"\n") else raw
        try:
            line, record, text, start, end = locate_field(body, spec.text_path)
            result = _analyze(text, lookup(record, spec.site_path), spec, tally)
        except RecordError as error:
            tally.count_reject(str(error))
            output.append(body + b"\n")
            rejected.append(True)
            rejects.append(reject_line(number, str(error), body))
            if spec.explain:
                explain.append(json_line({"record": number, "rejected": str(error)}))
            continue
        tally.count_page(text, result)
        cleaned = line[:start] + json_line(result.text).decode("utf-8")[:-1] + line[end:]
        if spec.add_stats:
            cleaned = _with_stats(cleaned, record, page_stats(text, result))
        output.append(cleaned.encode("utf-8", "surrogatepass") + b"\n")
        rejected.append(False)
        if spec.explain:
            explain.append(json_line(explain_record(number, result)))
    return ChunkResult(output, rejected, b"".join(rejects), b"".join(explain), tally)


@dataclass(frozen=True, slots=True)
class ValuesTask:
    """A chunk of column values (from Parquet) for one worker, with each row's site."""

    values: list[object]
    sites: list[object] | None
    first: int
    spec: CleanSpec


@dataclass(frozen=True, slots=True)
class ValuesResult:
    """Cleaned values, ``None`` where a value was rejected (``reasons`` says why)."""

    cleaned: list[str | None]
    reasons: list[str | None]
    stats: list[str | None]
    """Each row's ``--add-stats`` as a JSON string, when asked for."""
    explain: bytes
    tally: Tally


def clean_values_chunk(task: ValuesTask) -> ValuesResult:
    r"""Clean every string value; anything else is a reject.

    >>> result = clean_values_chunk(ValuesTask(["Hi there\nHi there", None], None, 0,
    ...                                        CleanSpec(("text",), CleanConfig())))
    >>> result.cleaned, result.reasons
    (['Hi there\n', None], [None, 'field is null'])
    """
    spec = task.spec
    cleaned: list[str | None] = []
    reasons: list[str | None] = []
    stats: list[str | None] = []
    explain: list[bytes] = []
    tally = Tally()
    sites = task.sites if task.sites is not None else [None] * len(task.values)
    for number, (value, where) in enumerate(zip(task.values, sites, strict=True), task.first):
        try:
            text = field_text(value)
            result = _analyze(text, where, spec, tally)
        except RecordError as error:
            tally.count_reject(str(error))
            cleaned.append(None)
            reasons.append(str(error))
            stats.append(None)
            if spec.explain:
                explain.append(json_line({"record": number, "rejected": str(error)}))
            continue
        tally.count_page(text, result)
        cleaned.append(result.text)
        reasons.append(None)
        stats.append(json_line(page_stats(text, result)).decode()[:-1] if spec.add_stats else None)
        if spec.explain:
            explain.append(json_line(explain_record(number, result)))
    return ValuesResult(cleaned, reasons, stats, b"".join(explain), tally)
