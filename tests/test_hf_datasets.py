"""The Hugging Face `datasets` recipe from the README, run as written there."""

from __future__ import annotations

from pathlib import Path

import datasets

import dedup


def clean_batch(batch: dict[str, list[object]]) -> dict[str, list[object]]:
    """Clean the text column of a batch, as the README does; a missing text stays missing."""
    return {"text": [dedup.clean(t) if isinstance(t, str) else t for t in batch["text"]]}


def test_map_batched_on_two_processes(tmp_path: Path, real_pages: list[str]) -> None:
    """Dataset.map(batched=True, num_proc=2) gives clean() of every page, in order."""
    texts: list[object] = [*real_pages, None]
    dataset = datasets.Dataset.from_dict({"id": list(range(len(texts))), "text": texts})
    cleaned = dataset.map(
        clean_batch, batched=True, num_proc=2, cache_file_name=str(tmp_path / "cache.arrow")
    )
    assert cleaned["id"] == list(range(len(texts)))
    assert cleaned["text"] == [dedup.clean(page) for page in real_pages] + [None]
