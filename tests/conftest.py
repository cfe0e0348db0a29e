"""Shared fixtures: the real pages, and a skip that CI turns into a failure."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# The corpus ships in benchmarks/data; a checkout without it can still use
# the read-only copy in ../shared that every workplace has beside the repo.
PAGE_DIRS = (REPO / "benchmarks" / "data", REPO.parent / "shared" / "evaldata")


def real_page_paths() -> list[Path]:
    """Every ``*.scraped.txt`` of the real corpus, in a fixed order."""
    for folder in PAGE_DIRS:
        paths = sorted(folder.glob("*/*.scraped.txt"))
        if paths:
            return paths
    raise FileNotFoundError(
        f"no real pages (*/*.scraped.txt) under {' or '.join(map(str, PAGE_DIRS))}"
    )


def read_page(path: Path) -> str:
    """Read a page exactly as stored, carriage returns included."""
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


@pytest.fixture(scope="session")
def real_page_files() -> list[Path]:
    """Return the paths of all real pages, in a fixed order."""
    return real_page_paths()


@pytest.fixture(scope="session")
def real_pages(real_page_files: list[Path]) -> list[str]:
    """Return the texts of all real pages."""
    return [read_page(path) for path in real_page_files]


def _need(available: bool, reason: str) -> None:
    if available:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI must install it: see .ci/run and the Makefile)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def need() -> Callable[[bool, str], None]:
    """Return ``need(available, reason)``: skip when a tool is missing, but fail in CI.

    CI (CI=true) installs everything the tests need, so a skip there would
    hide a broken install step.
    """
    return _need
