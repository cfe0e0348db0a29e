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
from typing import Any

import ftfy
from rapidfuzz import fuzz, process

import dedup

__all__ = ["BudgetExceededError", "System", "all_systems"]

Cleaner = Callable[[str], str]


class BudgetExceededError(Exception):
    """A quadratic baseline ran past its time budget on one input."""


@dataclass(frozen=True, slots=True)
class System:
    """One cleaner in the comparison."""

    name: str
    run: Cleaner | None
    """Page text in, page text out; None when the package is missing."""
    description: str
    missing: str | None = None
    """Why the system cannot run here, with the command that installs it."""
    budget_aware: bool = False
    """Whether ``run`` raises BudgetExceededError by itself on a deadline."""


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


def _import(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


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
    systems = [
        System("dedup.clean", dedup.clean, "this library, default options"),
        System("exact lines", exact_lines, "dict.fromkeys over stripped lines: the speed floor"),
        System("exact after folding", exact_folded, "dedup.normalize, then dict.fromkeys"),
        System(
            "greedy rapidfuzz all-pairs",
            greedy_allpairs,
            "fuzz.ratio >= 90 against every kept line",
            budget_aware=True,
        ),
    ]
    datasketch = _import("datasketch")
    systems.append(
        System(
            "datasketch MinHashLSH",
            None if datasketch is None else _minhash(datasketch),
            "word-3-shingle MinHash per line, LSH threshold 0.8, 128 permutations",
            missing=None if datasketch is not None else "datasketch not installed (make bench)",
        )
    )
    trafilatura = _import("trafilatura")
    systems.append(
        System(
            "trafilatura dedup",
            None if trafilatura is None else _trafilatura(trafilatura),
            "extract(<p>-wrapped page, deduplicate=True)",
            missing=None if trafilatura is not None else "trafilatura not installed (make bench)",
        )
    )
    systems.append(System("ftfy.fix_text", ftfy.fix_text, "normalisation only: a cost reference"))
    return systems
