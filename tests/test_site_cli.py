"""`dedup fit` and `dedup run --profile`, through the command's entry point."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dedup.cli import fit, main
from dedup.config import CleanConfig
from dedup.corpus import profile as corpus_profile
from dedup.corpus.clean import (
    CleanSpec,
    JsonlTask,
    ValuesTask,
    clean_jsonl_chunk,
    clean_values_chunk,
)
from dedup.site import ProfileError, SiteProfile


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
        why = tmp_path / "why.jsonl"
        run = ["run", str(pages), "-o", str(out), "--profile", str(profile), "--explain", str(why)]
        assert main([*run, "-j", "1"]) == 0
        records = out.read_text(encoding="utf-8").splitlines()
        assert json.loads(records[0])["text"] == "Story 0 told once\n"
        [removed] = json.loads(why.read_text(encoding="utf-8").splitlines()[0])["removed"]
        assert removed["reason"] == "boilerplate"
        assert (removed["line"], removed["covered_by_lines"]) == (1, [])
        assert (removed["site"], removed["site_pages"]) == ("news.example", 3)
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


SITES = ("a.example", "b.example", "c.example")


def site_records(count: int) -> list[dict[str, Any]]:
    """Pages of three sites with short chrome, some without a URL, one with a null text."""
    records: list[dict[str, Any]] = []
    for n in range(count):
        site = SITES[n % len(SITES)]
        url = None if n % 7 == 3 else f"https://{site}/story/{n}"
        text = None if n == 5 else f"Menu\nSign in\nStory {n} from {site}, told once.\n"
        records.append({"id": n, "url": url, "text": text})
    return records


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


class TestFitCountsAPageOnce:
    @pytest.mark.parametrize("workers", ["1", "2"])
    def test_a_page_fed_twice_is_no_boilerplate(
        self,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
        workers: str,
    ) -> None:
        """The same article at two URLs counts once, also when two workers each see a copy."""
        monkeypatch.setattr(fit, "_FIT_CHUNK_PAGES", 1)
        article = "Menu\nThe council voted on Tuesday to close the old bridge for repairs.\n"
        records = [
            {"url": "https://x.example/a", "text": article},
            {"url": "https://x.example/a?utm=feed", "text": article},
            {"url": "https://x.example/b", "text": "Menu\nA different story about the harbour.\n"},
        ]
        pages, out = tmp_path / "p.jsonl", tmp_path / "profile.json"
        write_jsonl(pages, records)
        args = ["fit", str(pages), "-o", str(out), "--min-pages", "2", "--min-text-pages", "2"]
        assert main([*args, "-j", workers, "--no-progress"]) == 0
        err = capsys.readouterr().err
        assert "repeated pages skipped: 1" in err
        assert "x.example (2 pages, 1 boilerplate block)" in err
        profile = SiteProfile.load(out)
        assert profile.clean(article, site="https://x.example/c") == (
            "The council voted on Tuesday to close the old bridge for repairs.\n"
        )


class TestFitWorkers:
    def test_profile_is_the_same_for_any_workers(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """-j 1, -j 2 and -j 3 write the bytes of one in-process fit, over many chunks."""
        # Small chunks, so 40 records make 7 chunks that the workers fit apart.
        monkeypatch.setattr(fit, "_FIT_CHUNK_PAGES", 6)
        records = site_records(40)
        pages = tmp_path / "p.jsonl"
        write_jsonl(pages, records)
        written = {}
        for workers in ("1", "2", "3"):
            for extra in ([], ["--complete"]):
                out = tmp_path / f"profile{workers}{''.join(extra)}.json"
                args = ["fit", str(pages), "-o", str(out), "-j", workers, "--min-pages", "2"]
                assert main([*args, "--no-progress", *extra]) == 0
                written[workers, bool(extra)] = out.read_bytes()
                err = capsys.readouterr().err
                assert "dedup fit: 40 records" in err
                assert "skipped 1 (1 field is null)" in err
        whole = SiteProfile(min_pages=2).fit(
            (r["url"], r["text"]) for r in records if r["text"] is not None
        )
        for complete in (False, True):
            whole.save(tmp_path / "whole.json", complete=complete)
            expected = (tmp_path / "whole.json").read_bytes()
            assert [written[w, complete] for w in ("1", "2", "3")] == [expected] * 3
        data = json.loads(written["2", True])
        assert sorted(data["sites"]) == list(SITES)
        assert data["pages_without_site"] == 6

    def test_progress_goes_to_stderr_only_when_asked(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--progress draws before the summary; --no-progress writes the summary alone."""
        pages, profile = tmp_path / "p.jsonl", tmp_path / "profile.json"
        write_jsonl(pages, site_records(40))
        assert main(["fit", str(pages), "-o", str(profile), "-j", "1", "--no-progress"]) == 0
        assert capsys.readouterr().err.startswith("dedup fit: 40 records")
        assert main(["fit", str(pages), "-o", str(profile), "-j", "1", "--progress"]) == 0
        err = capsys.readouterr().err
        assert err.index("dedup fit: 40 records") > 0

    def test_bad_workers_is_a_usage_error(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """-j 0 exits 2 naming --workers, with fit's own usage line."""
        pages = tmp_path / "p.jsonl"
        write_jsonl(pages, site_records(3))
        assert main(["fit", str(pages), "-o", str(tmp_path / "x.json"), "-j", "0"]) == 2
        err = capsys.readouterr().err
        assert "usage: " in err
        assert " fit " in err.splitlines()[0]
        assert "--workers: workers must be a whole number" in err
        assert not (tmp_path / "x.json").exists()


class TestParquet:
    @pytest.fixture(autouse=True)
    def _pyarrow(self, need: Callable[[bool, str], None]) -> None:
        try:
            import pyarrow  # noqa: F401, PLC0415
        except ImportError:
            need(False, "pyarrow is not installed: pip install '.[parquet]' in the clone")

    def write_parquet(self, path: Path, records: list[dict[str, Any]]) -> None:
        import pyarrow as pa  # noqa: PLC0415
        import pyarrow.parquet as pq  # noqa: PLC0415

        columns = {name: [r[name] for r in records] for name in records[0]}
        pq.write_table(pa.table(columns), path)

    def test_fit_then_run(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Parquet fit equals the JSONL fit; run cleans the column and counts no-site rows."""
        import pyarrow.parquet as pq  # noqa: PLC0415

        # Over 64 rows, so dedup run sends several batches to its workers.
        records = site_records(150)
        table, profile = tmp_path / "in.parquet", tmp_path / "profile.json"
        self.write_parquet(table, records)
        fit = ["fit", str(table), "-o", str(profile), "--min-pages", "2", "-j", "2"]
        assert main(fit) == 0
        err = capsys.readouterr().err
        assert "dedup fit: 150 records" in err
        assert "skipped 1 (1 field is null)" in err
        assert "a.example (43 pages, 2 boilerplate blocks)" in err
        write_jsonl(tmp_path / "in.jsonl", records)
        jsonl = ["fit", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "j.json")]
        assert main([*jsonl, "--min-pages", "2", "-j", "1"]) == 0
        capsys.readouterr()
        assert (tmp_path / "j.json").read_bytes() == profile.read_bytes()

        for workers in ("1", "2"):
            out = tmp_path / f"out{workers}.parquet"
            run = ["run", str(table), "-o", str(out), "--profile", str(profile), "-j", workers]
            assert main(run) == 0
            err = capsys.readouterr().err
            assert "21 pages had no site key" in err
            assert "rejected 1 (1 field is null)" in err
        cleaned = pq.read_table(tmp_path / "out1.parquet")
        assert cleaned.column("id").to_pylist() == list(range(150))
        assert cleaned.column("url").to_pylist() == [r["url"] for r in records]
        expected = [
            None
            if r["text"] is None
            else f"Story {r['id']} from {SITES[r['id'] % 3]}, told once.\n"
            if r["url"] is not None
            else r["text"]
            for r in records
        ]
        assert cleaned.column("text").to_pylist() == expected
        assert (tmp_path / "out1.parquet").read_bytes() == (tmp_path / "out2.parquet").read_bytes()

    def test_missing_site_column_is_a_clear_error(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Without the --site-field column, fit and run exit 1, name the columns, write nothing."""
        records = [{"id": r["id"], "link": r["url"], "text": r["text"]} for r in site_records(9)]
        table, profile = tmp_path / "in.parquet", tmp_path / "profile.json"
        self.write_parquet(table, records)
        assert main(["fit", str(table), "-o", str(profile), "--min-pages", "2"]) == 1
        err = capsys.readouterr().err
        assert "has no column 'url'; its columns are: id, link, text." in err
        assert "Name the site column with --site-field" in err
        assert not profile.exists()
        assert main(["fit", str(table), "-o", str(profile), "--field", "body"]) == 1
        assert "no column 'body'" in capsys.readouterr().err

        fit = ["fit", str(table), "-o", str(profile), "--min-pages", "2", "--site-field", "link"]
        assert main(fit) == 0
        capsys.readouterr()
        out = tmp_path / "out.parquet"
        assert main(["run", str(table), "-o", str(out), "--profile", str(profile)]) == 1
        err = capsys.readouterr().err
        assert "has no column 'url'; its columns are: id, link, text." in err
        assert "Name the site column with --site-field" in err
        assert not out.exists()
        run = ["run", str(table), "-o", str(out), "--profile", str(profile), "--site-field", "link"]
        assert main([*run, "-j", "1"]) == 0
        assert "1 pages had no site key" in capsys.readouterr().err
        assert pq_texts(out)[0] == "Story 0 from a.example, told once.\n"

    def test_column_without_strings_is_refused(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A binary text column or a numeric site column fails up front, not row by row."""
        import pyarrow as pa  # noqa: PLC0415
        import pyarrow.parquet as pq  # noqa: PLC0415

        table, profile = tmp_path / "in.parquet", tmp_path / "profile.json"
        pq.write_table(pa.table({"url": [1, 2], "text": [b"Menu\nA", b"Menu\nB"]}), table)
        assert main(["fit", str(table), "-o", str(profile)]) == 1
        assert "column 'text' holds binary, not strings" in capsys.readouterr().err
        out = tmp_path / "out.parquet"
        assert main(["run", str(table), "-o", str(out)]) == 1
        assert "name the text column with --field" in capsys.readouterr().err
        assert main(["fit", str(table), "-o", str(profile), "--field", "url"]) == 1
        assert "column 'url' holds int64, not strings" in capsys.readouterr().err
        assert not profile.exists()
        assert not out.exists()


def pq_texts(path: Path) -> list[str | None]:
    import pyarrow.parquet as pq  # noqa: PLC0415

    texts: list[str | None] = pq.read_table(path).column("text").to_pylist()
    return texts


class TestFitRefusesUselessInput:
    @pytest.mark.parametrize(
        ("content", "message"),
        [
            ("", "no page was read from"),
            ("oops\n\n", "no page was read from"),
            ('{"link": "https://a.example/1", "text": "Menu"}\n', "none of the 1 pages has a site"),
        ],
    )
    def test_nothing_learned_writes_nothing(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
    ) -> None:
        """Empty input, only bad records, or no site field: exit 1, no profile."""
        pages, profile = tmp_path / "p.jsonl", tmp_path / "profile.json"
        pages.write_text(content, encoding="utf-8")
        assert main(["fit", str(pages), "-o", str(profile)]) == 1
        assert message in capsys.readouterr().err
        assert not profile.exists()

    def test_bad_records_are_named_as_run_names_them(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`dedup fit` skips what `dedup run` rejects, with the same reasons."""
        pages = tmp_path / "p.jsonl"
        good = json.dumps({"url": "https://a.example/1", "text": "Menu"})
        bad = ["", "oops", "[1]", '{"url": "x"}', '{"text": null}']
        pages.write_text("\n".join([good, *bad]) + "\n", encoding="utf-8")
        assert main(["fit", str(pages), "-o", str(tmp_path / "p.json")]) == 0
        assert (
            "skipped 5 (1 blank line, 1 field is null, 1 field missing, "
            "1 malformed JSON, 1 not a JSON object)"
        ) in capsys.readouterr().err

    def test_missing_output_directory_fails_before_reading(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An output in a missing directory fails first, even for input that is not there."""
        out = tmp_path / "nowhere" / "p.json"
        assert main(["fit", str(tmp_path / "absent.jsonl"), "-o", str(out)]) == 1
        assert f"there is no directory {out.parent}" in capsys.readouterr().err

    def test_parquet_from_stdin_is_a_usage_error(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Parquet needs a file: stdin with --format parquet says so."""
        assert main(["fit", "-", "--format", "parquet", "-o", "p.json"]) == 2
        assert "Parquet cannot be read from stdin" in capsys.readouterr().err


def test_profile_changed_mid_run_stops_the_run(tmp_path: Path) -> None:
    """A profile that no longer matches its hash stops the run; it is not a per-page reject."""
    pages, profile = tmp_path / "p.jsonl", tmp_path / "profile.json"
    write_pages(pages)
    assert main(["fit", str(pages), "-o", str(profile)]) == 0
    digest = hashlib.sha256(profile.read_bytes()).hexdigest()
    profile.write_text(profile.read_text(encoding="utf-8") + " ", encoding="utf-8")
    corpus_profile._LOADED.clear()
    hook = corpus_profile.ProfileHook(str(profile), digest, keep_first=False)
    spec = CleanSpec(("text",), CleanConfig(), hook=hook)
    line = json.dumps({"url": "https://news.example/9", "text": "Connect with us\nX"})
    jsonl = JsonlTask([line.encode() + b"\n"], 0, spec)
    with pytest.raises(ProfileError, match="changed while the run was going"):
        clean_jsonl_chunk(jsonl)
    values = ValuesTask(["Connect with us\nX"], ["news.example"], 0, spec)
    with pytest.raises(ProfileError, match="changed while the run was going"):
        clean_values_chunk(values)


def test_parquet_fit_chunks_are_cut_by_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """Large pages make smaller chunks; every row lands in exactly one."""
    monkeypatch.setattr(fit, "_FIT_CHUNK_BYTES", 10)
    texts: list[object] = ["x" * 6, None, "y" * 6, "z" * 20, "w"]
    sites: list[object] = ["a", "b", "c", "d", "e"]
    parts = list(fit._by_size(texts, sites))
    assert [part.texts for part in parts] == [["x" * 6, None, "y" * 6], ["z" * 20], ["w"]]
    assert [site for part in parts for site in part.sites] == sites
