"""Labelled pages: every kind of repeat and hard negative, the gold known by construction."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from benchmarks.corpus import Page
from benchmarks.generate.pools import Pools, split_words
from benchmarks.generate.variants import (
    NEAR_VARIANTS,
    TRUNCATIONS,
    Variant,
    change_number,
    change_sign_or_symbol,
    drop_middle,
    first_sentence,
    pull_quote_of,
    swap_word,
    truncate,
)
from benchmarks.metrics import LabelledBlock, norm_line, skeleton
from dedup.blocks import matching_key

__all__ = ["HARD_NEGATIVE_KINDS", "REPEAT_KINDS", "UNIQUE", "LabelledPage", "labelled_pages"]

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


@dataclass(frozen=True, slots=True)
class LabelledPage:
    """A generated page and, for each of its blocks, what the policy does with it."""

    name: str
    blocks: tuple[LabelledBlock, ...]

    @property
    def text(self) -> str:
        """The page as scraped text, one block per line."""
        return "".join(block.text + "\n" for block in self.blocks)


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


Unit = list[LabelledBlock]


def _keep(text: str, kind: str = UNIQUE) -> LabelledBlock:
    return LabelledBlock(text, remove=False, kind=kind)


def _drop(text: str, kind: str) -> LabelledBlock:
    return LabelledBlock(text, remove=True, kind=kind)


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

    first, subtitle = b.draw(p, first_sentence) if chance() else (b.draw(p)[0], None)
    top = [_keep(first)]
    if subtitle is not None:
        top.insert(0, _drop(subtitle, "contained_subtitle"))
    early.extend([_keep(b.draw(p)[0])] for _ in range(rng.randint(2, 4)))

    for kind, variant in NEAR_VARIANTS.items():
        if chance():
            line, changed = b.draw(p, variant)
            assert changed is not None
            early.append([_keep(line)])
            late.append([_drop(changed, kind)])
    for kind, variant in TRUNCATIONS.items():
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
        line, quote = b.draw(p, pull_quote_of)
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
        words = split_words(whole)
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
        line, changed = b.draw(pools.with_digits, change_number)
        assert changed is not None
        early.append([_keep(line, "neg_numbers")])
        late.append([_keep(changed, "neg_numbers")])
    if chance():
        line, changed = b.draw(pools.with_digits, change_sign_or_symbol)
        assert changed is not None
        early.append([_keep(line, "neg_sign_or_symbol")])
        late.append([_keep(changed, "neg_sign_or_symbol")])
    if chance():
        line, changed = b.draw(pools.short_lines, lambda x, r: swap_word(x, r, pools))
        assert changed is not None
        early.append([_keep(line, "neg_word_changed")])
        late.append([_keep(changed, "neg_word_changed")])
    if chance():
        line, subset = b.draw(p, drop_middle)
        assert subset is not None
        early.append([_keep(line, "neg_noncontiguous")])
        late.append([_keep(subset, "neg_noncontiguous")])
    if chance():
        _, teaser = b.draw(p, truncate("..."))
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
