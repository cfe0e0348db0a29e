"""Cross-page boilerplate on real sites: what a site profile removes, and what it must not.

``python -m benchmarks.site_eval`` writes ``benchmarks/results/site.{json,md}``.

The workload: the 65 sites of the real corpus with 2 to 5 pages each (138
pages). The site key of a scrapinghub page is its URL host (``index.tsv``); a
mozilla-readability page's is its id without the trailing ``-N``
(``nytimes-1`` .. ``nytimes-5`` are one site). Each site is fitted on its own
pages and its pages are cleaned with the profile.

Measured, on the same pages for every row:

* **gold paragraphs lost**: gold lines of at least 30 characters that are a
  whole line of the scraped page (same matching key) and whose words are no
  longer in the cleaned page.
  Lines the gold of every page of the site repeats are listed apart: they
  are the pages' shared sign-offs and credits the annotators kept.
  Shorter gold lines (headings, labels) are outside that criterion; the
  ones whose whole line is gone are counted apart.
* **chrome recall**: site chrome is a line (matching key) on at least 2 pages
  of the site and in no page's gold; recall is the share of (page, chrome
  line) pairs whose line is gone from the cleaned page.
* **throughput**: the best of ``--repeats`` timed runs of fit and of clean.
* a **streaming** row: :class:`dedup.site.StreamingSiteProfile` cleaning
  each page as it arrives, sites and pages in corpus order, as a crawl would.
* a **trafilatura** row: its duplicate cache (``trafilatura.deduplication``,
  an ``LRUCache`` of 4,096 texts, default options: a text over 100
  characters goes from its fourth sighting on) over the same lines, pages and
  order. trafilatura is an optional benchmark dependency (``pip install
  trafilatura``); without it the row is skipped and says so.
"""

from __future__ import annotations

import argparse
import csv
import importlib
import json
import platform
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dedup
from benchmarks.corpus import DATA_DIR
from benchmarks.report import site_report
from dedup.blocks import matching_key, page_blocks
from dedup.site import SiteProfile, StreamingSiteProfile

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results"
MIN_GOLD_CHARS = 30
# (min_pages, min_text_pages, min_fraction). min_text_pages=2 holds text to
# the same bar as labels, as the profile did before it had that setting.
SWEEP = (
    (2, 3, 0.0),
    (2, 3, 0.5),
    (2, 3, 1.0),
    (2, 2, 0.0),
    (2, 2, 0.5),
    (2, 2, 1.0),
    (3, 3, 0.5),
    (4, 4, 0.5),
)
MAIN = (2, 3, 0.5)


@dataclass(frozen=True, slots=True)
class SitePage:
    """One page of a site: its text, its gold lines and where it came from."""

    site: str
    page_id: str
    scraped: str
    gold: tuple[str, ...]


def _read(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def data_dir() -> Path:
    """Return the real corpus, which ships in the repository with each source's index.tsv."""
    if not (DATA_DIR / "scrapinghub-aeb" / "index.tsv").exists():
        raise FileNotFoundError(f"no scrapinghub-aeb/index.tsv under {DATA_DIR}")
    return DATA_DIR


def load_sites(folder: Path) -> dict[str, list[SitePage]]:
    """Group the pages by site; keep sites with at least 2 pages, in sorted order."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    with (folder / "scrapinghub-aeb" / "index.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            host = urlsplit(row["url"]).hostname or row["id"]
            found[host].append(("scrapinghub-aeb", row["id"]))
    with (folder / "mozilla-readability" / "index.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            found[re.sub(r"-\d+$", "", row["id"])].append(("mozilla-readability", row["id"]))
    sites: dict[str, list[SitePage]] = {}
    for site in sorted(found):
        members = sorted(found[site])
        if len(members) < 2:
            continue
        sites[site] = [
            SitePage(
                site,
                f"{source}/{name}",
                _read(folder / source / f"{name}.scraped.txt"),
                tuple(
                    line.strip()
                    for line in _read(folder / source / f"{name}.gold.txt").splitlines()
                    if line.strip()
                ),
            )
            for source, name in members
        ]
    return sites


def _keyline(key: Sequence[str]) -> str:
    return " " + " ".join(key) + " "


def _present(text: str) -> tuple[set[tuple[str, ...]], str]:
    """Return the line keys of a text, and all its tokens in one string for containment."""
    blocks = page_blocks(text)
    return {b.key for b in blocks if b.key}, " " + " ".join(" ".join(b.key) for b in blocks) + " "


@dataclass(slots=True)
class Quality:
    """What one cleaning of all the sites kept and removed."""

    gold_paragraphs: int = 0
    gold_lost: int = 0
    gold_lost_site_signoffs: int = 0
    """Of those lost, lines in the gold of every page of their site."""
    short_gold: int = 0
    short_gold_lost: int = 0
    """Gold lines under MIN_GOLD_CHARS that are a whole scraped line, and are gone."""
    chrome_pairs: int = 0
    chrome_removed: int = 0
    chrome_lines: int = 0
    lost: list[dict[str, Any]] = field(default_factory=list)

    @property
    def chrome_recall(self) -> float:
        """Share of (page, chrome line) pairs removed."""
        return self.chrome_removed / self.chrome_pairs if self.chrome_pairs else 0.0


def measure(
    sites: dict[str, list[SitePage]], cleaned: dict[str, list[str]], *, keep_lost: bool = False
) -> Quality:
    """Score cleaned pages against the gold and the site chrome."""
    quality = Quality()
    for site, pages in sites.items():
        raw = [_present(page.scraped) for page in pages]
        outs = [_present(text) for text in cleaned[site]]
        gold_keys: Counter[tuple[str, ...]] = Counter()
        for page in pages:
            gold_keys.update({matching_key(line) for line in page.gold})
        frequency: Counter[tuple[str, ...]] = Counter(k for keys, _ in raw for k in keys)
        chrome = {k for k, n in frequency.items() if n >= 2 and k not in gold_keys}
        quality.chrome_lines += len(chrome)
        for (keys, _), (out_keys, _) in zip(raw, outs, strict=True):
            mine = keys & chrome
            quality.chrome_pairs += len(mine)
            quality.chrome_removed += len(mine - out_keys)
        for page, (raw_keys, _), (out_keys, out_tokens) in zip(pages, raw, outs, strict=True):
            for line in dict.fromkeys(page.gold):
                key = matching_key(line)
                # A paragraph is a whole line of the scraped page; gold rows
                # pieced from table cells are the within-page cleaner's matter.
                if not key or key not in raw_keys:
                    continue
                if len(line) < MIN_GOLD_CHARS:
                    # Short words turn up inside other lines: only the whole line counts.
                    quality.short_gold += 1
                    quality.short_gold_lost += key not in out_keys
                    continue
                quality.gold_paragraphs += 1
                if _keyline(key) in out_tokens:
                    continue
                quality.gold_lost += 1
                signoff = gold_keys[key] == len(pages)
                quality.gold_lost_site_signoffs += signoff
                if keep_lost:
                    quality.lost.append(
                        {"site": site, "page": page.page_id, "line": line, "signoff": signoff}
                    )
    return quality


Settings = tuple[int, int, float]


def _profile(settings: Settings) -> SiteProfile:
    min_pages, min_text_pages, min_fraction = settings
    return SiteProfile(
        min_pages=min_pages, min_text_pages=min_text_pages, min_fraction=min_fraction, key=str
    )


def _name(settings: Settings) -> str:
    min_pages, min_text_pages, min_fraction = settings
    return (
        f"SiteProfile(min_pages={min_pages}, min_text_pages={min_text_pages}, "
        f"min_fraction={min_fraction})"
    )


def clean_with_profiles(
    sites: dict[str, list[SitePage]], settings: Settings, *, keep_first: bool
) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for site, pages in sites.items():
        profile = _profile(settings)
        profile.fit((site, page.scraped) for page in pages)
        out[site] = [profile.clean(p.scraped, site=site, keep_first=keep_first) for p in pages]
    return out


def stream_cleaned(sites: dict[str, list[SitePage]], settings: Settings) -> dict[str, list[str]]:
    """Clean every page as it arrives, site after site, with a StreamingSiteProfile."""
    min_pages, min_text_pages, min_fraction = settings
    stream = StreamingSiteProfile(
        min_pages=min_pages, min_text_pages=min_text_pages, min_fraction=min_fraction, key=str
    )
    return {
        site: list(stream.clean_stream((site, page.scraped) for page in pages))
        for site, pages in sites.items()
    }


def trafilatura_cleaned(sites: dict[str, list[SitePage]]) -> dict[str, list[str]] | None:
    """Run trafilatura's duplicate cache over every line, site after site, in order."""
    try:
        # Optional benchmark dependencies, untyped: held as Any.
        etree: Any = importlib.import_module("lxml.etree")
        found: Any = importlib.import_module("trafilatura.deduplication")
        settings: Any = importlib.import_module("trafilatura.settings")
    except ImportError:
        return None
    duplicate_test = found.duplicate_test
    options = settings.Extractor()
    # Its own cache object, as a fresh process would have: same size, same rule.
    options.dedup = found.LRUCache(maxsize=found.LRU_SIZE)
    out: dict[str, list[str]] = {}
    for site, pages in sites.items():
        cleaned = []
        for page in pages:
            kept = []
            for line in page.scraped.splitlines():
                element = etree.Element("p")
                element.text = line
                if line.strip() and duplicate_test(element, options):
                    continue
                kept.append(line)
            cleaned.append("\n".join(kept) + "\n")
        out[site] = cleaned
    return out


def best_of(repeats: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def order_independent(sites: dict[str, list[SitePage]], shuffles: int) -> bool:
    """Refit each site on shuffled pages: every cleaned page must be the same."""
    base = clean_with_profiles(sites, MAIN, keep_first=True)
    for seed in range(1, shuffles + 1):
        rng = random.Random(seed)
        for site, pages in sites.items():
            order = list(pages)
            rng.shuffle(order)
            profile = _profile(MAIN).fit((site, page.scraped) for page in order)
            texts = [profile.clean(p.scraped, site=site, keep_first=True) for p in pages]
            if texts != base[site]:
                return False
    return True


def _row(name: str, quality: Quality, boilerplate: int | None) -> dict[str, Any]:
    return {
        "system": name,
        "gold_paragraphs": quality.gold_paragraphs,
        "gold_lost": quality.gold_lost,
        "gold_lost_site_signoffs": quality.gold_lost_site_signoffs,
        "gold_lost_other": quality.gold_lost - quality.gold_lost_site_signoffs,
        "short_gold": quality.short_gold,
        "short_gold_lost": quality.short_gold_lost,
        "chrome_pairs": quality.chrome_pairs,
        "chrome_removed": quality.chrome_removed,
        "chrome_recall": round(quality.chrome_recall, 4),
        "boilerplate_blocks_removed": boilerplate,
    }


def _boilerplate_count(sites: dict[str, list[SitePage]], settings: Settings) -> int:
    total = 0
    for site, pages in sites.items():
        profile = _profile(settings).fit((site, page.scraped) for page in pages)
        for page in pages:
            counts = profile.analyze(page.scraped, site=site).counts()
            total += counts.get("boilerplate", 0)
    return total


def run(repeats: int, shuffles: int) -> dict[str, Any]:
    folder = data_dir()
    sites = load_sites(folder)
    pages = [page for group in sites.values() for page in group]
    total_bytes = sum(len(page.scraped.encode("utf-8")) for page in pages)
    rows = []
    within = {site: [dedup.clean(p.scraped) for p in group] for site, group in sites.items()}
    rows.append(_row("dedup.clean (within-page only)", measure(sites, within), None))
    main_quality = Quality()
    for settings in SWEEP:
        cleaned = clean_with_profiles(sites, settings, keep_first=False)
        quality = measure(sites, cleaned, keep_lost=settings == MAIN)
        if settings == MAIN:
            main_quality = quality
        rows.append(_row(_name(settings), quality, _boilerplate_count(sites, settings)))
    kept_once = clean_with_profiles(sites, MAIN, keep_first=True)
    rows.append(_row(f"{_name(MAIN)}, keep_first", measure(sites, kept_once), None))
    streamed = stream_cleaned(sites, MAIN)
    rows.append(
        _row(f"Streaming{_name(MAIN)}, pages in corpus order", measure(sites, streamed), None)
    )
    trafilatura = trafilatura_cleaned(sites)
    trafilatura_note = "trafilatura not installed (pip install trafilatura): row skipped"
    if trafilatura is not None:
        module: Any = importlib.import_module("trafilatura")
        trafilatura_note = f"trafilatura {module.__version__}"
        rows.append(
            _row(
                "trafilatura duplicate cache (same pages, same order)",
                measure(sites, trafilatura),
                None,
            )
        )

    def fit_all() -> list[SiteProfile]:
        return [
            _profile(MAIN).fit((site, page.scraped) for page in group)
            for site, group in sites.items()
        ]

    profiles = fit_all()

    def clean_all() -> None:
        for profile, (site, group) in zip(profiles, sites.items(), strict=True):
            for page in group:
                profile.clean(page.scraped, site=site)

    def within_all() -> None:
        for page in pages:
            dedup.clean(page.scraped)

    fit_seconds = best_of(repeats, fit_all)
    clean_seconds = best_of(repeats, clean_all)
    within_seconds = best_of(repeats, within_all)
    speed = {
        step: {
            "seconds": round(seconds, 3),
            "pages_per_s": round(len(pages) / seconds, 1),
            "mb_per_s": round(total_bytes / 1e6 / seconds, 2),
        }
        for step, seconds in (
            ("fit", fit_seconds),
            ("clean with profile", clean_seconds),
            ("dedup.clean alone", within_seconds),
        )
    }
    return {
        "workload": {
            "sites": len(sites),
            "pages": len(pages),
            "mb": round(total_bytes / 1e6, 2),
            "data": str(folder.relative_to(ROOT.parent))
            if folder.is_relative_to(ROOT.parent)
            else str(folder),
            "pages_per_site": dict(sorted(Counter(len(g) for g in sites.values()).items())),
        },
        "main": {"min_pages": MAIN[0], "min_text_pages": MAIN[1], "min_fraction": MAIN[2]},
        "rows": rows,
        "lost_at_main": main_quality.lost,
        "order_independent": {
            "shuffles": shuffles,
            "identical": order_independent(sites, shuffles),
        },
        "speed": speed,
        "repeats": repeats,
        "trafilatura": trafilatura_note,
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeats", type=int, default=3, help="timed runs, best kept")
    parser.add_argument("--shuffles", type=int, default=3, help="page orders to check")
    parser.add_argument("--out", type=Path, default=RESULTS, help="results directory")
    args = parser.parse_args(argv)
    result = run(args.repeats, args.shuffles)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "site.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    report = site_report(result)
    (args.out / "site.md").write_text(report, encoding="utf-8")
    sys.stdout.write(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
