"""Variants of a line: each kind of repeat, and each hard negative, made from a real line.

Each returns None when the line does not lend itself to the change, so the
builder draws another line instead of injecting something that is not that kind.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from benchmarks.generate.pools import Pools, is_content_word, split_words

__all__ = [
    "NEAR_VARIANTS",
    "TRUNCATIONS",
    "Variant",
    "change_number",
    "change_sign_or_symbol",
    "drop_middle",
    "first_sentence",
    "pull_quote_of",
    "swap_word",
    "truncate",
]

_GROUPED_NUMBER = re.compile(r"\b\d{1,3}(?:,\d{3})+\b")
_LONG_NUMBER = re.compile(r"\b\d{5,}\b")
_FUNCTION_DROPS = ("the", "a", "also", "an")

Variant = Callable[[str, random.Random], "str | None"]


def _typographic(line: str, rng: random.Random) -> str | None:
    out = line.replace("'", "’").replace(" - ", " – ").replace("...", "…")
    quotes = iter(["“", "”"] * (out.count('"') // 2 + 1))
    out = re.sub('"', lambda _m: next(quotes), out)
    spaces = [m.start() for m in re.finditer(" ", out)]
    if spaces:
        at = rng.choice(spaces)
        out = out[:at] + "\u00a0" + out[at + 1 :]
    return out if out != line else None


def _case(line: str, _rng: random.Random) -> str | None:
    out = line.lower() if line != line.lower() else line.upper()
    return out if out != line else None


def _spacing(line: str, rng: random.Random) -> str | None:
    words = split_words(line)
    pairs = [
        i
        for i in range(len(words) - 1)
        if words[i].isalpha()
        and words[i + 1].isalpha()
        and is_content_word(words[i])
        and is_content_word(words[i + 1])
    ]
    if not pairs:
        return None
    i = rng.choice(pairs)
    words[i : i + 2] = [words[i] + words[i + 1]]
    return " ".join(words)


def _punctuation(line: str, _rng: random.Random) -> str | None:
    out = re.sub(r"[,;:]", "", line)
    out = out[:-1] if out.endswith(".") else out + "."
    return out if out != line else None


def _entities(line: str, rng: random.Random) -> str | None:
    out = line.replace("&", "&amp;").replace("’", "&#8217;").replace("'", "&#39;")
    spaces = [m.start() for m in re.finditer(" ", out)]
    if not spaces:
        return None
    at = rng.choice(spaces)
    return out[:at] + "&nbsp;" + out[at + 1 :]


def _mojibake(line: str, _rng: random.Random) -> str | None:
    if line.isascii() or not any(c in line for c in "’‘“”é–—"):
        return None
    try:
        out = line.encode("utf-8").decode("windows-1252")
    except UnicodeDecodeError:
        return None
    return out if out != line else None


def _digit_grouping(line: str, rng: random.Random) -> str | None:
    grouped = _GROUPED_NUMBER.search(line)
    if grouped is not None:
        space = rng.choice([" ", "\u00a0", "\u202f", "\u2009"])
        number = grouped.group().replace(",", space)
        return line[: grouped.start()] + number + line[grouped.end() :]
    long = _LONG_NUMBER.search(line)
    if long is not None:
        digits = long.group()
        if digits.startswith("0"):
            return None
        return line[: long.start()] + f"{int(digits):,}" + line[long.end() :]
    return None


def _drop_function_word(line: str, rng: random.Random) -> str | None:
    words = split_words(line)
    spots = [i for i, w in enumerate(words) if w in _FUNCTION_DROPS and 0 < i < len(words) - 1]
    if not spots:
        return None
    del words[rng.choice(spots)]
    return " ".join(words)


def _teaser_words(line: str, rng: random.Random) -> list[str] | None:
    words = split_words(line)
    if len(words) < 10:
        return None
    return words[: rng.randint(5, min(12, len(words) - 4))]


def truncate(marker: str) -> Variant:
    """Return a variant that cuts a line after a few words and appends ``marker``."""

    def variant(line: str, rng: random.Random) -> str | None:
        head = _teaser_words(line, rng)
        if head is None:
            return None
        return " ".join(head).rstrip(",;:") + marker

    return variant


def _truncate_mid_word(line: str, rng: random.Random) -> str | None:
    words = split_words(line)
    head = _teaser_words(line, rng)
    if head is None:
        return None
    cut = words[len(head)]
    if not cut.isalpha() or len(cut) < 5:
        return None
    return " ".join(head) + " " + cut[: len(cut) // 2] + "..."


def _truncate_leading(line: str, rng: random.Random) -> str | None:
    words = split_words(line)
    if len(words) < 14:
        return None
    start = rng.randint(2, len(words) - 10)
    return "..." + " ".join(words[start : start + rng.randint(6, 8)]) + "..."


def pull_quote_of(line: str, rng: random.Random) -> str | None:
    """Return a later sentence, or a stretch of words, of a paragraph: a pull quote."""
    words = split_words(line)
    if len(words) < 20:
        return None
    # A pull quote is usually a later sentence of the paragraph; failing
    # that, a stretch of words from its middle.
    sentences = [x for x in re.split(r"(?<=[.!?]) ", line)[1:] if 40 <= len(x) <= 200]
    if sentences:
        quote = rng.choice(sentences)
    else:
        size = rng.randint(8, 14)
        start = rng.randint(1, len(words) - size - 1)
        quote = " ".join(words[start : start + size])
    if len(quote) < 40 or len(quote) > len(line) - 20:
        return None
    return rng.choice(["{}", "“{}”", '"{}"']).format(quote)


def first_sentence(line: str, _rng: random.Random) -> str | None:
    """Return the first sentence of a paragraph, to print above it as a subtitle."""
    end = line.find(". ")
    if end == -1:
        return None
    first = line[: end + 1]
    if len(first) < 40 or len(line) - len(first) < 30 or len(split_words(first)) < 6:
        return None
    return first


def change_number(line: str, rng: random.Random) -> str | None:
    """Return the line with one digit changed, or two numbers swapped: other facts."""
    numbers = list(re.finditer(r"\d+", line))
    if not numbers:
        return None
    distinct = {m.group() for m in numbers}
    if len(numbers) >= 2 and len(distinct) >= 2 and rng.random() < 0.3:
        a, b = numbers[0], next(m for m in numbers if m.group() != numbers[0].group())
        # Swap two numbers: the same set, a different sequence.
        return (
            line[: a.start()] + b.group() + line[a.end() : b.start()] + a.group() + line[b.end() :]
        )
    match = rng.choice(numbers)
    digits = list(match.group())
    at = rng.randrange(len(digits))
    digits[at] = str((int(digits[at]) + rng.randint(1, 8)) % 10)
    return line[: match.start()] + "".join(digits) + line[match.end() :]


_CURRENCY_SIGNS = "$€£¥"
_CURRENCY = re.compile("[" + re.escape(_CURRENCY_SIGNS) + "]")
# A number that a sign may be put before: not inside a word, a number or a price.
_SIGNABLE = re.compile(r"(?<![\w.,$€£¥+-])\d")


def change_sign_or_symbol(line: str, rng: random.Random) -> str | None:
    """Change one character that carries meaning: a currency, or a sign before a number."""
    currencies = list(_CURRENCY.finditer(line))
    if currencies and rng.random() < 0.5:
        match = rng.choice(currencies)
        other = rng.choice([c for c in _CURRENCY_SIGNS if c != match.group()])
        return line[: match.start()] + other + line[match.end() :]
    starts = [match.start() for match in _SIGNABLE.finditer(line)]
    if not starts:
        return None
    at = rng.choice(starts)
    return line[:at] + rng.choice("-+") + line[at:]


def drop_middle(line: str, _rng: random.Random) -> str | None:
    """Return the line without its middle third: words that are not one stretch of it."""
    words = split_words(line)
    if len(words) < 12:
        return None
    third = len(words) // 3
    dropped = words[third : 2 * third]
    if sum(is_content_word(w) for w in dropped) < 2:
        return None
    out = " ".join(words[:third] + words[2 * third :])
    return out if len(out) >= 30 else None


NEAR_VARIANTS: dict[str, Variant] = {
    "exact_folded": _typographic,
    "near_case": _case,
    "near_spacing": _spacing,
    "near_punctuation": _punctuation,
    "near_entities": _entities,
    "near_mojibake": _mojibake,
    "near_digit_grouping": _digit_grouping,
    "near_function_word": _drop_function_word,
}

TRUNCATIONS: dict[str, Variant] = {
    "truncated_ellipsis": truncate("..."),
    "truncated_unicode_ellipsis": truncate("…"),
    "truncated_bracket": truncate(" […]"),
    "truncated_read_more": truncate("... Read more"),
    "truncated_mid_word": _truncate_mid_word,
    "truncated_leading": _truncate_leading,
}


def swap_word(line: str, rng: random.Random, pools: Pools) -> str | None:
    """Return the line with one content word swapped for a word of another line."""
    words = split_words(line)
    spots = [i for i, w in enumerate(words) if w.isalpha() and is_content_word(w) and len(w) >= 4]
    if not spots:
        return None
    at = rng.choice(spots)
    donor = split_words(rng.choice(pools.short_lines))
    choices = [
        w
        for w in donor
        if w.isalpha() and is_content_word(w) and w.casefold() != words[at].casefold()
    ]
    if not choices:
        return None
    words[at] = rng.choice(choices)
    return " ".join(words)
