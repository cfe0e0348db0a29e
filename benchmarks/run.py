"""Run the whole benchmark and write ``benchmarks/results/latest.{json,md}`` and plots.

``python -m benchmarks.run`` is the full run (``make bench``); ``--quick`` is a
subset that finishes in under a minute (``make bench-quick``). Every figure in
the outputs is measured in the same run, on the same machine.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import itertools
import json
import platform
import sys
import time
import tracemalloc
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import dedup
from benchmarks import report
from benchmarks.corpus import Page, load_real_pages, quick_subset
from benchmarks.generate import (
    HARD_NEGATIVE_KINDS,
    REPEAT_KINDS,
    adversarial_cases,
    labelled_pages,
    scaling_page,
    shape_cases,
)
from benchmarks.metrics import (
    LabelledQuality,
    RealQuality,
    labelled_quality,
    norm_lines,
    real_quality_lines,
    twin_violations,
)
from benchmarks.systems import BudgetExceededError, System, all_systems
from benchmarks.targets import targets
from dedup.normalize import repair_mojibake

RESULTS = Path(__file__).resolve().parent / "results"
SEED = 0


@dataclass(frozen=True, slots=True)
class Settings:
    """How much of the benchmark to run."""

    mode: str
    real_subset: bool
    labelled_pages: int
    repeats: int
    repeat_budget: float
    """Seconds one system may spend on repeats after its first timed pass."""
    page_budget: float
    """Seconds a budget-aware baseline may spend on one real page."""
    scaling_sizes: tuple[int, ...]
    scaling_budget: float
    """Seconds one system may spend on one scaling or adversarial input."""
    adversarial_scale: float
    shape_sizes: tuple[int, ...]
    """Lines in the inputs of :func:`~benchmarks.generate.shape_cases`, doubling."""


FULL = Settings(
    "full",
    False,
    300,
    5,
    60.0,
    10.0,
    (100, 1_000, 5_000, 10_000, 50_000, 100_000),
    60.0,
    1.0,
    (4_000, 8_000, 16_000, 32_000, 64_000),
)
QUICK = Settings(
    "quick", True, 40, 2, 3.0, 2.0, (100, 1_000, 5_000), 3.0, 0.05, (1_000, 2_000, 4_000)
)


def _percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure_real(
    system: System,
    pages: Sequence[Page],
    prepared: Sequence[tuple[list[str], list[str]]],
    s: Settings,
) -> dict[str, Any]:
    """Quality and speed of one system on the real pages."""
    total_bytes = sum(len(p.scraped.encode("utf-8")) for p in pages)
    per_page: list[list[float]] = [[] for _ in pages]
    totals: list[float] = []
    timed_out: set[int] = set()
    quality = RealQuality()
    for repeat in range(s.repeats):
        total = 0.0
        for i, page in enumerate(pages):
            start = time.perf_counter()
            try:
                out = system.run(page.scraped, deadline=start + s.page_budget)
            except BudgetExceededError:
                out = page.scraped  # what is left when the user gives up
                timed_out.add(i)
            elapsed = time.perf_counter() - start
            per_page[i].append(elapsed)
            total += elapsed
            if repeat == 0:
                scraped_lines, gold_lines = prepared[i]
                quality.add(
                    real_quality_lines(page.page_id, scraped_lines, gold_lines, norm_lines(out))
                )
        totals.append(total)
        if repeat == 0 and total * (s.repeats - 1) > s.repeat_budget:
            break
    best = min(totals)
    blocks = quality.blocks_in
    page_ms = [min(times) * 1000 for times in per_page]
    result: dict[str, Any] = {
        "quality": asdict(quality) | {"lost_examples": quality.lost_examples[:20]},
        "mb_per_s": total_bytes / best / 1e6,
        "blocks_per_s": blocks / best,
        "ms_p50": _percentile(page_ms, 0.5),
        "ms_p99": _percentile(page_ms, 0.99),
        "seconds": best,
        "repeats": len(totals),
        "timed_out_pages": len(timed_out),
    }
    # Peak memory on the largest pages, in a separate untimed pass: tracing
    # slows every allocation.
    largest = sorted(pages, key=lambda p: -len(p.scraped))[: 1 if s.real_subset else 3]
    peak = 0
    for page in largest:
        tracemalloc.start()
        with contextlib.suppress(BudgetExceededError):
            system.run(page.scraped)
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    result["peak_mib"] = peak / 2**20
    return result


def measure_labelled(system: System, pages: Sequence[Any]) -> dict[str, Any]:
    """Score removals on labelled pages against the gold known by construction."""
    total = LabelledQuality()
    timed_out = 0
    for page in pages:
        try:
            out = system.run(page.text, deadline=time.perf_counter() + 10.0)
        except BudgetExceededError:
            out, timed_out = page.text, timed_out + 1
        total.add(labelled_quality(page.name, page.blocks, out))
    kinds = {
        kind: {"total": total.per_kind_total[kind], "hit": total.per_kind_hit[kind]}
        for kind in (*REPEAT_KINDS, *HARD_NEGATIVE_KINDS)
    }
    return {
        "pages": total.pages,
        "blocks": total.blocks,
        "should_remove": total.should_remove,
        "removed": total.removed,
        "precision": total.precision,
        "recall": total.recall,
        "unique_lost": total.unique_lost,
        "kept_inside": total.kept_inside,
        "hard_negatives": total.hard_negatives,
        "hard_negatives_lost": total.hard_negatives_lost,
        "kinds": kinds,
        "lost_examples": total.lost_examples[:20],
        "timed_out_pages": timed_out,
    }


def _time_once(system: System, text: str, budget: float) -> float:
    start = time.perf_counter()
    system.run(text, deadline=start + budget)
    return time.perf_counter() - start


def measure_scaling(
    systems: Sequence[System], pages: Sequence[Page], s: Settings
) -> dict[str, Any]:
    """Seconds per page across page sizes; a system stops when over budget."""
    out: dict[str, Any] = {"sizes": list(s.scaling_sizes), "seconds": {}, "notes": {}}
    texts = {size: scaling_page(pages, size, seed=SEED) for size in s.scaling_sizes}
    out["bytes"] = {size: len(texts[size].encode("utf-8")) for size in s.scaling_sizes}
    for system in systems:
        if not system.available:
            continue
        seconds: dict[int, float | None] = {}
        note = ""
        for size in s.scaling_sizes:
            previous = [(n, t) for n, t in seconds.items() if t is not None]
            if note:
                seconds[size] = None
                continue
            if previous and not system.budget_aware:
                n, t = previous[-1]
                if t / n * size > s.scaling_budget:
                    note = f"over the {s.scaling_budget:.0f} s budget from {size:,} blocks"
                    seconds[size] = None
                    continue
            try:
                first = _time_once(system, texts[size], s.scaling_budget)
            except BudgetExceededError:
                note = f"timed out ({s.scaling_budget:.0f} s) at {size:,} blocks"
                seconds[size] = None
                continue
            runs = [first]
            # Min of several runs, as many as fit in the budget.
            while len(runs) < s.repeats and sum(runs) + first < s.scaling_budget:
                runs.append(_time_once(system, texts[size], s.scaling_budget))
            seconds[size] = min(runs)
        out["seconds"][system.name] = seconds
        out["notes"][system.name] = note
    return out


def measure_adversarial(
    systems: Sequence[System], pages: Sequence[Page], s: Settings, speeds: dict[str, float]
) -> list[dict[str, Any]]:
    """Worst-case inputs: time, and whether the output has the lines it should."""
    rows: list[dict[str, Any]] = []
    for case in adversarial_cases(pages, scale=s.adversarial_scale, seed=SEED):
        size = len(case.text.encode("utf-8"))
        row: dict[str, Any] = {
            "case": case.name,
            "bytes": size,
            "expect_lines": case.expect_lines,
            "description": case.description,
            "systems": {},
        }
        for system in systems:
            if not system.available:
                continue
            speed = speeds.get(system.name, 0.0)
            if not system.budget_aware and speed and size / (speed * 1e6) > s.scaling_budget:
                row["systems"][system.name] = {"status": "skipped: over budget at real-page speed"}
                continue
            start = time.perf_counter()
            try:
                output = system.run(case.text, deadline=start + s.scaling_budget)
            except BudgetExceededError:
                row["systems"][system.name] = {"status": f"timed out ({s.scaling_budget:.0f} s)"}
                continue
            elapsed = time.perf_counter() - start
            lines = sum(1 for line in output.split("\n") if line.strip())
            ok = case.expect_lines is None or lines == case.expect_lines
            row["systems"][system.name] = {
                "status": "ok" if ok else f"{lines:,} lines out",
                "seconds": elapsed,
                "lines": lines,
            }
        rows.append(row)
    return rows


def measure_gate(pages: Sequence[Page], s: Settings) -> dict[str, Any]:
    """MB/s of the mojibake gate on the real pages, beside ftfy's own test on whole pages.

    Only lines the gate lets through reach ftfy, so on clean text the gate is
    all that the repair costs; ``ftfy.badness.is_bad`` is what a gate built on
    ftfy alone would cost.

    >>> from benchmarks.corpus import Page
    >>> gate = measure_gate([Page("x", "a", "It’s fine\\nIt\u00e2\u0080\u0099s", "")], QUICK)
    >>> gate["lines_passed"], gate["gate_mb_per_s"] > 0
    (1, True)
    """
    from ftfy.badness import is_bad  # noqa: PLC0415

    from dedup.patterns.folding import MOJIBAKE  # noqa: PLC0415

    texts = [page.scraped for page in pages]
    megabytes = sum(len(text.encode("utf-8")) for text in texts) / 1e6

    def best(run: Any) -> float:
        times = []
        for _ in range(s.repeats):
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
        return min(times)

    lines = [line for text in texts for line in text.splitlines()]
    return {
        "megabytes": megabytes,
        "gate_mb_per_s": megabytes / best(lambda: [repair_mojibake(t) for t in texts]),
        "is_bad_mb_per_s": megabytes / best(lambda: [is_bad(t) for t in texts]),
        "lines": len(lines),
        "lines_passed": sum(MOJIBAKE.search(line) is not None for line in lines),
    }


def measure_shapes(s: Settings) -> dict[str, Any]:
    """Seconds for dedup.clean on each shape at doubling sizes, and the ratio per doubling.

    Only dedup.clean is timed: the baselines would take hours on these inputs.
    Each size is run once per round, ``repeats`` rounds, and its fastest run
    counts. A shape stops growing once a run is over budget.

    >>> from dataclasses import replace
    >>> shapes = measure_shapes(replace(QUICK, shape_sizes=(10, 20)))
    >>> [all(row["ok"].values()) for row in shapes["shapes"].values()]
    [True, True, True]
    """
    sizes = list(s.shape_sizes)
    cases = {size: shape_cases(size) for size in sizes}
    rows: dict[str, dict[str, Any]] = {}
    # Rounds over every size, rather than all runs of one size then the next:
    # a slow spell of a shared machine then lands on every size alike, and the
    # minimum per size keeps the ratios honest.
    for round_number in range(s.repeats):
        for size in sizes:
            for case in cases[size]:
                row = rows.setdefault(
                    case.name, {"seconds": {}, "ok": {}, "description": case.description}
                )
                if size > row.get("stop", size):
                    continue
                # Each run starts from a collected heap, so that the garbage of
                # the runs before does not land a collection in this one.
                gc.collect()
                start = time.perf_counter()
                output = dedup.clean(case.text)
                elapsed = time.perf_counter() - start
                row["seconds"][size] = min(row["seconds"].get(size, elapsed), elapsed)
                if round_number == 0:
                    lines = sum(1 for line in output.split("\n") if line.strip())
                    row["ok"][size] = case.expect_lines is None or lines == case.expect_lines
                if elapsed > s.scaling_budget and "stop" not in row:
                    row["stop"] = size
                    row["note"] = f"over the {s.scaling_budget:.0f} s budget at {size:,} lines"
    for row in rows.values():
        seconds = [row["seconds"].get(size) for size in sizes]
        ratios = [b / a for a, b in itertools.pairwise(seconds) if a and b]
        row["worst_ratio"] = max(ratios, default=None)
    return {"sizes": sizes, "shapes": rows}


def run(settings: Settings, out_dir: Path, *, plots: bool = True) -> dict[str, Any]:
    """Run every measurement and write the results; return them."""
    started = time.time()
    all_pages = load_real_pages()
    pages = quick_subset(all_pages) if settings.real_subset else all_pages
    prepared = [(norm_lines(p.scraped), norm_lines(p.gold)) for p in pages]
    labelled = labelled_pages(all_pages, settings.labelled_pages, seed=SEED)
    systems = all_systems()
    results: dict[str, Any] = {
        "settings": asdict(settings),
        "environment": {
            "python": platform.python_version(),
            "machine": platform.machine(),
            "dedup": dedup.__version__,
        },
        "corpus": {
            "real_pages": len(pages),
            "real_bytes": sum(len(p.scraped.encode("utf-8")) for p in pages),
            "labelled_pages": len(labelled),
        },
        "systems": {},
        "missing": {s.name: s.missing for s in systems if not s.available},
    }
    for system in systems:
        if not system.available:
            print(f"skipping {system.name}: {system.missing}", file=sys.stderr)
            continue
        print(f"{system.name}: real pages", file=sys.stderr)
        entry: dict[str, Any] = {"description": system.description}
        entry["real"] = measure_real(system, pages, prepared, settings)
        print(f"{system.name}: labelled pages", file=sys.stderr)
        entry["labelled"] = measure_labelled(system, labelled)
        results["systems"][system.name] = entry
    violations = [
        problem.describe(page.page_id)
        for page in pages
        for problem in twin_violations(dedup.analyze(page.scraped))
    ]
    results["systems"]["dedup.clean"]["twin_violations"] = len(violations)
    results["systems"]["dedup.clean"]["twin_examples"] = violations[:20]
    print("scaling", file=sys.stderr)
    results["scaling"] = measure_scaling(systems, all_pages, settings)
    speeds = {name: entry["real"]["mb_per_s"] for name, entry in results["systems"].items()}
    print("adversarial", file=sys.stderr)
    results["adversarial"] = measure_adversarial(systems, all_pages, settings, speeds)
    print("shapes", file=sys.stderr)
    results["shapes"] = measure_shapes(settings)
    print("mojibake gate", file=sys.stderr)
    results["gate"] = measure_gate(pages, settings)
    results["targets"] = targets(results)
    results["elapsed_seconds"] = time.time() - started
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "latest.json").write_text(json.dumps(results, indent=1, sort_keys=False) + "\n")
    report.write(out_dir)
    if plots:
        from benchmarks import plot  # noqa: PLC0415

        plot.write(out_dir)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; ``--quick`` for the subset."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="the subset: under a minute")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where results go")
    parser.add_argument("--no-plots", action="store_true", help="skip the PNG plots")
    args = parser.parse_args(argv)
    results = run(QUICK if args.quick else FULL, args.out, plots=not args.no_plots)
    print(f"done in {results['elapsed_seconds']:.0f} s; see {args.out / 'latest.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
