"""`dedup explain` on one record of a corpus, with a profile, an HTML filter and diffs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import dedup
from dedup.cli import main
from tests.test_cli import PAGE

NEAR = "More than one million Syrians are living under siege, the United Nations said on Tuesday"
NEAR_PAGE = f"{NEAR} in its report.\nMiddle line of text\n{NEAR}, in its report.\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "c.jsonl"
    records = [
        {"url": "https://a.example/1", "text": "Menu\nOne story\n"},
        {"url": "https://a.example/2", "text": PAGE},
        {"url": "https://a.example/3", "text": "Menu\nThird story\n"},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


class TestExplainRecord:
    def test_record_of_an_unknown_format_is_a_usage_error(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--record on a file of no corpus format exits 2 with a message, not a traceback."""
        page = tmp_path / "page.txt"
        page.write_text("One line\n")
        assert main(["explain", str(page), "--record", "0"]) == 2
        err = capsys.readouterr().err
        assert "cannot tell the format of" in err
        assert "--format" not in err  # explain has no such option

    def test_record_by_number(self, corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--record N explains record N (from 0), as the rejects and explain files number it."""
        assert main(["explain", str(corpus), "--record", "1"]) == 0
        out = capsys.readouterr().out
        assert "adjacent <- line 2" in out

    def test_record_by_id(self, corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--id VALUE --id-field url finds the record whose field matches."""
        code = main(["explain", str(corpus), "--id", "https://a.example/2", "--id-field", "url"])
        assert code == 0
        assert "adjacent" in capsys.readouterr().out

    def test_missing_record_is_an_error(
        self, corpus: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A record number past the end says how many records there are."""
        assert main(["explain", str(corpus), "--record", "9"]) == 1
        assert "has no record 9 (3 records read)" in capsys.readouterr().err

    def test_profile_removes_site_boilerplate(
        self, tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """With --profile, the record's site boilerplate shows as removed."""
        profile = tmp_path / "p.json"
        assert main(["fit", str(corpus), "-o", str(profile), "--min-pages", "2", "-q"]) == 0
        capsys.readouterr()
        assert main(["explain", str(corpus), "--record", "2", "--profile", str(profile)]) == 0
        assert "<- site" in capsys.readouterr().out

    def test_html_removed_only(self, tmp_path: Path, corpus: Path) -> None:
        """--removed-only leaves out kept blocks that cover nothing."""
        report = tmp_path / "r.html"
        assert main(["explain", str(corpus), "--record", "1", "--html", str(report),
                     "--removed-only"]) == 0  # fmt: skip
        html = report.read_text()
        assert "The body of the story, once." not in html
        assert "A caption printed twice" in html

    def test_near_repeat_shows_a_diff(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A near repeat is followed by a word diff against its cover."""
        page = tmp_path / "p.txt"
        page.write_text(NEAR_PAGE)
        assert main(["explain", str(page)]) == 0
        out = capsys.readouterr().out
        assert [str(block.reason) for block in dedup.analyze(NEAR_PAGE).removed] == ["near"]
        assert "[-Tuesday,-] {+Tuesday+}" in out
