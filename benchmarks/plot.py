"""Draw the PNG plots from ``latest.json``: throughput, scaling, precision/recall.

Needs matplotlib (``make bench`` installs it); without it, says so and draws nothing.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

__all__ = ["write"]


def write(out_dir: Path) -> list[Path]:
    """Write the plots next to ``latest.json``; return their paths."""
    try:
        matplotlib: Any = importlib.import_module("matplotlib")
    except ImportError:
        print("matplotlib not installed: no plots (make bench installs it)", file=sys.stderr)
        return []
    matplotlib.use("Agg")
    plt: Any = importlib.import_module("matplotlib.pyplot")
    results = json.loads((out_dir / "latest.json").read_text())
    systems = results["systems"]
    mode = results["settings"]["mode"]
    written = []

    names = list(systems)
    speeds = [systems[n]["real"]["mb_per_s"] for n in names]
    fig, ax = plt.subplots(figsize=(7, 3.6))
    colors = ["tab:red" if n == "dedup.clean" else "tab:gray" for n in names]
    ax.barh(names[::-1], speeds[::-1], color=colors[::-1])
    ax.set_xscale("log")
    ax.set_xlabel("MB/s on real pages, one core (log scale)")
    ax.axvline(10, color="tab:red", linestyle=":", linewidth=1)
    ax.set_title(f"Throughput ({mode} run)")
    fig.tight_layout()
    path = out_dir / "throughput.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    written.append(path)

    scaling = results["scaling"]
    fig, ax = plt.subplots(figsize=(7, 4.5))
    # Red is kept for dedup.clean; the baselines take the other colours.
    others = iter(["tab:blue", "tab:orange", "tab:green", "tab:purple", "tab:brown", "tab:gray"])
    for name, seconds in scaling["seconds"].items():
        points = sorted((int(n), t) for n, t in seconds.items() if t is not None)
        if not points:
            continue
        style: dict[str, object] = (
            {"linewidth": 2.5, "color": "tab:red"}
            if name == "dedup.clean"
            else {"color": next(others, "black")}
        )
        ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=name, **style)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("blocks per page")
    ax.set_ylabel("seconds per page")
    ax.set_title(f"Scaling on real scraped lines ({mode} run)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    path = out_dir / "scaling.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    written.append(path)

    fig, ax = plt.subplots(figsize=(6, 4.5))
    for name in names:
        lab = systems[name]["labelled"]
        color = "tab:red" if name == "dedup.clean" else None
        ax.scatter(lab["recall"], lab["precision"], s=60, color=color)
        ax.annotate(
            name,
            (lab["recall"], lab["precision"]),
            fontsize=8,
            xytext=(4, 4),
            textcoords="offset points",
        )
    ax.set_xlabel("recall of removals")
    ax.set_ylabel("precision of removals")
    ax.set_xlim(-0.02, 1.05)
    ax.set_ylim(min(0.5, ax.get_ylim()[0]), 1.02)
    ax.axvline(0.98, color="tab:red", linestyle=":", linewidth=1)
    ax.set_title(f"Labelled pages ({mode} run)")
    ax.grid(True, alpha=0.3)
    fig.tight_layout()
    path = out_dir / "precision_recall.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    written.append(path)
    return written


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "results"
    for p in write(folder):
        print(p)
