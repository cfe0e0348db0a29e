"""A self-contained HTML report of one page: what stays, what goes, and why.

``dedup explain PAGE --html report.html`` writes it. One row per block, in
input order: kept text on the left, removed text on the right, struck through,
with its reason and a link to the kept block that covers it. A summary sits
at the top. No scripts, fonts or stylesheets are fetched: the file works
offline and can be attached to a bug report as it is.
"""

from __future__ import annotations

import dataclasses
import re
from html import escape

from dedup.analysis import Analysis, BlockReport
from dedup.config import CleanConfig
from dedup.decide import Reason

__all__ = ["render_report"]


# Meanings mark literal text as ``...``, as docstrings do.
_LITERAL = re.compile(r"``(.+?)``")


def _gloss(reason: str) -> str:
    return _LITERAL.sub(r"<code>\1</code>", escape(Reason(reason).meaning))


_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 80rem; padding: 1rem;
       color: #1d1d1f; }
h1 { font-size: 1.3rem; margin: 0 0 .5rem; }
header { border-bottom: 2px solid #ccc; margin-bottom: 1rem; padding-bottom: .5rem; }
table { border-collapse: collapse; }
.reasons td, .reasons th, .settings td { padding: .1rem .6rem .1rem 0; text-align: left; }
.blocks { table-layout: fixed; width: 100%; }
.blocks th { text-align: left; border-bottom: 1px solid #999; padding: .3rem; }
.blocks td { vertical-align: top; padding: .3rem; border-bottom: 1px solid #eee;
             overflow-wrap: anywhere; }
.blocks col.n { width: 4rem; }
td.n { color: #888; font-variant-numeric: tabular-nums; }
td.n a { color: inherit; text-decoration: none; }
tr.removed td.gone { background: #fff1f0; }
del { text-decoration-line: line-through; text-decoration-color: #b00; color: #7a2a2a; }
.why { font-size: .85rem; color: #555; margin-top: .2rem; }
.reason { font-weight: 600; color: #b00; }
.covers { font-size: .8rem; color: #666; }
tr:target td { background: #fff3b0; }
"""


def _link(line: int) -> str:
    return f'<a href="#L{line}">line {line}</a>'


def _block_row(block: BlockReport, covers: dict[int, list[int]]) -> str:
    # Rows and links are named by input line, as the first column is, so that
    # #L18 in the address bar is line 18 in an editor.
    number = f'<td class="n"><a href="#L{block.line}">{block.line}</a></td>'
    text = escape(block.original)
    if block.kept:
        back = ""
        if block.line in covers:
            links = " ".join(_link(line) for line in covers[block.line])
            back = f'<div class="covers">covers {links}</div>'
        return (
            f'<tr id="L{block.line}" class="kept">{number}'
            f'<td class="stays">{text}{back}</td><td class="gone"></td></tr>'
        )
    if block.site is not None:
        # Boilerplate is covered by other pages of its site, not by a line here.
        cover = f"seen on {block.site_pages} pages of {escape(block.site)}"
    else:
        cover = "covered by " + (", ".join(map(_link, block.covered_by_lines)) or "nothing listed")
    score = "" if block.score is None else f" (score {block.score:.0f})"
    reason = escape(str(block.reason))
    return (
        f'<tr id="L{block.line}" class="removed reason-{reason}">{number}<td class="stays"></td>'
        f'<td class="gone"><del>{text}</del><div class="why"><span class="reason">{reason}</span>'
        f" {cover}{score}</div></td></tr>"
    )


def render_report(
    result: Analysis, *, title: str = "page", config: CleanConfig | None = None
) -> str:
    r"""Render an :class:`~dedup.Analysis` as one self-contained HTML page.

    Each row is one block, named by its input line from 1 (row ``#L<line>``).
    Removed blocks are in ``<del>`` (struck through), each with its reason and
    a link to the row of the kept block that covers it.

    >>> from dedup import analyze
    >>> page = analyze("A caption printed twice here\nA caption printed twice here\n")
    >>> html = render_report(page, title="demo.txt")
    >>> '<del>A caption printed twice here</del>' in html, 'href="#L1">line 1</a>' in html
    (True, True)
    >>> html.count('<tr id="L')
    2
    """
    settings = config or CleanConfig()
    covers: dict[int, list[int]] = {}
    for block in result.removed:
        for line in block.covered_by_lines:
            covers.setdefault(line, []).append(block.line)
    chars_in = sum(len(block.original) for block in result.blocks)
    chars_out = sum(len(block.normalized) for block in result.kept)
    saved = 100 * (chars_in - chars_out) / chars_in if chars_in else 0.0
    counts = result.counts()
    reason_rows = "".join(
        f'<tr><td class="reason">{escape(reason)}</td><td>{n}</td><td>{_gloss(reason)}</td></tr>'
        for reason, n in counts.items()
    )
    setting_rows = "".join(
        f"<tr><td>{escape(name)}</td><td>{escape(repr(value))}</td></tr>"
        for name, value in dataclasses.asdict(settings).items()
    )
    rows = "\n".join(_block_row(block, covers) for block in result.blocks)
    safe_title = escape(title)
    reasons_table = (
        f'<table class="reasons"><tr><th>reason</th><th>blocks</th><th>meaning</th></tr>'
        f"{reason_rows}</table>"
        if counts
        else "<p>Nothing removed.</p>"
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dedup report: {safe_title}</title>
<style>{_STYLE}</style>
</head>
<body>
<header id="summary">
<h1>dedup report: {safe_title}</h1>
<p class="totals">{len(result.blocks)} blocks: {len(result.kept)} kept,
{len(result.removed)} removed. Text {chars_in:,} characters in, {chars_out:,} out
({saved:.1f}% saved).</p>
{reasons_table}
<details><summary>Settings</summary><table class="settings">{setting_rows}</table></details>
</header>
<main>
<table class="blocks">
<colgroup><col class="n"><col><col></colgroup>
<thead><tr><th>line</th><th>kept</th><th>removed</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</main>
</body>
</html>
"""
