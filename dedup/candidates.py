"""Stage 3, candidates: find which blocks might repeat which, without all pairs.

Three indexes, each built in one pass over the distinct keys:

* exact keys, hashed: blocks that say the same thing after folding;
* skeletons, hashed: blocks that differ only in spacing or function words;
* word trigrams: where a block's words occur inside another block, which
  finds truncated, contained and merged copies.

The trigram index is bounded: a trigram that occurs in more than
``max_postings`` blocks is too common to search by, so adversarial pages
(100,000 lines of "Item N") cost linear time. A query whose every trigram is
that common finds nothing, and its block is kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["Occurrence", "TrigramIndex", "Vocabulary", "group_by"]


def group_by(keys: Iterable[object]) -> dict[object, list[int]]:
    """Group positions by an exact, hashable key, in first-seen order.

    >>> group_by(["a", "b", "a"])
    {'a': [0, 2], 'b': [1]}
    """
    groups: dict[object, list[int]] = {}
    for position, key in enumerate(keys):
        groups.setdefault(key, []).append(position)
    return groups


class Vocabulary:
    """Map tokens to small integers, so trigrams hash as single ints."""

    __slots__ = ("_ids",)

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}

    def encode(self, tokens: Sequence[str]) -> list[int]:
        """Return the ids of tokens, assigning new ids in first-seen order.

        >>> Vocabulary().encode(["a", "b", "a"])
        [0, 1, 0]
        """
        ids = self._ids
        out = []
        for token in tokens:
            token_id = ids.get(token)
            if token_id is None:
                token_id = ids[token] = len(ids)
            out.append(token_id)
        return out


def _trigrams(ids: Sequence[int]) -> list[int]:
    # Token ids are below 2**32 for any text that fits in memory, so three of
    # them pack into one int that hashes cheaply.
    return [(a << 64) | (b << 32) | c for a, b, c in zip(ids, ids[1:], ids[2:])]


@dataclass(frozen=True, slots=True)
class Occurrence:
    """A query found inside an indexed document, at token offset ``start``."""

    doc: int
    start: int
    end: int


class TrigramIndex:
    """Where each word trigram occurs, across a set of token sequences."""

    __slots__ = ("_docs", "_max_postings", "_postings", "_tokens", "_vocabulary")

    def __init__(
        self, docs: Sequence[tuple[str, ...]], vocabulary: Vocabulary, *, max_postings: int
    ) -> None:
        self._vocabulary = vocabulary
        self._tokens = docs
        self._docs = [vocabulary.encode(doc) for doc in docs]
        self._max_postings = max_postings
        postings: dict[int, list[tuple[int, int]] | None] = {}
        for doc_number, ids in enumerate(self._docs):
            for offset, gram in enumerate(_trigrams(ids)):
                bucket = postings.get(gram, [])
                if bucket is None:
                    continue
                if len(bucket) >= max_postings:
                    postings[gram] = None  # too common to search by
                    continue
                if not bucket:
                    postings[gram] = bucket
                bucket.append((doc_number, offset))
        self._postings = postings

    def ids(self, doc: int) -> list[int]:
        """Return the token ids of an indexed document."""
        return self._docs[doc]

    def find(
        self,
        query: Sequence[str],
        *,
        partial_head: bool = False,
        partial_tail: bool = False,
    ) -> list[Occurrence]:
        """Find every indexed document holding ``query`` as one contiguous stretch.

        With ``partial_head`` the first query token only has to end a document
        token; with ``partial_tail`` the last one only has to start one (a word
        cut by a truncation). Occurrences are in document order.

        >>> index = TrigramIndex([("a", "b", "c", "d"), ("x", "b", "c", "d", "e")],
        ...                      Vocabulary(), max_postings=8)
        >>> index.find(("b", "c", "d"))
        [Occurrence(doc=0, start=1, end=4), Occurrence(doc=1, start=1, end=4)]
        >>> index.find(("b", "c", "d", "e"), partial_tail=True)
        [Occurrence(doc=1, start=1, end=5)]
        """
        head = 1 if partial_head else 0
        tail = 1 if partial_tail else 0
        core_tokens = query[head : len(query) - tail]
        if len(core_tokens) < 3:
            return []
        core = self._vocabulary.encode(core_tokens)
        grams = _trigrams(core)
        best_offset = -1
        best: list[tuple[int, int]] | None = None
        for offset, gram in enumerate(grams):
            bucket = self._postings.get(gram, [])
            if bucket is None:
                continue
            if best is None or len(bucket) < len(best):
                best, best_offset = bucket, offset
                if not bucket:
                    return []
        if best is None:
            return []
        found: list[Occurrence] = []
        seen: set[tuple[int, int]] = set()
        for doc, offset in best:
            start = offset - best_offset
            ids = self._docs[doc]
            if start < 0 or ids[start : start + len(core)] != core:
                continue
            first, last = start - head, start + len(core) + tail
            if first < 0 or last > len(ids) or (doc, first) in seen:
                continue
            tokens = self._tokens[doc]
            if head and not tokens[first].endswith(query[0]):
                continue
            if tail and not tokens[last - 1].startswith(query[-1]):
                continue
            seen.add((doc, first))
            found.append(Occurrence(doc=doc, start=first, end=last))
        found.sort(key=lambda occurrence: (occurrence.doc, occurrence.start))
        return found
