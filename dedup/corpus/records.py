"""A record's fate: counted, explained, rejected with its number and reason, or stats added.

Every line this package writes about a record (an explain line, a reject, the
stats added to a record) is built here, so each has one shape.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

from dedup.analysis import Analysis

__all__ = [
    "RecordError",
    "Tally",
    "explain_record",
    "field_text",
    "json_line",
    "page_stats",
    "reject_line",
]


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
        self.text_bytes_in += _utf8_len(text)
        self.text_bytes_out += _utf8_len(result.text)
        self.removed.update(str(block.reason) for block in result.removed)

    def count_reject(self, reason: str) -> None:
        """Count one record that could not be cleaned."""
        self.records += 1
        self.rejected += 1
        self.reject_reasons[reason] += 1

    def describe_rejects(self, *, by_name: bool = False) -> str:
        """List the reject reasons with their counts: most common first, or by name.

        >>> tally = Tally(reject_reasons=Counter({"blank line": 1, "malformed JSON": 2}))
        >>> tally.describe_rejects(), tally.describe_rejects(by_name=True)
        ('2 malformed JSON, 1 blank line', '1 blank line, 2 malformed JSON')
        """
        reasons = self.reject_reasons
        ordered = sorted(reasons.items()) if by_name else reasons.most_common()
        return ", ".join(f"{n:,} {reason}" for reason, n in ordered)

    def as_dict(self) -> dict[str, object]:
        """Return the counts as plain JSON values, for ``--stats``.

        >>> Tally(records=1, rejected=1).as_dict()["rejected"]
        1
        """
        return {
            "records": self.records,
            "cleaned": self.cleaned,
            "rejected": self.rejected,
            "reject_reasons": dict(self.reject_reasons.most_common()),
            "blocks": self.blocks,
            "removed": sum(self.removed.values()),
            "removed_by_reason": dict(self.removed.most_common()),
            "text_bytes_in": self.text_bytes_in,
            "text_bytes_out": self.text_bytes_out,
            "bytes_saved": self.text_bytes_in - self.text_bytes_out,
            "no_site": self.no_site,
        }


def _utf8_len(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def field_text(value: object) -> str:
    """Return the value of a record's text field; raise RecordError unless it is a string.

    >>> field_text("Hi")
    'Hi'
    >>> field_text(None)
    Traceback (most recent call last):
    ...
    dedup.corpus.records.RecordError: field is null
    >>> field_text(3)
    Traceback (most recent call last):
    ...
    dedup.corpus.records.RecordError: field is not a string
    """
    if not isinstance(value, str):
        raise RecordError("field is null" if value is None else "field is not a string")
    return value


def page_stats(text: str, result: Analysis) -> dict[str, object]:
    r"""Return what ``--add-stats`` writes into a record: blocks, kept, removed by reason, bytes.

    >>> from dedup.analysis import analyze
    >>> page = "A caption printed twice here\nA caption printed twice here\n"
    >>> page_stats(page, analyze(page))
    {'blocks': 2, 'kept': 1, 'removed_by_reason': {'adjacent': 1}, 'bytes_saved': 29}
    """
    removed = Counter(str(block.reason) for block in result.removed)
    return {
        "blocks": len(result.blocks),
        "kept": len(result.blocks) - len(result.removed),
        "removed_by_reason": dict(sorted(removed.items())),
        "bytes_saved": _utf8_len(text) - _utf8_len(result.text),
    }


def explain_record(record: int, result: Analysis) -> dict[str, object]:
    r"""Describe, for audit, every block removed from one page and what covers it.

    Blocks are named by input line, numbered from 1 as an editor numbers them,
    with the names :class:`~dedup.analysis.BlockReport` uses. Every removal
    has the same keys; ``site`` and ``site_pages`` are set for site
    boilerplate only, which has no covering line on the page.

    >>> from dedup.analysis import analyze
    >>> page = "A caption that is printed twice\nA caption that is printed twice\n"
    >>> [removed] = explain_record(7, analyze(page))["removed"]  # type: ignore[misc]
    >>> removed["reason"], removed["line"], removed["covered_by_line"], removed["covered_by_text"]
    ('adjacent', 2, 1, 'A caption that is printed twice')
    """
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
        "blocks": len(result.blocks),
        "kept": len(result.blocks) - len(removed),
        "removed": removed,
    }


def json_line(value: object) -> bytes:
    r"""Serialise one value as a UTF-8 JSON line; lone surrogates are escaped.

    >>> json_line({"a": "é"}), json_line("\ud800")
    (b'{"a": "\xc3\xa9"}\n', b'"\\ud800"\n')
    """
    text = json.dumps(value, ensure_ascii=False, default=str)
    try:
        return text.encode("utf-8") + b"\n"
    except UnicodeEncodeError:
        # Lone surrogates (from "\ud800" escapes) cannot be UTF-8: escape them.
        return json.dumps(value, default=str).encode("ascii") + b"\n"


def reject_line(record: int, reason: str, original: bytes | dict[str, object]) -> bytes:
    r"""One reject as a JSON line: its record number (from 0), its reason, and the record.

    A JSONL record is kept as its line of text (it may not even be JSON); a
    Parquet row as an object of its columns.

    >>> reject_line(3, "field missing", b'{"id": 3}\n')
    b'{"record": 3, "reason": "field missing", "line": "{\\"id\\": 3}"}\n'
    >>> reject_line(4, "field is null", {"id": 4, "text": None})
    b'{"record": 4, "reason": "field is null", "row": {"id": 4, "text": null}}\n'
    """
    if isinstance(original, bytes):
        text = original.rstrip(b"\r\n").decode("utf-8", "surrogateescape")
        return json_line({"record": record, "reason": reason, "line": text})
    return json_line({"record": record, "reason": reason, "row": original})
