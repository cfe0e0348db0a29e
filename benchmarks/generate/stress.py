"""Stress pages: real pages run together at scale, worst cases, and input shapes."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from benchmarks.corpus import Page
from benchmarks.generate.pools import Pools

__all__ = [
    "SHAPE_WORDS_PER_LINE",
    "AdversarialCase",
    "adversarial_cases",
    "scaling_page",
    "shape_cases",
]


def scaling_page(pages: Sequence[Page], blocks: int, *, seed: int = 0) -> str:
    """Real scraped pages, run together in a seeded order, cut at ``blocks`` lines.

    Past the corpus's ~56k lines the pages come round again in a new order,
    so pages of 100k blocks repeat whole pages, as a crawl of one site would.
    """
    rng = random.Random(seed)
    out: list[str] = []
    count = 0
    while count < blocks:
        order = list(pages)
        rng.shuffle(order)
        for page in order:
            for line in page.scraped.splitlines():
                out.append(line)
                if line.strip():
                    count += 1
                    if count >= blocks:
                        return "\n".join(out) + "\n"
    return "\n".join(out) + "\n"


@dataclass(frozen=True, slots=True)
class AdversarialCase:
    """A page built to hit a worst case, and how many lines should come out."""

    name: str
    text: str
    expect_lines: int | None
    """Lines the policy keeps; None when any output is fine as long as it is fast."""
    description: str


def adversarial_cases(
    pages: Sequence[Page], *, scale: float = 1.0, seed: int = 0
) -> list[AdversarialCase]:
    """Build the worst cases from the issue; ``scale`` shrinks them for the quick run."""
    rng = random.Random(seed)
    identical = int(100_000 * scale)
    items = int(50_000 * scale)
    numbers = int(20_000 * scale)
    big = int(10_000_000 * scale)
    pool = Pools.from_pages(pages).paragraphs
    giant: list[str] = []
    size = 0
    while size < big:
        giant.append(rng.choice(pool))
        size += len(giant[-1].encode("utf-8")) + 1
    runs: list[str] = []
    for i in range(max(10, int(200 * scale))):
        width = 10_000
        choice = i % 5
        if choice == 0:
            runs.append("." * width)
        elif choice == 1:
            runs.append("&amp;" * (width // 5) + f" word{i}")
        elif choice == 2:
            runs.append(" " * width + f"spaced out line {i}")
        elif choice == 3:
            runs.append("&#8217;&nbsp;" * (width // 13))
        else:
            runs.append("-|- " * (width // 4))
    return [
        AdversarialCase(
            f"{identical:,} identical lines",
            "Continue reading the main story\n" * identical,
            1,
            "one line repeated; one copy stays",
        ),
        AdversarialCase(
            f"{items:,} 'Item N' lines",
            "".join(f"Item {i}\n" for i in range(items)),
            items,
            "every line differs in its number; all stay",
        ),
        AdversarialCase(
            f"one {size / 1e6:.0f} MB line",
            " ".join(giant) + "\n",
            1,
            "a single giant line; it stays",
        ),
        AdversarialCase(
            f"{len(runs)} runs of punctuation, entities, spaces",
            "\n".join(runs) + "\n",
            None,
            "10k-character runs; must not be slow",
        ),
        AdversarialCase(
            f"{numbers:,} lines differing only in numbers",
            "".join(
                f"Shares rose {i % 97}.{i % 9}% to {1000 + i} points on day {i}\n"
                for i in range(numbers)
            ),
            numbers,
            "numbers differ; all stay",
        ),
    ]


# The long line of the last shape has this many words per line of the others,
# so that 64k lines make 1.28M words.
SHAPE_WORDS_PER_LINE = 20


def shape_cases(lines: int) -> list[AdversarialCase]:
    """Build the input shapes that once cost 4x per doubling, at ``lines`` lines.

    Lines that share a fingerprint (first and last words, length) but differ
    inside, and a long line that holds a short one at every word. The names
    do not carry the size, so that runs at several sizes line up.

    >>> [case.expect_lines for case in shape_cases(10)]
    [10, 10, 2]
    """
    words = SHAPE_WORDS_PER_LINE * lines
    return [
        AdversarialCase(
            "truncated lines sharing head and tail",
            "\n".join(
                f"alpha beta gamma x{i} delta epsilon zeta eta thet..." for i in range(lines)
            ),
            lines,
            "no full version on the page; all stay",
        ),
        AdversarialCase(
            "short and long lines sharing head and tail",
            "\n".join(
                f"alpha beta gamma l{i} delta epsilon zeta eta"
                if i % 2
                else f"alpha beta gamma s{i} delta epsilon zeta"
                for i in range(lines)
            ),
            lines,
            "every line says something new; all stay",
        ),
        AdversarialCase(
            "a short line, then one long line of its word",
            "abcd abcd abcd abcd abcd abcd abcd\n" + "abcd " * words,
            2,
            "the short line is no sentence of the long one; both stay",
        ),
    ]
