"""Render ``latest.json`` (and ``corpus.json`` when present) as ``latest.md``."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["render", "write"]


def _row(cells: Sequence[object]) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _table(head: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    lines = [_row(head), _row(["---"] * len(head))]
    lines.extend(_row(r) for r in rows)
    return lines


def _num(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}"


def main_table(results: dict[str, Any]) -> list[str]:
    """One row per system, quality and speed columns together."""
    head = [
        "system",
        "gold lost",
        "no kept twin",
        "repeats left",
        "truncated left",
        "gold repeats collapsed",
        "recall",
        "precision",
        "unique lost",
        "hard neg. lost",
        "MB/s",
        "blocks/s",
        "ms p50",
        "ms p99",
        "peak MiB",
    ]
    rows = []
    for name, entry in results["systems"].items():
        real, lab = entry["real"], entry["labelled"]
        q = real["quality"]
        lost = str(q["gold_lost"])
        if q["gold_lost_inside"]:
            lost += f" ({q['gold_lost_inside']} inside)"
        speed = _num(real["mb_per_s"])
        if real["timed_out_pages"]:
            speed += f" ({real['timed_out_pages']} pages timed out)"
        rows.append(
            [
                name,
                lost,
                entry.get("twin_violations", "n/a"),
                q["repeats_left"],
                q["truncated_left"],
                q["gold_repeats_collapsed"],
                _num(lab["recall"], 3),
                _num(lab["precision"], 3),
                lab["unique_lost"],
                lab["hard_negatives_lost"],
                speed,
                f"{real['blocks_per_s']:,.0f}",
                _num(real["ms_p50"]),
                _num(real["ms_p99"]),
                _num(real["peak_mib"], 1),
            ]
        )
    for name, why in results.get("missing", {}).items():
        rows.append([name, *(["-"] * 13), f"not run: {why}"])
    return _table(head, rows)


def scaling_table(results: dict[str, Any]) -> list[str]:
    """Microseconds per block at each page size."""
    scaling = results["scaling"]
    sizes = [int(x) for x in scaling["sizes"]]
    head = ["system", *[f"{n:,} blocks" for n in sizes], "note"]
    rows = []
    for name, seconds in scaling["seconds"].items():
        cells: list[object] = [name]
        for n in sizes:
            t = seconds.get(str(n), seconds.get(n))
            cells.append("-" if t is None else f"{t / n * 1e6:,.1f}")
        cells.append(scaling["notes"].get(name, "") or "")
        rows.append(cells)
    return _table(head, rows)


def adversarial_table(results: dict[str, Any]) -> list[str]:
    """Seconds per adversarial page and whether the output is right."""
    names = list(results["systems"])
    head = ["case", "MB", *names]
    rows = []
    for row in results["adversarial"]:
        cells: list[object] = [row["case"], f"{row['bytes'] / 1e6:.1f}"]
        for name in names:
            got = row["systems"].get(name)
            if got is None:
                cells.append("-")
            elif "seconds" in got:
                cells.append(f"{got['seconds']:.2f} s, {got['status']}")
            else:
                cells.append(got["status"])
        rows.append(cells)
    return _table(head, rows)


def shapes_table(results: dict[str, Any]) -> list[str]:
    """dedup.clean seconds per shape at doubling sizes, with the ratio per doubling.

    >>> row = {"seconds": {"1": 1.0, "2": 2.1}, "ok": {"1": True, "2": True}}
    >>> row |= {"worst_ratio": 2.1, "description": "all stay"}
    >>> shapes_table({"shapes": {"sizes": [1, 2], "shapes": {"s": row}}})[2]
    '| s | 1.00 s | 2.10 s (2.1x) | 2.10x | all stay |'
    """
    shapes = results["shapes"]
    sizes = [int(x) for x in shapes["sizes"]]
    head = ["shape", *[f"{n:,} lines" for n in sizes], "worst ratio per doubling", "note"]
    rows = []
    for name, row in shapes["shapes"].items():
        cells: list[object] = [name]
        previous = None
        for n in sizes:
            t = row["seconds"].get(str(n), row["seconds"].get(n))
            ok = row["ok"].get(str(n), row["ok"].get(n))
            if t is None:
                cells.append("-")
                previous = None
                continue
            cell = f"{t:.2f} s" + (f" ({t / previous:.1f}x)" if previous else "")
            cells.append(cell if ok else f"{cell}, **wrong output**")
            previous = t
        worst = row.get("worst_ratio")
        cells.append("-" if worst is None else f"{worst:.2f}x")
        cells.append(row.get("note", "") or row["description"])
        rows.append(cells)
    return _table(head, rows)


def kinds_table(results: dict[str, Any]) -> list[str]:
    """Per kind: copies removed (repeats) or blocks lost (hard negatives), per system."""
    names = list(results["systems"])
    first = results["systems"][names[0]]["labelled"]["kinds"]
    head = ["kind", "blocks", *names]
    rows = []
    for kind, counts in first.items():
        if kind.startswith("neg_") or kind == "unique":
            continue
        cells: list[object] = [kind, counts["total"]]
        for name in names:
            got = results["systems"][name]["labelled"]["kinds"][kind]
            cells.append(f"{got['hit'] / got['total']:.2f}" if got["total"] else "-")
        rows.append(cells)
    for kind, counts in first.items():
        if not kind.startswith("neg_"):
            continue
        cells = [f"{kind} (lost)", counts["total"]]
        for name in names:
            cells.append(results["systems"][name]["labelled"]["kinds"][kind]["hit"])
        rows.append(cells)
    return _table(head, rows)


def corpus_table(corpus: Any) -> list[str]:
    """Rows from ``corpus.json``, written by the CLI corpus benchmark."""
    rows = corpus
    if isinstance(corpus, dict):
        rows = corpus.get("rows") or corpus.get("runs") or []
        # Digests are for checking runs against each other, not for reading.
        rows = [{k: v for k, v in r.items() if not k.endswith("sha256")} for r in rows]
    if not isinstance(rows, list) or not rows:
        return ["(corpus.json has no rows)"]
    head = list(rows[0])
    return _table(head, [[r.get(h, "") for h in head] for r in rows])


def _shapes_section(results: dict[str, Any]) -> list[str]:
    # Results written before the shapes were measured have none.
    if "shapes" not in results:
        return []
    return [
        "## Adversarial shapes: dedup.clean seconds at doubling sizes",
        "",
        "Inputs that once cost 4x per doubling; linear work costs 2x. Only dedup.clean "
        "is timed. The long line has 20 words per line of the size (1.28M words at 64k)."
        + (f" {results['shapes']['remeasured']}" if "remeasured" in results["shapes"] else ""),
        "",
        *shapes_table(results),
        "",
    ]


def _gate_section(results: dict[str, Any]) -> list[str]:
    """Show the mojibake gate's speed beside ftfy's own test, on the real pages.

    >>> gate = {"megabytes": 3.2, "gate_mb_per_s": 300.0, "is_bad_mb_per_s": 6.0,
    ...         "lines": 10, "lines_passed": 0}
    >>> _gate_section({"gate": gate})[4]
    '| dedup mojibake gate (repair_mojibake) | 300.00 | 0 of 10 |'
    """
    gate = results.get("gate")
    if gate is None:  # results written before the gate was measured
        return []
    return [
        "## Mojibake gate: what clean text pays for the repair",
        "",
        *_table(
            ["step, on the real pages", "MB/s", "lines handed to ftfy"],
            [
                [
                    "dedup mojibake gate (repair_mojibake)",
                    _num(gate["gate_mb_per_s"]),
                    f"{gate['lines_passed']:,} of {gate['lines']:,}",
                ],
                ["ftfy.badness.is_bad on whole pages", _num(gate["is_bad_mb_per_s"]), "-"],
            ],
        ),
        "",
    ]


def render(results: dict[str, Any], corpus: Any = None) -> str:
    """Return the whole ``latest.md``."""
    s = results["settings"]
    c = results["corpus"]
    env = results["environment"]
    lines = [
        f"# Benchmark results ({s['mode']} run)",
        "",
        f"Python {env['python']} on {env['machine']}, pagededup {env['dedup']}; "
        f"{c['real_pages']} real pages ({c['real_bytes'] / 1e6:.1f} MB), "
        f"{c['labelled_pages']} labelled pages (seed 0); speed is the minimum of up to "
        f"{s['repeats']} runs, one process, one core. Regenerate with "
        f"`make bench{'-quick' if s['mode'] == 'quick' else ''}`.",
        "",
        "## All systems",
        "",
        "Real pages: *gold lost* = gold paragraphs (>= 30 chars) present in the scraped text "
        "but absent from the output (*inside* = still said inside a longer kept line); "
        "*no kept twin* = removals whose covers do not hold their words (dedup only, via "
        "`analyze()`); *repeats left* = extra copies of lines >= 30 chars beyond the gold's "
        "own count; *truncated left* = cut lines left beside their full version; "
        "*gold repeats collapsed* = gold lines kept fewer times than the gold repeats them. "
        "Labelled pages: recall and precision of removals, and blocks the gold keeps that "
        "were lost.",
        "",
        *main_table(results),
        "",
        "## Targets",
        "",
        *_table(
            ["target", "measured", "met"],
            [
                [t["target"], t["measured"], {True: "yes", False: "**no**", None: "-"}[t["met"]]]
                for t in results["targets"]
            ],
        ),
        "",
        "## Scaling: microseconds per block",
        "",
        "Real scraped pages run together into one page of N blocks (seeded order).",
        "",
        *scaling_table(results),
        "",
        "## Adversarial pages: seconds, and whether the right lines came out",
        "",
        *adversarial_table(results),
        "",
        *_shapes_section(results),
        *_gate_section(results),
        "## Labelled pages by kind",
        "",
        "Repeat kinds: share of injected copies removed. Hard negatives: blocks lost.",
        "",
        *kinds_table(results),
        "",
    ]
    ours = results["systems"].get("dedup.clean", {})
    examples = ours.get("real", {}).get("quality", {}).get("lost_examples", [])
    twins = ours.get("twin_examples", [])
    lab = ours.get("labelled", {}).get("lost_examples", [])
    if examples or twins or lab:
        lines += ["## dedup.clean: what was lost (first examples)", ""]
        lines += [f"- gold: {x}" for x in examples[:10]]
        lines += [f"- no kept twin: {x}" for x in twins[:10]]
        lines += [f"- labelled: {x}" for x in lab[:10]]
        lines.append("")
    if corpus is not None:
        lines += ["## Corpus (dedup run)", "", *corpus_table(corpus), ""]
    return "\n".join(lines)


def write(out_dir: Path) -> Path:
    """Read ``latest.json`` (and ``corpus.json`` if there) and write ``latest.md``."""
    results = json.loads((out_dir / "latest.json").read_text())
    corpus_path = out_dir / "corpus.json"
    corpus = json.loads(corpus_path.read_text()) if corpus_path.exists() else None
    target = out_dir / "latest.md"
    target.write_text(render(results, corpus))
    return target


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "results"
    print(write(folder))
