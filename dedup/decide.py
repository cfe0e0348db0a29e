"""Stage 5, decide: which blocks stay, and what covers each removed one.

Blocks with the same key form a group; the first of each group is its
representative. The passes run from whole-line evidence to word-level
evidence, over representatives first:

1. near repeats: the same content words, differing only in function words,
   case, punctuation or spacing;
2. merged lines, which go when finer-grained kept lines tile them end to end;
3. truncated copies, matched to a complete block wherever it stands;
4. contained copies, which go when a longer kept line holds them as whole
   sentences;
5. the other members of each group: adjacent repeats, longer repeats, and
   labels or code lines only next to their twin or inside a repeated run.

A removal always names the block(s) that cover it. A last check follows every
chain of covers; if one does not end at kept blocks, the block is kept. The
passes then run again over the kept blocks until they remove nothing more, so
that cleaning the output changes nothing.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from dedup.blocks import Block, Truncation, find_truncation, skeleton_of
from dedup.candidates import (
    HEAD_TOKENS,
    Haystack,
    LengthIndex,
    StretchIndex,
    group_by,
    sentence_token_starts,
)
from dedup.code_lines import is_code, markdown_structure, reads_as_prose
from dedup.config import CleanConfig
from dedup.patterns import SENTENCE_START, UNSPACED_SCRIPT
from dedup.verify import (
    fragment_contained,
    fuller,
    near_repeat,
    sentence_contained,
    similarity,
    truncation_fits,
    truncation_needle,
)

# An excerpt cut at both ends has no head to look up; each one costs a scan of
# the page, so a page gets at most this many.
_MAX_HEADLESS_CUTS = 32
# How many blocks found inside one block, or sources of one truncated block,
# the candidate search records. Two make a merged line; more add nothing.
_MAX_HELD_PER_BLOCK = 8
# How many earlier blocks of one near-repeat bucket a block is verified
# against. Real pages rarely have more than two in a bucket.
_MAX_NEAR_CANDIDATES = 16
# How many times decide() reruns its passes on the kept blocks. Real pages
# settle after two runs; a page built to need more is cut off here, at the
# cost of idempotence on that page.
_MAX_ROUNDS = 16
# A code block printed twice goes as a run of at least this many lines; the
# run is looked for at the first few copies of its first line, and is cut
# into pieces of at most _MAX_CODE_RUN lines, which bounds the work on a page
# of one line repeated.
_MIN_CODE_RUN = 3
_MAX_RUN_STARTS = 8
_MAX_CODE_RUN = 64
# Likewise a pull quote cut from mid-sentence: long blocks are looked up by a
# scan of the page, the first this many of them in page order.
_MAX_FRAGMENT_SCANS = 64
# How many times its own length in tokens a block's search may copy in vain:
# a stretch that shares a key's fingerprint (first and last words, length)
# but adds no pair costs a copy of the stretch. Real pages waste at most
# one length per block; a line built of near-misses, or holding a long block
# at every sentence, would cost its length times the keys'. Past this the
# block is searched no further: it contains nothing and is no merged line,
# so what it holds stays.
_MAX_MISS_COPIES = 4
# How many truncated blocks one block may be the source of, on one page. Each
# is verified against the whole source line, so a giant line with a teaser of
# every sentence would cost its length per teaser; real pages have two at
# most. Teasers past this keep their other sources, or stay.
_MAX_CUTS_PER_SOURCE = 32
# How many truncated blocks that keep the same whole words are looked up; the
# rest stay. Numbered teasers cut at the same word ("... eta w1...", "... eta
# w2...") would otherwise each be visited from every line holding the words.
_MAX_CUTS_PER_WORDS = 8

__all__ = ["Decision", "Reason", "decide", "score"]


class Reason(str, Enum):
    """Why a block was removed. Each value is also the name used in reports.

    :attr:`meaning` says what each one means, in the sentence reports show.

    >>> Reason.ADJACENT.meaning
    'A repeat of the kept block right before it.'
    """

    EXACT = "exact"
    ADJACENT = "adjacent"
    NEAR = "near"
    TRUNCATED = "truncated"
    CONTAINED = "contained"
    MERGED = "merged"
    RUN = "run"
    BOILERPLATE = "boilerplate"

    def __str__(self) -> str:
        return self.value

    @property
    def meaning(self) -> str:
        """What the reason means: one sentence, the one definition reports show."""
        return _MEANINGS[self]


# Each reason's meaning, kept beside the enum so a new reason cannot ship without one.
_MEANINGS: dict[Reason, str] = {
    Reason.EXACT: "The same text as an earlier block, after folding.",
    Reason.ADJACENT: "A repeat of the kept block right before it.",
    Reason.NEAR: (
        "Differs from an earlier block only in case, punctuation, spacing or function words."
    ),
    Reason.TRUNCATED: "Cut short with ``...`` or ``Read more``; a complete block says it all.",
    Reason.CONTAINED: "A longer kept block holds it word for word.",
    Reason.MERGED: "Several finer-grained kept blocks together say every word of it.",
    Reason.RUN: "A label or code line inside a repeated run of blocks.",
    Reason.BOILERPLATE: "Site chrome: a site profile saw it on many of the site's pages (opt-in).",
}


@dataclass(frozen=True, slots=True)
class Decision:
    """What happens to one block: kept, or removed with its reason and covers."""

    kept: bool = True
    reason: Reason | None = None
    twin: int | None = None
    """The block it was matched with (before following chains)."""
    parts: tuple[int, ...] = ()
    """For a merged line, every block that together covers it."""
    site: str | None = None
    """For boilerplate, the site whose profile removed it."""
    site_pages: int = 0
    """For boilerplate, on how many of the site's pages the profile saw it."""

    @property
    def covers(self) -> tuple[int, ...]:
        """The blocks that cover this one: every part of a merged line, else its twin.

        >>> Decision(kept=False, twin=3).covers, Decision(kept=False, twin=3, parts=(1, 2)).covers
        ((3,), (1, 2))
        """
        return self.parts or (() if self.twin is None else (self.twin,))


KEPT = Decision()
"""The decision for every block that stays (shared: decisions are immutable)."""

# Reasons found by comparing words rather than whole keys. Only these remove a
# group's first block, which can change what the other passes see; a run that
# removed no first block is already a fixed point.
_WORD_REASONS = frozenset({Reason.NEAR, Reason.TRUNCATED, Reason.CONTAINED, Reason.MERGED})


class _Facts:
    """What is known of each block whatever else is on the page, computed once.

    :func:`decide` runs its passes more than once over the same blocks; these
    per-block facts are kept between runs, keyed by block position. The
    object lives for one call; nothing is cached across pages.
    """

    __slots__ = (
        "code",
        "cuts",
        "label_chars",
        "movable",
        "pads",
        "skeletons",
        "sourced",
        "starts",
        "structure",
    )

    def __init__(self, config: CleanConfig, page: Sequence[Block]) -> None:
        self.label_chars = config.label_chars
        # Table headers and code fences of a Markdown page are kept like code.
        self.structure = markdown_structure([block.text for block in page])
        self.movable: dict[int, bool] = {}
        self.pads: dict[int, str] = {}
        self.code: dict[int, bool] = {}
        self.skeletons: dict[int, str] = {}
        self.cuts: dict[int, Truncation | None] = {}
        self.starts: dict[int, list[tuple[int, int]]] = {}
        # How many truncated blocks each block was found a source of, over
        # all runs: _MAX_CUTS_PER_SOURCE holds per page, not per run.
        self.sourced: dict[int, int] = {}

    def is_code(self, block: Block) -> bool:
        code = self.code.get(block.position)
        if code is None:
            code = block.position in self.structure or is_code(block.text)
            self.code[block.position] = code
        return code

    def removable(self, block: Block) -> bool:
        """Whether a block may go as a near, truncated, contained or merged copy.

        Labels and code lines may repeat on purpose; they go only when they
        repeat exactly, next to their twin or inside a repeated run.
        """
        movable = self.movable.get(block.position)
        if movable is None:
            movable = len(block.text) >= self.label_chars and not self.is_code(block)
            self.movable[block.position] = movable
        return movable

    def padded(self, block: Block) -> str:
        """Return the key as one string with a space at each end (`` a b c ``)."""
        pad = self.pads.get(block.position)
        if pad is None:
            pad = self.pads[block.position] = " " + " ".join(block.key) + " "
        return pad

    def skeleton(self, block: Block) -> str:
        skel = self.skeletons.get(block.position)
        if skel is None:
            skel = self.skeletons[block.position] = skeleton_of(block.key)
        return skel

    def cut(self, block: Block) -> Truncation | None:
        if block.position not in self.cuts:
            self.cuts[block.position] = find_truncation(block.text)
        return self.cuts[block.position]

    def sentence_starts(self, block: Block) -> list[tuple[int, int]]:
        """Return ``(offset, token)`` for the block's start and each sentence start."""
        starts = self.starts.get(block.position)
        if starts is None:
            if SENTENCE_START.search(block.prepared) is None:
                starts = [(0, 0)]  # one sentence: no scan needed
            else:
                starts = sentence_token_starts(block.prepared.casefold())
            self.starts[block.position] = starts
        return starts


class _State:
    """Blocks, their groups and the decisions being made, for one page."""

    def __init__(self, blocks: Sequence[Block], config: CleanConfig, facts: _Facts) -> None:
        self.blocks = blocks
        self.config = config
        self.facts = facts
        self.alive = bytearray(b"\x01") * len(blocks)
        self.removed: dict[int, Decision] = {}
        self.word_removals = 0
        groups = group_by(block.key for block in blocks)
        # Blocks with no key (punctuation only) are never repeats.
        groups.pop((), None)
        self.groups: dict[tuple[str, ...], list[int]] = groups  # type: ignore[assignment]
        self.reps: list[int] = [members[0] for members in groups.values()]
        self.rep_of_key = {key: members[0] for key, members in groups.items()}

    def kept(self, index: int) -> bool:
        return self.alive[index] != 0

    def is_label(self, index: int) -> bool:
        return len(self.blocks[index].text) < self.config.label_chars

    def removable(self, index: int) -> bool:
        return self.facts.removable(self.blocks[index])

    def is_code(self, index: int) -> bool:
        return self.facts.is_code(self.blocks[index])

    def remove(
        self,
        index: int,
        reason: Reason,
        twin: int,
        *,
        parts: tuple[int, ...] = (),
    ) -> None:
        # No similarity score here: clean() never reports one, so analyze()
        # computes it for the removals it reports (see score()).
        self.alive[index] = 0
        self.removed[index] = Decision(False, reason, twin, parts)
        if reason in _WORD_REASONS and self.rep_of_key.get(self.blocks[index].key) == index:
            self.word_removals += 1

    def decisions(self) -> list[Decision]:
        removed = self.removed
        return [removed.get(index, KEPT) for index in range(len(self.blocks))]


def _near_pass(state: _State) -> None:
    """Remove near repeats: of two copies, the fuller one stays, else the first.

    Candidates share a skeleton (content words run together); rapidfuzz's
    token-level edit script then confirms that only function words or spacing
    differ.
    """
    for rep, earlier in _near_buckets(state):
        text = state.blocks[rep].text
        for other in earlier:
            if not state.kept(other):
                continue
            other_text = state.blocks[other].text
            if near_repeat(text, other_text, cutoff=state.config.near_ratio):
                # The copy with a word or an emoji the other lacks stays,
                # wherever it stands.
                if fuller(text, other_text) and state.removable(other):
                    state.remove(other, Reason.NEAR, rep)
                else:
                    state.remove(rep, Reason.NEAR, other)
                break


def _near_buckets(state: _State) -> Iterator[tuple[int, list[int]]]:
    """Yield each removable representative with the earlier ones it may repeat.

    Two buckets find them: the skeleton (content words run together) and the
    whole key run together, which also pairs a function word glued to its
    neighbour ("into bed", "intobed").
    """
    buckets: dict[tuple[bool, str], list[int]] = {}
    for rep in state.reps:
        if not state.removable(rep):
            continue
        block = state.blocks[rep]
        skel = state.facts.skeleton(block)
        if not skel:
            continue
        by_skeleton = buckets.setdefault((True, skel), [])
        by_letters = buckets.setdefault((False, "".join(block.key)), [])
        if by_skeleton or by_letters:
            yield rep, sorted({*by_skeleton, *by_letters})
        # A bucket holds the first few blocks only: blocks that share a
        # skeleton yet are not near repeats of each other (a swapped function
        # word) must not make every later one verify against all of them.
        if len(by_skeleton) < _MAX_NEAR_CANDIDATES:
            by_skeleton.append(rep)
        if len(by_letters) < _MAX_NEAR_CANDIDATES:
            by_letters.append(rep)


def _word_reps(state: _State) -> list[int]:
    """List the representatives still kept with enough words to match by words."""
    return [
        rep
        for rep in state.reps
        if state.kept(rep) and not state.is_label(rep) and len(state.blocks[rep].key) >= HEAD_TOKENS
    ]


def _unspaced(block: Block) -> bool:
    """Whether a block holds letters of a script written without spaces."""
    return not block.text.isascii() and UNSPACED_SCRIPT.search(block.text) is not None


class _Pairs:
    """Candidate pairs from one sweep over every sentence start of the page.

    A candidate is found by exact lookups only: at each sentence start of a
    block, for each length that a key starting with the same three words
    has, the stretch of that length is looked up as a whole key. The number
    of lookups per sentence is the number of distinct lengths, which the
    index caps, so shared heads ("Shares rose 5 ...") never pair all
    against all.
    """

    def __init__(self, state: _State, reps: list[int]) -> None:
        max_postings = state.config.max_postings
        self._blocks = state.blocks
        self._sourced = state.facts.sourced
        self.keys: StretchIndex[int] = StretchIndex(max_items=1)
        for rep in reps:
            self.keys.add(state.blocks[rep].key, rep)
        self.lengths = LengthIndex(max_lengths=max_postings)
        self._cut_lengths = LengthIndex(max_lengths=max_postings)
        self._cut_words: StretchIndex[int] = StretchIndex(max_items=_MAX_CUTS_PER_WORDS)
        self.cuts: dict[int, Truncation] = {}
        self.cut_anywhere: list[int] = []
        for rep in reps:
            block = state.blocks[rep]
            self.lengths.add(block.key)
            if not state.removable(rep):
                continue
            cut = state.facts.cut(block)
            if cut is None or _whole_words(cut) < state.config.min_truncated_words:
                continue
            self.cuts[rep] = cut
            if cut.partial_head:
                self.cut_anywhere.append(rep)
            else:
                words = cut.body[: len(cut.body) - cut.partial_tail]
                self._cut_lengths.add(words)
                self._cut_words.add(words, rep)
        # contained[a] lists the blocks with a sentence that starts with a's
        # whole key; truncated[t] lists (block, offset) where a sentence
        # starts with t's whole words. A block in unsearched was searched
        # only in part: what else it holds is unknown, so it holds nothing.
        self.contained: dict[int, list[int]] = {}
        self.truncated: dict[int, list[tuple[int, int]]] = {}
        self.unsearched: set[int] = set()
        self._sweep(state, reps)
        self._reps = reps
        self._haystack: Haystack | None = None
        # fragments[a] lists the longer blocks whose key holds a's key anywhere.
        self.fragments: dict[int, list[int]] = {}
        min_words = state.config.min_fragment_words
        long_reps = [
            r for r in reps if len(state.blocks[r].key) >= min_words and state.removable(r)
        ]
        for rep in long_reps[:_MAX_FRAGMENT_SCANS]:
            block = state.blocks[rep]
            # A pull quote is a small part of its paragraph; a line that only
            # wraps a title ("[Read: <title>]") is not its source. In a script
            # written without spaces the quote is counted in letters and may
            # be up to two thirds of it: Thai marks no sentence end, so a
            # quoted sentence is found only this way, and a paragraph of
            # three sentences often has one longer than the other two.
            least = (3 * len(block.key) + 1) // 2 if _unspaced(block) else 2 * len(block.key)
            found = [
                other
                for other in self.haystack(state).find(state.facts.padded(block))
                if other != rep
                and other not in self.unsearched
                and len(state.blocks[other].key) >= least
            ]
            if found:
                self.fragments[rep] = found

    def haystack(self, state: _State) -> Haystack:
        """Return every candidate key of the page in one string, built once."""
        if self._haystack is None:
            self._haystack = Haystack([state.blocks[r].key for r in self._reps], self._reps)
        return self._haystack

    def _sweep(self, state: _State, reps: list[int]) -> None:
        for rep in reps:
            key = state.blocks[rep].key
            # Two blocks found inside one make it a merged line, which is no
            # container for the contained pass; a few more are enough to know.
            held: list[int] = []
            room = _MAX_MISS_COPIES * len(key)  # tokens it may still copy in vain
            for offset, token in state.facts.sentence_starts(state.blocks[rep]):
                room = self._held_at(rep, key, token, held, room)
                room = self._cuts_at(rep, key, (offset, token), room)
                if room < 0:
                    # The line was searched only in part: it contains nothing.
                    for other in held:
                        self.contained[other].pop()  # rep is last: found in its own sweep
                        if not self.contained[other]:
                            del self.contained[other]
                    self.unsearched.add(rep)
                    break

    def _held_at(
        self, rep: int, key: tuple[str, ...], token: int, held: list[int], room: int
    ) -> int:
        """Record the keys that start at ``key[token]`` as held by ``rep``; return the room left."""
        for size in self.lengths.get(key[token : token + HEAD_TOKENS]):
            if len(held) >= _MAX_HELD_PER_BLOCK or room < 0:
                break
            if size >= len(key) or token + size > len(key):
                continue
            if not self.keys.shares_print(key, token, size):
                continue
            other = self.key_at(key, token, size)
            found = self.contained.get(other, []) if other is not None else []
            if other is None or other == rep or (found and found[-1] == rep):
                room -= size
                continue
            self.contained.setdefault(other, []).append(rep)
            held.append(other)
        return room

    def _cuts_at(self, rep: int, key: tuple[str, ...], start: tuple[int, int], room: int) -> int:
        """Record ``rep`` as a source of the cut blocks whose words start at ``start``.

        ``start`` is ``(offset, token)``; return the room left.
        """
        offset, token = start
        position = self._blocks[rep].position
        sourced = self._sourced.get(position, 0)
        for size in self._cut_lengths.get(key[token : token + HEAD_TOKENS]):
            if sourced >= _MAX_CUTS_PER_SOURCE or room < 0:
                break
            if token + size > len(key) or not self._cut_words.shares_print(key, token, size):
                continue
            before = sourced
            for cut_rep in self._cut_words.get(key, token, size):
                if sourced >= _MAX_CUTS_PER_SOURCE:
                    break
                sources = self.truncated.setdefault(cut_rep, [])
                if cut_rep != rep and len(sources) < _MAX_HELD_PER_BLOCK:
                    sources.append((rep, offset))
                    sourced += 1
            if sourced == before:
                room -= size
        self._sourced[position] = sourced
        return room

    def key_at(self, key: tuple[str, ...], start: int, size: int) -> int | None:
        """Return the block whose whole key is ``key[start:start + size]``, if any."""
        found = self.keys.get(key, start, size)
        return found[0] if found else None


# A word cut at the marker counts towards ``min_truncated_words`` when this
# many letters of it are left ("...win over Alejandro G ..." has three): it
# must still match the start or end of a word of the source.
_CUT_WORD_CHARS = 3


def _whole_words(cut: Truncation) -> int:
    """Count the words a cut keeps: whole ones, and cut ones long enough to tell."""
    ends = {0: cut.partial_head, len(cut.body) - 1: cut.partial_tail}
    return sum(
        not ends.get(at, False) or len(token) >= _CUT_WORD_CHARS
        for at, token in enumerate(cut.body)
    )


def _truncated_pass(state: _State, pairs: _Pairs) -> None:
    """Remove blocks cut short when a complete block on the page says all of them."""
    for rep, cut in pairs.cuts.items():
        if not state.kept(rep):
            continue
        if cut.partial_head:
            if rep not in pairs.cut_anywhere[:_MAX_HEADLESS_CUTS]:
                continue
            found = pairs.haystack(state).find(truncation_needle(cut))
            sources = [(other, -1) for other in found]
        else:
            sources = pairs.truncated.get(rep, [])
        best: int | None = None
        for other, offset in sources:
            if other == rep or not state.kept(other):
                continue
            if offset >= 0 and not truncation_fits(cut, state.blocks[other].text, offset):
                continue
            if state.facts.cut(state.blocks[other]) is None:
                best = other
                break
            # Another cut copy: only if it carries more of the text.
            if best is None and len(state.blocks[other].key) > len(state.blocks[rep].key):
                best = other
        if best is not None:
            state.remove(rep, Reason.TRUNCATED, best)


def _merged_pass(state: _State, pairs: _Pairs, reps: list[int]) -> None:
    """Remove a line that other kept lines say in full: the finer lines stay.

    The line is walked from its start: at each seam the next part is the
    longest kept block whose whole key continues it; a gap of up to two
    tokens may be a short block (a credit, "AFP"). A line made of exactly
    two parts that comes before both stays instead, and the parts go: the
    first copy keeps the reading order. A line of three or more parts (an
    article on one line) always goes.
    """
    for rep in sorted(reps, key=lambda r: (-len(state.blocks[r].key), r)):
        if not state.kept(rep) or state.is_code(rep):
            continue
        key = state.blocks[rep].key
        if len(key) < 2 * HEAD_TOKENS or not pairs.lengths.get(key[:HEAD_TOKENS]):
            continue
        parts = _tile(state, pairs, rep)
        if parts is None:
            continue
        main, fillers = parts
        pieces = tuple(dict.fromkeys(main))
        if len(pieces) < 2:
            continue
        if len(pieces) == 2 and rep < min(pieces) and all(state.removable(p) for p in pieces):
            # A paragraph printed whole, then again as two lines: the first
            # copy stays, so the paragraph keeps its place in the reading
            # order, and its later pieces go as contained copies.
            for piece in pieces:
                state.remove(piece, Reason.CONTAINED, rep)
            continue
        state.remove(rep, Reason.MERGED, main[0], parts=tuple(dict.fromkeys(main + fillers)))


def _tile(state: _State, pairs: _Pairs, whole: int) -> tuple[list[int], list[int]] | None:
    """Cover a key end to end with kept blocks; None if a stretch is left over."""
    key = state.blocks[whole].key
    main: list[int] = []
    fillers: list[int] = []
    position = 0
    wasted = 0
    while position < len(key):
        part = None
        for size in pairs.lengths.get(key[position : position + HEAD_TOKENS]):
            if size < len(key) and position + size <= len(key):
                if not pairs.keys.shares_print(key, position, size):
                    continue
                found = pairs.key_at(key, position, size)
                if found is not None and found != whole and state.kept(found):
                    part = found
                    break  # lengths come longest first
                wasted += size
                if wasted > _MAX_MISS_COPIES * len(key):
                    return None
        if part is not None:
            main.append(part)
            position += len(state.blocks[part].key)
            continue
        for width in (2, 1):
            filler = state.rep_of_key.get(key[position : position + width])
            if filler is not None and state.kept(filler) and position + width <= len(key):
                fillers.append(filler)
                position += width
                break
        else:
            return None
    return main, fillers


def _contained_pass(state: _State, pairs: _Pairs) -> None:
    """Remove a block that a longer kept block holds as whole sentences.

    A container that holds two or more other blocks is a merged line: it goes
    only when they cover it completely (the merged pass), and otherwise
    everything stays, so that a page's fine-grained lines are never folded
    into a line that merely repeats them.
    """
    min_chars = state.config.min_contained_chars
    min_words = state.config.min_fragment_words
    held: dict[int, list[int]] = {}
    for rep, containers in pairs.contained.items():
        text = state.blocks[rep].text
        for container in containers:
            if sentence_contained(text, state.blocks[container].text, min_chars=min_chars):
                held.setdefault(rep, []).append(container)
    for rep, containers in pairs.fragments.items():
        text = state.blocks[rep].text
        already = held.setdefault(rep, [])
        seen = set(already)  # a fragment may sit in every line of the page
        for container in containers:
            if container not in seen and fragment_contained(
                text, state.blocks[container].text, min_chars=min_chars, min_words=min_words
            ):
                already.append(container)
    holders: dict[int, int] = {}
    for containers in held.values():
        for container in containers:
            holders[container] = holders.get(container, 0) + 1
    for rep in sorted(held, key=lambda r: (-len(state.blocks[r].key), r)):
        if not state.kept(rep) or not state.removable(rep):
            continue
        for container in held[rep]:
            if state.kept(container) and holders[container] < 2:
                state.remove(rep, Reason.CONTAINED, container)
                break


def _member_pass(state: _State, members: list[int]) -> bool:
    """Decide the later members of exact groups; return whether any was removed."""
    changed = False
    previous: int | None = None
    alive = state.alive
    cursor = 0
    for index in members:
        # The nearest kept block before this one; removals in this pass only
        # ever happen at the cursor, so one forward sweep stays exact.
        while cursor < index:
            if alive[cursor]:
                previous = cursor
            cursor += 1
        if not alive[index]:
            continue
        block = state.blocks[index]
        if previous is not None and state.blocks[previous].key == block.key:
            if not state.is_code(index):
                state.remove(index, Reason.ADJACENT, previous)
                changed = True
            continue
        if state.is_label(index) or state.is_code(index):
            continue
        rep = state.rep_of_key[block.key]
        if rep != index and state.blocks[rep].text == block.text:
            state.remove(index, Reason.EXACT, rep)
            changed = True
        elif rep != index:
            state.remove(index, Reason.NEAR, rep)
            changed = True
    return changed


def _run_twin(state: _State, index: int, neighbour: int, direction: int) -> int | None:
    """Find an earlier copy of ``index`` sitting next to the copy that ``neighbour`` repeats."""
    decision = state.removed.get(neighbour)
    if decision is None or decision.twin is None:
        return None
    anchor = decision.twin
    gap = state.config.run_gap
    # The copy must sit within ``gap`` blocks after (or before) the anchor;
    # members are in page order, so bisect finds that window directly.
    low, high = (anchor + 1, anchor + gap) if direction > 0 else (anchor - gap, anchor - 1)
    members = state.groups[state.blocks[index].key]
    for position in range(bisect_left(members, low), len(members)):
        member = members[position]
        if member > high or member >= index:
            break
        if state.kept(member):
            return member
    return None


def _code_block_pass(state: _State, members: list[int]) -> bool:
    """Remove a block of code printed again, line for line, after its first copy.

    Code lines repeat on purpose one by one, so a block goes only as a run:
    at least ``_MIN_CODE_RUN`` consecutive lines with the same folded text
    as an earlier run, two of them with words. Both copies must be whole
    blocks, with text or the page's edge on either side: a tutorial that
    prints a query and later the same query extended keeps both, since the
    second would not run without its first lines. Each line names the line
    of the first copy it repeats.
    """
    changed = False
    blocks = state.blocks
    for index in members:
        if not state.kept(index) or not state.is_code(index):
            continue
        for twin in state.groups[blocks[index].key][:_MAX_RUN_STARTS]:
            if twin >= index:
                break
            length = 0
            while (
                length < _MAX_CODE_RUN
                and twin + length < index
                and index + length < len(blocks)
                and blocks[index + length].text == blocks[twin + length].text
            ):
                length += 1
            worded = sum(len(blocks[index + k].key) >= 2 for k in range(length))
            whole = all(
                _block_edge(state, before, after)
                for before, after in ((twin - 1, twin), (twin + length - 1, twin + length))
            ) and all(
                _block_edge(state, before, after)
                for before, after in ((index - 1, index), (index + length - 1, index + length))
            )
            if length >= _MIN_CODE_RUN and worded >= 2 and whole:
                for k in range(length):
                    if state.kept(index + k):
                        state.remove(index + k, Reason.RUN, twin + k)
                changed = True
                break
    return changed


def _block_edge(state: _State, before: int, after: int) -> bool:
    """Whether a code block may end between two neighbouring blocks.

    It may at the page's edge, at a blank line, or next to a line that reads
    as prose; a command's output or the next clause of a query is part of it.
    """
    if before < 0 or after >= len(state.blocks) or state.blocks[after].blank_before:
        return True
    return any(
        not state.is_code(i) and reads_as_prose(state.blocks[i].text) for i in (before, after)
    )


def _run_pass(state: _State, members: list[int]) -> bool:
    """Remove labels and code lines that sit inside a repeated run."""
    changed = False
    last = len(state.blocks) - 1
    for order in (members, members[::-1]):
        for index in order:
            if not state.kept(index):
                continue
            twin = None
            if index > 0:
                twin = _run_twin(state, index, index - 1, +1)
            if twin is None and index < last:
                twin = _run_twin(state, index, index + 1, -1)
            if twin is not None:
                state.remove(index, Reason.RUN, twin)
                changed = True
    return changed


def _ends_at_kept(decisions: list[Decision], index: int, memo: dict[int, bool]) -> bool:
    """Whether every chain of covers from ``index`` ends at kept blocks."""
    stack = [index]
    visiting: set[int] = set()
    while stack:
        current = stack[-1]
        if current in memo:
            stack.pop()
            continue
        decision = decisions[current]
        if decision.kept:
            memo[current] = True
            stack.pop()
            continue
        covers = decision.parts or ((decision.twin,) if decision.twin is not None else ())
        pending = [c for c in covers if c not in memo]
        if decision.reason is Reason.BOILERPLATE:
            # The caller's site profile vouches for it; nothing on the page does.
            memo[current] = True
            stack.pop()
        elif not covers:
            memo[current] = False
            stack.pop()
        elif pending:
            if current in visiting:
                memo[current] = False  # a cycle: nothing in it is covered
                stack.pop()
                continue
            visiting.add(current)
            stack.extend(pending)
        else:
            memo[current] = all(memo[c] for c in covers)
            stack.pop()
    return memo[index]


def _keep_uncovered(decisions: list[Decision]) -> None:
    """Restore any removed block whose covers do not end at kept blocks."""
    while True:
        memo: dict[int, bool] = {}
        broken = [
            i
            for i, d in enumerate(decisions)
            if not d.kept and not _ends_at_kept(decisions, i, memo)
        ]
        if not broken:
            return
        for index in broken:
            decisions[index] = KEPT


def score(blocks: Sequence[Block], index: int, decision: Decision) -> float | None:
    """Return how alike a removed block and the block it matched are, 0 to 100.

    Truncated and contained copies are scored against the best-matching
    stretch of their source; merged lines and boilerplate score 100. Kept
    blocks have no score.

    >>> from dedup.blocks import split_blocks
    >>> lines = ["Storm hits the coast tonight", "Storm hits the coast tonight"]
    >>> blocks = split_blocks(lines, lines)
    >>> score(blocks, 1, decide(blocks, CleanConfig())[1])
    100.0
    """
    if decision.kept:
        return None
    if decision.twin is None or decision.reason is Reason.MERGED:
        return 100.0
    partial = decision.reason in (Reason.TRUNCATED, Reason.CONTAINED)
    return similarity(blocks[index].text, blocks[decision.twin].text, partial=partial)


def decide(
    blocks: Sequence[Block],
    config: CleanConfig,
    *,
    preset: Mapping[int, Decision] | None = None,
) -> list[Decision]:
    """Decide every block's fate; removed blocks name what covers them.

    The passes are run again on the blocks that stay until they remove
    nothing more. Removing a block can make another removable (a container
    that held two blocks holds one), and cleaning the output must change
    nothing, so the result is this fixed point. Pages almost always reach it
    on the second run.

    ``preset`` holds decisions made before the page is looked at (boilerplate
    found by a site profile); those blocks are set aside and the passes run
    on the rest.

    >>> from dedup.blocks import split_blocks
    >>> lines = ["A caption long enough to be content", "A caption long enough to be content"]
    >>> [d.reason for d in decide(split_blocks(lines, lines), CleanConfig())]
    [None, <Reason.ADJACENT: 'adjacent'>]
    """
    facts = _Facts(config, blocks)
    if preset:
        decisions = [preset.get(index, KEPT) for index in range(len(blocks))]
        kept = [index for index, decision in enumerate(decisions) if decision.kept]
    else:
        decisions = [KEPT] * len(blocks)
        kept = list(range(len(blocks)))
    for _ in range(_MAX_ROUNDS):
        if not kept:
            break
        again, word_removals = _decide_once([blocks[i] for i in kept], config, facts)
        for position, decision in enumerate(again):
            if decision.kept:
                continue
            # Map the sub-page's positions back onto the page.
            decisions[kept[position]] = Decision(
                False,
                decision.reason,
                None if decision.twin is None else kept[decision.twin],
                tuple(kept[part] for part in decision.parts),
            )
        if not word_removals:
            break
        kept = [i for i in kept if decisions[i].kept]
    return decisions


def _decide_once(
    blocks: Sequence[Block], config: CleanConfig, facts: _Facts
) -> tuple[list[Decision], int]:
    """Run every pass once over ``blocks``; also say how many word-level removals it made."""
    state = _State(blocks, config, facts)
    _near_pass(state)
    reps = _word_reps(state)
    if reps:
        pairs = _Pairs(state, reps)
        _merged_pass(state, pairs, reps)
        _truncated_pass(state, pairs)
        _contained_pass(state, pairs)
    members = [i for group in state.groups.values() for i in group[1:]]
    members.sort()
    while True:
        changed = _member_pass(state, members)
        changed = _code_block_pass(state, members) or changed
        changed = _run_pass(state, members) or changed
        if not changed:
            break
    decisions = state.decisions()
    _keep_uncovered(decisions)
    return decisions, state.word_removals


def candidate_pairs(blocks: Sequence[Block], config: CleanConfig) -> set[tuple[str, int, int]]:
    """List every pair the candidate search proposes, before any verification.

    Each pair is ``(kind, block, other)`` with kind ``near``, ``truncated`` or
    ``contained``; blocks are representatives (first of their exact key).
    This is what the decision passes verify; the tests compare it with an
    all-pairs reference to show that the search misses nothing.

    >>> from dedup.blocks import split_blocks
    >>> lines = ["The storm hit the coast early on Monday.", "The storm hit the coast early..."]
    >>> sorted(candidate_pairs(split_blocks(lines, lines), CleanConfig()))
    [('contained', 1, 0), ('truncated', 1, 0)]
    """
    state = _State(blocks, config, _Facts(config, blocks))
    found: set[tuple[str, int, int]] = set()
    for rep, earlier in _near_buckets(state):
        found.update(("near", rep, other) for other in earlier)
    reps = _word_reps(state)
    if not reps:
        return found
    pairs = _Pairs(state, reps)
    for rep, containers in pairs.contained.items():
        found.update(("contained", rep, container) for container in containers)
    for rep, containers in pairs.fragments.items():
        found.update(("contained", rep, container) for container in containers)
    for rep, sources in pairs.truncated.items():
        found.update(("truncated", rep, source) for source, _ in sources)
    for rep in pairs.cut_anywhere[:_MAX_HEADLESS_CUTS]:
        needle = truncation_needle(pairs.cuts[rep])
        found.update(("truncated", rep, source) for source in pairs.haystack(state).find(needle))
    return found
