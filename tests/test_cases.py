"""Every behaviour of the policy, one JSON case file each (see tests/cases/README.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import dedup

CASES = sorted((Path(__file__).parent / "cases").glob("*.json"))


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
class TestCase:
    def test_clean_gives_expected_text(self, path: Path) -> None:
        """clean() returns exactly the text the policy expects."""
        case = _load(path)
        assert dedup.clean(case["input"], **case.get("options", {})) == case["expected"]

    def test_removals_have_the_expected_reasons(self, path: Path) -> None:
        """analyze() removes exactly the listed lines, for the listed reasons."""
        case = _load(path)
        result = dedup.analyze(case["input"], **case.get("options", {}))
        removed = {str(block.line): str(block.reason) for block in result.removed}
        assert removed == case.get("removed", {})

    def test_every_removal_points_at_a_kept_block(self, path: Path) -> None:
        """Each removed block names kept blocks that cover it."""
        case = _load(path)
        result = dedup.analyze(case["input"], **case.get("options", {}))
        for block in result.removed:
            assert block.covered_by_lines
            assert all(result.at_line(line).kept for line in block.covered_by_lines)


def test_there_is_a_case_for_every_kind_of_repeat() -> None:
    """The case files exercise every within-page removal reason."""
    reasons = {reason for path in CASES for reason in _load(path).get("removed", {}).values()}
    within_page = {str(reason) for reason in dedup.Reason} - {"boilerplate"}
    assert reasons == within_page


def test_negatives_remove_nothing() -> None:
    """Hard negatives expect the folded input back unchanged."""
    for path in CASES:
        case = _load(path)
        if case["kind"] == "negative":
            assert "removed" not in case, path.name
            folded = dedup.normalize(case["input"], **case.get("options", {}))
            assert case["expected"] == folded.strip() + "\n"
