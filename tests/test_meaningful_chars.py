"""A character that carries meaning keeps a line: signs, currencies, symbols, vowel signs.

Each property takes a real line (from the evaluation pages, or a real sentence in an
Indic, Thai or Arabic script), changes one meaningful character, and puts both lines
on a page, next to each other or far apart. Both must survive cleaning.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import dedup
from benchmarks.corpus import load_real_pages
from dedup.patterns.keys import DIGIT

MULTILINGUAL = Path(__file__).parent / "data" / "multilingual" / "marks"
FILLERS = (
    "Analysts see little hope of reconciling the fundamental differences.",
    "The first round of talks in Geneva collapsed earlier this month.",
)
CURRENCIES = ("$", "€", "£", "¥", "₹")
ENTITY_NUMBER = re.compile(r"&(?:amp;)*#")
SYMBOL_PAIRS = (("👍", "👎"), ("✓", "✗"), ("↑", "↓"), ("★★★", "★★"), ("C++", "C#"))


def _real_lines() -> list[str]:
    seen: dict[str, None] = {}
    for page in load_real_pages():
        for raw in page.scraped.splitlines():
            line = raw.strip()
            if 20 <= len(line) <= 400:
                seen[line] = None
    return sorted(seen)


REAL_LINES = _real_lines()
WITH_NUMBERS = [
    line
    for line in REAL_LINES
    if any(ch.isdigit() and (i == 0 or line[i - 1] == " ") for i, ch in enumerate(line))
]
SCRIPT_LINES = sorted(
    {
        line.strip()
        for path in MULTILINGUAL.glob("*.txt")
        for line in path.read_text(encoding="utf-8").splitlines()
        if len(line.strip()) >= 10
    }
)


def _marks(text: str) -> list[int]:
    """Positions of combining marks that sit inside a word (after a letter or mark)."""
    return [
        i
        for i in range(1, len(text))
        if unicodedata.category(text[i]) in ("Mn", "Mc")
        and unicodedata.category(text[i - 1])[0] in "LM"
    ]


def _same_block_mark(char: str, offset: int) -> str | None:
    """Another combining mark of the same Unicode block, ``offset`` code points away."""
    base = ord(char) & ~0x7F
    for step in range(1, 128):
        candidate = chr(base + (ord(char) - base + offset * step) % 128)
        if candidate != char and unicodedata.category(candidate) == unicodedata.category(char):
            return candidate
    return None


def _number_starts(line: str) -> list[int]:
    """Offsets of numbers that start the line or follow a space: a sign may go there."""
    return [i for i, ch in enumerate(line) if DIGIT.match(ch) and (i == 0 or line[i - 1] == " ")]


def _page(first: str, second: str, apart: bool) -> str:
    if not apart:
        return f"{first}\n{second}\n"
    return f"{first}\n\n{FILLERS[0]}\n\n{FILLERS[1]}\n\n{second}\n"


def _assert_both_kept(first: str, second: str, apart: bool) -> None:
    kept = dedup.clean(_page(first, second, apart)).split("\n")
    folded_first, folded_second = dedup.normalize(first), dedup.normalize(second)
    assume(folded_first != folded_second)
    assert folded_first in kept, (first, second)
    assert folded_second in kept, (first, second)


SETTINGS = settings(max_examples=150, deadline=None)


@SETTINGS
@given(st.sampled_from(WITH_NUMBERS), st.data(), st.booleans())
def test_a_sign_before_a_number_is_content(line: str, data: st.DataObject, apart: bool) -> None:
    """``5`` and ``-5`` (or ``+5``) are different numbers."""
    at = data.draw(st.sampled_from(_number_starts(line)))
    sign = data.draw(st.sampled_from(["-", "+", "±"]))
    _assert_both_kept(line, line[:at] + sign + line[at:], apart)


@SETTINGS
@given(st.sampled_from(WITH_NUMBERS), st.data(), st.booleans())
def test_a_currency_is_content(line: str, data: st.DataObject, apart: bool) -> None:
    """``$50`` and ``€50`` are different prices."""
    at = data.draw(st.sampled_from(_number_starts(line)))
    first, second = data.draw(st.permutations(CURRENCIES))[:2]
    _assert_both_kept(line[:at] + first + line[at:], line[:at] + second + line[at:], apart)


@SETTINGS
@given(st.sampled_from(REAL_LINES), st.sampled_from(SYMBOL_PAIRS), st.booleans())
def test_a_symbol_in_place_of_a_word_is_content(
    line: str, pair: tuple[str, str], apart: bool
) -> None:
    """``👍`` and ``👎``, ``✓`` and ``✗``, ``C++`` and ``C#`` say different things."""
    words = line.split(" ")
    middle = len(words) // 2
    # At a line's edge an arrow may only decorate: put it between two words.
    assume(any(ch.isalnum() for ch in " ".join(words[:middle])))
    first = " ".join([*words[:middle], pair[0], *words[middle:]])
    second = " ".join([*words[:middle], pair[1], *words[middle:]])
    _assert_both_kept(first, second, apart)


@SETTINGS
@given(st.sampled_from(REAL_LINES), st.data(), st.booleans())
def test_a_digit_is_content(line: str, data: st.DataObject, apart: bool) -> None:
    """One digit changed anywhere makes a different line."""
    digits = [i for i, ch in enumerate(line) if "0" <= ch <= "9"]
    # A digit of a numeric entity ("&#65279;", "&amp;#65279;") names a
    # character, which may be an invisible or a private-use one.
    assume(digits and ENTITY_NUMBER.search(line) is None)
    at = data.draw(st.sampled_from(digits))
    other = data.draw(st.sampled_from([d for d in "0123456789" if d != line[at]]))
    _assert_both_kept(line, line[:at] + other + line[at + 1 :], apart)


@SETTINGS
@given(st.sampled_from(SCRIPT_LINES), st.data(), st.booleans())
def test_a_vowel_sign_is_content(line: str, data: st.DataObject, apart: bool) -> None:
    """``दिल`` and ``दाल``: a combining mark belongs to its word, in every script."""
    marks = _marks(line)
    assume(marks)
    at = data.draw(st.sampled_from(marks))
    other = _same_block_mark(line[at], data.draw(st.integers(min_value=1, max_value=127)))
    assume(other is not None)
    _assert_both_kept(line, line[:at] + str(other) + line[at + 1 :], apart)


def test_the_samples_are_there() -> None:
    """The properties draw from enough real lines and from every script sample."""
    assert len(WITH_NUMBERS) > 1000
    assert len(SCRIPT_LINES) >= 300
    assert sum(bool(_marks(line)) for line in SCRIPT_LINES) > 200


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Search", "Search →"),
        ("Acte", "> Acte"),
        ("Datenbank für Multiplayergames", "© Datenbank für Multiplayergames"),
        ("Read the full story on our website", "Read the full story on our website »"),
    ],
)
def test_a_decorative_symbol_is_not_content(first: str, second: str) -> None:
    """An arrow, a breadcrumb mark or © at a line's edge only decorates: one copy goes."""
    assert dedup.clean(f"{first}\n{second}\n") == f"{first}\n"
