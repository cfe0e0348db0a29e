"""The cross-page evaluation on real sites: pinned quality, and a check that it can fail."""

from __future__ import annotations

import pytest

from benchmarks.site_eval import MAIN, SitePage, clean_with_profiles, data_dir, load_sites, measure

# The one gold line any repetition rule loses here: on all 4 Wikipedia pages,
# kept by the gold of one of them and dropped by the other three.
WIKIPEDIA_TAGLINE = "From Wikipedia, the free encyclopedia"


@pytest.fixture(scope="module")
def sites() -> dict[str, list[SitePage]]:
    return load_sites(data_dir())


def test_main_setting_keeps_sign_offs_and_removes_most_chrome(
    sites: dict[str, list[SitePage]],
) -> None:
    """min_pages=2 with text held to 3 pages: no sign-off lost, most chrome gone."""
    quality = measure(sites, clean_with_profiles(sites, MAIN, keep_first=False), keep_lost=True)
    assert [lost["line"] for lost in quality.lost] == [WIKIPEDIA_TAGLINE]
    assert quality.gold_lost_site_signoffs == 0
    assert quality.chrome_recall >= 0.70


def test_text_at_two_pages_loses_sign_offs(sites: dict[str, list[SitePage]]) -> None:
    """The measure catches loss: holding text to 2 pages loses the sites' sign-offs."""
    loose = (MAIN[0], 2, MAIN[2])
    quality = measure(sites, clean_with_profiles(sites, loose, keep_first=False))
    assert quality.gold_lost_site_signoffs >= 20
    assert quality.chrome_recall > 0.95
