"""The ``dedup`` command line: one module per command, over :mod:`dedup.corpus`.

::

    dedup clean [FILE ...] [-o OUT]             text files (or stdin) to stdout or OUT
    dedup run INPUT... -o OUTPUT|--output-dir   JSONL, .jsonl.gz or Parquet corpora
    dedup explain PAGE [--record N] [--html R]  what was removed from one page, and why
    dedup fit INPUT -o PROFILE                  learn each site's boilerplate

Modules: ``parser`` (the parser, dispatch and exit codes), ``options``
(shared options), ``progress`` (the tqdm bar), ``signals`` (SIGTERM),
``summary``, ``text`` (reading a text file), and ``clean``, ``run``,
``explain``, ``fit``, one per command.
"""

from __future__ import annotations

from dedup.cli.parser import build_parser, main

__all__ = ["build_parser", "main"]
