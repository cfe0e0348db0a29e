"""The pools labelled pages are drawn from: real gold paragraphs and real navigation lines."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import dedup
from benchmarks.corpus import Page
from benchmarks.metrics import norm_line, norm_lines
from dedup.blocks import matching_key
from dedup.patterns.keys import FUNCTION_WORDS

__all__ = ["Pools", "is_content_word", "split_words"]

_WORD = re.compile(r"[^\W\d_]{3,}")
_MARKER_END = re.compile(r"(?:\.{3}|…|\]|more)\s*$", re.IGNORECASE)
_CODE_LIKE = re.compile(r"[;{}]\s*$|==|=>|->|::|\w\(.*\)\s*$")


def split_words(text: str) -> list[str]:
    """Split a line into its words at white space."""
    return text.split()


def is_content_word(word: str) -> bool:
    """Say whether a word carries content: three letters or more, not a function word.

    The function words are the cleaner's own (:data:`dedup.patterns.keys.FUNCTION_WORDS`),
    so "not" and "no" count as content here as they do there.

    >>> is_content_word("not"), is_content_word("the"), is_content_word("storm")
    (True, False, True)
    """
    bare = word.strip(".,;:!?\"'()[]“”‘’«»")
    return bool(_WORD.fullmatch(bare)) and bare.casefold() not in FUNCTION_WORDS


@dataclass(frozen=True, slots=True)
class Pools:
    """Real lines to build pages from, filtered once."""

    paragraphs: tuple[str, ...]
    """Gold paragraphs: 60 to 700 characters, at least 8 words, no truncation marker."""
    short_lines: tuple[str, ...]
    """Gold lines of 30 to 130 characters with at least 5 words."""
    nav: tuple[str, ...]
    """Scraped lines not in the gold, 20 to 70 characters."""
    labels: tuple[str, ...]
    """Scraped lines not in the gold, 3 to 19 characters, with a word."""

    keys: dict[str, tuple[str, ...]]
    """The matching key of every line above."""
    with_digits: tuple[str, ...] = ()
    """Paragraphs that hold a number."""
    long_paragraphs: tuple[str, ...] = ()
    """Paragraphs of at least 16 words."""

    def key(self, line: str) -> tuple[str, ...]:
        """Return the matching key of a line, looked up when it is a pool line."""
        found = self.keys.get(line)
        return found if found is not None else matching_key(norm_line(line))

    @classmethod
    def from_pages(cls, pages: Sequence[Page]) -> Pools:
        """Collect the pools from real pages, in a fixed order."""
        paragraphs: dict[tuple[str, ...], str] = {}
        short: dict[tuple[str, ...], str] = {}
        nav: dict[tuple[str, ...], str] = {}
        labels: dict[tuple[str, ...], str] = {}
        for page in pages:
            gold_lines = [" ".join(line.split()) for line in page.gold.split("\n")]
            gold_set = set(norm_lines(page.gold))
            folded_gold = [" ".join(x.split()) for x in dedup.normalize(page.gold).split("\n")]
            for line, folded in zip(gold_lines, folded_gold, strict=True):
                if not line or _MARKER_END.search(line) or _CODE_LIKE.search(line):
                    continue
                key = matching_key(folded)
                if not key:
                    continue
                words = len(split_words(line))
                if 60 <= len(line) <= 700 and words >= 8:
                    paragraphs.setdefault(key, line)
                if 30 <= len(line) <= 130 and words >= 5:
                    short.setdefault(key, line)
            raw_lines = page.scraped.split("\n")
            folded_lines = dedup.normalize(page.scraped).split("\n")
            for raw, folded_raw in zip(raw_lines, folded_lines, strict=True):
                line = " ".join(raw.split())
                folded = " ".join(folded_raw.split())
                if not folded or folded in gold_set:
                    continue
                if _MARKER_END.search(line) or _CODE_LIKE.search(line) or not _WORD.search(line):
                    continue
                key = matching_key(folded)
                if not key:
                    continue
                if 20 <= len(folded) <= 70:
                    nav.setdefault(key, line)
                elif 3 <= len(folded) < 19:
                    labels.setdefault(key, line)
        keys: dict[str, tuple[str, ...]] = {}
        for table in (paragraphs, short, nav, labels):
            keys.update((line, key) for key, line in table.items())
        return cls(
            with_digits=tuple(x for x in paragraphs.values() if any(c.isdigit() for c in x)),
            long_paragraphs=tuple(x for x in paragraphs.values() if len(split_words(x)) >= 16),
            paragraphs=tuple(paragraphs.values()),
            short_lines=tuple(short.values()),
            nav=tuple(nav.values()),
            labels=tuple(labels.values()),
            keys=keys,
        )
