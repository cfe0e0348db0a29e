"""`dedup fit` and `dedup run --profile`, through the command's entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dedup.cli import main


def write_pages(path: Path) -> None:
    lines = [
        json.dumps(
            {"url": f"https://news.example/{n}", "text": f"Connect with us\nStory {n} told once\n"}
        )
        for n in range(3)
    ]
    lines += [json.dumps({"text": "Connect with us\nNo url here"}), "oops"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


class TestFitAndRun:
    def test_fit_then_run(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Fit writes a profile and lists top blocks; run removes them, counts no-site pages."""
        pages, profile, out = tmp_path / "p.jsonl", tmp_path / "profile.json", tmp_path / "o.jsonl"
        write_pages(pages)
        assert main(["fit", str(pages), "--site-field", "url", "-o", str(profile)]) == 0
        err = capsys.readouterr().err
        assert "news.example (3 pages, 1 boilerplate block)" in err
        assert "Connect with us" in err
        assert "1 without" in err
        assert main(["run", str(pages), "-o", str(out), "--profile", str(profile), "-j", "1"]) == 0
        records = out.read_text(encoding="utf-8").splitlines()
        assert json.loads(records[0])["text"] == "Story 0 told once\n"
        assert json.loads(records[3])["text"] == "Connect with us\nNo url here\n"
        assert records[4] == "oops"
        err = capsys.readouterr().err
        assert "1 pages had no site key" in err
        assert "3 boilerplate" in err

    def test_corrupt_profile_writes_nothing(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A corrupt profile exits 1 with a clear message and no output file."""
        pages, bad, out = tmp_path / "p.jsonl", tmp_path / "bad.json", tmp_path / "o.jsonl"
        write_pages(pages)
        bad.write_text('{"format": "pagededup-site-profile", "vers', encoding="utf-8")
        assert main(["run", str(pages), "-o", str(out), "--profile", str(bad)]) == 1
        assert "is not valid JSON" in capsys.readouterr().err
        assert not out.exists()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json", "p.jsonl"]

    def test_bad_threshold_is_a_usage_error(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--min-pages 1 exits 2 naming the option."""
        pages = tmp_path / "p.jsonl"
        write_pages(pages)
        assert main(["fit", str(pages), "-o", str(tmp_path / "x.json"), "--min-pages", "1"]) == 2
        assert "--min-pages must be a whole number" in capsys.readouterr().err
        bad = ["--min-text-pages", "one"]
        with pytest.raises(SystemExit):
            main(["fit", str(pages), "-o", str(tmp_path / "x.json"), *bad])
        assert "--min-text-pages: invalid int value" in capsys.readouterr().err
        assert main(["fit", str(pages), "-o", str(tmp_path / "x.json"), "--min-text-pages", "1"])
        assert "--min-text-pages must be a whole number" in capsys.readouterr().err

    def test_min_text_pages_reaches_the_profile(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A sentence on 2 pages stays at --min-pages 2; --min-text-pages 2 removes it."""
        pages, profile = tmp_path / "p.jsonl", tmp_path / "profile.json"
        sign_off = "Originally published on Live Science."
        pages.write_text(
            "".join(
                json.dumps(
                    {"url": f"https://s.example/{n}", "text": f"Menu\nStory {n}\n{sign_off}"}
                )
                + "\n"
                for n in range(2)
            ),
            encoding="utf-8",
        )
        for extra, listed in (([], 1), (["--min-text-pages", "2"], 2)):
            assert main(["fit", str(pages), "-o", str(profile), "--min-pages", "2", *extra]) == 0
            assert f"(2 pages, {listed} boilerplate block" in capsys.readouterr().err
            data = json.loads(profile.read_text(encoding="utf-8"))
            assert data["settings"]["min_text_pages"] == (2 if extra else 3)
