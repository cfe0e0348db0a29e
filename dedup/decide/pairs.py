"""Word-level candidates: blocks held inside others, truncated blocks and their sources."""

from __future__ import annotations

from dedup.blocks import Block, Truncation
from dedup.candidates import (
    HEAD_TOKENS,
    Haystack,
    LengthIndex,
    StretchIndex,
)
from dedup.decide.state import _State
from dedup.patterns.keys import UNSPACED_SCRIPT

# An excerpt cut at both ends has no head to look up; each one costs a scan of
# the page, so a page gets at most this many.
_MAX_HEADLESS_CUTS = 32


# How many blocks found inside one block, or sources of one truncated block,
# the candidate search records. Two make a merged line; more add nothing.
_MAX_HELD_PER_BLOCK = 8


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
# many letters of it are left ("...ince Syria's confl..." has two such words): it
# must still match the start or end of a word of the source.
_CUT_WORD_CHARS = 3


def _whole_words(cut: Truncation) -> int:
    """Count the words a cut keeps: whole ones, and cut ones long enough to tell."""
    ends = {0: cut.partial_head, len(cut.body) - 1: cut.partial_tail}
    return sum(
        not ends.get(at, False) or len(token) >= _CUT_WORD_CHARS
        for at, token in enumerate(cut.body)
    )
