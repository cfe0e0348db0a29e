"""Every Markdown table of the benchmarks, and the reports they make up.

``latest.md`` comes from ``latest.json`` (and ``corpus.json`` when present),
``site.md`` from :mod:`benchmarks.site_eval`'s results; :func:`table` writes
every table, including :mod:`benchmarks.languages`'.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["render", "site_report", "table", "write"]


def _row(cells: Sequence[object]) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def table(head: Sequence[str], rows: Sequence[Sequence[object]], align: str = "") -> list[str]:
    """Return a Markdown table as lines; ``align`` has an ``r`` for each right-aligned column.

    >>> for line in table(["site", "pages"], [["x", 3]], align="lr"):
    ...     print(line)
    | site | pages |
    | --- | ---: |
    | x | 3 |
    """
    rule = ["---:" if align[i : i + 1] == "r" else "---" for i in range(len(head))]
    return [_row(head), _row(rule), *(_row(r) for r in rows)]


def _num(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}"


def maintable(results: dict[str, Any]) -> list[str]:
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
    return table(head, rows)


def scalingtable(results: dict[str, Any]) -> list[str]:
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
    return table(head, rows)


def adversarialtable(results: dict[str, Any]) -> list[str]:
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
    return table(head, rows)


def shapestable(results: dict[str, Any]) -> list[str]:
    """dedup.clean seconds per shape at doubling sizes, with the ratio per doubling.

    >>> row = {"seconds": {"1": 1.0, "2": 2.1}, "ok": {"1": True, "2": True}}
    >>> row |= {"worst_ratio": 2.1, "description": "all stay"}
    >>> shapestable({"shapes": {"sizes": [1, 2], "shapes": {"s": row}}})[2]
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
    return table(head, rows)


def kindstable(results: dict[str, Any]) -> list[str]:
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
    return table(head, rows)


def corpustable(corpus: Any) -> list[str]:
    """Rows from ``corpus.json``, written by the CLI corpus benchmark."""
    rows = corpus
    if isinstance(corpus, dict):
        rows = corpus.get("rows") or corpus.get("runs") or []
        # Digests are for checking runs against each other, not for reading.
        rows = [{k: v for k, v in r.items() if not k.endswith("sha256")} for r in rows]
    if not isinstance(rows, list) or not rows:
        return ["(corpus.json has no rows)"]
    head = list(rows[0])
    return table(head, [[r.get(h, "") for h in head] for r in rows])


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
        *shapestable(results),
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
        *table(
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
        *maintable(results),
        "",
        "## Targets",
        "",
        *table(
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
        *scalingtable(results),
        "",
        "## Adversarial pages: seconds, and whether the right lines came out",
        "",
        *adversarialtable(results),
        "",
        *_shapes_section(results),
        *_gate_section(results),
        "## Labelled pages by kind",
        "",
        "Repeat kinds: share of injected copies removed. Hard negatives: blocks lost.",
        "",
        *kindstable(results),
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
        lines += ["## Corpus (dedup run)", "", *corpustable(corpus), ""]
    return "\n".join(lines)


def site_report(result: dict[str, Any]) -> str:
    """Return ``site.md``: :mod:`benchmarks.site_eval`'s results as Markdown."""
    work = result["workload"]
    lines = [
        "# Cross-page boilerplate on real sites",
        "",
        f"{work['sites']} sites, {work['pages']} pages ({work['mb']} MB of scraped text; pages "
        f"per site: {', '.join(f'{n}: {c} sites' for n, c in work['pages_per_site'].items())}). "
        "Each site is fitted on its own pages and its pages are cleaned with the profile. "
        "Produced by `python -m benchmarks.site_eval`; "
        f"Python {result['machine']['python']}, {result['trafilatura']}.",
        "",
        "Gold lost: gold lines of 30+ characters that are a whole scraped line and are gone after "
        "cleaning; *sign-offs* are those the gold of every page of the site repeats. Short gold "
        "lost: gold lines under 30 characters (headings, labels) that are a whole scraped line "
        "and whose whole line is gone. Chrome: lines on 2+ pages of a site and in no page's "
        "gold; recall over (page, line) pairs. A label is a line under `label_chars` (20) "
        "characters; `min_text_pages` is the page count text needs.",
        "",
    ]
    head = [
        "system",
        "gold paragraphs",
        "lost",
        "of which site sign-offs",
        "lost, other",
        "short gold lost",
        "chrome (page, line) pairs",
        "chrome recall",
        "boilerplate blocks removed",
    ]
    rows = [
        [
            row["system"],
            f"{row['gold_paragraphs']:,}",
            row["gold_lost"],
            row["gold_lost_site_signoffs"],
            row["gold_lost_other"],
            f"{row['short_gold_lost']} of {row['short_gold']}",
            f"{row['chrome_pairs']:,}",
            f"{100 * row['chrome_recall']:.1f}%",
            ""
            if row["boilerplate_blocks_removed"] is None
            else f"{row['boilerplate_blocks_removed']:,}",
        ]
        for row in result["rows"]
    ]
    lines += table(head, rows, align="lrrrrrrrr")
    order = result["order_independent"]
    lines += [
        "",
        f"Order: refitting every site on {order['shuffles']} shuffles of its pages gives "
        f"identical cleaned pages (keep_first on): {order['identical']}.",
        "",
        f"## Throughput (best of {result['repeats']} runs, all {work['pages']} pages)",
        "",
        *table(
            ["step", "seconds", "pages/s", "MB/s"],
            [
                [step, figures["seconds"], figures["pages_per_s"], figures["mb_per_s"]]
                for step, figures in result["speed"].items()
            ],
            align="lrrr",
        ),
    ]
    main = result["main"]
    lines += [
        "",
        f"## Gold lines lost at min_pages={main['min_pages']}, "
        f"min_text_pages={main['min_text_pages']}, min_fraction={main['min_fraction']}",
        "",
    ]
    lost_rows = []
    for lost in result["lost_at_main"]:
        text = lost["line"].replace("|", "\\|")
        lost_rows.append(
            [
                lost["site"],
                lost["page"],
                lost["signoff"],
                text if len(text) <= 90 else text[:87] + "...",
            ]
        )
    lines += table(["site", "page", "sign-off", "line"], lost_rows)
    return "\n".join(lines) + "\n"


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
