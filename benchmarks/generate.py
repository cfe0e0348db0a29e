"""Seeded corpora: labelled pages, scaling pages and adversarial pages.

Labelled pages are built from real gold paragraphs and real navigation lines
(scraped lines that are not in the gold). Every kind of repeat in the policy is
injected, and so is every kind of hard negative; each block carries whether
the policy removes it, so the gold is known by construction.

``python -m benchmarks.generate --out DIR`` writes the labelled pages as text
with a ``.labels.tsv`` beside each, for reading them by eye.
"""

from __future__ import annotations

import argparse
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import dedup
from benchmarks.corpus import Page
from benchmarks.metrics import LabelledBlock, norm_line, norm_lines, skeleton
from dedup.blocks import matching_key

__all__ = [
    "HARD_NEGATIVE_KINDS",
    "REPEAT_KINDS",
    "AdversarialCase",
    "LabelledPage",
    "Pools",
    "adversarial_cases",
    "labelled_pages",
    "scaling_page",
    "shape_cases",
]

# Each kind of repeat in the policy, with the copy that goes.
REPEAT_KINDS = (
    "exact_folded",  # curly quotes, dashes, ellipsis, exotic spaces
    "adjacent",  # a caption printed twice in a row
    "adjacent_label",  # a short label printed twice in a row
    "near_case",
    "near_spacing",  # two words run together, or one split
    "near_punctuation",
    "near_entities",
    "near_mojibake",
    "near_digit_grouping",
    "near_function_word",  # "the", "a", "also" dropped
    "truncated_ellipsis",
    "truncated_unicode_ellipsis",
    "truncated_bracket",
    "truncated_read_more",
    "truncated_mid_word",
    "truncated_leading",  # "...since Syria's confl..."
    "contained_pull_quote",
    "contained_subtitle",
    "contained_caption_credit",  # the caption, later merged with its credit
    "merged_article",  # several paragraphs repeated as one giant line
    "split_paragraph",  # a paragraph later repeated as two finer lines
    "run_copy",  # the second copy of a repeated run
    "run_credit",  # a short credit inside the repeated run
    "boilerplate_repeat",  # a longer navigation line repeated anywhere
)

# Each kind of block the policy keeps although it looks like a repeat.
HARD_NEGATIVE_KINDS = (
    "neg_numbers",
    "neg_sign_or_symbol",  # a sign put before a number, or another currency
    "neg_word_changed",
    "neg_noncontiguous",
    "neg_code",
    "neg_punctuation",
    "neg_label_far",
    "neg_truncated_alone",
)

UNIQUE = "unique"

_WORD = re.compile(r"[^\W\d_]{3,}")
_MARKER_END = re.compile(r"(?:\.{3}|…|\]|more)\s*$", re.IGNORECASE)
_CODE_LIKE = re.compile(r"[;{}]\s*$|==|=>|->|::|\w\(.*\)\s*$")
_GROUPED_NUMBER = re.compile(r"\b\d{1,3}(?:,\d{3})+\b")
_LONG_NUMBER = re.compile(r"\b\d{5,}\b")
_FUNCTION_DROPS = ("the", "a", "also", "an")
_POLICY_FUNCTION_WORDS = frozenset(
    "a an the and or of in on at to for from by with as is are was were be it its this that "
    "also not no".split()
)

_CREDIT_NAMES = ("Kilic", "Smith", "Okafor", "Novak", "Haddad", "Ito", "Lund", "Rossi", "Diaz")
_CREDIT_AGENCIES = ("AFP", "AP", "Reuters", "Getty", "EPA")
_PUNCTUATION_LINES = ("|", "-", "...", "* * *", "}", "--", "·")
_CODE_SNIPPETS = (
    ("var total = items.length;", "if (total == 0) {", "  return null;", "}"),
    ("function render(view) {", "  view.update();", "  return null;", "}"),
    ("for (let i = 0; i < n; i++) {", "  sum += values[i];", "  return null;", "}"),
    ("def load(path):", "    data = read(path)", "    return None", "}"),
    ("def save(item):", "    store.put(item)", "    return None", "}"),
    ("while (queue.length) {", "  queue.shift();", "  return null;", "}"),
)


def _words(text: str) -> list[str]:
    return text.split()


def _content_word(word: str) -> bool:
    bare = word.strip(".,;:!?\"'()[]“”‘’«»")
    return bool(_WORD.fullmatch(bare)) and bare.casefold() not in _POLICY_FUNCTION_WORDS


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
                words = len(_words(line))
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
            long_paragraphs=tuple(x for x in paragraphs.values() if len(_words(x)) >= 16),
            paragraphs=tuple(paragraphs.values()),
            short_lines=tuple(short.values()),
            nav=tuple(nav.values()),
            labels=tuple(labels.values()),
            keys=keys,
        )


@dataclass(frozen=True, slots=True)
class LabelledPage:
    """A generated page and, for each of its blocks, what the policy does with it."""

    name: str
    blocks: tuple[LabelledBlock, ...]

    @property
    def text(self) -> str:
        """The page as scraped text, one block per line."""
        return "".join(block.text + "\n" for block in self.blocks)


# --- Variants of a line --------------------------------------------------------------
# Each returns None when the line does not lend itself to the change, so the
# builder draws another line instead of injecting something that is not that kind.

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
    words = _words(line)
    pairs = [
        i
        for i in range(len(words) - 1)
        if words[i].isalpha()
        and words[i + 1].isalpha()
        and _content_word(words[i])
        and _content_word(words[i + 1])
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
    words = _words(line)
    spots = [i for i, w in enumerate(words) if w in _FUNCTION_DROPS and 0 < i < len(words) - 1]
    if not spots:
        return None
    del words[rng.choice(spots)]
    return " ".join(words)


def _teaser_words(line: str, rng: random.Random) -> list[str] | None:
    words = _words(line)
    if len(words) < 10:
        return None
    return words[: rng.randint(5, min(12, len(words) - 4))]


def _truncate(marker: str) -> Variant:
    def variant(line: str, rng: random.Random) -> str | None:
        head = _teaser_words(line, rng)
        if head is None:
            return None
        return " ".join(head).rstrip(",;:") + marker

    return variant


def _truncate_mid_word(line: str, rng: random.Random) -> str | None:
    words = _words(line)
    head = _teaser_words(line, rng)
    if head is None:
        return None
    cut = words[len(head)]
    if not cut.isalpha() or len(cut) < 5:
        return None
    return " ".join(head) + " " + cut[: len(cut) // 2] + "..."


def _truncate_leading(line: str, rng: random.Random) -> str | None:
    words = _words(line)
    if len(words) < 14:
        return None
    start = rng.randint(2, len(words) - 10)
    return "..." + " ".join(words[start : start + rng.randint(6, 8)]) + "..."


def _pull_quote(line: str, rng: random.Random) -> str | None:
    words = _words(line)
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


def _subtitle(line: str, _rng: random.Random) -> str | None:
    end = line.find(". ")
    if end == -1:
        return None
    first = line[: end + 1]
    if len(first) < 40 or len(line) - len(first) < 30 or len(_words(first)) < 6:
        return None
    return first


def _change_number(line: str, rng: random.Random) -> str | None:
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


def _change_sign_or_symbol(line: str, rng: random.Random) -> str | None:
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


def _noncontiguous(line: str, _rng: random.Random) -> str | None:
    words = _words(line)
    if len(words) < 12:
        return None
    third = len(words) // 3
    dropped = words[third : 2 * third]
    if sum(_content_word(w) for w in dropped) < 2:
        return None
    out = " ".join(words[:third] + words[2 * third :])
    return out if len(out) >= 30 else None


@dataclass(slots=True)
class _Builder:
    """Draws compatible lines for one page and records them."""

    rng: random.Random
    pools: Pools
    keys: list[str]
    skeletons: set[str]

    def compatible(self, line: str) -> bool:
        key = self.pools.key(line)
        if len(key) < 3:
            return False
        joined = " " + " ".join(key) + " "
        skel = skeleton(key)
        if skel in self.skeletons:
            return False
        head = " " + " ".join(key[:5]) + " "
        for other in self.keys:
            if joined in other or other in joined or other.startswith(head):
                return False
        return True

    def claim(self, line: str) -> None:
        key = self.pools.key(line)
        self.keys.append(" " + " ".join(key) + " ")
        self.skeletons.add(skeleton(key))

    def draw(
        self, pool: Sequence[str], variant: Variant | None = None, tries: int = 400
    ) -> tuple[str, str | None]:
        """Return a pool line unlike any on the page so far, and its variant if asked."""
        for _ in range(tries):
            line = self.rng.choice(pool)
            if not self.compatible(line):
                continue
            changed = variant(line, self.rng) if variant is not None else None
            if variant is not None and (changed is None or not changed.strip()):
                continue
            self.claim(line)
            return line, changed
        raise RuntimeError("the pools are too small to draw a compatible line")

    def draw_label(self) -> str:
        for _ in range(400):
            label = self.rng.choice(self.pools.labels)
            key = " " + " ".join(self.pools.key(label)) + " "
            if key.strip() and all(key not in other for other in self.keys):
                self.keys.append(key)
                return label
        raise RuntimeError("the label pool is too small")


_NEAR_VARIANTS: dict[str, Variant] = {
    "exact_folded": _typographic,
    "near_case": _case,
    "near_spacing": _spacing,
    "near_punctuation": _punctuation,
    "near_entities": _entities,
    "near_mojibake": _mojibake,
    "near_digit_grouping": _digit_grouping,
    "near_function_word": _drop_function_word,
}

_TRUNCATIONS: dict[str, Variant] = {
    "truncated_ellipsis": _truncate("..."),
    "truncated_unicode_ellipsis": _truncate("…"),
    "truncated_bracket": _truncate(" […]"),
    "truncated_read_more": _truncate("... Read more"),
    "truncated_mid_word": _truncate_mid_word,
    "truncated_leading": _truncate_leading,
}

Unit = list[LabelledBlock]


def _keep(text: str, kind: str = UNIQUE) -> LabelledBlock:
    return LabelledBlock(text, remove=False, kind=kind)


def _drop(text: str, kind: str) -> LabelledBlock:
    return LabelledBlock(text, remove=True, kind=kind)


def _is_punctuation(text: str) -> bool:
    return not matching_key(norm_line(text))


def _check_neighbours(blocks: Sequence[LabelledBlock]) -> bool:
    """Labels and code kept as hard negatives must not sit beside a repeated copy."""
    repeated = {matching_key(norm_line(block.text)) for block in blocks if block.remove}
    for i, block in enumerate(blocks):
        if block.kind not in ("neg_label_far", "neg_code"):
            continue
        for j in (i - 1, i + 1):
            if 0 <= j < len(blocks) and matching_key(norm_line(blocks[j].text)) in repeated:
                return False
    return True


def _page(rng: random.Random, pools: Pools, name: str) -> LabelledPage:
    b = _Builder(rng, pools, [], set())
    p = pools.paragraphs
    early: list[Unit] = []
    late: list[Unit] = []

    def chance() -> bool:
        return rng.random() < 0.55

    # Navigation around the article; one longer line repeats in the footer.
    header = [_keep(b.draw(pools.nav)[0]) for _ in range(3)]
    label = b.draw_label()
    header.insert(1, _keep(label, "neg_label_far"))
    boiler, _ = b.draw(pools.nav)
    header.append(_keep(boiler))
    # Labels and code kept as hard negatives sit between unique lines, so that
    # no shuffle makes them part of a repeated run.
    snippets = rng.sample(_CODE_SNIPPETS, 2)
    footer = [_keep(b.draw(pools.nav)[0])]
    footer += [_keep(x, "neg_code") for x in snippets[1]]
    footer += [_keep(b.draw(pools.nav)[0]), _keep(label, "neg_label_far")]
    footer += [_keep(b.draw(pools.nav)[0]), _drop(boiler, "boilerplate_repeat")]
    if chance():
        again, _ = b.draw(pools.nav)
        early.append([_keep(again)])
        late.append([_drop(again, "boilerplate_repeat")])
        footer.append(_drop(again, "boilerplate_repeat"))
    footer.append(_keep(b.draw(pools.nav)[0]))

    first, subtitle = b.draw(p, _subtitle) if chance() else (b.draw(p)[0], None)
    top = [_keep(first)]
    if subtitle is not None:
        top.insert(0, _drop(subtitle, "contained_subtitle"))
    early.extend([_keep(b.draw(p)[0])] for _ in range(rng.randint(2, 4)))

    for kind, variant in _NEAR_VARIANTS.items():
        if chance():
            line, changed = b.draw(p, variant)
            assert changed is not None
            early.append([_keep(line)])
            late.append([_drop(changed, kind)])
    for kind, variant in _TRUNCATIONS.items():
        if chance():
            line, cut = b.draw(p, variant)
            assert cut is not None
            pair = [[_keep(line)], [_drop(cut, kind)]]
            if rng.random() < 0.5:
                pair.reverse()  # the teaser before the full text
            early.append(pair[0])
            late.append(pair[1])
    if chance():
        caption, _ = b.draw(pools.short_lines)
        early.append([_keep(caption), _drop(caption, "adjacent")])
    if chance():
        short = b.draw_label()
        early.append([_keep(short), _drop(short, "adjacent_label")])
    if chance():
        line, quote = b.draw(p, _pull_quote)
        assert quote is not None
        unit = [_keep(line), _drop(quote, "contained_pull_quote")]
        early.append(unit if rng.random() < 0.5 else unit[::-1])
    credit = _credit(rng)
    if chance():
        caption, _ = b.draw(pools.short_lines)
        early.append([_drop(caption, "contained_caption_credit")])
        late.append([_keep(f"{caption} {credit}")])
    if chance():
        parts = [b.draw(p)[0] for _ in range(3)]
        early.extend([_keep(part)] for part in parts)
        late.append([_drop(" ".join(parts), "merged_article")])
    if chance():
        whole, _ = b.draw(pools.long_paragraphs)
        words = _words(whole)
        half = len(words) // 2
        # The first copy stays: the whole paragraph, and its later pieces go.
        early.append([_keep(whole)])
        late.append(
            [
                _drop(" ".join(words[:half]), "split_paragraph"),
                _drop(" ".join(words[half:]), "split_paragraph"),
            ]
        )
    if chance():
        caption, _ = b.draw(pools.short_lines)
        run = [caption, credit, b.draw(p)[0], b.draw(p)[0]]
        early.append([_keep(x) for x in run])
        late.append([_drop(x, "run_credit" if x == credit else "run_copy") for x in run])

    # Hard negatives: each pair stays whole.
    if chance():
        line, changed = b.draw(pools.with_digits, _change_number)
        assert changed is not None
        early.append([_keep(line, "neg_numbers")])
        late.append([_keep(changed, "neg_numbers")])
    if chance():
        line, changed = b.draw(pools.with_digits, _change_sign_or_symbol)
        assert changed is not None
        early.append([_keep(line, "neg_sign_or_symbol")])
        late.append([_keep(changed, "neg_sign_or_symbol")])
    if chance():
        line, changed = b.draw(pools.short_lines, lambda x, r: _swap_word(x, r, pools))
        assert changed is not None
        early.append([_keep(line, "neg_word_changed")])
        late.append([_keep(changed, "neg_word_changed")])
    if chance():
        line, subset = b.draw(p, _noncontiguous)
        assert subset is not None
        early.append([_keep(line, "neg_noncontiguous")])
        late.append([_keep(subset, "neg_noncontiguous")])
    if chance():
        _, teaser = b.draw(p, _truncate("..."))
        assert teaser is not None
        (early if rng.random() < 0.5 else late).append([_keep(teaser, "neg_truncated_alone")])
    code = [_keep(x, "neg_code") for x in snippets[0]]
    early.append([_keep(b.draw(p)[0]), *code, _keep(b.draw(p)[0])])
    mark = rng.choice(_PUNCTUATION_LINES)
    early.append([_keep(mark, "neg_punctuation"), _keep(mark, "neg_punctuation")])
    late.append([_keep(mark, "neg_punctuation")])

    rng.shuffle(early)
    rng.shuffle(late)
    blocks = header + top + [x for unit in early + late for x in unit] + footer
    return LabelledPage(name, tuple(blocks))


def _credit(rng: random.Random) -> str:
    credit = (
        f"{rng.choice('ABCDEHJKLMS')}. {rng.choice(_CREDIT_NAMES)}/{rng.choice(_CREDIT_AGENCIES)}"
    )
    return credit[:19]


def _swap_word(line: str, rng: random.Random, pools: Pools) -> str | None:
    words = _words(line)
    spots = [i for i, w in enumerate(words) if w.isalpha() and _content_word(w) and len(w) >= 4]
    if not spots:
        return None
    at = rng.choice(spots)
    donor = _words(rng.choice(pools.short_lines))
    choices = [
        w
        for w in donor
        if w.isalpha() and _content_word(w) and w.casefold() != words[at].casefold()
    ]
    if not choices:
        return None
    words[at] = rng.choice(choices)
    return " ".join(words)


def labelled_pages(pages: Sequence[Page], count: int, *, seed: int = 0) -> list[LabelledPage]:
    """Build ``count`` labelled pages from real pages, the same ones for the same seed."""
    pools = Pools.from_pages(pages)
    out: list[LabelledPage] = []
    rng = random.Random(seed)
    while len(out) < count:
        page = _page(rng, pools, f"labelled-{len(out):04d}")
        # Hard-negative labels and code lines must not sit in a repeated run,
        # or the policy would remove them and the gold would be wrong.
        if not _check_neighbours(page.blocks):
            raise RuntimeError(f"{page.name}: a hard negative sits beside a repeated line")
        out.append(page)
    return out


def scaling_page(pages: Sequence[Page], blocks: int, *, seed: int = 0) -> str:
    """Real scraped pages, run together in a seeded order, cut at ``blocks`` lines.

    Past the corpus's ~56k lines the pages come round again in a new order,
    so pages of 100k blocks repeat whole pages, as a crawl of one site would.
    """
    rng = random.Random(seed)
    out: list[str] = []
    count = 0
    while count < blocks:
        order = list(pages)
        rng.shuffle(order)
        for page in order:
            for line in page.scraped.splitlines():
                out.append(line)
                if line.strip():
                    count += 1
                    if count >= blocks:
                        return "\n".join(out) + "\n"
    return "\n".join(out) + "\n"


@dataclass(frozen=True, slots=True)
class AdversarialCase:
    """A page built to hit a worst case, and how many lines should come out."""

    name: str
    text: str
    expect_lines: int | None
    """Lines the policy keeps; None when any output is fine as long as it is fast."""
    description: str


def adversarial_cases(
    pages: Sequence[Page], *, scale: float = 1.0, seed: int = 0
) -> list[AdversarialCase]:
    """Build the worst cases from the issue; ``scale`` shrinks them for the quick run."""
    rng = random.Random(seed)
    identical = int(100_000 * scale)
    items = int(50_000 * scale)
    numbers = int(20_000 * scale)
    big = int(10_000_000 * scale)
    pool = Pools.from_pages(pages).paragraphs
    giant: list[str] = []
    size = 0
    while size < big:
        giant.append(rng.choice(pool))
        size += len(giant[-1].encode("utf-8")) + 1
    runs: list[str] = []
    for i in range(max(10, int(200 * scale))):
        width = 10_000
        choice = i % 5
        if choice == 0:
            runs.append("." * width)
        elif choice == 1:
            runs.append("&amp;" * (width // 5) + f" word{i}")
        elif choice == 2:
            runs.append(" " * width + f"spaced out line {i}")
        elif choice == 3:
            runs.append("&#8217;&nbsp;" * (width // 13))
        else:
            runs.append("-|- " * (width // 4))
    return [
        AdversarialCase(
            f"{identical:,} identical lines",
            "Continue reading the main story\n" * identical,
            1,
            "one line repeated; one copy stays",
        ),
        AdversarialCase(
            f"{items:,} 'Item N' lines",
            "".join(f"Item {i}\n" for i in range(items)),
            items,
            "every line differs in its number; all stay",
        ),
        AdversarialCase(
            f"one {size / 1e6:.0f} MB line",
            " ".join(giant) + "\n",
            1,
            "a single giant line; it stays",
        ),
        AdversarialCase(
            f"{len(runs)} runs of punctuation, entities, spaces",
            "\n".join(runs) + "\n",
            None,
            "10k-character runs; must not be slow",
        ),
        AdversarialCase(
            f"{numbers:,} lines differing only in numbers",
            "".join(
                f"Shares rose {i % 97}.{i % 9}% to {1000 + i} points on day {i}\n"
                for i in range(numbers)
            ),
            numbers,
            "numbers differ; all stay",
        ),
    ]


# The long line of the last shape has this many words per line of the others,
# so that 64k lines make 1.28M words.
SHAPE_WORDS_PER_LINE = 20


def shape_cases(lines: int) -> list[AdversarialCase]:
    """Build the input shapes that once cost 4x per doubling, at ``lines`` lines.

    Lines that share a fingerprint (first and last words, length) but differ
    inside, and a long line that holds a short one at every word. The names
    do not carry the size, so that runs at several sizes line up.

    >>> [case.expect_lines for case in shape_cases(10)]
    [10, 10, 2]
    """
    words = SHAPE_WORDS_PER_LINE * lines
    return [
        AdversarialCase(
            "truncated lines sharing head and tail",
            "\n".join(
                f"alpha beta gamma x{i} delta epsilon zeta eta thet..." for i in range(lines)
            ),
            lines,
            "no full version on the page; all stay",
        ),
        AdversarialCase(
            "short and long lines sharing head and tail",
            "\n".join(
                f"alpha beta gamma l{i} delta epsilon zeta eta"
                if i % 2
                else f"alpha beta gamma s{i} delta epsilon zeta"
                for i in range(lines)
            ),
            lines,
            "every line says something new; all stay",
        ),
        AdversarialCase(
            "a short line, then one long line of its word",
            "abcd abcd abcd abcd abcd abcd abcd\n" + "abcd " * words,
            2,
            "the short line is no sentence of the long one; both stay",
        ),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Write labelled pages and their labels to a folder, for reading by eye."""
    from benchmarks.corpus import load_real_pages  # noqa: PLC0415

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for page in labelled_pages(load_real_pages(), args.count, seed=args.seed):
        (args.out / f"{page.name}.txt").write_text(page.text, encoding="utf-8")
        rows = [
            f"{i}\t{'remove' if b.remove else 'keep'}\t{b.kind}\t{b.text[:80]}"
            for i, b in enumerate(page.blocks)
        ]
        (args.out / f"{page.name}.labels.tsv").write_text("\n".join(rows) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
