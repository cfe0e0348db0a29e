"""``python -m dedup``: the same as the ``dedup`` command."""

from __future__ import annotations

import sys

from dedup.cli import main

# A pool's worker processes import this module under another name; only the
# real entry point runs the command.
if __name__ == "__main__":
    sys.exit(main())
