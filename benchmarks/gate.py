"""The quality gate: ``make test`` fails when content is lost or quality drops.

Runs ``dedup.clean`` on the quick subset (every third real page, and 40
labelled pages) and compares with the minimums pinned in
``benchmarks/gate_baseline.json``:

* content lost is always a failure, whatever the baseline says: gold
  paragraphs whose words are gone from the output, removals without a kept
  twin, and blocks the labelled gold keeps;
* recall and precision may not fall below their pinned minimums, and the
  residue counts may not rise above their pinned ceilings;
* the baseline carries the sha256 of the corpus it was measured on; if the
  corpus changes, re-pin with ``--update``.

``--update`` re-pins the baseline to the measured values. It refuses to lower
a minimum (or raise a ceiling) unless given ``--allow-regression``, which CI
never passes. No timings here: speed is for ``make bench``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dedup
from benchmarks.corpus import corpus_sha256, load_real_pages, quick_subset
from benchmarks.generate import LabelledPage, labelled_pages
from benchmarks.metrics import (
    LabelledQuality,
    RealQuality,
    labelled_quality,
    real_quality,
    twin_violations,
)

__all__ = ["BASELINE", "Corpus", "check", "evaluate", "load_corpus", "main", "run_gate", "update"]

BASELINE = Path(__file__).resolve().parent / "gate_baseline.json"
LABELLED_PAGES = 40
SEED = 0

# Higher is better for these; lower is better for every other pinned metric.
HIGHER_IS_BETTER = ("recall", "precision")
# Lower is better; pinned as ceilings.
CEILINGS = (
    "gold_lost",
    "gold_repeats_collapsed",
    "repeats_left",
    "truncated_left",
)
# Any non-zero value is content lost: never allowed, whatever the baseline.
ZERO = ("gold_words_lost", "twin_violations", "unique_lost", "hard_negatives_lost")

Cleaner = Callable[[str], str]
Analyzer = Callable[[str], dedup.Analysis]


@dataclass(frozen=True, slots=True)
class Corpus:
    """The pages the gate runs on, and their hash."""

    real: list[Any]
    labelled: list[LabelledPage]
    sha256: str


def load_corpus() -> Corpus:
    """Load the quick subset: every third real page and the seeded labelled pages."""
    pages = load_real_pages()
    real = quick_subset(pages)
    labelled = labelled_pages(pages, LABELLED_PAGES, seed=SEED)
    items: list[tuple[str, str]] = []
    for page in real:
        items += [(page.page_id + ".scraped", page.scraped), (page.page_id + ".gold", page.gold)]
    for lab in labelled:
        labels = "".join(f"{int(b.remove)}\t{b.kind}\n" for b in lab.blocks)
        items += [(lab.name, lab.text), (lab.name + ".labels", labels)]
    return Corpus(real, labelled, corpus_sha256(items))


def evaluate(
    corpus: Corpus, cleaner: Cleaner = dedup.clean, analyzer: Analyzer | None = dedup.analyze
) -> dict[str, Any]:
    """Measure a cleaner on the gate's corpus; ``analyzer`` adds the twin check."""
    real = RealQuality()
    for page in corpus.real:
        real.add(real_quality(page.page_id, page.scraped, page.gold, cleaner(page.scraped)))
    labelled = LabelledQuality()
    for lab in corpus.labelled:
        labelled.add(labelled_quality(lab.name, lab.blocks, cleaner(lab.text)))
    twins: list[str] = []
    if analyzer is not None:
        for page in corpus.real:
            twins += [v.describe(page.page_id) for v in twin_violations(analyzer(page.scraped))]
    return {
        "corpus_sha256": corpus.sha256,
        "metrics": {
            "gold_words_lost": real.gold_lost - real.gold_lost_inside,
            "twin_violations": len(twins),
            "unique_lost": labelled.unique_lost,
            "hard_negatives_lost": labelled.hard_negatives_lost,
            "gold_lost": real.gold_lost,
            "gold_repeats_collapsed": real.gold_repeats_collapsed,
            "repeats_left": real.repeats_left,
            "truncated_left": real.truncated_left,
            "recall": round(labelled.recall, 4),
            "precision": round(labelled.precision, 4),
        },
        "examples": (real.lost_examples + twins + labelled.lost_examples)[:15],
    }


def _worse(name: str, measured: float, pinned: float) -> bool:
    return measured < pinned if name in HIGHER_IS_BETTER else measured > pinned


def check(measured: dict[str, Any], baseline: dict[str, Any]) -> list[str]:
    """Return every way ``measured`` fails the gate; empty when it passes."""
    metrics = measured["metrics"]
    failures = [
        f"content lost: {name} = {metrics[name]} (must be 0)"
        for name in ZERO
        if metrics.get(name, 0)
    ]
    if baseline.get("corpus_sha256") != measured["corpus_sha256"]:
        failures.append(
            "the corpus changed since the baseline was pinned; "
            "re-pin with `python -m benchmarks.gate --update`"
        )
    for name, pinned in baseline.get("metrics", {}).items():
        if name in ZERO or name not in metrics:
            continue
        if _worse(name, metrics[name], pinned):
            bound = "minimum" if name in HIGHER_IS_BETTER else "ceiling"
            failures.append(f"{name} = {metrics[name]} is past its pinned {bound} {pinned}")
    return failures


def update(
    measured: dict[str, Any], baseline: dict[str, Any] | None, *, allow_regression: bool
) -> tuple[dict[str, Any] | None, list[str]]:
    """Return the new baseline, or None and the reasons when it would lower a minimum."""
    old = (baseline or {}).get("metrics", {})
    new = {name: value for name, value in measured["metrics"].items() if name not in ZERO}
    regressions = [
        f"{name}: {old[name]} -> {value}"
        for name, value in new.items()
        if name in old and _worse(name, value, old[name])
    ]
    if regressions and not allow_regression:
        return None, regressions
    pinned = {"corpus_sha256": measured["corpus_sha256"], "metrics": new}
    return pinned, regressions


def run_gate(
    *,
    cleaner: Cleaner = dedup.clean,
    analyzer: Analyzer | None = dedup.analyze,
    baseline_path: Path = BASELINE,
    do_update: bool = False,
    allow_regression: bool = False,
    corpus: Corpus | None = None,
    out: Any = None,
) -> int:
    """Run the gate; 0 passes, 1 fails, 2 refuses to re-pin a regression."""
    stream = out if out is not None else sys.stdout
    corpus = corpus if corpus is not None else load_corpus()
    measured = evaluate(corpus, cleaner, analyzer)
    baseline = json.loads(baseline_path.read_text()) if baseline_path.exists() else None
    print("gate: " + ", ".join(f"{k}={v}" for k, v in measured["metrics"].items()), file=stream)
    if do_update:
        zero = [f for f in check(measured, {}) if f.startswith("content lost")]
        if zero:
            print("gate: refusing to pin a baseline that loses content:", file=stream)
            for line in zero + measured["examples"]:
                print(f"  {line}", file=stream)
            return 1
        pinned, regressions = update(measured, baseline, allow_regression=allow_regression)
        if pinned is None:
            print("gate: refusing to lower a minimum without --allow-regression:", file=stream)
            for line in regressions:
                print(f"  {line}", file=stream)
            return 2
        baseline_path.write_text(json.dumps(pinned, indent=2, sort_keys=True) + "\n")
        print(f"gate: pinned {baseline_path}", file=stream)
        return 0
    if baseline is None:
        print(f"gate: no baseline at {baseline_path}; create it with --update", file=stream)
        return 1
    failures = check(measured, baseline)
    if failures:
        print("gate: FAILED", file=stream)
        for line in failures:
            print(f"  {line}", file=stream)
        for line in measured["examples"]:
            print(f"  e.g. {line}", file=stream)
        return 1
    print("gate: passed", file=stream)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m benchmarks.gate [--update [--allow-regression]]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", type=Path, default=BASELINE)
    parser.add_argument("--update", action="store_true", help="re-pin to the measured values")
    parser.add_argument(
        "--allow-regression",
        action="store_true",
        help="with --update, allow a minimum to go down (never in CI)",
    )
    args = parser.parse_args(argv)
    if args.allow_regression and not args.update:
        parser.error("--allow-regression only makes sense with --update")
    return run_gate(
        baseline_path=args.baseline, do_update=args.update, allow_regression=args.allow_regression
    )


if __name__ == "__main__":
    raise SystemExit(main())
