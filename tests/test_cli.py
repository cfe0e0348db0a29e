"""The ``dedup`` console script, run for real in a subprocess."""

from __future__ import annotations

import gzip
import json
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import dedup
from dedup.config import field_names

SCRIPT = Path(sys.executable).with_name("dedup")
REPEAT = "A caption printed twice on this page, word for word\n"
PAGE = "Headline of the story\n" + REPEAT + REPEAT + "The body of the story, once.\n"


def dedup_cmd(
    *args: str, stdin: bytes | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[bytes]:
    """Run the installed console script."""
    if not SCRIPT.exists():
        pytest.fail(f"{SCRIPT} is missing: install the project (make install) to get the script")
    return subprocess.run(
        [str(SCRIPT), *args], input=stdin, capture_output=True, timeout=timeout, check=False
    )


def head(number: int) -> bytes:
    """Fields before the text whose bytes must survive as they are.

    A float written as 1.50, a nested object and a non-ASCII escape:
    re-serialising the record would change these bytes.
    """
    return f'{{"id": {number}, "score": 1.50, "meta": {{"t": "caf\\u00e9"}}, "text": '.encode()


def write_jsonl(path: Path, texts: list[str]) -> list[bytes]:
    """Write one record per text, with fields around it."""
    lines = []
    for number, text in enumerate(texts):
        lines.append(head(number) + json.dumps(text).encode() + b', "tail": [1, 2.0e3]}\n')
    path.write_bytes(b"".join(lines))
    return lines


def expected_line(text: str, number: int) -> bytes:
    cleaned = json.dumps(dedup.clean(text), ensure_ascii=False)
    return head(number) + cleaned.encode() + b', "tail": [1, 2.0e3]}\n'


@pytest.fixture(scope="module")
def pages(real_pages: list[str]) -> list[str]:
    """Forty real pages, both sources: enough for several chunks."""
    return real_pages[:: max(1, len(real_pages) // 40)][:40]


class TestRunJsonl:
    def test_round_trip_cleans_text_and_keeps_every_other_byte(
        self, tmp_path: Path, pages: list[str]
    ) -> None:
        """Each record's text becomes clean(text); every other byte of the line stays."""
        write_jsonl(tmp_path / "in.jsonl", pages)
        done = dedup_cmd(
            "run", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "out.jsonl"), "--workers", "1"
        )
        assert done.returncode == 0, done.stderr.decode()
        out = (tmp_path / "out.jsonl").read_bytes().splitlines(keepends=True)
        assert out == [expected_line(text, n) for n, text in enumerate(pages)]

    def test_two_workers_give_byte_identical_output(self, tmp_path: Path, pages: list[str]) -> None:
        """--workers 2 writes exactly the bytes --workers 1 writes."""
        write_jsonl(tmp_path / "in.jsonl", pages * 3)
        for workers in ("1", "2"):
            done = dedup_cmd(
                "run",
                str(tmp_path / "in.jsonl"),
                "-o",
                str(tmp_path / f"out{workers}.jsonl"),
                "--workers",
                workers,
            )
            assert done.returncode == 0, done.stderr.decode()
        assert (tmp_path / "out1.jsonl").read_bytes() == (tmp_path / "out2.jsonl").read_bytes()

    def test_gzip_round_trip(self, tmp_path: Path, pages: list[str]) -> None:
        """A .jsonl.gz input gives a .jsonl.gz output with the same records as plain JSONL."""
        lines = write_jsonl(tmp_path / "in.jsonl", pages[:10])
        (tmp_path / "in.jsonl.gz").write_bytes(gzip.compress(b"".join(lines)))
        done = dedup_cmd(
            "run",
            str(tmp_path / "in.jsonl.gz"),
            "-o",
            str(tmp_path / "out.jsonl.gz"),
            "--workers",
            "2",
        )
        assert done.returncode == 0, done.stderr.decode()
        plain = dedup_cmd("run", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "out.jsonl"))
        assert plain.returncode == 0
        assert (
            gzip.decompress((tmp_path / "out.jsonl.gz").read_bytes())
            == (tmp_path / "out.jsonl").read_bytes()
        )

    def test_bad_records_pass_through_and_are_counted(self, tmp_path: Path) -> None:
        """Bad JSON, missing or non-string fields, non-objects and bad UTF-8 do not stop a run."""
        good = b'{"id": 1, "text": ' + json.dumps(PAGE).encode() + b"}\n"
        bad = [
            b'{"id": 2, "text": "unterminated\n',
            b'{"id": 3}\n',
            b'{"id": 4, "text": 42}\n',
            b'["a", "list"]\n',
            b'{"id": 5, "text": "caf\xe9"}\n',
            b"\n",
        ]
        data = good + b"".join(bad) + good.rstrip(b"\n")  # the last line has no newline
        (tmp_path / "in.jsonl").write_bytes(data)
        done = dedup_cmd("run", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "out.jsonl"))
        assert done.returncode == 0, done.stderr.decode()
        out = (tmp_path / "out.jsonl").read_bytes().splitlines(keepends=True)
        assert len(out) == 2 + len(bad)
        assert out[1:-1] == bad
        assert json.loads(out[0])["text"] == dedup.clean(PAGE)
        assert out[-1] == out[0]
        report = done.stderr.decode()
        assert "rejected 6" in report
        for reason in (
            "malformed JSON",
            "field missing",
            "field is not a string",
            "not a JSON object",
            "not UTF-8",
            "blank line",
        ):
            assert reason in report

    def test_rejects_file_takes_the_bad_records(self, tmp_path: Path) -> None:
        """With --rejects, bad records go there with their number and reason; none is lost."""
        good = b'{"text": ' + json.dumps(PAGE).encode() + b"}\n"
        (tmp_path / "in.jsonl").write_bytes(good + b"not json\n" + good + b'{"x": 1}\n')
        done = dedup_cmd(
            "run",
            str(tmp_path / "in.jsonl"),
            "-o",
            str(tmp_path / "out.jsonl"),
            "--rejects",
            str(tmp_path / "bad.jsonl"),
        )
        assert done.returncode == 0, done.stderr.decode()
        assert len((tmp_path / "out.jsonl").read_bytes().splitlines()) == 2
        rejects = [json.loads(line) for line in (tmp_path / "bad.jsonl").read_text().splitlines()]
        assert rejects == [
            {"record": 1, "reason": "malformed JSON", "line": "not json"},
            {"record": 3, "reason": "field missing", "line": '{"x": 1}'},
        ]
        assert "bad.jsonl" in done.stderr.decode()

    def test_explain_lists_removed_blocks_with_reason_and_cover(self, tmp_path: Path) -> None:
        """--explain writes one line per record naming each removed block, its reason and cover."""
        (tmp_path / "in.jsonl").write_bytes(
            b'{"text": ' + json.dumps(PAGE).encode() + b'}\n{"bad"\n'
        )
        done = dedup_cmd(
            "run",
            str(tmp_path / "in.jsonl"),
            "-o",
            str(tmp_path / "out.jsonl"),
            "--explain",
            str(tmp_path / "why.jsonl"),
        )
        assert done.returncode == 0, done.stderr.decode()
        first, second = (
            json.loads(line) for line in (tmp_path / "why.jsonl").read_text().splitlines()
        )
        [removed] = first["removed"]
        assert [removed[k] for k in ("reason", "line", "covered_by_line")] == ["adjacent", 3, 2]
        assert removed["covered_by_text"] == REPEAT.strip()
        assert second == {"record": 1, "rejected": "malformed JSON"}

    def test_summary_reports_pages_reasons_bytes_and_throughput(self, tmp_path: Path) -> None:
        """The summary on stderr gives pages, removals by reason, bytes saved and rates."""
        (tmp_path / "in.jsonl").write_bytes(b'{"text": ' + json.dumps(PAGE).encode() + b"}\n")
        done = dedup_cmd("run", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "out.jsonl"))
        report = done.stderr.decode()
        assert "1 page in" in report
        assert "1 removed (1 adjacent)" in report
        assert "saved" in report
        assert "pages/s" in report
        assert "MB/s" in report

    def test_progress_only_when_asked_or_on_a_terminal(self, tmp_path: Path) -> None:
        """--progress draws a bar redrawn in place; without it and without a tty, none."""
        (tmp_path / "in.jsonl").write_bytes(b'{"text": ' + json.dumps(PAGE).encode() + b"}\n")
        quiet = dedup_cmd("run", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "a.jsonl"))
        shown = dedup_cmd(
            "run", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "b.jsonl"), "--progress"
        )
        assert b"\r" not in quiet.stderr
        assert b"\r" in shown.stderr
        assert b"pages/s" in shown.stderr

    def test_progress_without_tqdm_says_how_to_get_it(self, tmp_path: Path) -> None:
        """Without tqdm, --progress names the extra that brings it; the run still succeeds."""
        (tmp_path / "in.jsonl").write_bytes(b'{"text": ' + json.dumps(PAGE).encode() + b"}\n")
        code = (
            "import sys; sys.modules['tqdm'] = None; from dedup.cli import main; "
            f"sys.exit(main(['run', {str(tmp_path / 'in.jsonl')!r}, '-o', "
            f"{str(tmp_path / 'out.jsonl')!r}, '--progress', '--workers', '1']))"
        )
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, check=False)
        assert done.returncode == 0, done.stderr.decode()
        assert b"pip install '.[cli]'" in done.stderr

    def test_stdin_input(self, tmp_path: Path) -> None:
        """INPUT '-' reads JSONL from stdin."""
        record = b'{"text": ' + json.dumps(PAGE).encode() + b"}\n"
        done = dedup_cmd("run", "-", "-o", str(tmp_path / "out.jsonl"), stdin=record * 3)
        assert done.returncode == 0, done.stderr.decode()
        assert (tmp_path / "out.jsonl").read_text().count(json.dumps(dedup.clean(PAGE))) == 3

    def test_config_flags_reach_clean(self, tmp_path: Path) -> None:
        """--no-fold keeps curly quotes, as clean(fold=False) does."""
        text = "It’s here\nIt’s here\n"
        (tmp_path / "in.jsonl").write_text(json.dumps({"text": text}) + "\n")
        done = dedup_cmd(
            "run", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "out.jsonl"), "--no-fold"
        )
        assert json.loads((tmp_path / "out.jsonl").read_text())["text"] == dedup.clean(
            text, fold=False
        )
        assert done.returncode == 0


class TestRunParquet:
    @pytest.fixture(autouse=True)
    def _pyarrow(self, need: Callable[[bool, str], None]) -> None:
        try:
            import pyarrow  # noqa: F401, PLC0415
        except ImportError:
            need(False, "pyarrow is not installed: pip install '.[parquet]' in the clone")

    def test_round_trip_keeps_schema_and_other_columns(
        self, tmp_path: Path, pages: list[str]
    ) -> None:
        """Parquet in, Parquet out: text cleaned, nulls and other columns untouched, same schema."""
        import pyarrow as pa  # noqa: PLC0415
        import pyarrow.parquet as pq  # noqa: PLC0415

        texts: list[str | None] = [*pages[:20], None]
        table = pa.table(
            {
                "id": list(range(len(texts))),
                "text": texts,
                "url": [f"u{i}" for i in range(len(texts))],
            }
        )
        pq.write_table(table, tmp_path / "in.parquet")
        for workers in ("1", "2"):
            done = dedup_cmd(
                "run",
                str(tmp_path / "in.parquet"),
                "-o",
                str(tmp_path / f"out{workers}.parquet"),
                "--workers",
                workers,
            )
            assert done.returncode == 0, done.stderr.decode()
        out = pq.read_table(tmp_path / "out1.parquet")
        assert out.schema == table.schema
        assert out.column("id") == table.column("id")
        assert out.column("url") == table.column("url")
        assert out.column("text").to_pylist() == [
            None if t is None else dedup.clean(t) for t in texts
        ]
        assert (tmp_path / "out1.parquet").read_bytes() == (tmp_path / "out2.parquet").read_bytes()
        assert "rejected 1 (1 field is null)" in done.stderr.decode()

    def test_missing_column_is_a_clear_error(self, tmp_path: Path) -> None:
        """A Parquet file without the text column names the columns it has, and exits 1."""
        import pyarrow as pa  # noqa: PLC0415
        import pyarrow.parquet as pq  # noqa: PLC0415

        pq.write_table(pa.table({"body": ["x"]}), tmp_path / "in.parquet")
        done = dedup_cmd("run", str(tmp_path / "in.parquet"), "-o", str(tmp_path / "out.parquet"))
        assert done.returncode == 1
        assert "no column 'text'" in done.stderr.decode()
        assert "body" in done.stderr.decode()
        assert not (tmp_path / "out.parquet").exists()


class TestFailures:
    def test_missing_input_exits_1_with_message(self, tmp_path: Path) -> None:
        """An unreadable input says so and exits 1, leaving no output."""
        done = dedup_cmd("run", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "out.jsonl"))
        assert done.returncode == 1
        assert "cannot read" in done.stderr.decode()
        assert list(tmp_path.iterdir()) == []

    def test_corrupt_gzip_exits_1_and_leaves_nothing(self, tmp_path: Path) -> None:
        """A truncated .jsonl.gz stops the run with a message and no output file."""
        data = gzip.compress(b'{"text": "a"}\n' * 50_000)
        (tmp_path / "in.jsonl.gz").write_bytes(data[: len(data) // 2])
        done = dedup_cmd("run", str(tmp_path / "in.jsonl.gz"), "-o", str(tmp_path / "out.jsonl"))
        assert done.returncode == 1
        assert "cannot read" in done.stderr.decode()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl.gz"]

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--label-chars", "0"], "--label-chars"),
            (["--label-chars", "many"], "invalid int value"),
            (["--workers", "0"], "--workers"),
            (["--format", "csv"], "invalid choice"),
        ],
        ids=["zero-label-chars", "not-a-number", "zero-workers", "unknown-format"],
    )
    def test_invalid_option_exits_2(self, tmp_path: Path, args: list[str], message: str) -> None:
        """A bad option value is named in the message and exits 2."""
        (tmp_path / "in.jsonl").write_text('{"text": "x"}\n')
        done = dedup_cmd(
            "run", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "out.jsonl"), *args
        )
        assert done.returncode == 2
        assert message in done.stderr.decode()
        assert not (tmp_path / "out.jsonl").exists()

    def test_unknown_suffix_asks_for_format(self, tmp_path: Path) -> None:
        """An input whose format cannot be told from its name asks for --format."""
        (tmp_path / "in.csv").write_text("x\n")
        done = dedup_cmd("run", str(tmp_path / "in.csv"), "-o", str(tmp_path / "out.jsonl"))
        assert done.returncode == 2
        assert "--format" in done.stderr.decode()

    def test_ctrl_c_stops_cleanly_and_leaves_no_output(
        self, tmp_path: Path, pages: list[str]
    ) -> None:
        """SIGINT mid-run exits 130 and leaves neither the output nor its temporary file."""
        write_jsonl(tmp_path / "in.jsonl", pages * 20)
        if not SCRIPT.exists():
            pytest.fail(f"{SCRIPT} is missing: install the project (make install)")
        run = subprocess.Popen(
            [
                str(SCRIPT),
                "run",
                str(tmp_path / "in.jsonl"),
                "-o",
                str(tmp_path / "out.jsonl"),
                "--workers",
                "2",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 60
        # Interrupt only once output is being written, to test the cleanup path.
        while not any(p.name.startswith(".out.jsonl.") for p in tmp_path.iterdir()):
            assert run.poll() is None, run.stderr.read() if run.stderr else ""
            assert time.monotonic() < deadline, "the run never started writing"
            time.sleep(0.05)
        time.sleep(0.5)
        run.send_signal(signal.SIGINT)
        _, err = run.communicate(timeout=60)
        assert run.returncode == 130, err.decode()
        assert "interrupted" in err.decode()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


class TestClean:
    def test_stdin_to_stdout(self) -> None:
        """With no file, the page comes from stdin and goes to stdout."""
        done = dedup_cmd("clean", stdin=PAGE.encode())
        assert done.returncode == 0
        assert done.stdout.decode() == dedup.clean(PAGE)
        assert "1 removed (1 adjacent)" in done.stderr.decode()

    def test_files_to_output_file_and_directory(self, tmp_path: Path) -> None:
        """-o FILE gets what stdout would; -o DIRECTORY gets one cleaned file per input."""
        (tmp_path / "a.txt").write_text(PAGE)
        (tmp_path / "b.txt").write_text("Only once here\n")
        both = dedup_cmd(
            "clean",
            str(tmp_path / "a.txt"),
            str(tmp_path / "b.txt"),
            "-o",
            str(tmp_path / "all.txt"),
        )
        assert both.returncode == 0, both.stderr.decode()
        assert (tmp_path / "all.txt").read_text() == dedup.clean(PAGE) + "Only once here\n"
        (tmp_path / "out").mkdir()
        each = dedup_cmd(
            "clean",
            str(tmp_path / "a.txt"),
            str(tmp_path / "b.txt"),
            "-o",
            str(tmp_path / "out"),
            "--workers",
            "2",
        )
        assert each.returncode == 0, each.stderr.decode()
        assert (tmp_path / "out" / "a.txt").read_text() == dedup.clean(PAGE)

    def test_explain_names_each_file(self, tmp_path: Path) -> None:
        """--explain writes one JSON line per file, with the file name."""
        (tmp_path / "a.txt").write_text(PAGE)
        done = dedup_cmd("clean", str(tmp_path / "a.txt"), "--explain", str(tmp_path / "why.jsonl"))
        [line] = (tmp_path / "why.jsonl").read_text().splitlines()
        assert json.loads(line)["file"] == str(tmp_path / "a.txt")
        assert json.loads(line)["removed"][0]["reason"] == "adjacent"
        assert done.returncode == 0

    def test_undecodable_file_suggests_encoding(self, tmp_path: Path) -> None:
        """A file that is not UTF-8 exits 1 and says to pass --encoding."""
        (tmp_path / "a.txt").write_bytes("café\n".encode("latin-1"))
        done = dedup_cmd("clean", str(tmp_path / "a.txt"))
        assert done.returncode == 1
        assert "--encoding" in done.stderr.decode()
        assert (
            dedup_cmd("clean", str(tmp_path / "a.txt"), "--encoding", "latin-1").stdout
            == b"caf\xc3\xa9\n"
        )


class TestExplainAndHelp:
    def test_explain_lists_blocks_with_fate(self, tmp_path: Path) -> None:
        """Dedup explain PAGE prints every block with kept or its reason and cover."""
        (tmp_path / "p.txt").write_text(PAGE)
        done = dedup_cmd("explain", str(tmp_path / "p.txt"))
        lines = done.stdout.decode().splitlines()
        assert len(lines) == 4
        assert "adjacent <- line 2" in lines[2]
        assert "kept" in lines[0]

    def test_one_flag_per_config_field(self) -> None:
        """Every CleanConfig field is an option of run, and booleans have a --no- form."""
        done = dedup_cmd("run", "--help")
        text = done.stdout.decode()
        for name in field_names():
            assert "--" + name.replace("_", "-") in text
        assert "--no-fold" in text

    def test_python_dash_m_runs_the_same_command(self) -> None:
        """Python -m dedup is the same command as the script."""
        done = subprocess.run(
            [sys.executable, "-m", "dedup", "clean"],
            input=PAGE.encode(),
            capture_output=True,
            check=False,
        )
        assert done.stdout.decode() == dedup.clean(PAGE)
        assert shutil.which("dedup", path=str(SCRIPT.parent)) is not None


class TestChunkWorker:
    def test_a_page_that_breaks_clean_is_passed_through(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """An exception inside clean() on one page rejects that record only."""
        from dedup.corpus import clean, profile  # noqa: PLC0415

        real = dedup.analyze

        def fragile(text: str, **options: object) -> dedup.Analysis:
            if "boom" in text:
                raise RecursionError("too deep")
            return real(text, **options)  # type: ignore[arg-type]

        monkeypatch.setattr(profile, "analyze", fragile)
        lines = [b'{"text": "boom"}\n', b'{"text": "fine\\nfine"}\n']
        task = clean.JsonlTask(lines, 0, clean.CleanSpec(("text",), dedup.CleanConfig()))
        result = clean.clean_jsonl_chunk(task)
        assert result.output == [b'{"text": "boom"}\n', b'{"text": "fine\\n"}\n']
        assert dict(result.tally.reject_reasons) == {"clean() failed: RecursionError": 1}
