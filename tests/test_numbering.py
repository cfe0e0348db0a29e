"""One numbering for every report: 1-based input lines, as an editor shows them.

``analyze()``, the explain JSON, ``dedup explain`` and its HTML report must
name the same removals by the same numbers, and each number must be the
line of the input that holds the block.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from html import unescape
from pathlib import Path

import pytest

import dedup
from dedup.cli import main

AFP_PAGE = Path(__file__).resolve().parents[1] / "examples" / "afp-syria-page.txt"

# Removal -> (reason, covering lines), keyed by the removed block's line.
Removals = dict[int, tuple[str, tuple[int, ...]]]

# Written from the policy's list of line breaks, not from the library's
# splitter: an editor ends a line at \r\n, \r or \n (and the policy adds
# U+2028 and U+2029); U+0085, \v and \f end nothing.
EDITOR_BREAK = re.compile("\r\n|\r|\n|\u2028|\u2029")

TEXT_ROW = re.compile(r"^ *(\d+)  (kept|(\w+) <- lines? ([\d,]+)) ")
HTML_ROW = re.compile(r'<tr id="L(\d+)" class="(kept|removed reason-(\w+))">(.*)</tr>')
HTML_LINK = re.compile(r'<a href="#L(\d+)">line (\d+)</a>')


def editor_lines(text: str) -> list[str]:
    return EDITOR_BREAK.split(text)


def from_api(result: dedup.Analysis) -> Removals:
    return {block.line: (str(block.reason), block.covered_by_lines) for block in result.removed}


def from_text(stdout: str) -> Removals:
    removals: Removals = {}
    for row in stdout.splitlines():
        found = TEXT_ROW.match(row)
        assert found, row
        if found.group(3):
            covers = tuple(int(n) for n in found.group(4).split(","))
            removals[int(found.group(1))] = (found.group(3), covers)
    return removals


def from_json(record: dict[str, object]) -> Removals:
    removed = record["removed"]
    assert isinstance(removed, list)
    return {r["line"]: (r["reason"], tuple(r["covered_by_lines"])) for r in removed}


def from_html(html: str) -> Removals:
    removals: Removals = {}
    for line, _, reason, cells in HTML_ROW.findall(html):
        if not reason:
            continue
        why = cells[cells.index('<div class="why">') :]
        links = HTML_LINK.findall(why)
        # A link's label and its target are the same line.
        assert all(label == target for target, label in links), why
        removals[int(line)] = (reason, tuple(int(target) for target, _ in links))
    return removals


@pytest.fixture(scope="module")
def page() -> str:
    return AFP_PAGE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Run the real commands on the example page; return the explain JSON and the HTML."""
    folder = tmp_path_factory.mktemp("numbering")
    why, html, out = folder / "why.jsonl", folder / "report.html", folder / "out.txt"
    assert main(["clean", str(AFP_PAGE), "-o", str(out), "--explain", str(why)]) == 0
    assert main(["explain", str(AFP_PAGE), "--html", str(html)]) == 0
    return {"json": why.read_text(encoding="utf-8"), "html": html.read_text(encoding="utf-8")}


@pytest.fixture(scope="module")
def text_output() -> str:
    """Run dedup explain on the example page and return what it prints."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        assert main(["explain", str(AFP_PAGE)]) == 0
    return stdout.getvalue()


class TestOneNumbering:
    def test_every_report_names_the_same_removals_by_the_same_lines(
        self, page: str, reports: dict[str, str], text_output: str
    ) -> None:
        """API, dedup explain, the explain JSON and the HTML agree on every removal."""
        api = from_api(dedup.analyze(page))
        [record] = [json.loads(line) for line in reports["json"].splitlines()]
        assert len({reason for reason, _ in api.values()}) >= 3
        assert from_text(text_output) == api
        assert from_json(record) == api
        assert from_html(reports["html"]) == api

    def test_each_line_holds_its_block_in_the_input(self, page: str, text_output: str) -> None:
        """The input line at each number, folded, is the block's folded text."""
        lines = editor_lines(page)
        result = dedup.analyze(page)
        for block in result.blocks:
            assert block.original == lines[block.line - 1]
            assert dedup.normalize(lines[block.line - 1]) == block.normalized
            for cover in block.covered_by_lines:
                assert dedup.normalize(lines[cover - 1]) == result.at_line(cover).normalized
        # Blank lines hold no block, so every other line is accounted for.
        blank = {n for n, line in enumerate(lines, 1) if not line.strip()}
        assert {block.line for block in result.blocks} == set(range(1, len(lines) + 1)) - blank
        rows = text_output.splitlines()
        assert len(rows) == len(result.blocks)
        for row, block in zip(rows, result.blocks, strict=True):
            assert row.lstrip().startswith(f"{block.line}  ")
            assert row.endswith(" " + lines[block.line - 1])

    def test_json_cover_text_is_the_covering_input_line(
        self, page: str, reports: dict[str, str]
    ) -> None:
        """covered_by_text in the JSON is the input line at covered_by_line, folded."""
        lines = editor_lines(page)
        [record] = [json.loads(line) for line in reports["json"].splitlines()]
        for removal in record["removed"]:
            assert removal["text"] == lines[removal["line"] - 1]
            cover = removal["covered_by_line"]
            assert cover == removal["covered_by_lines"][0]
            assert removal["covered_by_text"] == dedup.normalize(lines[cover - 1])

    def test_html_rows_show_the_input_line_at_their_number(
        self, page: str, reports: dict[str, str]
    ) -> None:
        """Each HTML row's number and anchor are the line that holds its text."""
        lines = editor_lines(page)
        rows = HTML_ROW.findall(reports["html"])
        assert len(rows) == len(dedup.analyze(page).blocks)
        for line, _, _, cells in rows:
            number = re.search(r'<td class="n"><a href="#L(\d+)">(\d+)</a></td>', cells)
            assert number is not None
            assert number.groups() == (line, line)
            text = re.search(r"<td class=\"(?:stays|gone)\">(?:<del>)?([^<]+)", cells)
            assert text is not None
            assert unescape(text.group(1)) == lines[int(line) - 1]


class TestLineBreaks:
    def test_breaks_count_as_an_editor_counts_them(self) -> None:
        r"""\r\n is one break; \r, \n, U+2028 and U+2029 one each; U+0085, \v and \f none."""
        caption = "A caption printed twice on the page"
        page = (
            f"Title\r\n{caption}\r\r\n{caption}\u2028Other\x85line\vwith\fspaces\u2029"
            f"{caption}\nEnd"
        )
        result = dedup.analyze(page)
        lines = editor_lines(page)
        assert [block.line for block in result.blocks] == [1, 2, 4, 5, 6, 7]
        for block in result.blocks:
            assert dedup.normalize(lines[block.line - 1]) == block.normalized
        assert from_api(result) == {4: ("adjacent", (2,)), 6: ("exact", (2,))}
        folded = dedup.normalize(page).split("\n")
        assert all(folded[b.line - 1] == b.normalized for b in result.blocks)

    def test_at_line_finds_blocks_and_says_which_lines_have_one(self) -> None:
        """at_line() returns the block on a line, and a blank line is a KeyError naming them."""
        result = dedup.analyze("One line\n\nSame caption again here\nSame caption again here\n")
        assert result.at_line(3).original == "Same caption again here"
        assert result.removed[0].covered_by_line == 3
        with pytest.raises(KeyError, match=r"no block on line 2 .*: 1, 3, 4"):
            result.at_line(2)
