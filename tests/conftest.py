"""Shared fixtures: the real pages, a Dask cluster, and a skip that CI turns into a failure."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from benchmarks.corpus import real_page_paths


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


@pytest.fixture(scope="session")
def dask_client(need: Callable[[bool, str], None]) -> Iterator[Any]:
    """Start one two-process LocalCluster for every Dask test."""
    try:
        # Dask's annotations are partial; typed as Any to keep mypy --strict useful.
        distributed: Any = importlib.import_module("distributed")
    except ImportError:
        need(False, "distributed is not installed: pip install '.[dask]' in the clone")
        raise  # need() skipped or failed; this is never reached
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with cluster, distributed.Client(cluster) as connected:
        yield connected
