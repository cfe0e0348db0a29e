"""Defects of `dedup run` and `dedup clean`: each test reproduces one, for real."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

import dedup
from dedup.cli import main
from tests.test_cli import PAGE, SCRIPT, dedup_cmd

RECORD = (json.dumps({"url": "https://a.example/1", "text": PAGE}) + "\n").encode()


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().err


class TestStatsFile:
    def test_unwritable_stats_file_is_an_input_error(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A --stats path in a missing folder exits 1 with a message, not a traceback."""
        corpus = tmp_path / "c.jsonl"
        corpus.write_text('{"text": "a\\na"}\n')
        stats = tmp_path / "missing" / "s.json"
        code, err = run_main(
            capsys,
            "run",
            str(corpus),
            "-o",
            str(tmp_path / "o.jsonl"),
            "--stats",
            str(stats),
            "--quiet",
        )
        assert code == 1
        assert "cannot write --stats" in err


class TestDashIsStdout:
    def test_run_dash_output_goes_to_stdout(self, tmp_path: Path) -> None:
        """`dedup run - -o -` writes the cleaned records to stdout and no file named '-'."""
        done = subprocess.run(
            [str(SCRIPT), "run", "-", "-o", "-", "-j1"], input=RECORD * 2,
            capture_output=True, cwd=tmp_path, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr.decode()
        assert [json.loads(line)["text"] for line in done.stdout.splitlines()] == [
            dedup.clean(PAGE)
        ] * 2
        assert not (tmp_path / "-").exists()

    def test_clean_dash_output_goes_to_stdout(self, tmp_path: Path) -> None:
        """`dedup clean -o -` writes to stdout."""
        done = subprocess.run(
            [str(SCRIPT), "clean", "-o", "-"], input=PAGE.encode(), capture_output=True,
            cwd=tmp_path, check=False,
        )  # fmt: skip
        assert done.returncode == 0
        assert done.stdout.decode() == dedup.clean(PAGE)
        assert not (tmp_path / "-").exists()


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_for(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def big_corpus(tmp_path: Path, real_pages: list[str]) -> Path:
    """Enough real pages that two workers are still busy seconds after they start."""
    path = tmp_path / "big.jsonl"
    lines = [json.dumps({"text": page}) + "\n" for page in real_pages]
    path.write_text("".join(lines * 6), encoding="utf-8")
    return path


def start_with_workers(*args: str) -> subprocess.Popen[bytes]:
    """Start `dedup run ARGS -j2` and return once both of its workers are running."""
    process = subprocess.Popen(
        [str(SCRIPT), "run", *args, "-j2", "--no-progress"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    if not _wait_for(lambda: len(_children(process.pid)) >= 2, 60):
        process.kill()
        pytest.fail("no workers started")
    return process


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process tree from /proc")
class TestOrphans:
    def test_workers_exit_when_the_parent_is_killed(self, tmp_path: Path, big_corpus: Path) -> None:
        """After kill -9 of `dedup run -j2`, its workers are gone within seconds."""
        out = tmp_path / "out.jsonl"
        parent = start_with_workers(str(big_corpus), "-o", str(out))
        try:
            workers = _children(parent.pid)
            parent.kill()
            parent.communicate()
            assert _wait_for(lambda: not any(map(_alive, workers)), 10), "workers outlived it"
        finally:
            parent.kill()
        # The next run removes the temporary file the killed run left behind.
        leftovers = list(tmp_path.glob(".out.jsonl.*.tmp"))
        assert leftovers
        (tmp_path / "small.jsonl").write_bytes(RECORD)
        done = dedup_cmd("run", str(tmp_path / "small.jsonl"), "-o", str(out), "-j1")
        assert done.returncode == 0, done.stderr.decode()
        assert "removed" in done.stderr.decode()
        assert not any(path.exists() for path in leftovers)

    def test_sigterm_exits_143_and_leaves_no_output(self, tmp_path: Path, big_corpus: Path) -> None:
        """SIGTERM ends the run with 143, the usual code, and no output or temporary file."""
        out = tmp_path / "out.jsonl"
        process = start_with_workers(str(big_corpus), "-o", str(out))
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
        assert process.returncode == 143, err.decode()
        assert not out.exists()
        assert not list(tmp_path.glob(".out.jsonl.*"))

    def test_sigterm_during_many_files_leaves_only_finished_outputs(
        self, tmp_path: Path, big_corpus: Path
    ) -> None:
        """Files cleaned whole per worker: SIGTERM ends the workers and their temporary files."""
        shards = tmp_path / "shards"
        shards.mkdir()
        lines = big_corpus.read_bytes().splitlines(keepends=True)
        for number in range(6):
            (shards / f"s{number}.jsonl").write_bytes(b"".join(lines[number::6]))
        out = tmp_path / "out"
        process = start_with_workers("--input-dir", str(shards), "--output-dir", str(out))
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
        assert process.returncode == 143, err.decode()
        assert not list(out.rglob("*.tmp"))
        for output in out.glob("*.jsonl"):
            assert (out / f".{output.name}.done").exists()


class TestNeverExitZeroForNothing:
    def test_wrong_field_rejects_all_and_fails(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--field txt rejects every record: exit 1, the reason, and what to pass."""
        (tmp_path / "in.jsonl").write_bytes(RECORD * 3)
        code, err = run_main(
            capsys, "run", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "o.jsonl"),
            "--field", "txt", "-j1",
        )  # fmt: skip
        assert code == 1
        assert "all 3 records" in err
        assert "3 field missing" in err
        assert "--field 'txt'" in err
        assert "--max-reject-rate" in err
        assert not (tmp_path / "o.jsonl").exists()

    def test_gzip_on_stdin_is_detected(self, tmp_path: Path) -> None:
        """Gzip piped to stdin is recognised by its magic bytes and cleaned."""
        done = dedup_cmd("run", "-", "-o", str(tmp_path / "o.jsonl"), stdin=gzip.compress(RECORD))
        assert done.returncode == 0, done.stderr.decode()
        assert json.loads((tmp_path / "o.jsonl").read_text())["text"] == dedup.clean(PAGE)

    def test_binary_named_jsonl_fails(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An ELF binary named .jsonl is refused, not copied through."""
        (tmp_path / "x.jsonl").write_bytes(b"\x7fELF\x02\x01\x01" + bytes(200))
        code, err = run_main(
            capsys, "run", str(tmp_path / "x.jsonl"), "-o", str(tmp_path / "o.jsonl")
        )
        assert code == 1
        assert "executable (ELF)" in err
        assert not (tmp_path / "o.jsonl").exists()

    def test_json_array_fails_with_the_conversion(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A JSON array file is refused with the command that converts it."""
        (tmp_path / "a.json").write_text(json.dumps([{"text": PAGE}], indent=1))
        code, err = run_main(
            capsys, "run", str(tmp_path / "a.json"), "-o", str(tmp_path / "o.jsonl")
        )
        assert code == 1
        assert "JSON array" in err
        assert "jq -c" in err

    def test_mistyped_site_field_fails(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A --site-field no record has is an error, as in `dedup fit`."""
        pages = tmp_path / "p.jsonl"
        pages.write_text(
            "".join(
                json.dumps({"url": f"https://a.example/{n}", "text": f"Menu\nStory {n}"}) + "\n"
                for n in range(4)
            )
        )
        assert main(["fit", str(pages), "-o", str(tmp_path / "p.json"), "-j1", "-q"]) == 0
        code, err = run_main(
            capsys, "run", str(pages), "-o", str(tmp_path / "o.jsonl"), "--profile",
            str(tmp_path / "p.json"), "--site-field", "ulr", "-j1",
        )  # fmt: skip
        assert code == 1
        assert "has a site in 'ulr'" in err
        assert "--site-field" in err

    def test_bom_is_accepted(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A UTF-8 byte order mark does not make the first record malformed."""
        (tmp_path / "in.jsonl").write_bytes(b"\xef\xbb\xbf" + RECORD)
        code, err = run_main(
            capsys, "run", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "o.jsonl")
        )
        assert code == 0, err
        assert "rejected 0" in err

    def test_max_reject_rate(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Over --max-reject-rate the run fails and says the share; under it, it succeeds."""
        (tmp_path / "in.jsonl").write_bytes(RECORD + b"oops\n")
        args = ["run", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "o.jsonl"), "-j1"]
        code, err = run_main(capsys, *args, "--max-reject-rate", "0.1")
        assert code == 1
        assert "1 of 2 records" in err
        assert "50.0%" in err
        assert run_main(capsys, *args, "--max-reject-rate", "0.5")[0] == 0


class TestSideFiles:
    def test_rejects_honour_gz(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--rejects r.jsonl.gz is gzipped JSON Lines, each with record number and reason."""
        (tmp_path / "in.jsonl").write_bytes(RECORD + b"oops\n")
        code, _ = run_main(
            capsys, "run", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "o.jsonl"),
            "--rejects", str(tmp_path / "r.jsonl.gz"), "--explain", str(tmp_path / "e.jsonl.gz"),
        )  # fmt: skip
        assert code == 0
        reject = json.loads(gzip.decompress((tmp_path / "r.jsonl.gz").read_bytes()))
        assert reject == {"record": 1, "reason": "malformed JSON", "line": "oops"}
        assert gzip.decompress((tmp_path / "e.jsonl.gz").read_bytes()).count(b"\n") == 2

    def test_parquet_rejects_as_jsonl(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """With Parquet input, --rejects x.jsonl writes JSON Lines, not Parquet."""
        pa = pytest.importorskip("pyarrow")
        pq = pytest.importorskip("pyarrow.parquet")
        pq.write_table(pa.table({"id": [1, 2], "text": [PAGE, None]}), tmp_path / "in.parquet")
        code, _ = run_main(
            capsys, "run", str(tmp_path / "in.parquet"), "-o", str(tmp_path / "o.parquet"),
            "--rejects", str(tmp_path / "x.jsonl"),
        )  # fmt: skip
        assert code == 0
        assert json.loads((tmp_path / "x.jsonl").read_text()) == {
            "record": 1, "reason": "field is null", "row": {"id": 2, "text": None},
        }  # fmt: skip

    def test_unknown_output_suffix_names_output_format(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An output whose name gives no format points to --output-format, not --format."""
        (tmp_path / "in.jsonl").write_bytes(RECORD)
        code, err = run_main(
            capsys, "run", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "o.csv")
        )
        assert code == 2
        assert "pass --output-format" in err


def test_clean_handles_each_file_on_its_own(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`dedup clean a.txt bad.txt -o dir/` writes a.txt, reports bad.txt, and exits 1."""
    (tmp_path / "a.txt").write_text(PAGE)
    (tmp_path / "bad.txt").write_bytes(b"caf\xe9\n")
    (tmp_path / "out").mkdir()
    code, err = run_main(
        capsys, "clean", str(tmp_path / "a.txt"), str(tmp_path / "bad.txt"), "-o",
        str(tmp_path / "out") + "/", "-j1",
    )  # fmt: skip
    assert code == 1
    assert (tmp_path / "out" / "a.txt").read_text() == dedup.clean(PAGE)
    assert not (tmp_path / "out" / "bad.txt").exists()
    assert "cannot decode" in err
    assert "1 of 2 files failed" in err
