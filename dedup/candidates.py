"""Stage 3, candidates: find which blocks might repeat which, without all pairs.

Every index is a hash table filled in one pass, and every lookup is a hash
probe, so a page costs time linear in its size:

* exact keys group blocks that say the same thing after folding
  (:func:`group_by`);
* *heads*, the first three key tokens, index the lengths of the keys that
  start with them (:class:`LengthIndex`). A truncated teaser, a pull quote
  and a subtitle repeat whole sentences from their start, so at each
  sentence start of a block each such length is looked up as a whole key; a
  merged line is walked from its start the same way, seam by seam;
* a stretch is matched to a whole key by its fingerprint, then one hash
  probe (:class:`StretchIndex`), however many keys share the fingerprint;
* what no head can find (an excerpt cut at both ends, a pull quote cut from
  mid-sentence) is searched for in one string of the page's keys
  (:class:`Haystack`), a bounded number of times per page.

A head under which more than ``max_postings`` key lengths are recorded is
too common to search by: lookups skip it, and the blocks it would have
paired are kept. That bounds the work on adversarial pages.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Generic, TypeVar

from dedup.blocks import tokenizer
from dedup.patterns.sentences import SENTENCE_START

__all__ = [
    "HEAD_TOKENS",
    "Haystack",
    "LengthIndex",
    "StretchIndex",
    "group_by",
    "sentence_starts",
    "sentence_token_starts",
    "tokens_at",
]

# How many leading tokens make a head. Three words rarely start two unrelated
# sentences on one page, and a block needs at least three to be matched.
HEAD_TOKENS = 3

_T = TypeVar("_T")


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
    pattern = tokenizer(prepared)
    tokens = pattern.findall(prepared, start, start + window)
    if len(tokens) > count or start + window >= len(prepared):
        return tuple(tokens[:count])
    found: Iterator[str] = (m.group() for m in pattern.finditer(prepared, start))
    return tuple(islice(found, count))


def sentence_token_starts(prepared: str) -> list[tuple[int, int]]:
    """Return ``(offset, token)`` for the start of the text and of each sentence.

    ``offset`` indexes ``prepared`` (``prepare_for_matching(text)``) and
    ``token`` is the position of the sentence's first key token. Sentences
    with no token are skipped.

    >>> from dedup.blocks import prepare_for_matching
    >>> sentence_token_starts(prepare_for_matching("He said no. It rained all day."))
    [(0, 0), (12, 3)]
    >>> sentence_token_starts(prepare_for_matching("Shares are up ↑. 5 firms rose"))
    [(0, 0), (17, 4)]
    """
    # One pass over the whole text, as the key was built: a token that looks
    # past a sentence end ("up ↑. 5 firms") is found here as it is there.
    token_starts = [match.start() for match in tokenizer(prepared).finditer(prepared)]
    found: list[tuple[int, int]] = []
    for start in sentence_starts(prepared):
        token = bisect_left(token_starts, start)
        if token < len(token_starts):
            found.append((start, token))
    return found


class LengthIndex:
    """For each head, the distinct lengths of the keys that start with it.

    A key is found from a head by looking up each such length as an exact
    key, longest first. A head with more than ``max_lengths`` lengths is too
    common to search by, and is dropped.
    """

    __slots__ = ("_lengths", "_max_lengths")

    def __init__(self, *, max_lengths: int) -> None:
        self._max_lengths = max_lengths
        self._lengths: dict[tuple[str, ...], list[int] | None] = {}

    def add(self, key: tuple[str, ...]) -> None:
        """Record a key under its first three tokens; shorter keys are not recorded.

        >>> index = LengthIndex(max_lengths=4)
        >>> index.add(("a", "b"))
        >>> index.add(("a", "b", "c", "d"))
        >>> index.get(("a", "b")), index.get(("a", "b", "c"))
        ([], [4])
        """
        if len(key) < HEAD_TOKENS:
            return
        head = key[:HEAD_TOKENS]
        lengths = self._lengths.get(head, [])
        if lengths is None or len(key) in lengths:
            return
        if len(lengths) >= self._max_lengths:
            self._lengths[head] = None
            return
        lengths.append(len(key))
        lengths.sort(reverse=True)
        self._lengths[head] = lengths

    def get(self, head: Sequence[str]) -> list[int]:
        """Return the lengths of keys starting with ``head``, longest first.

        >>> index = LengthIndex(max_lengths=2)
        >>> for key in [("a", "b", "c"), ("a", "b", "c", "d"), ("x", "y", "z")]:
        ...     index.add(key)
        >>> index.get(("a", "b", "c")), index.get(("x", "y", "z")), index.get(("q", "q", "q"))
        ([4, 3], [3], [])
        >>> index.add(("a", "b", "c", "d", "e"))
        >>> index.get(("a", "b", "c"))
        []
        """
        return self._lengths.get(tuple(head)) or []


class StretchIndex(Generic[_T]):
    """Whole keys, found from a stretch of a longer key, each with its items.

    A stretch is first checked by a fingerprint (first and last words, and
    length), which is cheap to build from any stretch; hashing a long stretch
    whole would cost its length at every lookup. Only a stretch whose
    fingerprint some key has is then hashed whole and looked up, once: keys
    that share a fingerprint (numbered lines, "alpha beta x1 delta ...")
    cost one probe, not a comparison each. A key holds at most
    ``max_items`` items: the first ones added.
    """

    __slots__ = ("_items", "_max_items", "_prints")

    def __init__(self, *, max_items: int) -> None:
        self._max_items = max_items
        self._prints: set[tuple[tuple[str, ...], tuple[str, ...], int]] = set()
        self._items: dict[tuple[str, ...], list[_T]] = {}

    def add(self, key: tuple[str, ...], item: _T) -> None:
        """Record an item under a whole key; past ``max_items`` a key takes no more.

        >>> index: StretchIndex[int] = StretchIndex(max_items=2)
        >>> for item in (7, 8, 9):
        ...     index.add(("a", "b", "c", "d"), item)
        >>> index.get(("x", "a", "b", "c", "d"), 1, 4)
        [7, 8]
        """
        items = self._items.setdefault(key, [])
        if len(items) < self._max_items:
            self._prints.add(_fingerprint(key, 0, len(key)))
            items.append(item)

    def shares_print(self, key: tuple[str, ...], start: int, size: int) -> bool:
        """Whether some key has the fingerprint of ``key[start:start + size]``.

        This is the cheap test; only a stretch that passes it is worth a
        :meth:`get`, which copies it.

        >>> index: StretchIndex[int] = StretchIndex(max_items=1)
        >>> index.add(("a", "b", "c", "x", "e", "f", "g"), 1)
        >>> key = ("a", "b", "c", "y", "e", "f", "g")
        >>> index.shares_print(key, 0, 7), index.get(key, 0, 7)
        (True, [])
        """
        return _fingerprint(key, start, size) in self._prints

    def get(self, key: tuple[str, ...], start: int, size: int) -> list[_T]:
        """Return the items of the key equal to ``key[start:start + size]``, or ``[]``.

        >>> index: StretchIndex[str] = StretchIndex(max_items=1)
        >>> index.add(("b", "c", "d"), "found")
        >>> index.get(("a", "b", "c", "d"), 1, 3), index.get(("a", "b", "c", "d"), 0, 3)
        (['found'], [])
        """
        return self._items.get(key[start : start + size], [])


def _fingerprint(
    key: tuple[str, ...], start: int, size: int
) -> tuple[tuple[str, ...], tuple[str, ...], int]:
    end = start + size
    return key[start : start + HEAD_TOKENS], key[max(start, end - HEAD_TOKENS) : end], size


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
