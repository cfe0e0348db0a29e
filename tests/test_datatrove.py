"""The datatrove step, run in datatrove's own executor on the real pages."""

from __future__ import annotations

import json
from pathlib import Path

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

import dedup
from dedup.integrations.datatrove import DedupCleaner


def _write_pages(folder: Path, pages: list[str]) -> None:
    folder.mkdir()
    with (folder / "pages.jsonl").open("w", encoding="utf-8") as out:
        for number, page in enumerate(pages):
            out.write(json.dumps({"id": str(number), "text": page, "url": "x"}) + "\n")


def _read(folder: Path) -> dict[str, dict[str, object]]:
    records = {}
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            records[record["id"]] = record
    return records


class TestDedupCleaner:
    def test_local_executor_output_equals_clean(
        self, tmp_path: Path, real_pages: list[str]
    ) -> None:
        """In LocalPipelineExecutor, every document's text becomes clean(text), with stats."""
        _write_pages(tmp_path / "in", real_pages)
        LocalPipelineExecutor(
            pipeline=[
                JsonlReader(str(tmp_path / "in")),
                DedupCleaner(),
                JsonlWriter(str(tmp_path / "out"), compression=None),
            ],
            tasks=1,
            workers=1,
            logging_dir=str(tmp_path / "logs"),
        ).run()
        records = _read(tmp_path / "out")
        assert len(records) == len(real_pages)
        for number, page in enumerate(real_pages):
            record = records[str(number)]
            assert record["text"] == dedup.clean(page)
            stats = record["metadata"]["dedup"]  # type: ignore[index]
            assert set(stats) == {"blocks", "kept", "removed_by_reason", "bytes_saved"}

    def test_site_profile_removes_boilerplate(self, tmp_path: Path) -> None:
        """With a profile, a document's site comes from its metadata and its boilerplate goes."""
        profile = tmp_path / "profile.json"
        dedup.SiteProfile(min_pages=2).fit(
            [("a.example", "Menu\nOne"), ("a.example", "Menu\nTwo")]
        ).save(profile)
        from datatrove.data import Document  # noqa: PLC0415

        step = DedupCleaner(profile=str(profile))
        document = Document(text="Menu\nThree", id="3", metadata={"url": "https://a.example/3"})
        [cleaned] = step.run([document])
        assert cleaned.text == "Three\n"
