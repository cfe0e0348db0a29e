"""Seeded corpora: labelled pages, scaling pages and adversarial pages.

Labelled pages are built from real gold paragraphs and real navigation lines
(scraped lines that are not in the gold). Every kind of repeat in the policy is
injected, and so is every kind of hard negative; each block carries whether
the policy removes it, so the gold is known by construction.

``python -m benchmarks.generate --out DIR`` writes the labelled pages as text
with a ``.labels.tsv`` beside each, for reading them by eye.

The modules, in the order a page is built: ``pools`` (the real lines),
``variants`` (each kind of change to a line), ``labelled`` (labelled pages)
and ``stress`` (scaling, adversarial and shape inputs).
"""

from __future__ import annotations

from benchmarks.generate.labelled import (
    HARD_NEGATIVE_KINDS,
    REPEAT_KINDS,
    LabelledPage,
    labelled_pages,
)
from benchmarks.generate.pools import Pools
from benchmarks.generate.stress import (
    AdversarialCase,
    adversarial_cases,
    scaling_page,
    shape_cases,
)

__all__ = [
    "HARD_NEGATIVE_KINDS",
    "REPEAT_KINDS",
    "AdversarialCase",
    "LabelledPage",
    "Pools",
    "adversarial_cases",
    "labelled_pages",
    "scaling_page",
    "shape_cases",
]
