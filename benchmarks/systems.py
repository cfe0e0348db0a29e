"""The systems compared: ``dedup.clean`` and what a user would pick instead.

Each is wrapped to take page text and return page text. Optional baselines
(datasketch, trafilatura) are imported when asked for; when one is missing the
system says so in ``missing`` instead of failing the run.
"""

from __future__ import annotations

import html
import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import ftfy
from rapidfuzz import fuzz, process

import dedup

__all__ = ["BudgetExceededError", "System", "all_systems"]

Cleaner = Callable[[str], str]


class BudgetExceededError(Exception):
    """A quadratic baseline ran past its time budget on one input."""


class BudgetedCleaner(Protocol):
    """A cleaner that stops itself at a deadline, raising :class:`BudgetExceededError`."""

    def __call__(self, text: str, *, deadline: float | None = None) -> str:
        """Clean ``text``; past ``deadline`` (a ``time.perf_counter()`` value), give up."""


@dataclass(frozen=True, slots=True, kw_only=True)
class System:
    """One cleaner in the comparison; :meth:`run` is the one way to call it.

    >>> System(name="upper", description="", cleaner=str.upper).run("a", deadline=0.0)
    'A'
    """

    name: str
    description: str
    cleaner: Cleaner | None = None
    """Page text in, page text out."""
    budgeted: BudgetedCleaner | None = None
    """Instead of ``cleaner``, for a baseline that stops itself on a deadline."""
    missing: str | None = None
    """Why the system cannot run here, with the command that installs it."""

    @property
    def available(self) -> bool:
        """Whether the system can run here."""
        return self.cleaner is not None or self.budgeted is not None

    @property
    def budget_aware(self) -> bool:
        """Whether :meth:`run` raises BudgetExceededError by itself on a deadline."""
        return self.budgeted is not None

    def run(self, text: str, *, deadline: float | None = None) -> str:
        """Clean one page; a budget-aware system stops at ``deadline``, the others ignore it."""
        if self.budgeted is not None:
            return self.budgeted(text, deadline=deadline)
        if self.cleaner is None:
            raise RuntimeError(f"{self.name} cannot run here: {self.missing}")
        return self.cleaner(text)


def _lines(text: str) -> list[str]:
    return [stripped for line in text.splitlines() if (stripped := line.strip())]


def exact_lines(text: str) -> str:
    """Drop exact repeats of a line: ``dict.fromkeys`` over stripped lines."""
    return "\n".join(dict.fromkeys(_lines(text))) + "\n"


def exact_folded(text: str) -> str:
    """Drop exact repeats after :func:`dedup.normalize`."""
    return "\n".join(dict.fromkeys(_lines(dedup.normalize(text)))) + "\n"


def greedy_allpairs(text: str, *, deadline: float | None = None, cutoff: float = 90.0) -> str:
    """Keep a line unless ``fuzz.ratio`` with some kept line is at least ``cutoff``.

    Every line is compared with every kept line (rapidfuzz's ``extractOne``
    loops in C, the fastest way to write it by hand). Past ``deadline``
    (a ``time.perf_counter()`` value) it raises :class:`BudgetExceededError`.
    """
    kept: list[str] = []
    for number, line in enumerate(_lines(text)):
        if deadline is not None and number % 64 == 0 and time.perf_counter() > deadline:
            raise BudgetExceededError
        if process.extractOne(line, kept, scorer=fuzz.ratio, score_cutoff=cutoff) is None:
            kept.append(line)
    return "\n".join(kept) + "\n"


def _optional(name: str, module: str, build: Callable[[Any], Cleaner], description: str) -> System:
    """Return a baseline from an optional package; without it, say how to install it."""
    try:
        found = importlib.import_module(module)
    except ImportError:
        return System(
            name=name, description=description, missing=f"{module} not installed (make bench)"
        )
    return System(name=name, description=description, cleaner=build(found))


def _minhash(datasketch: Any) -> Cleaner:
    def run(text: str) -> str:
        lsh = datasketch.MinHashLSH(threshold=0.8, num_perm=128)
        kept: list[str] = []
        for number, line in enumerate(_lines(text)):
            words = line.lower().split()
            shingles = {" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2))}
            signature = datasketch.MinHash(num_perm=128)
            signature.update_batch([s.encode("utf-8") for s in shingles])
            if lsh.query(signature):
                continue
            lsh.insert(str(number), signature)
            kept.append(line)
        return "\n".join(kept) + "\n"

    return run


def _trafilatura(trafilatura: Any) -> Cleaner:
    def run(text: str) -> str:
        body = "".join(f"<p>{html.escape(line)}</p>\n" for line in _lines(text))
        document = f"<html><body><article>\n{body}</article></body></html>"
        result = trafilatura.extract(document, deduplicate=True)
        return (result or "") + "\n"

    return run


def all_systems() -> list[System]:
    """Every system, dedup first; missing optional ones carry the reason."""
    return [
        System(
            name="dedup.clean", cleaner=dedup.clean, description="this library, default options"
        ),
        System(
            name="exact lines",
            cleaner=exact_lines,
            description="dict.fromkeys over stripped lines: the speed floor",
        ),
        System(
            name="exact after folding",
            cleaner=exact_folded,
            description="dedup.normalize, then dict.fromkeys",
        ),
        System(
            name="greedy rapidfuzz all-pairs",
            budgeted=greedy_allpairs,
            description="fuzz.ratio >= 90 against every kept line",
        ),
        _optional(
            "datasketch MinHashLSH",
            "datasketch",
            _minhash,
            "word-3-shingle MinHash per line, LSH threshold 0.8, 128 permutations",
        ),
        _optional(
            "trafilatura dedup",
            "trafilatura",
            _trafilatura,
            "extract(<p>-wrapped page, deduplicate=True)",
        ),
        System(
            name="ftfy.fix_text",
            cleaner=ftfy.fix_text,
            description="normalisation only: a cost reference",
        ),
    ]
