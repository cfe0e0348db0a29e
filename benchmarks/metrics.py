"""Quality metrics: what a cleaner lost, what it left, and what it removed.

Every comparison is on lines after :func:`dedup.normalize` and whitespace
collapse, so a cleaner is not charged for folding quotes or spaces.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import dedup
from dedup.blocks import matching_key

__all__ = [
    "LabelledBlock",
    "LabelledQuality",
    "RealQuality",
    "TwinViolation",
    "labelled_quality",
    "norm_lines",
    "real_quality",
    "real_quality_lines",
    "skeleton",
    "twin_violations",
]

# Shorter gold lines are captions, bylines and labels; the policy lets a label
# repeated next to itself go, so only paragraphs count as content here.
MIN_PARAGRAPH_CHARS = 30
# A truncated line is only a residue when enough of it is left to be sure what
# it truncates.
MIN_TRUNCATED_PREFIX = 15

# Ellipsis markers after normalize(): "…" is already "...".
_TRUNCATION_MARKER = re.compile(r"(?:\[\s*\.{3,}\s*\]|\.{3,})$")
# The end of a teaser: "... Read more", "[...]", "... more", "(more)".
_TEASER_TAIL = re.compile(
    r"(?:\s*(?:\[\s*\.{3,}\s*\]|\(\s*\.{3,}\s*\)|\.{3,}))?"
    r"(?:\s*(?:(?:read|see|show|view)\s+more|more|continue\s+reading|\(more\)))?"
    r"[\s.>\u00bb]*$",
    re.IGNORECASE,
)
_LOOKS_CUT = re.compile(r"(?:\.{3}|\bmore)\W*$", re.IGNORECASE)
_TEASER_HEAD = re.compile(r"^(?:\[\s*\.{3,}\s*\]|\.{3,})\s*")

# Words a near repeat may drop ("the", "a", "also" ...). A copy of the core's
# list at the time of writing, kept here so that the check stays independent.
FUNCTION_WORDS = frozenset(
    """
    a an the and or but nor so yet also too very just only even still then
    of in on at to for from by with about as into onto over under after before
    between through during without within upon via per
    is are was were be been being am do does did has have had having
    will would shall should can could may might must
    it its it's this that these those there here
    he she they we you i me him her them us my your his their our
    which who whom whose what when where while than
    not no
    s t
    """.split()
)


def skeleton(key: tuple[str, ...]) -> str:
    """Return a key's content words run together: what spacing and function words leave.

    >>> skeleton(("the", "e", "mail", "was", "sent"))
    'emailsent'
    """
    return "".join(token for token in key if token not in FUNCTION_WORDS)


def norm_line(line: str) -> str:
    """Fold one line and collapse its whitespace.

    >>> norm_line("  It’s\u00a0 here  ")
    "It's here"
    """
    return " ".join(dedup.normalize(line).split())


def norm_lines(text: str) -> list[str]:
    """Return the non-empty lines of ``text``, folded, whitespace collapsed.

    >>> norm_lines("a\\n\\n  b  c \\n")
    ['a', 'b c']
    """
    return [
        line for line in (" ".join(x.split()) for x in dedup.normalize(text).split("\n")) if line
    ]


@dataclass(slots=True)
class RealQuality:
    """Residue and loss on real pages, summed over pages."""

    pages: int = 0
    blocks_in: int = 0
    blocks_out: int = 0
    gold_paragraphs: int = 0
    gold_lost: int = 0
    gold_lost_inside: int = 0
    """Of the gold paragraphs lost, those whose words still stand, in order,
    inside a longer output line (removed as contained or merged)."""
    gold_repeats_collapsed: int = 0
    repeats_left: int = 0
    truncated_left: int = 0
    lost_examples: list[str] = field(default_factory=list)

    def add(self, other: RealQuality) -> None:
        """Add another page's (or corpus's) counts to these."""
        self.pages += other.pages
        self.blocks_in += other.blocks_in
        self.blocks_out += other.blocks_out
        self.gold_paragraphs += other.gold_paragraphs
        self.gold_lost += other.gold_lost
        self.gold_lost_inside += other.gold_lost_inside
        self.gold_repeats_collapsed += other.gold_repeats_collapsed
        self.repeats_left += other.repeats_left
        self.truncated_left += other.truncated_left
        self.lost_examples.extend(other.lost_examples)


def _truncated_beside_full(lines: Sequence[str]) -> int:
    cut = []
    for line in lines:
        marker = _TRUNCATION_MARKER.search(line)
        if marker is None:
            continue
        prefix = line[: marker.start()].rstrip()
        if len(prefix) >= MIN_TRUNCATED_PREFIX:
            cut.append((line, prefix))
    if not cut:
        return 0
    found = 0
    for line, prefix in cut:
        if any(other != line and other.startswith(prefix) for other in lines):
            found += 1
    return found


def real_quality(page_id: str, scraped: str, gold: str, output: str) -> RealQuality:
    """Measure one cleaned page against its scraped text and its gold.

    >>> q = real_quality("p", "Menu\\nA paragraph of real content, long enough\\nMenu\\n",
    ...                  "A paragraph of real content, long enough\\n", "Menu\\n")
    >>> q.gold_lost, q.gold_paragraphs
    (1, 1)
    """
    return real_quality_lines(page_id, norm_lines(scraped), norm_lines(gold), norm_lines(output))


def real_quality_lines(
    page_id: str, scraped_lines: list[str], gold_lines: list[str], out_lines: list[str]
) -> RealQuality:
    """Like :func:`real_quality`, on lines already passed through :func:`norm_lines`."""
    in_scraped = Counter(scraped_lines)
    in_gold = Counter(gold_lines)
    in_out = Counter(out_lines)
    # A near repeat differs only in case or punctuation, so the copy that stays
    # may not be the gold's spelling ("Sharing with a developer" for the gold's
    # "Sharing with a developer¶"): an output line with the same matching key
    # says the same thing.
    out_by_key = Counter(" ".join(matching_key(x)) for x in out_lines)
    result = RealQuality(pages=1, blocks_in=len(scraped_lines), blocks_out=len(out_lines))
    out_keys: list[str] | None = None
    for line, gold_count in in_gold.items():
        if len(line) < MIN_PARAGRAPH_CHARS or line not in in_scraped:
            continue
        result.gold_paragraphs += 1
        out_count = in_out.get(line, 0) or out_by_key.get(" ".join(matching_key(line)), 0)
        if out_count == 0:
            result.gold_lost += 1
            if out_keys is None:
                out_keys = [" " + " ".join(matching_key(x)) + " " for x in out_lines]
            needle = " " + " ".join(matching_key(line)) + " "
            inside = needle.strip() != "" and any(needle in other for other in out_keys)
            result.gold_lost_inside += inside
            where = " (inside a kept line)" if inside else ""
            result.lost_examples.append(f"{page_id}: {line[:100]}{where}")
        if out_count < min(gold_count, in_scraped[line]):
            result.gold_repeats_collapsed += 1
    for line, out_count in in_out.items():
        if len(line) >= MIN_PARAGRAPH_CHARS and out_count > 1:
            result.repeats_left += max(0, out_count - max(1, in_gold.get(line, 0)))
    result.truncated_left = _truncated_beside_full(out_lines)
    return result


@dataclass(frozen=True, slots=True)
class TwinViolation:
    """A removed block whose covers do not say what it said."""

    line: int
    """The block's input line, from 1, as :class:`dedup.BlockReport` names it."""
    reason: str
    text: str
    problem: str

    def describe(self, page_id: str) -> str:
        """Say what went wrong on which line of ``page_id``, in one line of text.

        >>> TwinViolation(3, "repeat", "Read more", "no covering block").describe("a/b")
        'a/b line 3 [repeat] no covering block: Read more'
        """
        return f"{page_id} line {self.line} [{self.reason}] {self.problem}: {self.text[:80]}"


def _teaser_body(text: str) -> tuple[str, bool]:
    """Cut a truncated line's markers off; say whether its head was cut too."""
    body = _TEASER_TAIL.sub("", text)
    head = _TEASER_HEAD.match(body)
    if head is None:
        return body, False
    return body[head.end() :], True


def twin_violations(analysis: dedup.Analysis) -> list[TwinViolation]:
    """Check every removal of an analysis against a simple, independent rule.

    A removed block must name kept covers, and every token of its matching key
    must occur among its covers' tokens. Function words may be missing (a near
    repeat may drop one), a token may sit inside a cover's word run together
    (``e mail`` in ``email``), and a truncated copy's last token may be cut
    mid-word (its first, too, when it starts with an ellipsis).

    >>> twin_violations(dedup.analyze("A caption long enough here\\nA caption long enough here"))
    []
    """
    problems: list[TwinViolation] = []
    for block in analysis.removed:
        reason = str(block.reason)

        def fail(problem: str, block: dedup.BlockReport = block, reason: str = reason) -> None:
            problems.append(TwinViolation(block.line, reason, block.normalized, problem))

        covers = [analysis.at_line(line) for line in block.covered_by_lines]
        if block.covered_by_line is None or not covers:
            fail("no covering block")
            continue
        if any(not cover.kept for cover in covers):
            fail("a covering block is not kept")
            continue
        cover_tokens: set[str] = set()
        for cover in covers:
            cover_tokens.update(matching_key(cover.normalized))
        run_together = "".join("".join(matching_key(cover.normalized)) for cover in covers)
        # A copy of a teaser ("... more") may be removed as an exact repeat
        # whose chain ends at the full text, so markers are cut whatever the reason.
        text, partial_head = _teaser_body(block.normalized)
        truncated = _LOOKS_CUT.search(block.normalized) is not None
        key = matching_key(text)
        missing = []
        for position, token in enumerate(key):
            if token in cover_tokens or token in FUNCTION_WORDS:
                continue
            cut_tail = truncated and position == len(key) - 1
            if cut_tail and any(t.startswith(token) for t in cover_tokens):
                continue
            cut_head = truncated and partial_head and position == 0
            if cut_head and any(t.endswith(token) for t in cover_tokens):
                continue
            if token in run_together:
                continue
            missing.append(token)
        if missing:
            fail("tokens not in covers: " + " ".join(missing[:8]))
    return problems


@dataclass(frozen=True, slots=True)
class LabelledBlock:
    """One block of a generated page, and what the policy says should happen to it."""

    text: str
    remove: bool
    kind: str
    """The repeat kind for a removal, or ``unique`` / a hard-negative kind."""


@dataclass(slots=True)
class LabelledQuality:
    """Removals on labelled pages, against the gold known by construction."""

    pages: int = 0
    blocks: int = 0
    should_remove: int = 0
    removed: int = 0
    true_removed: int = 0
    unique_lost: int = 0
    """Kept-labelled blocks whose words no longer appear in the output."""
    kept_inside: int = 0
    """Kept-labelled blocks removed although their words stay, inside a line the
    gold removes (a merged line kept instead of its parts): no content lost,
    but the wrong copy stayed."""
    hard_negatives: int = 0
    hard_negatives_lost: int = 0
    per_kind_total: Counter[str] = field(default_factory=Counter)
    per_kind_hit: Counter[str] = field(default_factory=Counter)
    """For a repeat kind: copies removed. For a kept kind: blocks lost."""
    lost_examples: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """Share of removals that the gold asks for (1.0 when nothing was removed)."""
        return self.true_removed / self.removed if self.removed else 1.0

    @property
    def recall(self) -> float:
        """Share of the gold's removals that were made."""
        return self.true_removed / self.should_remove if self.should_remove else 1.0

    def add(self, other: LabelledQuality) -> None:
        """Add another page's counts to these."""
        self.pages += other.pages
        self.blocks += other.blocks
        self.should_remove += other.should_remove
        self.removed += other.removed
        self.true_removed += other.true_removed
        self.unique_lost += other.unique_lost
        self.kept_inside += other.kept_inside
        self.hard_negatives += other.hard_negatives
        self.hard_negatives_lost += other.hard_negatives_lost
        self.per_kind_total.update(other.per_kind_total)
        self.per_kind_hit.update(other.per_kind_hit)
        self.lost_examples.extend(other.lost_examples)


def labelled_quality(
    page_id: str, blocks: Iterable[LabelledBlock], output: str, *, unique_kind: str = "unique"
) -> LabelledQuality:
    """Score one cleaned labelled page by counting each distinct line.

    Copies of one text are interchangeable, so for every distinct (normalised)
    line the gold gives how many copies stay and how many go; the output gives
    how many stayed. Fewer than the gold keeps is content lost; more is a
    missed removal.

    >>> blocks = [LabelledBlock("Same line of text here", False, "unique"),
    ...           LabelledBlock("Same line of text here", True, "adjacent")]
    >>> q = labelled_quality("p", blocks, "Same line of text here\\n")
    >>> q.recall, q.precision, q.unique_lost
    (1.0, 1.0, 0)
    """
    keep: dict[str, list[str]] = {}
    drop: dict[str, list[str]] = {}
    result = LabelledQuality(pages=1)
    for block in blocks:
        line = norm_line(block.text)
        if not line:
            continue
        result.blocks += 1
        (drop if block.remove else keep).setdefault(line, []).append(block.kind)
        result.per_kind_total[block.kind] += 1
        if block.remove:
            result.should_remove += 1
        elif block.kind != unique_kind:
            result.hard_negatives += 1
    out_lines = norm_lines(output)
    got = Counter(out_lines)
    out_keys: list[str] | None = None
    for line in keep.keys() | drop.keys():
        kept_kinds = keep.get(line, [])
        drop_kinds = drop.get(line, [])
        stayed = got.get(line, 0)
        removed = max(0, len(kept_kinds) + len(drop_kinds) - stayed)
        hits = min(removed, len(drop_kinds))
        result.removed += removed
        result.true_removed += hits
        for kind in drop_kinds[:hits]:
            result.per_kind_hit[kind] += 1
        lost = max(0, len(kept_kinds) - stayed)
        if not lost:
            continue
        # Hard negatives first: when a hard negative and a unique block share
        # a text, losing either is losing the hard negative's point.
        ordered = sorted(kept_kinds, key=lambda kind: kind == unique_kind)
        key = matching_key(line)
        if ordered[0] == unique_kind and len(key) >= 3:
            if out_keys is None:
                out_keys = [" " + " ".join(matching_key(x)) + " " for x in out_lines]
            needle = " " + " ".join(key) + " "
            if any(needle in other for other in out_keys):
                result.kept_inside += lost
                continue
        result.unique_lost += lost
        for kind in ordered[:lost]:
            result.per_kind_hit[kind] += 1
            if kind != unique_kind:
                result.hard_negatives_lost += 1
        result.lost_examples.append(f"{page_id}: [{ordered[0]}] {line[:100]}")
    return result
