"""Stage 3, candidates: find which blocks might repeat which, without all pairs.

Every index here is a hash table filled in one pass, and every lookup is one
hash probe, so a page costs time linear in its size:

* exact keys group blocks that say the same thing after folding;
* skeletons group blocks that differ only in spacing or function words;
* *heads*, the first three key tokens of a block, find which blocks start
  where a sentence of another block starts. A truncated teaser, a pull quote
  and a subtitle all repeat whole sentences from their start, so looking up
  the head of every sentence of every block finds them; a merged line is
  walked from its start, looking up the head at each seam.

A head shared by more than ``max_postings`` blocks is too common to search
by ("Item 1", "Item 2", ...): lookups skip it, and the blocks it would have
paired are kept. Bounding the postings bounds the work on adversarial pages.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice

from dedup.patterns import SENTENCE_START, TOKEN

__all__ = [
    "HEAD_TOKENS",
    "Haystack",
    "HeadIndex",
    "group_by",
    "sentence_heads",
    "sentence_starts",
    "tokens_at",
]

# How many leading tokens make a head. Three words rarely start two unrelated
# sentences on one page, and a block needs at least three to be matched.
HEAD_TOKENS = 3


def group_by(keys: Iterable[object]) -> dict[object, list[int]]:
    """Group positions by an exact, hashable key, in first-seen order.

    >>> group_by(["a", "b", "a"])
    {'a': [0, 2], 'b': [1]}
    """
    groups: dict[object, list[int]] = {}
    for position, key in enumerate(keys):
        groups.setdefault(key, []).append(position)
    return groups


def sentence_starts(prepared: str) -> list[int]:
    """Offsets where the text and each sentence in it start.

    >>> sentence_starts("one two. three four! five")
    [0, 9, 21]
    """
    return [0, *(match.end() for match in SENTENCE_START.finditer(prepared))]


def tokens_at(prepared: str, start: int, count: int) -> tuple[str, ...]:
    """Return the first ``count`` key tokens from offset ``start`` of a prepared text.

    >>> tokens_at("one two. three four", 9, 5)
    ('three', 'four')
    """
    # Most heads lie in the first few dozen characters; look there first.
    window = 32 * count
    tokens = TOKEN.findall(prepared, start, start + window)
    if len(tokens) > count or start + window >= len(prepared):
        return tuple(tokens[:count])
    found: Iterator[str] = (m.group() for m in TOKEN.finditer(prepared, start))
    return tuple(islice(found, count))


def sentence_heads(prepared: str) -> Iterator[tuple[int, tuple[str, ...]]]:
    """Yield ``(offset, head)`` for the text's start and each sentence start.

    ``prepared`` is ``prepare_for_matching(text)``, which offsets index;
    heads shorter than three tokens are skipped.

    >>> from dedup.blocks import prepare_for_matching
    >>> list(sentence_heads(prepare_for_matching("He said no. It rained all day.")))
    [(0, ('he', 'said', 'no')), (12, ('it', 'rained', 'all'))]
    """
    for start in sentence_starts(prepared):
        head = tokens_at(prepared, start, HEAD_TOKENS)
        if len(head) == HEAD_TOKENS:
            yield start, head


class HeadIndex:
    """Which blocks start with a given head; too common heads are dropped."""

    __slots__ = ("_max_postings", "_postings")

    def __init__(self, *, max_postings: int) -> None:
        self._max_postings = max_postings
        self._postings: dict[tuple[str, ...], list[int] | None] = {}

    def add(self, head: tuple[str, ...], block: int) -> None:
        """Record that ``block`` starts with ``head``."""
        if len(head) < HEAD_TOKENS:
            return
        bucket = self._postings.get(head, [])
        if bucket is None:
            return
        if len(bucket) >= self._max_postings:
            self._postings[head] = None
            return
        if not bucket:
            self._postings[head] = bucket
        bucket.append(block)

    def get(self, head: Sequence[str]) -> list[int]:
        """Return the blocks starting with ``head``, in the order they were added.

        >>> index = HeadIndex(max_postings=2)
        >>> for block in (4, 5, 6):
        ...     index.add(("a", "b", "c"), block)
        >>> index.add(("x", "y", "z"), 7)
        >>> index.get(("a", "b", "c")), index.get(("x", "y", "z"))
        ([], [7])
        """
        return self._postings.get(tuple(head)) or []


class Haystack:
    """All keys of a page in one string, for the rare query no head can find.

    An excerpt cut at both ends ("...since Syria's confl...") starts mid-word,
    so it has no head; it is looked up with a substring search instead, which
    runs at C speed over the whole page. Callers bound how many such queries a
    page may make.
    """

    __slots__ = ("_blocks", "_offsets", "_text")

    def __init__(self, keys: Sequence[tuple[str, ...]], blocks: Sequence[int]) -> None:
        pieces = []
        offsets = []
        position = 0
        for key in keys:
            piece = " " + " ".join(key) + " \n"
            offsets.append(position)
            pieces.append(piece)
            position += len(piece)
        self._text = "".join(pieces)
        self._offsets = offsets
        self._blocks = list(blocks)

    def find(self, needle: str) -> list[int]:
        """Blocks whose padded key (`` a b c ``) contains ``needle``.

        >>> Haystack([("a", "bc"), ("bc", "d")], [10, 11]).find("c d ")
        [11]
        """
        found: list[int] = []
        start = self._text.find(needle)
        while start != -1:
            slot = bisect_right(self._offsets, start) - 1
            found.append(self._blocks[slot])
            last = slot + 1 >= len(self._offsets)
            following = len(self._text) if last else self._offsets[slot + 1]
            start = self._text.find(needle, following)
        return found
