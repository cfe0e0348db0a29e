"""The quality gate fails when content is lost, and guards its own baseline."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import dedup  # noqa: E402
from benchmarks import gate  # noqa: E402
from benchmarks.corpus import Page  # noqa: E402
from benchmarks.metrics import (  # noqa: E402
    LabelledBlock,
    labelled_quality,
    real_quality,
    twin_violations,
)


def lossy_clean(text: str) -> str:
    """Drop every line containing 'the': a deliberately lossy cleaner."""
    return "".join(line + "\n" for line in text.splitlines() if "the" not in line)


@pytest.fixture(scope="module")
def corpus() -> gate.Corpus:
    return gate.load_corpus()


def measured(**metrics: float) -> dict[str, Any]:
    base = dict.fromkeys(gate.ZERO, 0) | {
        "gold_lost": 3,
        "gold_repeats_collapsed": 5,
        "repeats_left": 2,
        "truncated_left": 1,
        "recall": 0.9,
        "precision": 0.95,
    }
    return {"corpus_sha256": "abc", "metrics": base | metrics, "examples": []}


class TestGateOnCorpus:
    def test_lossy_cleaner_fails(self, corpus: gate.Corpus, tmp_path: Path) -> None:
        """A cleaner that drops content fails the gate, even against its own baseline."""
        baseline = tmp_path / "baseline.json"
        baseline.write_text(json.dumps({"corpus_sha256": corpus.sha256, "metrics": {}}))
        out = io.StringIO()
        code = gate.run_gate(
            cleaner=lossy_clean, analyzer=None, baseline_path=baseline, corpus=corpus, out=out
        )
        assert code == 1
        assert "content lost: gold_words_lost" in out.getvalue()
        assert "content lost: unique_lost" in out.getvalue()

    def test_lossy_cleaner_cannot_be_pinned(self, corpus: gate.Corpus, tmp_path: Path) -> None:
        """--update refuses to pin a baseline that loses content, even with --allow-regression."""
        baseline = tmp_path / "baseline.json"
        code = gate.run_gate(
            cleaner=lossy_clean,
            analyzer=None,
            baseline_path=baseline,
            do_update=True,
            allow_regression=True,
            corpus=corpus,
            out=io.StringIO(),
        )
        assert code == 1
        assert not baseline.exists()

    def test_committed_baseline_matches_corpus(self, corpus: gate.Corpus) -> None:
        """The committed baseline was pinned on the corpus that ships with the repository."""
        pinned = json.loads(gate.BASELINE.read_text())
        assert pinned["corpus_sha256"] == corpus.sha256


class TestCheck:
    def test_passes_at_baseline(self) -> None:
        """Values equal to the pinned ones pass."""
        now = measured()
        assert gate.check(now, {"corpus_sha256": "abc", "metrics": now["metrics"]}) == []

    def test_content_loss_fails_whatever_the_baseline(self) -> None:
        """A non-zero content-lost count fails even when the baseline pins it."""
        now = measured(unique_lost=1)
        failures = gate.check(now, {"corpus_sha256": "abc", "metrics": now["metrics"]})
        assert failures == ["content lost: unique_lost = 1 (must be 0)"]

    def test_lower_recall_fails(self) -> None:
        """Recall below its pinned minimum fails."""
        pinned = measured()["metrics"]
        failures = gate.check(measured(recall=0.8), {"corpus_sha256": "abc", "metrics": pinned})
        assert failures == ["recall = 0.8 is past its pinned minimum 0.9"]

    def test_more_residue_fails(self) -> None:
        """A residue count above its pinned ceiling fails."""
        pinned = measured()["metrics"]
        failures = gate.check(measured(repeats_left=3), {"corpus_sha256": "abc", "metrics": pinned})
        assert failures == ["repeats_left = 3 is past its pinned ceiling 2"]

    def test_changed_corpus_fails(self) -> None:
        """A baseline pinned on another corpus fails until re-pinned."""
        now = measured()
        failures = gate.check(now, {"corpus_sha256": "other", "metrics": now["metrics"]})
        assert len(failures) == 1
        assert "corpus changed" in failures[0]


class TestUpdate:
    def test_refuses_to_lower_a_minimum(self) -> None:
        """Re-pinning a lower recall is refused without --allow-regression."""
        old = {"corpus_sha256": "abc", "metrics": measured()["metrics"]}
        pinned, regressions = gate.update(measured(recall=0.5), old, allow_regression=False)
        assert pinned is None
        assert regressions == ["recall: 0.9 -> 0.5"]

    def test_allow_regression_lowers_it(self) -> None:
        """With --allow-regression the lower value is pinned."""
        old = {"corpus_sha256": "abc", "metrics": measured()["metrics"]}
        pinned, _ = gate.update(measured(recall=0.5), old, allow_regression=True)
        assert pinned is not None
        assert pinned["metrics"]["recall"] == 0.5

    def test_improvement_tightens(self) -> None:
        """A better value is pinned, so the gate ratchets."""
        old = {"corpus_sha256": "abc", "metrics": measured()["metrics"]}
        pinned, regressions = gate.update(measured(truncated_left=0), old, allow_regression=False)
        assert regressions == []
        assert pinned is not None
        assert pinned["metrics"]["truncated_left"] == 0

    def test_content_counts_are_not_pinned(self) -> None:
        """Zero-content counts are absolute, so the baseline never holds them."""
        pinned, _ = gate.update(measured(), None, allow_regression=False)
        assert pinned is not None
        assert not set(gate.ZERO) & set(pinned["metrics"])

    def test_run_gate_refuses_regression(self, corpus: gate.Corpus, tmp_path: Path) -> None:
        """The command line exits 2 instead of lowering a pinned minimum."""
        baseline = tmp_path / "baseline.json"
        # Pins no cleaner can reach, so that any measurement is a regression.
        strict = {"recall": 2.0, "precision": 2.0, "gold_lost": -1}
        baseline.write_text(json.dumps({"corpus_sha256": corpus.sha256, "metrics": strict}))
        small = gate.Corpus(corpus.real[:3], corpus.labelled[:3], corpus.sha256)
        code = gate.run_gate(
            baseline_path=baseline, do_update=True, corpus=small, out=io.StringIO()
        )
        assert code == 2
        assert json.loads(baseline.read_text())["metrics"] == strict


class TestMetrics:
    def test_gold_lost_counts_missing_paragraphs(self) -> None:
        """A gold paragraph absent from the output is lost; one still present is not."""
        page = Page("s", "p", "Menu\nA paragraph long enough to count here\nMenu\n", "")
        gold = "A paragraph long enough to count here\n"
        assert real_quality("p", page.scraped, gold, "Menu\n").gold_lost == 1
        assert real_quality("p", page.scraped, gold, page.scraped).gold_lost == 0

    def test_repeats_left_net_of_gold(self) -> None:
        """Extra copies count only beyond the gold's own repeats."""
        line = "A paragraph long enough to count here"
        text = f"{line}\n{line}\n{line}\n"
        assert real_quality("p", text, f"{line}\n", text).repeats_left == 2
        assert real_quality("p", text, f"{line}\n{line}\n", text).repeats_left == 1

    def test_truncated_beside_full(self) -> None:
        """A cut line left beside its full version is counted."""
        out = "Storm hits the coast tonight, officials say\nStorm hits the coast...\n"
        assert real_quality("p", out, "", out).truncated_left == 1

    def test_labelled_precision_recall(self) -> None:
        """Removals are scored against the gold by distinct line."""
        blocks = [
            LabelledBlock("A caption long enough to be content", False, "unique"),
            LabelledBlock("A caption long enough to be content", True, "adjacent"),
            LabelledBlock("World", False, "neg_label_far"),
            LabelledBlock("World", False, "neg_label_far"),
        ]
        result = labelled_quality("p", blocks, "A caption long enough to be content\nWorld\n")
        assert (result.recall, result.precision) == (1.0, 0.5)
        assert result.hard_negatives_lost == 1

    def test_twin_check_accepts_real_removals(self) -> None:
        """The independent twin check passes dedup's own analysis of a simple page."""
        page = "Storm hits the coast tonight, officials say\nStorm hits the coast...\nMenu\n"
        analysis = dedup.analyze(page)
        assert analysis.removed
        assert twin_violations(analysis) == []
