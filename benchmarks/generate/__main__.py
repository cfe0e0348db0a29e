"""``python -m benchmarks.generate --out DIR``: labelled pages and labels, to read by eye."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from benchmarks.corpus import load_real_pages
from benchmarks.generate.labelled import labelled_pages


def main(argv: Sequence[str] | None = None) -> int:
    """Write labelled pages and their labels to a folder, for reading by eye."""
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
