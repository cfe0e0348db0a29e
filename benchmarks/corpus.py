"""The real pages: scraped text and human gold, read from ``benchmarks/data``."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "DATA_DIR",
    "Page",
    "corpus_sha256",
    "load_real_pages",
    "quick_subset",
    "real_page_paths",
]

DATA_DIR = Path(__file__).resolve().parent / "data"
SOURCES = ("scrapinghub-aeb", "mozilla-readability")

# Every QUICK_STRIDE-th page (in sorted order) makes the quick subset: a fixed,
# reproducible sample that spans both sources and keeps `make test` short.
QUICK_STRIDE = 3


@dataclass(frozen=True, slots=True)
class Page:
    """One real page: where it came from, its scraped text and its gold text."""

    source: str
    name: str
    scraped: str
    gold: str

    @property
    def page_id(self) -> str:
        """``source/name``, unique across the corpus."""
        return f"{self.source}/{self.name}"


def _read(path: Path) -> str:
    # newline="" keeps \r and friends as they are on disk, so clean() sees them.
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def real_page_paths(data_dir: Path = DATA_DIR) -> list[Path]:
    """Return every ``*.scraped.txt`` of the real corpus, in a fixed order."""
    paths = sorted(data_dir.glob("*/*.scraped.txt"))
    if not paths:
        raise FileNotFoundError(
            f"no real pages (*/*.scraped.txt) under {data_dir}; the corpus ships with "
            "the repository in benchmarks/data"
        )
    return paths


def load_real_pages(data_dir: Path = DATA_DIR) -> list[Page]:
    """Load every page that has both a ``.scraped.txt`` and a ``.gold.txt`` file."""
    pages: list[Page] = []
    for source in SOURCES:
        folder = data_dir / source
        for scraped in sorted(folder.glob("*.scraped.txt")):
            name = scraped.name.removesuffix(".scraped.txt")
            gold = folder / f"{name}.gold.txt"
            if gold.exists():
                pages.append(Page(source, name, _read(scraped), _read(gold)))
    if not pages:
        raise FileNotFoundError(
            f"no pages under {data_dir}; the corpus ships with the repository "
            "(benchmarks/data/<source>/<id>.scraped.txt and .gold.txt)"
        )
    return pages


def quick_subset(pages: Sequence[Page]) -> list[Page]:
    """Return the fixed quick sample: every third page, both sources."""
    return list(pages[::QUICK_STRIDE])


def corpus_sha256(items: Iterable[tuple[str, str]]) -> str:
    """Hash ``(name, text)`` pairs in the order given, so any edit changes it.

    >>> corpus_sha256([("a", "x")]) == corpus_sha256([("a", "x")])
    True
    >>> corpus_sha256([("a", "x")]) == corpus_sha256([("a", "y")])
    False
    """
    digest = hashlib.sha256()
    for name, text in items:
        for part in (name, text):
            data = part.encode("utf-8")
            digest.update(len(data).to_bytes(8, "big"))
            digest.update(data)
    return digest.hexdigest()
