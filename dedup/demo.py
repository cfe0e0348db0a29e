"""``python -m dedup.demo PAGE``: clean one page, print it and a summary line."""

from __future__ import annotations

import sys
from pathlib import Path

from dedup.analysis import analyze


def main(argv: list[str] | None = None) -> int:
    """Print the cleaned page, then one summary line on stderr-free stdout.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
    ...     _ = f.write("Same caption printed twice here\\nSame caption printed twice here\\n")
    >>> main([f.name])
    Same caption printed twice here
    <BLANKLINE>
    2 blocks -> 1 kept; removed: 1 adjacent
    0
    >>> os.unlink(f.name)
    """
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m dedup.demo PAGE.txt", file=sys.stderr)
        return 2
    path = Path(args[0])
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        print(f"cannot read {path}: {error.strerror or error}", file=sys.stderr)
        return 1
    result = analyze(text)
    sys.stdout.write(result.text)
    print()
    print(result.summary())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
