"""The plan of one file's run, and the check that it did clean something.

A run that cleaned nothing never looks like success: no records, too many
rejects (``max_reject_rate``; by default, every record), or a site profile
that matched no record's site all raise :class:`InputError` before anything
is committed, with a message saying what was wrong and what to pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from dedup.corpus.clean import CleanSpec
from dedup.corpus.errors import InputError
from dedup.corpus.records import Tally

__all__ = ["Progress", "RunPlan", "RunResult", "check_tally"]


class Progress(Protocol):
    """What a run reports as it goes: the input's size once, then work done."""

    def start(self, total_bytes: int | None, label: str) -> None:
        """Begin a file; ``total_bytes`` is None when unknown (stdin, gzip)."""

    def update(self, records: int, nbytes: int) -> None:
        """Count ``records`` more done, standing for ``nbytes`` of input."""


@dataclass(frozen=True, slots=True)
class RunPlan:
    """Everything one file's run needs."""

    input: str
    output: str
    spec: CleanSpec
    input_format: str
    output_format: str
    workers: int = 1
    rejects: str | None = None
    explain: str | None = None
    compression: str | None = None
    max_reject_rate: float | None = None


@dataclass(slots=True)
class RunResult:
    """What a run did."""

    tally: Tally
    input_bytes: int
    rejects_went: str
    """Where rejects went, for the summary: to a file, through, or dropped."""
    notes: list[str] = field(default_factory=list)


def _hint(reason: str, plan: RunPlan) -> str:
    if reason in ("field missing", "field is null", "field is not a string"):
        return f"check that --field {plan.spec.field_name!r} names the text field"
    if reason in ("malformed JSON", "not a JSON object", "not UTF-8", "blank line"):
        return f"check that {plan.input} is JSON Lines, one object per line"
    return "see the rejects with --rejects FILE"


def check_tally(tally: Tally, plan: RunPlan) -> None:
    """Raise InputError when a run cleaned nothing useful; the message says what to do.

    >>> from dedup.config import CleanConfig
    >>> plan = RunPlan("in.jsonl", "out.jsonl", CleanSpec(("txt",), CleanConfig()), "jsonl",
    ...                "jsonl")
    >>> tally = Tally()
    >>> for _ in range(3):
    ...     tally.count_reject("field missing")
    >>> check_tally(tally, plan)
    Traceback (most recent call last):
    ...
    dedup.corpus.errors.InputError: all 3 records of in.jsonl were rejected (3 field missing); \
check that --field 'txt' names the text field, or pass --max-reject-rate 1 to accept it
    """
    if not tally.records:
        raise InputError(f"{plan.input} holds no records; nothing to clean")
    reasons = tally.describe_rejects()
    hint = _hint(tally.reject_reasons.most_common(1)[0][0], plan) if tally.rejected else ""
    limit = plan.max_reject_rate
    if limit is None and tally.rejected == tally.records:
        raise InputError(
            f"all {tally.records:,} records of {plan.input} were rejected ({reasons}); "
            f"{hint}, or pass --max-reject-rate 1 to accept it"
        )
    if limit is not None and tally.rejected > limit * tally.records:
        raise InputError(
            f"{tally.rejected:,} of {tally.records:,} records of {plan.input} were rejected "
            f"({tally.rejected / tally.records:.1%}: {reasons}), over --max-reject-rate "
            f"{limit}; {hint}, or raise --max-reject-rate"
        )
    if plan.spec.hook is not None and tally.cleaned and tally.no_site == tally.cleaned:
        raise InputError(
            f"none of the {tally.cleaned:,} pages of {plan.input} has a site in "
            f"{plan.spec.site_name!r}, so the profile removed nothing. Name the field or column "
            "holding each page's URL or site key with --site-field"
        )
