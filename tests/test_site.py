"""dedup.site: per-site boilerplate, learned by document frequency, applied deterministically."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dedup
from dedup.blocks import page_blocks
from dedup.config import ProfileConfig
from dedup.site import (
    FORMAT_VERSION,
    STREAM_FORMAT_VERSION,
    ProfileError,
    SiteProfile,
    StreamingSiteProfile,
    block_hash,
    page_digest,
    url_host,
)
from dedup.site.spacesaving import SpaceSaving

CHROME = ["Connect with us", "Hi, what are you looking for?", "You may also like:"]
SITE = "https://news.example/"


def site_pages(count: int) -> list[tuple[str, str]]:
    return [
        (f"{SITE}story-{n}", "\n".join([*CHROME[:2], f"Story number {n} told once", CHROME[2]]))
        for n in range(count)
    ]


class TestUrlHost:
    def test_urls_and_plain_keys(self) -> None:
        """A URL gives its lower-cased host; a string without a scheme is a key or host."""
        assert url_host("HTTPS://Www.Example.ORG:443/a?b") == "www.example.org"
        assert url_host("//cdn.example/x") == "cdn.example"
        assert url_host("wikipedia") == "wikipedia"
        assert url_host("example.org/path/page") == "example.org"

    @pytest.mark.parametrize("where", [None, "", "   ", "https://", "http://[bad"])
    def test_no_host(self, where: str | None) -> None:
        """Missing, empty and hostless values give no site."""
        assert url_host(where) is None

    def test_not_a_string(self) -> None:
        """A non-string site raises a TypeError that names the type."""
        with pytest.raises(TypeError, match="not int"):
            url_host(3)  # type: ignore[arg-type]


class TestHashes:
    def test_block_hash_is_stable(self) -> None:
        """The key hash is BLAKE2b, the same in every process and run."""
        assert block_hash(("connect", "with", "us")) == 0x0DE548FF7C43E0EF

    def test_page_digest_follows_folded_text(self) -> None:
        """Pages that fold to the same blocks share a digest; others do not."""
        assert page_digest(page_blocks("“A”\n\nB")) == page_digest(page_blocks('"A"\nB'))
        assert page_digest(page_blocks("A\nB")) != page_digest(page_blocks("B\nA"))


class TestThresholds:
    def test_min_pages(self) -> None:
        """A block goes only when seen on at least min_pages pages of its site."""
        pages = site_pages(3)
        assert SiteProfile(min_pages=3).fit(pages).clean(pages[0][1], site=SITE) == (
            "Story number 0 told once\n"
        )
        four = SiteProfile(min_pages=4).fit(pages)
        assert four.clean(pages[0][1], site=SITE) == dedup.clean(pages[0][1])

    def test_min_fraction(self) -> None:
        """A block on too small a share of the site's pages stays."""
        pages = [*site_pages(2), *[(f"{SITE}x{n}", f"Other page {n}") for n in range(3)]]
        text = pages[0][1]
        low = SiteProfile(min_pages=2, min_text_pages=2, min_fraction=0.4)
        assert low.fit(pages).clean(text, site=SITE) == "Story number 0 told once\n"
        high = SiteProfile(min_pages=2, min_text_pages=2, min_fraction=0.5)
        assert high.fit(pages).clean(text, site=SITE) == dedup.clean(text)

    def test_fraction_is_exact_at_the_boundary(self) -> None:
        """3 of 5 pages meets min_fraction=0.6 despite floating point."""
        pages = [*site_pages(3), (f"{SITE}a", "Alpha"), (f"{SITE}b", "Beta")]
        profile = SiteProfile(min_pages=2, min_fraction=0.6).fit(pages)
        assert [b.pages for b in profile.boilerplate(SITE)] == [3, 3, 3]

    @pytest.mark.parametrize(
        ("options", "message"),
        [
            ({"min_pages": 1}, "min_pages must be a whole number of at least 2"),
            ({"min_pages": True}, "min_pages"),
            ({"min_text_pages": 1}, "min_text_pages must be a whole number of at least 2"),
            ({"min_text_pages": 2.5}, "min_text_pages"),
            ({"min_fraction": 1.5}, "min_fraction is a share of pages from 0 to 1"),
            ({"min_fraction": "half"}, "min_fraction"),
        ],
    )
    def test_bad_settings(self, options: dict[str, object], message: str) -> None:
        """Bad thresholds raise a ValueError that says what is allowed."""
        with pytest.raises(ValueError, match=message):
            SiteProfile(**options)  # type: ignore[arg-type]


SIGN_OFF = "Originally published on Live Science."


def signed_pages(count: int) -> list[tuple[str, str]]:
    """Pages of one site sharing a label and a sentence; each has its own story."""
    return [
        (f"{SITE}s{n}", f"Menu\nStory {n} has a paragraph of its own.\n{SIGN_OFF}")
        for n in range(count)
    ]


class TestProfileConfig:
    def test_config_equals_keywords(self) -> None:
        """config=ProfileConfig(...) fits the same profile as the same keywords."""
        pages = site_pages(4)
        by_config = SiteProfile(config=ProfileConfig(min_pages=2, min_fraction=0.25)).fit(pages)
        assert by_config == SiteProfile(min_pages=2, min_fraction=0.25).fit(pages)
        assert by_config.config == ProfileConfig(min_pages=2, min_fraction=0.25)

    def test_keywords_override_config(self) -> None:
        """A keyword threshold overrides the config's, as options override CleanConfig."""
        profile = SiteProfile(config=ProfileConfig(min_pages=4), min_text_pages=5)
        assert (profile.min_pages, profile.min_text_pages) == (4, 5)

    def test_defaults_come_from_profile_config(self) -> None:
        """Both profiles start from ProfileConfig's defaults; no other copy exists."""
        assert SiteProfile().config == ProfileConfig() == StreamingSiteProfile().config

    def test_wrong_config_type_and_unknown_threshold(self) -> None:
        """A CleanConfig, or a misspelt threshold, is a TypeError that says what to pass."""
        with pytest.raises(TypeError, match=r"config must be a dedup\.ProfileConfig"):
            SiteProfile(config=dedup.CleanConfig())  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="valid options are: min_pages"):
            StreamingSiteProfile(min_page=2)


class TestTextNeedsMorePages:
    def test_sentence_on_two_pages_stays_label_goes(self) -> None:
        """At min_pages=2 a shared label goes; a shared sentence needs min_text_pages (3)."""
        pages = signed_pages(2)
        profile = SiteProfile(min_pages=2).fit(pages)
        assert profile.clean(pages[0][1], site=SITE) == (
            f"Story 0 has a paragraph of its own.\n{SIGN_OFF}\n"
        )
        assert [b.text for b in profile.boilerplate(SITE)] == ["Menu"]

    def test_min_text_pages_two_removes_it(self) -> None:
        """min_text_pages=2 treats text like labels: the sentence goes too."""
        pages = signed_pages(2)
        profile = SiteProfile(min_pages=2, min_text_pages=2).fit(pages)
        assert profile.clean(pages[1][1], site=SITE) == "Story 1 has a paragraph of its own.\n"
        assert sorted(b.text or "" for b in profile.boilerplate(SITE)) == ["Menu", SIGN_OFF]

    def test_third_page_removes_it(self) -> None:
        """On 3 pages a sentence is boilerplate at the defaults."""
        pages = signed_pages(3)
        result = SiteProfile(min_pages=2).fit(pages).analyze(pages[2][1], site=SITE)
        assert [(b.original, b.site_pages) for b in result.removed] == [
            ("Menu", 3),
            (SIGN_OFF, 3),
        ]

    def test_larger_threshold_applies(self) -> None:
        """min_text_pages below min_pages does not lower the bar for text."""
        pages = signed_pages(3)
        profile = SiteProfile(min_pages=4, min_text_pages=2).fit(pages)
        assert profile.clean(pages[0][1], site=SITE) == dedup.clean(pages[0][1])

    def test_label_chars_draws_the_line(self) -> None:
        """label_chars (the clean() setting) decides what is a label, in clean and listing."""
        pages = signed_pages(2)
        profile = SiteProfile(min_pages=2).fit(pages)
        wide = dedup.CleanConfig(label_chars=60)
        assert profile.clean(pages[0][1], site=SITE, config=wide) == (
            "Story 0 has a paragraph of its own.\n"
        )
        assert len(profile.boilerplate(SITE, config=wide)) == 2
        narrow = profile.clean(pages[0][1], site=SITE, label_chars=3)
        assert narrow == pages[0][1] + "\n"

    def test_listing_matches_what_clean_removes(self) -> None:
        """boilerplate() lists exactly the keys clean() removes as boilerplate."""
        pages = [*signed_pages(2), (f"{SITE}x", "Menu\nA third page without the sign-off.")]
        profile = SiteProfile(min_pages=2, min_fraction=0.0).fit(pages)
        listed = {b.key_hash for b in profile.boilerplate(SITE)}
        removed = {
            block_hash(page_blocks(b.original)[0].key)
            for _, text in pages
            for b in profile.analyze(text, site=SITE).removed
            if b.reason is dedup.Reason.BOILERPLATE
        }
        assert listed == removed == {block_hash(("menu",))}

    def test_one_verdict_per_key_whatever_the_page(self) -> None:
        """A key is text when any copy is: listing and clean agree on every page."""
        pages = [
            ("x", "Subscribe\nStory one here"),
            ("x", "SUBSCRIBE!!!!!!!!!!!!!!!!!!!!\nStory two here"),
        ]
        profile = SiteProfile(min_pages=2).fit(pages)
        assert profile.boilerplate("x") == []
        assert [profile.clean(text, site="x") for _, text in pages] == [
            dedup.clean(text) for _, text in pages
        ]
        loose = SiteProfile(min_pages=2, min_text_pages=2).fit(pages)
        assert [b.pages for b in loose.boilerplate("x")] == [2]
        assert [loose.clean(text, site="x") for _, text in pages] == [
            "Story one here\n",
            "Story two here\n",
        ]

    def test_streaming_applies_it_too(self) -> None:
        """The streaming profile holds text to min_text_pages as well."""
        stream = StreamingSiteProfile(min_pages=2, max_blocks=100, max_sites=10)
        outputs = list(stream.clean_stream(signed_pages(3)))
        assert [("Menu" in out, SIGN_OFF in out) for out in outputs] == [
            (True, True),
            (False, True),
            (False, False),
        ]


class TestCleaning:
    def test_report_names_site_and_pages(self) -> None:
        """analyze() reports boilerplate with its site and page count, and no cover."""
        pages = site_pages(4)
        result = SiteProfile().fit(pages).analyze(pages[1][1], site=SITE)
        removed = result.removed
        assert [str(b.reason) for b in removed] == ["boilerplate"] * 3
        assert {(b.site, b.site_pages, b.covered_by_line) for b in removed} == {
            ("news.example", 4, None)
        }
        assert result.text == "Story number 1 told once\n"

    def test_rest_of_page_is_cleaned_as_usual(self) -> None:
        """After boilerplate goes, within-page repeats go too."""
        pages = site_pages(3)
        text = pages[0][1] + "\nA caption printed twice here\nA caption printed twice here"
        assert SiteProfile().fit(pages).clean(text, site=SITE) == (
            "Story number 0 told once\nA caption printed twice here\n"
        )

    def test_without_profile_site_nothing_changes(self) -> None:
        """An unknown site or no site is exactly dedup.clean()."""
        profile = SiteProfile().fit(site_pages(3))
        text = site_pages(1)[0][1]
        assert profile.clean(text, site=None) == dedup.clean(text)
        assert profile.clean(text, site="https://other.example/") == dedup.clean(text)

    def test_options_reach_the_cleaner(self) -> None:
        """CleanConfig options apply to the rest of the page."""
        profile = SiteProfile().fit(site_pages(3))
        assert profile.clean("Menu…", site=SITE, fold=False) == "Menu…\n"

    def test_punctuation_only_lines_are_never_boilerplate(self) -> None:
        """Lines with an empty key are not counted and not removed."""
        pages = [("s", f"|\n---\nStory {n}") for n in range(3)]
        profile = SiteProfile(min_pages=2).fit(pages)
        assert profile.boilerplate("s") == []
        assert profile.clean(pages[0][1], site="s") == "|\n---\nStory 0\n"

    def test_repeats_on_one_page_count_once(self) -> None:
        """A block printed twice on one page is on one page."""
        profile = SiteProfile(min_pages=2).fit([("s", "Menu of the site\nMenu of the site")])
        assert profile.boilerplate("s") == []

    def test_bad_text(self) -> None:
        """Bytes get the decode hint; fit() wants pairs."""
        profile = SiteProfile()
        with pytest.raises(TypeError, match="Decode it first"):
            profile.clean(b"bytes", site=None)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=r"\(site, text\) pairs"):
            profile.fit(["a text", "another"])  # type: ignore[list-item]


class TestPagesWithoutSite:
    def test_counted_and_cleaned_within_page(self) -> None:
        """Pages without a site key are counted and get within-page cleaning only."""
        text = "Connect with us\nConnect with us\nBody"
        profile = SiteProfile(min_pages=2).fit([(None, text), ("", text), ("s", text)])
        assert profile.pages_without_site == 2
        assert profile.pages == 3
        assert profile.sites == ("s",)
        assert profile.clean(text, site=None) == dedup.clean(text) == "Connect with us\nBody\n"

    def test_key_returning_none(self) -> None:
        """A key function that finds no site counts the page as without one."""
        profile = SiteProfile(key=lambda _where: None).fit(site_pages(3))
        assert profile.pages_without_site == 3


class TestKeepFirst:
    def test_exactly_one_copy_survives(self) -> None:
        """keep_first keeps each boilerplate block on exactly one page of the site."""
        pages = site_pages(5)
        profile = SiteProfile().fit(pages)
        outputs = [profile.clean(text, site=where, keep_first=True) for where, text in pages]
        for line in CHROME:
            assert sum(line in out.splitlines() for out in outputs) == 1

    def test_copy_is_on_the_smallest_digest_page(self) -> None:
        """The copy kept is on the page with the smallest page_digest, whatever the order."""
        pages = site_pages(5)
        owner = min(pages, key=lambda p: page_digest(page_blocks(p[1])))
        for seed in range(3):
            order = list(pages)
            random.Random(seed).shuffle(order)
            profile = SiteProfile().fit(order)
            assert CHROME[0] in profile.clean(owner[1], site=SITE, keep_first=True)

    def test_unfitted_page_keeps_no_copy(self) -> None:
        """A page not seen by fit() never owns a copy."""
        profile = SiteProfile().fit(site_pages(3))
        text = "Connect with us\nA page never fitted"
        assert profile.clean(text, site=SITE, keep_first=True) == "A page never fitted\n"


PAGE_LINES = st.sampled_from(
    [*CHROME, "Story about the harbour", "Market report of the day", "1 green, 2 red", "|", "World"]
)
PAGES = st.lists(
    st.tuples(
        st.sampled_from(["a.example", "b.example", None]),
        st.lists(PAGE_LINES, min_size=1, max_size=6).map("\n".join),
    ),
    min_size=1,
    max_size=8,
)


class TestOrder:
    @settings(max_examples=60, deadline=None)
    @given(pages=PAGES, seed=st.integers(0, 2**16), keep=st.booleans())
    def test_result_does_not_depend_on_page_order(
        self, pages: list[tuple[str | None, str]], seed: int, keep: bool
    ) -> None:
        """Fitting the pages in any order gives the same profile and the same cleaned pages."""
        shuffled = list(pages)
        random.Random(seed).shuffle(shuffled)
        one = SiteProfile(min_pages=2).fit(pages)
        two = SiteProfile(min_pages=2).fit(shuffled)
        assert one == two
        for where, text in pages:
            assert one.clean(text, site=where, keep_first=keep) == two.clean(
                text, site=where, keep_first=keep
            )

    @settings(max_examples=40, deadline=None)
    @given(pages=PAGES, cut=st.integers(0, 8))
    def test_merge_of_parts_equals_whole(
        self, pages: list[tuple[str | None, str]], cut: int
    ) -> None:
        """Profiles fitted on two parts merge into the profile of the whole."""
        left = SiteProfile(min_pages=2).fit(pages[:cut])
        right = SiteProfile(min_pages=2).fit(pages[cut:])
        assert left.merge(right) == SiteProfile(min_pages=2).fit(pages)

    def test_merge_needs_same_thresholds(self) -> None:
        """Merging profiles with different thresholds is refused."""
        with pytest.raises(ValueError, match="different thresholds"):
            SiteProfile(min_pages=2).merge(SiteProfile(min_pages=3))
        with pytest.raises(
            ValueError,
            match=r"min_text_pages=3, min_fraction=0\.5 here, min_pages=3, min_text_pages=4",
        ):
            SiteProfile().merge(SiteProfile(min_text_pages=4))


class TestPersistence:
    def test_round_trip_complete(self, tmp_path: Path) -> None:
        """A complete save loads equal, cleans the same and can keep fitting."""
        pages = site_pages(4)
        profile = SiteProfile(min_pages=2, min_fraction=0.25).fit(pages)
        path = tmp_path / "profile.json"
        profile.save(path, complete=True)
        loaded = SiteProfile.load(path)
        assert loaded == profile
        assert loaded.boilerplate(SITE) == profile.boilerplate(SITE)
        for where, text in pages:
            assert loaded.clean(text, site=where, keep_first=True) == profile.clean(
                text, site=where, keep_first=True
            )
        loaded.fit(site_pages(5)[4:])  # a page not fitted yet: a repeat would be skipped
        assert loaded.site_pages(SITE) == 5

    def test_complete_save_then_fit_equals_one_fit(self, tmp_path: Path) -> None:
        """Fit, save complete, load, fit more: the same listing and cleaning as one fit."""
        first, second = ("x", "Menu\nStory one"), ("x", "Menu\nStory two")
        for order in ((first, second), (second, first)):
            SiteProfile(min_pages=2).fit([order[0]]).save(tmp_path / "p.json", complete=True)
            resumed = SiteProfile.load(tmp_path / "p.json").fit([order[1]])
            whole = SiteProfile(min_pages=2).fit([first, second])
            assert resumed == whole
            assert [b.pages for b in resumed.boilerplate("x")] == [2]
            assert resumed.clean(first[1], site="x") == whole.clean(first[1], site="x")

    def test_compact_save_cleans_the_same_but_cannot_fit(self, tmp_path: Path) -> None:
        """The default save keeps what cleaning needs; fitting it more is refused."""
        pages = [*site_pages(3), (SITE, "Once only line")]
        profile = SiteProfile().fit(pages)
        path = tmp_path / "profile.json"
        profile.save(path)
        loaded = SiteProfile.load(path)
        assert not loaded.complete
        assert [loaded.clean(t, site=w) for w, t in pages] == [
            profile.clean(t, site=w) for w, t in pages
        ]
        with pytest.raises(ProfileError, match="complete=True"):
            loaded.fit(pages)

    def test_file_is_json_with_format_and_version(self, tmp_path: Path) -> None:
        """The file is plain JSON naming its format and version, written in sorted order."""
        path = tmp_path / "p.json"
        SiteProfile().fit(site_pages(3)).save(path)
        data = json.loads(path.read_text(encoding="utf-8"))
        assert (data["format"], data["version"]) == ("pagededup-site-profile", FORMAT_VERSION)
        assert data["sites"]["news.example"]["pages"] == 3
        other = tmp_path / "q.json"
        SiteProfile().fit(list(reversed(site_pages(3)))).save(other)
        assert path.read_bytes() == other.read_bytes()

    def test_version_1_file_keeps_its_single_threshold(self, tmp_path: Path) -> None:
        """A version 1 profile (before min_text_pages) cleans as it did: text at min_pages."""
        pages = signed_pages(2)
        data = SiteProfile(min_pages=2, min_text_pages=2).fit(pages).to_json()
        data["version"] = 1
        del data["settings"]["min_text_pages"]
        for body in data["sites"].values():
            for row in body["blocks"]:
                del row[3]  # version 1 rows have no text length
        path = tmp_path / "old.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        loaded = SiteProfile.load(path)
        assert (loaded.min_pages, loaded.min_text_pages) == (2, 2)
        assert SIGN_OFF not in loaded.clean(pages[0][1], site=SITE)

    def test_newer_version_is_refused(self, tmp_path: Path) -> None:
        """A profile from a newer format version says to upgrade."""
        path = tmp_path / "p.json"
        SiteProfile().fit(site_pages(3)).save(path)
        data = json.loads(path.read_text(encoding="utf-8"))
        data["version"] = FORMAT_VERSION + 1
        path.write_text(json.dumps(data), encoding="utf-8")
        upgrade = r"newer pagededup.*git pull in the pagededup clone, then pip install \."
        with pytest.raises(ProfileError, match=upgrade):
            SiteProfile.load(path)

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            ('{"format": "pagededup-site-profile", "vers', "is not valid JSON"),
            (b"\xff\xfe\x00", "not UTF-8"),
            ("[1, 2]", "is not a pagededup site profile"),
            ('{"format": "pagededup-site-profile", "version": 1}', "is corrupt"),
            (
                '{"format": "pagededup-site-profile", "version": 1, "settings": '
                '{"min_pages": 2, "min_fraction": 0.5}, "complete": false, '
                '"pages_without_site": 0, "sites": {"s": {"pages": 1, "blocks": '
                '[["zz", 1, "00"]]}}}',
                "is corrupt",
            ),
            (
                '{"format": "pagededup-site-profile", "version": 1, "settings": '
                '{"min_pages": 2, "min_fraction": 0.5}, "complete": false, '
                '"pages_without_site": 0, "sites": {"s": {"pages": 1, "blocks": '
                '[["00", 5, "00"]]}}}',
                "is corrupt",
            ),
        ],
    )
    def test_corrupt_file_gives_clear_error(
        self, tmp_path: Path, content: str | bytes, message: str
    ) -> None:
        """A corrupt profile raises ProfileError saying to re-create it; nothing is built."""
        path = tmp_path / "bad.json"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        with pytest.raises(ProfileError, match=message):
            SiteProfile.load(path)

    def test_lone_surrogates_save_and_load(self, tmp_path: Path) -> None:
        """Text that UTF-8 cannot write (a lone surrogate) still saves, escaped, and loads."""
        pages = [("https://bad\ud800.example/a", "Menu\nX\ud800"), ("bad\ud800.example", "Menu")]
        profile = SiteProfile(min_pages=2).fit(pages)
        profile.save(tmp_path / "p.json", complete=True)
        assert SiteProfile.load(tmp_path / "p.json") == profile
        stream = StreamingSiteProfile(min_pages=2)
        list(stream.clean_stream(pages))
        stream.save(tmp_path / "s.json")
        assert StreamingSiteProfile.load(tmp_path / "s.json").to_json() == stream.to_json()

    def test_bad_key_function_is_the_callers_error(self) -> None:
        """A key that is not a function is a TypeError, not a corrupt file."""
        data = SiteProfile().to_json()
        with pytest.raises(TypeError, match="key must be a function"):
            SiteProfile.from_json(data, key=5)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="key must be a function"):
            StreamingSiteProfile(key=None)  # type: ignore[arg-type]

    def test_missing_file(self, tmp_path: Path) -> None:
        """A missing profile file names the path."""
        with pytest.raises(ProfileError, match="cannot read profile"):
            SiteProfile.load(tmp_path / "nope.json")

    def test_failed_save_leaves_no_file(self, tmp_path: Path) -> None:
        """Saving into a missing directory raises and leaves nothing behind."""
        with pytest.raises(OSError, match="No such file"):
            SiteProfile().save(tmp_path / "missing" / "p.json")
        assert list(tmp_path.iterdir()) == []


ARTICLE = "Storm hits the coast tonight, officials say\nThe mayor ordered the harbour cleared\n"


class TestDuplicatePages:
    def test_same_page_at_three_urls_is_one_page(self) -> None:
        """An article fetched at three URLs of its site counts once: none of it is boilerplate."""
        profile = SiteProfile().fit([(f"{SITE}copy-{n}", ARTICLE) for n in range(3)])
        assert (profile.site_pages(SITE), profile.duplicate_pages) == (1, 2)
        assert profile.boilerplate(SITE) == []
        assert profile.clean(ARTICLE, site=SITE) == ARTICLE

    def test_refetched_page_does_not_lower_the_bar(self) -> None:
        """Chrome on two distinct pages stays under the default min_pages=3, refetch or not."""
        pages = site_pages(2)
        profile = SiteProfile().fit([*pages, pages[0]])
        assert profile.boilerplate(SITE) == []
        assert profile.duplicate_pages == 1

    def test_same_page_on_two_sites_counts_on_each(self) -> None:
        """A page is a repeat only within its own site."""
        profile = SiteProfile().fit([("a.example", ARTICLE), ("b.example", ARTICLE)])
        assert (profile.pages, profile.duplicate_pages) == (2, 0)

    @settings(max_examples=60, deadline=None)
    @given(pages=PAGES, cuts=st.tuples(st.integers(0, 8), st.integers(0, 8)))
    def test_shards_sharing_pages_merge_into_the_whole(
        self, pages: list[tuple[str | None, str]], cuts: tuple[int, int]
    ) -> None:
        """Shards that both hold some pages merge into the profile of all their pages."""
        low, high = sorted(cuts)
        left, right = pages[:high], pages[low:]
        merged = SiteProfile(min_pages=2).fit(left).merge(SiteProfile(min_pages=2).fit(right))
        whole = SiteProfile(min_pages=2).fit(left + right)
        assert merged == whole
        assert merged.duplicate_pages == whole.duplicate_pages
        for where, text in pages:
            assert merged.clean(text, site=where) == whole.clean(text, site=where)

    def test_complete_file_remembers_its_pages(self, tmp_path: Path) -> None:
        """A profile saved complete still knows its pages: a repeat after loading is skipped."""
        profile = SiteProfile(min_pages=2).fit(site_pages(3))
        profile.save(tmp_path / "p.json", complete=True)
        loaded = SiteProfile.load(tmp_path / "p.json")
        assert loaded == profile
        loaded.add(site_pages(1)[0][1], site=SITE)
        assert (loaded.site_pages(SITE), loaded.duplicate_pages) == (3, 1)

    def test_version_2_complete_file_still_loads(self) -> None:
        """A file written before page digests were kept loads and cleans as it did."""
        profile = SiteProfile(min_pages=2).fit(site_pages(3))
        data = profile.to_json(complete=True)
        data["version"] = 2
        del data["duplicate_pages"]
        for body in data["sites"].values():
            del body["page_keys"]
        loaded = SiteProfile.from_json(data)
        assert loaded.boilerplate(SITE) == profile.boilerplate(SITE)
        assert loaded.duplicate_pages == 0

    def test_stream_skips_a_repeated_page(self) -> None:
        """The streaming profile counts a repeated page once, and says how many it skipped."""
        stream = StreamingSiteProfile(min_pages=2)
        cleaned = list(stream.clean_stream([(f"{SITE}copy-{n}", ARTICLE) for n in range(3)]))
        assert cleaned == [ARTICLE] * 3
        assert stream.duplicate_pages == 2

    def test_stream_remembers_max_pages(self) -> None:
        """Only the last max_pages distinct pages are remembered: an older repeat counts again."""
        first, second = site_pages(2)
        forgetful = StreamingSiteProfile(max_pages=1)
        for where, text in (first, second, first):
            forgetful.add(text, site=where)
        assert forgetful.duplicate_pages == 0
        remembering = StreamingSiteProfile(max_pages=2)
        for where, text in (first, second, first):
            remembering.add(text, site=where)
        assert remembering.duplicate_pages == 1


class TestSpaceSaving:
    @settings(max_examples=80, deadline=None)
    @given(
        stream=st.lists(st.integers(0, 12), max_size=80),
        capacity=st.integers(1, 10),
    )
    def test_bounds_hold(self, stream: list[int], capacity: int) -> None:
        """Lower <= true <= upper, and the gap is at most N / capacity."""
        table: SpaceSaving[int] = SpaceSaving(capacity)
        truth: Counter[int] = Counter()
        for item in stream:
            table.add(item)
            truth[item] += 1
        for item in range(13):
            assert table.lower(item) <= truth[item] <= table.upper(item)
            assert truth[item] - table.lower(item) <= len(stream) / capacity
        assert len(table.entries) <= capacity


class TestStreaming:
    def test_first_pages_keep_boilerplate(self) -> None:
        """A block goes from the page on which it reaches min_pages pages."""
        stream = StreamingSiteProfile(min_pages=3)
        outputs = list(stream.clean_stream(site_pages(4)))
        assert [CHROME[0] in out for out in outputs] == [True, True, False, False]

    def test_exact_counts_match_the_two_pass_profile(self) -> None:
        """Without eviction, cleaning after the stream equals SiteProfile on the same pages."""
        pages = [*site_pages(4), ("b.example", "Connect with us\nOther"), (None, "x")]
        stream = StreamingSiteProfile(min_pages=2)
        for where, text in pages:
            stream.add(text, site=where)
        assert stream.exact
        assert stream.pages_without_site == 1
        profile = SiteProfile(min_pages=2).fit(pages)
        for where, text in pages:
            assert stream.clean(text, site=where) == profile.clean(text, site=where)

    def test_tiny_bound_only_keeps_more(self) -> None:
        """With evictions, a bounded stream never removes what exact counts keep."""
        pages = [(f"s{n % 5}.example", f"Nav of site {n % 5}\nStory {n}") for n in range(60)]
        small = StreamingSiteProfile(min_pages=2, max_blocks=6, max_sites=3)
        exact = SiteProfile(min_pages=2).fit(pages)
        for where, text in pages:
            small.add(text, site=where)
        assert not small.exact
        for where, text in pages:
            kept = small.clean(text, site=where).splitlines()
            assert set(exact.clean(text, site=where).splitlines()) <= set(kept)

    def test_bad_bounds(self) -> None:
        """Bounds must be positive whole numbers."""
        with pytest.raises(ValueError, match="max_blocks"):
            StreamingSiteProfile(max_blocks=0)


STREAM_PAGES = tuple(
    (f"s{n % 5}.example", f"Nav of site {n % 5}\nStory {n % 7}\nMenu") for n in range(60)
)


class TestStreamingPersistence:
    @pytest.mark.parametrize("cut", [0, 1, 17, 59])
    def test_resume_goes_on_as_if_never_stopped(self, tmp_path: Path, cut: int) -> None:
        """Saved mid-stream (with evictions) and loaded, a stream gives what one run gives."""
        whole = StreamingSiteProfile(min_pages=2, max_blocks=6, max_sites=3)
        expected = list(whole.clean_stream(STREAM_PAGES))
        first = StreamingSiteProfile(min_pages=2, max_blocks=6, max_sites=3)
        head = list(first.clean_stream(STREAM_PAGES[:cut]))
        first.save(tmp_path / "stream.json")
        resumed = StreamingSiteProfile.load(tmp_path / "stream.json")
        tail = list(resumed.clean_stream(STREAM_PAGES[cut:]))
        assert head + tail == expected
        assert resumed.to_json() == whole.to_json()
        assert not resumed.exact

    def test_settings_travel_with_the_file(self, tmp_path: Path) -> None:
        """Thresholds and bounds come back as saved."""
        stream = StreamingSiteProfile(
            max_blocks=9, max_sites=4, min_pages=4, min_text_pages=5, min_fraction=0.25
        )
        stream.save(tmp_path / "s.json")
        loaded = StreamingSiteProfile.load(tmp_path / "s.json")
        assert (loaded.max_blocks, loaded.max_sites, loaded.min_pages) == (9, 4, 4)
        assert (loaded.min_text_pages, loaded.min_fraction) == (5, 0.25)

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            (lambda d: d.update(version=STREAM_FORMAT_VERSION + 1), "newer pagededup"),
            (lambda d: d.update(format="pagededup-site-profile"), "not a pagededup streaming"),
            (lambda d: d["blocks"]["rows"].append(["s0.example", "zz", 1, 0]), "is corrupt"),
            (lambda d: d["blocks"]["rows"].append(["s0.example", "00", 1, 1]), "is corrupt"),
            (lambda d: d["sites"]["rows"].extend([["a", 9, 0]] * 9), "is corrupt"),
            (lambda d: d["sites"].update(evicted="no"), "is corrupt"),
            (lambda d: d.pop("blocks"), "cannot be resumed"),
            (lambda d: d["sites"]["rows"].pop(), "which has no page count"),
            (lambda d: d["blocks"]["rows"][0].__setitem__(4, -1), "is corrupt"),
        ],
    )
    def test_bad_file_gives_clear_error(self, tmp_path: Path, change: Any, message: str) -> None:
        """A corrupt or foreign file raises ProfileError; no stream is built."""
        stream = StreamingSiteProfile(min_pages=2, max_blocks=6, max_sites=3)
        list(stream.clean_stream(STREAM_PAGES[:10]))
        data = stream.to_json()
        change(data)
        path = tmp_path / "bad.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        with pytest.raises(ProfileError, match=message):
            StreamingSiteProfile.load(path)

    def test_site_profile_file_is_not_a_stream(self, tmp_path: Path) -> None:
        """Each load names the other kind of file as foreign."""
        SiteProfile().fit(site_pages(3)).save(tmp_path / "p.json")
        with pytest.raises(ProfileError, match="not a pagededup streaming site profile"):
            StreamingSiteProfile.load(tmp_path / "p.json")
        StreamingSiteProfile().save(tmp_path / "s.json")
        with pytest.raises(ProfileError, match="not a pagededup site profile"):
            SiteProfile.load(tmp_path / "s.json")


class TestRealPages:
    def test_real_site_pairs_lose_no_page_unique_line(self, real_pages: list[str]) -> None:
        """Fitted on two real pages as one site, only lines on both pages may go."""
        first, second = real_pages[0], real_pages[1]
        profile = SiteProfile(min_pages=2).fit([("s", first), ("s", second)])
        keys_second = {b.key for b in page_blocks(second)}
        result = profile.analyze(first, site="s")
        for block in result.removed:
            if block.reason is dedup.Reason.BOILERPLATE:
                assert page_blocks(block.original)[0].key in keys_second
