"""Progress on stderr: a tqdm bar of input bytes, with pages and pages/s beside it.

tqdm comes with the command line's extra (``pip install '.[cli]'``). Without
it there is no bar, and ``--progress`` says how to get one.
"""

from __future__ import annotations

import sys
import time
from typing import IO, TYPE_CHECKING, NoReturn

from dedup.cli.options import PROG
from dedup.cli.signals import check
from dedup.extras import install_hint

if TYPE_CHECKING:
    from tqdm import tqdm

__all__ = ["Bar"]

TQDM_HINT = f"{PROG}: {install_hint('cli', 'a progress bar')}"


class Bar:
    """A progress bar over every file of a command; off when not ``enabled``.

    >>> import io
    >>> bar = Bar(enabled=False, stream=io.StringIO())
    >>> bar.start(1000, "in.jsonl")
    >>> bar.update(2, 1000)
    >>> bar.pages, bar.bytes
    (2, 1000)
    >>> bar.close()
    """

    def __init__(
        self, *, enabled: bool, stream: IO[str] | None = None, asked: bool = False
    ) -> None:
        self.stream = stream or sys.stderr
        self.pages = 0
        self.bytes = 0
        self.begun = time.perf_counter()
        self.bar: tqdm[NoReturn] | None = None
        self.tqdm: type[tqdm[NoReturn]] | None = None
        if enabled:
            try:
                from tqdm import tqdm as bar_class  # noqa: PLC0415 - the command line's extra
            except ImportError:
                if asked:
                    print(TQDM_HINT, file=self.stream)
                return
            self.tqdm = bar_class

    def start(self, total_bytes: int | None, label: str) -> None:
        """Begin a bar for one file: its size, or None when unknown."""
        self.close()
        if self.tqdm is not None:
            self.bar = self.tqdm(
                total=total_bytes,
                unit="B",
                unit_scale=True,
                unit_divisor=1000,
                file=self.stream,
                desc=f"{PROG}: {label}",
                dynamic_ncols=True,
                miniters=1,
            )

    def update(self, records: int, nbytes: int) -> None:
        """Add finished pages and the input bytes they took; stop if SIGTERM arrived."""
        check()
        self.pages += records
        self.bytes += nbytes
        if self.bar is not None:
            elapsed = max(time.perf_counter() - self.begun, 1e-9)
            self.bar.update(nbytes)
            self.bar.set_postfix_str(
                f"{self.pages:,} pages, {self.pages / elapsed:,.1f} pages/s", refresh=False
            )

    def close(self) -> None:
        """Finish the current bar, so what follows starts on a fresh line."""
        if self.bar is not None:
            self.bar.close()
            self.bar = None
