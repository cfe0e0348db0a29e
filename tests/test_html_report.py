"""The HTML report of ``dedup explain PAGE --html``, checked in headless Chromium."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

import dedup
from dedup.report import render_report
from dedup.site import SiteProfile

REPO = Path(__file__).resolve().parents[1]
AFP_PAGE = REPO / "examples" / "afp-syria-page.txt"

# Chromium flags that work as root in a container with no display or network.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,2000",
]

# Appended to a copy of the report: measures what the browser rendered and
# writes it into the DOM, which --dump-dom prints. The report itself has no
# script at all.
CHECK_SCRIPT = """
<script>
window.addEventListener("load", () => {
  const out = {};
  const removed = [...document.querySelectorAll("tr.removed")];
  const dels = removed.map((row) => row.querySelector("del"));
  out.removed = removed.length;
  out.struck = dels.filter((d) => d &&
      getComputedStyle(d).textDecorationLine.includes("line-through")).length;
  const kept = [...document.querySelectorAll("tr.kept td.stays")];
  out.keptStruck = kept.filter((td) =>
      getComputedStyle(td).textDecorationLine.includes("line-through")).length;
  const links = [...document.querySelectorAll("tr.removed .why a")];
  out.links = links.length;
  out.resolved = links.filter((a) => {
    const target = document.getElementById(a.getAttribute("href").slice(1));
    return target !== null && target.classList.contains("kept");
  }).length;
  const row = removed[0];
  const keptCell = row.querySelector("td.stays").getBoundingClientRect();
  const goneCell = row.querySelector("td.gone").getBoundingClientRect();
  out.sideBySide = keptCell.right <= goneCell.left + 1 && Math.abs(keptCell.top - goneCell.top) < 2;
  out.summaryFirst = document.querySelector("header").getBoundingClientRect().bottom <=
      document.querySelector("table.blocks").getBoundingClientRect().top;
  const link = links[links.length - 1];
  out.clicked = link.getAttribute("href").slice(1);
  link.click();
  setTimeout(() => {
    const target = document.querySelector(":target");
    out.target = target ? target.id : null;
    out.scrolled = window.scrollY;
    out.targetTop = target ? target.getBoundingClientRect().top : null;
    document.body.setAttribute("data-check", JSON.stringify(out));
  }, 200);
});
</script>
"""


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("href"):
            self.hrefs.append(str(values["href"]))


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Write the report of the bundled AFP page with the real console script."""
    path = tmp_path_factory.mktemp("report") / "report.html"
    script = Path(sys.executable).with_name("dedup")
    done = subprocess.run(
        [str(script), "explain", str(AFP_PAGE), "--html", str(path)],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    return path


class TestReportMarkup:
    def test_every_removed_block_is_struck_with_reason_and_cover(self) -> None:
        """Each removed block sits in <del> with its reason, and every link has a target."""
        result = dedup.analyze(AFP_PAGE.read_text(encoding="utf-8"))
        html = render_report(result, title="afp")
        assert html.count("<del>") == len(result.removed) > 0
        for block in result.removed:
            assert f'class="removed reason-{block.reason}"' in html
        anchors = _Anchors()
        anchors.feed(html)
        assert anchors.hrefs
        assert all(href.startswith("#") and href[1:] in anchors.ids for href in anchors.hrefs)

    def test_summary_counts_reasons(self) -> None:
        """The summary at the top gives blocks in, kept, removed, and a row per reason."""
        result = dedup.analyze(AFP_PAGE.read_text(encoding="utf-8"))
        html = render_report(result, title="afp")
        summary = html[: html.index('<table class="blocks">')]
        assert f"{len(result.blocks)} blocks: {len(result.kept)} kept" in summary
        for reason, count in result.counts().items():
            assert f'<td class="reason">{reason}</td><td>{count}</td>' in summary

    def test_every_reason_is_glossed_from_its_meaning(self) -> None:
        """The summary explains each reason in the words of Reason.meaning."""
        meanings = {str(reason): reason.meaning for reason in dedup.Reason}
        assert set(meanings) == {str(reason) for reason in dedup.Reason}
        assert meanings["truncated"].startswith("Cut short with ``...``")
        page = "A caption printed twice here\nA caption printed twice here\n"
        html = render_report(dedup.analyze(page), title="x")
        assert f"<td>{meanings['adjacent']}</td>" in html

    def test_boilerplate_names_its_site_and_pages(self) -> None:
        """A boilerplate removal says on how many pages of which site it was seen."""
        pages = [(f"https://news.example/{n}", f"Connect with us\nStory {n}\n") for n in range(3)]
        result = SiteProfile().fit(pages).analyze(pages[0][1], site="news.example")
        html = render_report(result, title="x")
        assert "boilerplate</span> seen on 3 pages of news.example" in html
        assert "Site chrome: a site profile saw it" in html

    def test_page_text_is_escaped_and_nothing_is_fetched(self) -> None:
        """Markup in the page is shown as text; the report loads no outside resource."""
        page = "<script>alert(1)</script> & more\n<script>alert(1)</script> & more\n"
        html = render_report(dedup.analyze(page), title="<b>x</b>")
        assert "<script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
        assert "&lt;b&gt;x&lt;/b&gt;" in html
        assert not re.search(r"(src|href)=\"(https?:)?//", html)


class TestInChromium:
    def test_struck_through_side_by_side_and_links_resolve(
        self, report: Path, need: Callable[[bool, str], None]
    ) -> None:
        """Chromium renders removed blocks struck through beside kept ones; links land on them."""
        chromium = _chromium()
        need(chromium is not None, "chromium is not installed (apt-get install chromium)")
        assert chromium is not None
        checked = report.with_name("checked.html")
        checked.write_text(
            report.read_text(encoding="utf-8").replace("</body>", CHECK_SCRIPT + "</body>")
        )
        with tempfile.TemporaryDirectory() as profile:
            done = subprocess.run(
                [
                    chromium,
                    *CHROMIUM_FLAGS,
                    f"--user-data-dir={profile}",
                    "--virtual-time-budget=5000",
                    "--dump-dom",
                    checked.as_uri(),
                ],
                capture_output=True,
                timeout=120,
                check=False,
            )
        dom = done.stdout.decode()
        found = re.search(r'data-check="([^"]*)"', dom)
        assert found, f"the check script did not run; chromium said: {done.stderr.decode()[-2000:]}"
        check = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
        assert check["removed"] > 0
        assert check["struck"] == check["removed"]
        assert check["keptStruck"] == 0
        assert check["links"] >= check["removed"]
        assert check["resolved"] == check["links"]
        assert check["sideBySide"] is True
        assert check["summaryFirst"] is True
        assert check["target"] == check["clicked"]
        assert check["scrolled"] > 0

    def test_screenshot_renders(self, report: Path, need: Callable[[bool, str], None]) -> None:
        """Chromium takes a screenshot of the report: it renders as a page, not as text."""
        chromium = _chromium()
        need(chromium is not None, "chromium is not installed (apt-get install chromium)")
        assert chromium is not None
        shot = report.with_name("shot.png")
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run(
                [
                    chromium,
                    *CHROMIUM_FLAGS,
                    f"--user-data-dir={profile}",
                    f"--screenshot={shot}",
                    report.as_uri(),
                ],
                capture_output=True,
                timeout=120,
                check=False,
            )
        data = shot.read_bytes()
        assert data.startswith(b"\x89PNG")
        assert len(data) > 20_000  # a blank page compresses to a few kB
