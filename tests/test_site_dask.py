"""dedup.dask with site profiles on a real distributed.LocalCluster: as the in-process fit."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest

from dedup.site import SiteProfile


@pytest.fixture(scope="module")
def site_corpus(real_page_files: list[Path]) -> list[tuple[str | None, str]]:
    """Real pages grouped into a few sites, with some pages given no site."""
    pages: list[tuple[str | None, str]] = []
    for number, path in enumerate(real_page_files[:60]):
        text = path.read_text(encoding="utf-8")
        # Each site also shares a few lines of chrome, so there is something to find.
        site = None if number % 7 == 0 else f"site-{number % 4}.example"
        chrome = f"Menu of site {number % 4}\nSubscribe to our newsletter today\n"
        pages.append((site, chrome + text))
    return pages


@pytest.mark.usefixtures("dask_client")
class TestOnCluster:
    def test_fit_bag_equals_in_process_fit(self, site_corpus: list[tuple[str | None, str]]) -> None:
        """The map-reduce fit over 5 partitions equals SiteProfile.fit on the same pages."""
        bag: Any = importlib.import_module("dask.bag")
        from dedup.dask import fit_bag  # noqa: PLC0415

        local = SiteProfile(min_pages=2).fit(site_corpus)
        remote = fit_bag(bag.from_sequence(site_corpus, npartitions=5), min_pages=2)
        assert remote == local
        assert remote.pages_without_site == local.pages_without_site > 0
        assert remote.boilerplate("site-1.example") == local.boilerplate("site-1.example")
        parts = bag.from_sequence(site_corpus, npartitions=3)
        loose = fit_bag(parts, min_pages=2, min_text_pages=2)
        assert loose == SiteProfile(min_pages=2, min_text_pages=2).fit(site_corpus)

    def test_clean_bag_and_column_equal_in_process_clean(
        self, site_corpus: list[tuple[str | None, str]]
    ) -> None:
        """Cleaning with the broadcast profile equals profile.clean() page by page."""
        bag: Any = importlib.import_module("dask.bag")
        dd: Any = importlib.import_module("dask.dataframe")
        import pandas as pd  # noqa: PLC0415

        from dedup.dask import clean_bag, clean_column, fit_frame  # noqa: PLC0415

        profile = SiteProfile(min_pages=2).fit(site_corpus)
        expected = [profile.clean(text, site=where) for where, text in site_corpus]
        assert expected != [text for _, text in site_corpus]
        pages = bag.from_sequence(site_corpus, npartitions=4)
        cleaned: Any = clean_bag(pages, profile=profile)
        assert cleaned.compute() == expected
        frame = pd.DataFrame(
            {"url": [where for where, _ in site_corpus], "text": [t for _, t in site_corpus]}
        )
        ddf = dd.from_pandas(frame, npartitions=3)
        assert fit_frame(ddf, min_pages=2) == profile
        column: Any = clean_column(ddf, profile=profile)
        assert column.compute()["text"].tolist() == expected
        kept_bag: Any = clean_bag(pages, profile=profile, keep_first=True)
        kept = kept_bag.compute()
        assert kept == [profile.clean(t, site=w, keep_first=True) for w, t in site_corpus]


def test_missing_column_is_named() -> None:
    """A missing column raises a KeyError listing the columns."""
    dd: Any = importlib.import_module("dask.dataframe")
    import pandas as pd  # noqa: PLC0415

    from dedup.dask import fit_frame  # noqa: PLC0415

    ddf = dd.from_pandas(pd.DataFrame({"body": ["x"]}), npartitions=1)
    with pytest.raises(KeyError, match="the columns are: body"):
        fit_frame(ddf)
