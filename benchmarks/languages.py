"""Repeats and kept content in every script: one row per language.

Pages are built from real web sentences in 75 languages
(``benchmarks/data/multilingual/sentences``): three sentences make a
paragraph, joined without spaces in Chinese, Japanese and Thai, and each page
holds three paragraphs plus one pattern. A repeat pattern must go (exact copy,
near copy, teaser cut with an ellipsis, pull quote), a content pattern must
stay (a paragraph copy that differs by a number, a word or a sentence).

``python -m benchmarks.languages`` writes ``results/languages.md`` and
``results/languages.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import dedup
from benchmarks.report import table
from dedup.blocks import page_blocks
from dedup.config import CleanConfig
from dedup.verify import contained_width

__all__ = [
    "CONTENT_PATTERNS",
    "LANGUAGE_NAMES",
    "REPEAT_PATTERNS",
    "LanguagePage",
    "language_pages",
    "load_sentences",
    "measure",
    "render",
]

SENTENCES = Path(__file__).parent / "data" / "multilingual" / "sentences"
RESULTS = Path(__file__).parent / "results"
PAGES_PER_PATTERN = 25

# Scripts written without spaces between words: a paragraph's sentences are
# joined without one too.
UNSPACED = frozenset({"zh", "ja", "th"})

LANGUAGE_NAMES = {
    "af": "Afrikaans", "ar": "Arabic", "az": "Azerbaijani", "be": "Belarusian",
    "bg": "Bulgarian", "bn": "Bengali", "bs": "Bosnian", "ca": "Catalan", "cs": "Czech",
    "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek", "en": "English",
    "eo": "Esperanto", "es": "Spanish", "et": "Estonian", "eu": "Basque", "fa": "Persian",
    "fi": "Finnish", "fr": "French", "ga": "Irish", "gu": "Gujarati", "he": "Hebrew",
    "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian", "hy": "Armenian", "id": "Indonesian",
    "is": "Icelandic", "it": "Italian", "ja": "Japanese", "ka": "Georgian", "kk": "Kazakh",
    "ko": "Korean", "la": "Latin", "lg": "Ganda", "lt": "Lithuanian", "lv": "Latvian",
    "mi": "Maori", "mk": "Macedonian", "mn": "Mongolian", "mr": "Marathi", "ms": "Malay",
    "nb": "Norwegian Bokmål", "nl": "Dutch", "nn": "Norwegian Nynorsk", "pa": "Punjabi",
    "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sk": "Slovak",
    "sl": "Slovenian", "sn": "Shona", "so": "Somali", "sq": "Albanian", "sr": "Serbian",
    "st": "Sotho", "sv": "Swedish", "sw": "Swahili", "ta": "Tamil", "te": "Telugu",
    "th": "Thai", "tl": "Tagalog", "tn": "Tswana", "tr": "Turkish", "ts": "Tsonga",
    "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese", "xh": "Xhosa", "yo": "Yoruba",
    "zh": "Chinese", "zu": "Zulu",
}  # fmt: skip

# Commas of every script: a near copy drops them, as a copy that lost its
# typography does. A comma between digits is a decimal comma, and stays.
_COMMAS = re.compile("[,\u060c](?=\\s)|[\uff0c\u3001]")
# The sentence end a near copy drops too.
_FINAL_MARK = re.compile("[.!?\u3002\uff01\uff1f\u0964\u06d4\u061f\u1362\u0965]$")
# A number, not the code of an entity ("&#x201D;"): its last digit changes.
_NUMBER = re.compile(r"(?<![#A-Za-z\d])\d+")
_WORD = re.compile(r"[^\W\d_]{3,}")
_DIGIT_STOP = re.compile(r"\d[.,]$")
# The narrowest sentence a pull quote is made of.
_QUOTE_WIDTH = CleanConfig().min_contained_chars
_LETTERS = re.compile(r"[^\W\d_]{2}")


@dataclass(frozen=True, slots=True)
class LanguagePage:
    """A page of three paragraphs and one pattern, with what must come out."""

    text: str
    removed: int | None
    """The line the pattern adds, which must go; ``None`` when every line stays."""
    twin: int | None = None
    """For an exact or near copy, its source: either of the two may be the one that goes."""


def load_sentences(language: str) -> list[str]:
    """Return the shared sentences of one language (ISO 639-1 code).

    >>> len(load_sentences("zh"))
    60
    """
    return (SENTENCES / f"{language}.txt").read_text(encoding="utf-8").splitlines()


def _near(paragraph: str, _rng: random.Random, _pool: Sequence[str]) -> str | None:
    changed = _FINAL_MARK.sub("", _COMMAS.sub("", paragraph))
    return changed if changed != paragraph else None


def _teaser(paragraph: str, rng: random.Random, _pool: Sequence[str]) -> str | None:
    # Cut by characters, as teasers are, so the cut may fall mid-word.
    cut = paragraph[: int(len(paragraph) * rng.uniform(0.4, 0.7))].rstrip()
    return cut + "\u2026"


def _number(paragraph: str, rng: random.Random, _pool: Sequence[str]) -> str | None:
    digits = [m.end() - 1 for m in _NUMBER.finditer(paragraph)]
    if digits:
        at = rng.choice(digits)
        new = str((int(paragraph[at]) + 1) % 10)
        return paragraph[:at] + new + paragraph[at + 1 :]
    words = [m.end() for m in _WORD.finditer(paragraph)]
    if not words:
        return None
    at = rng.choice(words)
    return paragraph[:at] + " 12" + paragraph[at:]


def _word(paragraph: str, rng: random.Random, pool: Sequence[str]) -> str | None:
    # A word of another sentence in place of one of this paragraph; in a
    # script without spaces, two letters in place of two.
    finder = _WORD if " " in paragraph else _LETTERS
    spots = list(finder.finditer(paragraph))
    donors = [m.group() for s in pool for m in finder.finditer(s) if m.group() not in paragraph]
    if not spots or not donors:
        return None
    spot, donor = rng.choice(spots), rng.choice(donors)
    return paragraph[: spot.start()] + donor + paragraph[spot.end() :]


Maker = Callable[[str, random.Random, Sequence[str]], "str | None"]

# Patterns that add a copy of a paragraph, which must go.
REPEAT_PATTERNS: dict[str, Maker | None] = {
    "exact": None,
    "near": _near,
    "teaser": _teaser,
    "pull quote": None,
}
# Patterns that add a paragraph that differs, which must stay.
CONTENT_PATTERNS: dict[str, Maker | None] = {
    "number": _number,
    "word": _word,
    "sentence": None,
}


def _quote_width(sentence: str) -> int:
    # Measured as the cleaner sees it: folded, mojibake repaired.
    return contained_width(dedup.normalize(sentence))


def _join(sentences: Sequence[str], language: str) -> str:
    """Join sentences into a paragraph, without spaces in the scripts that use none.

    A sentence that ends in a digit and a full stop is still followed by a
    space before one that starts with a digit: glued, "10." and "00 น." would
    read as the number "10.00", which neither sentence holds (the shared Thai
    sentences were split at such stops).

    >>> _join(["เวลา ๑๐.", "๐๐ น.", "ไป"], "th")
    'เวลา ๑๐. ๐๐ น.ไป'
    """
    if language not in UNSPACED:
        return " ".join(sentences)
    paragraph = sentences[0]
    for sentence in sentences[1:]:
        glued = _DIGIT_STOP.search(paragraph) and sentence[:1].isdigit()
        paragraph += (" " if glued else "") + sentence
    return paragraph


def _page(language: str, pattern: str, pool: Sequence[str], rng: random.Random) -> LanguagePage:
    while True:
        chosen = rng.sample(list(pool), 10)
        sentences = [chosen[i : i + 3] for i in (0, 3, 6)]
        paragraphs = [_join(s, language) for s in sentences]
        which = rng.randrange(3)
        source = paragraphs[which]
        extra: str | None
        if pattern == "exact":
            extra = source
        elif pattern == "pull quote":
            # A block narrower than min_contained_chars is never taken for a
            # contained copy, in any script: such a sentence is no pull quote.
            long = [s for s in sentences[which] if _quote_width(s) >= _QUOTE_WIDTH]
            extra = rng.choice(long) if long else None
        elif pattern == "sentence":
            replaced = list(sentences[which])
            replaced[rng.randrange(3)] = chosen[9]
            extra = _join(replaced, language)
        else:
            make = {**REPEAT_PATTERNS, **CONTENT_PATTERNS}[pattern]
            assert make is not None
            extra = make(source, rng, chosen[9:])
        if extra is not None and extra not in paragraphs:
            break
        if extra is not None and pattern == "exact":
            break
    at = rng.randrange(4)
    lines = [*paragraphs[:at], extra, *paragraphs[at:]]
    text = "\n\n".join(lines) + "\n"
    twin = which + (which >= at) if pattern in ("exact", "near") else None
    return LanguagePage(text, at if pattern in REPEAT_PATTERNS else None, twin)


def language_pages(language: str, pattern: str, count: int, *, seed: int = 0) -> list[LanguagePage]:
    """Build ``count`` pages of one language with one pattern, the same ones for a seed.

    >>> page = language_pages("en", "pull quote", 1)[0]
    >>> page.text.count("\\n\\n"), page.removed is not None
    (3, True)
    """
    rng = random.Random(f"{seed}/{language}/{pattern}")
    pool = load_sentences(language)
    return [_page(language, pattern, pool, rng) for _ in range(count)]


def _outcome(page: LanguagePage) -> tuple[bool, bool]:
    """Whether the page came out right, and whether it lost content."""
    keys = [block.key for block in page_blocks(page.text)]
    out = [block.key for block in page_blocks(dedup.clean(page.text))]
    outcomes = []
    twin = [] if page.twin is None else [page.twin]
    for removed in [page.removed, *twin]:
        must_stay = [key for i, key in enumerate(keys) if i != removed]
        lost = any(key not in out for key in must_stay)
        outcomes.append((sorted(out) == sorted(must_stay), lost))
    return max(outcomes, key=lambda outcome: (outcome[0], not outcome[1]))


def measure(languages: Sequence[str], count: int = PAGES_PER_PATTERN) -> dict[str, dict[str, int]]:
    """For each language and pattern, how many pages came out right; and pages that lost content.

    >>> measure(["en"], 2)["en"]["exact"], measure(["en"], 2)["en"]["lost"]
    (2, 0)
    """
    results: dict[str, dict[str, int]] = {}
    for language in languages:
        row: dict[str, int] = {"lost": 0}
        for pattern in (*REPEAT_PATTERNS, *CONTENT_PATTERNS):
            right = 0
            for page in language_pages(language, pattern, count):
                ok, lost = _outcome(page)
                right += ok
                row["lost"] += lost
            row[pattern] = right
        results[language] = row
    return results


def _worst(results: dict[str, dict[str, int]], pattern: str, n: int = 5) -> str:
    ranked = sorted(results, key=lambda lang: (results[lang][pattern], lang))[:n]
    return ", ".join(f"{LANGUAGE_NAMES[lang]} {results[lang][pattern]}" for lang in ranked)


def render(results: dict[str, dict[str, int]], count: int = PAGES_PER_PATTERN) -> str:
    """Render the by-language table as Markdown.

    >>> print(render({"en": {"exact": 25, "near": 25, "teaser": 25, "pull quote": 25,
    ...     "number": 25, "word": 25, "sentence": 25, "lost": 0}}).splitlines()[-1])
    | English (en) | 25 | 25 | 25 | 25 | 25 | 25 | 25 | 0 |
    """
    patterns = [*REPEAT_PATTERNS, *CONTENT_PATTERNS]
    lines = [
        "# Repeats and kept content, by language",
        "",
        f"Pages from real web sentences (`benchmarks/data/multilingual`), {count} per",
        "language and pattern: three paragraphs of three sentences (joined without spaces in",
        "Chinese, Japanese and Thai) plus one pattern. Repeat patterns count the pages where",
        "the added copy went and everything else stayed; content patterns (a paragraph copy",
        "that differs by a number, a word or a sentence) count the pages where every line",
        "stayed. *lost*: pages, over all seven patterns, where a line that must stay went.",
        "Generated by `python -m benchmarks.languages`.",
        "",
        "Worst five per pattern:",
        "",
    ]
    lines.extend(f"- {pattern}: {_worst(results, pattern)}" for pattern in [*patterns, "lost"])
    head = ["language", *patterns, "lost"]
    rows = [
        [f"{LANGUAGE_NAMES[lang]} ({lang})", *(results[lang][p] for p in head[1:])]
        for lang in sorted(results, key=lambda code: LANGUAGE_NAMES[code])
    ]
    lines += ["", *table(head, rows)]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Measure every language and write the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=RESULTS, help="where results go")
    parser.add_argument("--only", nargs="*", help="these language codes only (not written)")
    args = parser.parse_args(argv)
    languages = args.only or sorted(LANGUAGE_NAMES)
    results = measure(languages)
    if args.only:
        print(render(results))
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "languages.json").write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    (args.out / "languages.md").write_text(render(results), encoding="utf-8")
    print(f"wrote {args.out / 'languages.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
