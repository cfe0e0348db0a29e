"""Corpus-scale `dedup run`: many inputs, resumed runs, formats, stats."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

import dedup
from dedup.cli import main
from tests.test_cli import PAGE

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


def record(number: int, text: str = PAGE) -> str:
    return json.dumps({"id": number, "text": text}) + "\n"


@pytest.fixture
def crawl(tmp_path: Path) -> Path:
    """Three shards in two folders, plain and gzipped."""
    root = tmp_path / "crawl"
    (root / "2024").mkdir(parents=True)
    (root / "a.jsonl").write_text(record(0) + record(1))
    (root / "2024" / "b.jsonl.gz").write_bytes(gzip.compress(record(2).encode()))
    (root / "2024" / "c.jsonl").write_text(record(3))
    (root / "notes.txt").write_text("not a corpus file")
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["run", *args, "--no-progress"])
    return code, capsys.readouterr().err


class TestManyInputs:
    def test_input_dir_keeps_relative_names(
        self, tmp_path: Path, crawl: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--input-dir to --output-dir writes every shard under its own relative name."""
        out = tmp_path / "out"
        code, err = run(capsys, "--input-dir", str(crawl), "--output-dir", str(out), "-j2")
        assert code == 0, err
        files = [p for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")]
        names = sorted(p.relative_to(out).as_posix() for p in files)
        assert names == ["2024/b.jsonl.gz", "2024/c.jsonl", "a.jsonl"]
        cleaned = json.loads(gzip.decompress((out / "2024" / "b.jsonl.gz").read_bytes()))
        assert cleaned["text"] == dedup.clean(PAGE)

    def test_files_and_globs(
        self, tmp_path: Path, crawl: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Several files and quoted globs are inputs; -o with several is refused."""
        out = tmp_path / "out"
        code, _ = run(capsys, str(crawl / "a.jsonl"), str(crawl / "2024" / "*.jsonl*"),
                      "--output-dir", str(out), "-j1")  # fmt: skip
        assert code == 0
        assert (out / "2024" / "c.jsonl").exists()
        code, err = run(capsys, str(crawl / "*.jsonl"), str(crawl / "2024/*"), "-o", "x.jsonl")
        assert code == 2
        assert "--output-dir" in err

    def test_rejects_and_explain_folders(
        self, tmp_path: Path, crawl: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """With several inputs, --rejects and --explain are folders with a file per input."""
        with (crawl / "a.jsonl").open("a") as shard:
            shard.write("oops\n")
        folders = ["--rejects", str(tmp_path / "rej"), "--explain", str(tmp_path / "why")]
        code, err = run(
            capsys, "--input-dir", str(crawl), "--output-dir", str(tmp_path / "out"), *folders
        )
        assert code == 0, err
        reject = json.loads((tmp_path / "rej" / "a.jsonl").read_text())
        assert reject == {"record": 2, "reason": "malformed JSON", "line": "oops"}
        explained = gzip.decompress((tmp_path / "why" / "2024" / "b.jsonl.gz").read_bytes())
        assert json.loads(explained)["removed"][0]["reason"] == "adjacent"
        code, err = run(capsys, "--input-dir", str(crawl), "--output-dir", str(tmp_path / "o2"),
                        "--rejects", str(tmp_path / "o2"))  # fmt: skip
        assert code == 2
        assert "folder of their own" in err

    def test_rerun_skips_finished_outputs(
        self, tmp_path: Path, crawl: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A rerun skips outputs with a valid completion marker; a changed input is redone."""
        out = tmp_path / "out"
        args = ("--input-dir", str(crawl), "--output-dir", str(out), "-j1")
        assert run(capsys, *args)[0] == 0
        code, err = run(capsys, *args)
        assert code == 0
        assert "skipped 3 finished" in err
        (crawl / "a.jsonl").write_text(record(0))
        code, err = run(capsys, *args, "--stats", str(tmp_path / "stats.json"))
        assert "skipped 2 finished" in err
        stats = json.loads((tmp_path / "stats.json").read_text())
        assert stats["records"] == 1
        assert stats["skipped"] == 2
        assert run(capsys, *args, "--force")[1].count("skipped") == 0

    def test_rerun_asking_for_rejects_is_not_skipped(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A finished output is redone when the rerun asks for a rejects file."""
        (tmp_path / "in.jsonl").write_text(record(0) + "oops\n")
        args = (str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "o.jsonl"), "-j1")
        assert run(capsys, *args)[0] == 0
        assert run(capsys, *args, "--rejects", str(tmp_path / "r.jsonl"))[0] == 0
        assert (tmp_path / "r.jsonl").exists()

    def test_jsonl_to_parquet_says_rejects_are_dropped(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A Parquet output holds records only: the summary says rejects were dropped."""
        (tmp_path / "in.jsonl").write_text(record(0) + "oops\n")
        code, err = run(capsys, str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "o.parquet"))
        assert code == 0
        assert "dropped" in err
        assert pq.read_table(tmp_path / "o.parquet").num_rows == 1

    def test_one_bad_shard_fails_the_run_but_not_the_others(
        self, tmp_path: Path, crawl: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A shard that cannot be read is reported, the others are written, the exit is 1."""
        (crawl / "bad.jsonl").write_bytes(b"\x7fELF" + bytes(10))
        code, err = run(capsys, "--input-dir", str(crawl), "--output-dir", str(tmp_path / "o"))
        assert code == 1
        assert "bad.jsonl" in err
        assert (tmp_path / "o" / "a.jsonl").exists()


class TestFormats:
    def test_jsonl_to_parquet_and_back(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """JSONL converts to Parquet and back, with the text cleaned once."""
        (tmp_path / "in.jsonl").write_text(record(0) + record(1))
        assert run(capsys, str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "o.parquet"))[0] == 0
        table = pq.read_table(tmp_path / "o.parquet")
        assert table.column("text").to_pylist() == [dedup.clean(PAGE)] * 2
        code, _ = run(capsys, str(tmp_path / "o.parquet"), "-o", str(tmp_path / "back.jsonl"))
        assert code == 0
        lines = (tmp_path / "back.jsonl").read_text().splitlines()
        assert [json.loads(line) for line in lines] == [
            {"id": 0, "text": dedup.clean(PAGE)},
            {"id": 1, "text": dedup.clean(PAGE)},
        ]

    def test_nested_field(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--field doc.text cleans a nested field and keeps every other byte."""
        line = '{"doc": {"text": ' + json.dumps(PAGE) + ', "n": 1.50}, "id": 7}\n'
        (tmp_path / "in.jsonl").write_text(line)
        code, _ = run(capsys, str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "o.jsonl"),
                      "--field", "doc.text")  # fmt: skip
        assert code == 0
        expected = '{"doc": {"text": ' + json.dumps(dedup.clean(PAGE)) + ', "n": 1.50}, "id": 7}\n'
        assert (tmp_path / "o.jsonl").read_text() == expected

    def test_parquet_keeps_compression_or_takes_one(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A Parquet output keeps the input's codec and row groups, unless --compression."""
        table = pa.table({"text": [PAGE] * 10})
        pq.write_table(table, tmp_path / "in.parquet", compression="zstd", row_group_size=3)
        assert run(capsys, str(tmp_path / "in.parquet"), "-o", str(tmp_path / "a.parquet"))[0] == 0
        meta = pq.ParquetFile(tmp_path / "a.parquet").metadata
        assert meta.row_group(0).column(0).compression == "ZSTD"
        sizes = [meta.row_group(n).num_rows for n in range(meta.num_row_groups)]
        assert sizes == [3, 3, 3, 1]
        code, _ = run(capsys, str(tmp_path / "in.parquet"), "-o", str(tmp_path / "b.parquet"),
                      "--compression", "gzip")  # fmt: skip
        assert code == 0
        assert (
            pq.ParquetFile(tmp_path / "b.parquet").metadata.row_group(0).column(0).compression
            == "GZIP"
        )

    def test_parquet_from_stdin_needs_a_file(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Parquet on stdin is refused with a message saying to pass the file."""
        code, err = run(capsys, "-", "--format", "parquet", "-o", "x.parquet")
        assert code == 1
        assert "pass the file's path" in err


class TestStats:
    def test_add_stats_and_quiet(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--add-stats writes each record's stats; --quiet prints no summary."""
        (tmp_path / "in.jsonl").write_text(record(0))
        code, err = run(capsys, str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "o.jsonl"),
                        "--add-stats", "--quiet")  # fmt: skip
        assert code == 0
        assert err == ""
        stats = json.loads((tmp_path / "o.jsonl").read_text())["dedup_stats"]
        assert stats["removed_by_reason"] == {"adjacent": 1}
        assert set(stats) == {"blocks", "kept", "removed_by_reason", "bytes_saved"}

    def test_stats_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--stats FILE writes a JSON summary with the counts the summary prints."""
        (tmp_path / "in.jsonl").write_text(record(0) + "oops\n")
        code, _ = run(capsys, str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "o.jsonl"),
                      "--stats", str(tmp_path / "s.json"))  # fmt: skip
        assert code == 0
        stats = json.loads((tmp_path / "s.json").read_text())
        assert (stats["records"], stats["cleaned"], stats["rejected"]) == (2, 1, 1)
        assert stats["reject_reasons"] == {"malformed JSON": 1}
