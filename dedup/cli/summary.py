"""What a command tells the user when it is done: pages, blocks removed, bytes saved."""

from __future__ import annotations

from dedup.cli.options import PROG
from dedup.corpus.records import Tally

__all__ = ["summary"]


def _size(count: float) -> str:
    for unit in ("B", "kB", "MB"):
        if abs(count) < 1000:
            return f"{count:,.0f} {unit}" if unit == "B" else f"{count:,.1f} {unit}"
        count /= 1000
    return f"{count:,.1f} GB"


def summary(tally: Tally, *, elapsed: float, input_bytes: int, rejects: str, command: str) -> str:
    """Say what a run did: pages, blocks removed by reason, bytes saved, throughput.

    >>> from collections import Counter
    >>> tally = Tally(records=3, cleaned=2, rejected=1, blocks=10, text_bytes_in=2000,
    ...               text_bytes_out=1500, removed=Counter(exact=2, truncated=1),
    ...               reject_reasons=Counter({"malformed JSON": 1}))
    >>> print(summary(tally, elapsed=2.0, input_bytes=4_000_000,
    ...               rejects="written through unchanged", command="run"))
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
    reasons = tally.describe_rejects()
    rejected = f"rejected {tally.rejected:,}" + (f" ({reasons}), {rejects}" if reasons else "")
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
