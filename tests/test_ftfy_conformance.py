"""ftfy's own test cases: clean(original) == clean(fixed) on every case ftfy passes.

The cases are ftfy's tests/test-cases/*.json, copied unchanged into
tests/data/ftfy-test-cases with their LICENSE.txt and NOTICE. ftfy's "fixed"
is what ftfy.fix_text returns; dedup folds quotes and dashes its own way, so
the test compares both sides after clean(). known-failures.json holds the
cases ftfy itself gets wrong ("expect": "fail"); they are left out.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import dedup

CASES_DIR = Path(__file__).parent / "data" / "ftfy-test-cases"


def _passing_cases() -> list[Any]:
    params: list[Any] = []
    seen: set[str] = set()
    for path in sorted(CASES_DIR.glob("*.json")):
        if path.name == "known-failures.json":
            continue
        for case in json.loads(path.read_text(encoding="utf-8")):
            if case["expect"] != "pass":
                continue
            case_id = f"{path.stem}: {case['label']}"
            while case_id in seen:  # one label occurs twice in language-names.json
                case_id += "'"
            seen.add(case_id)
            params.append(pytest.param(case["original"], case["fixed"], id=case_id))
    return params


CASES = _passing_cases()


def test_all_passing_cases_are_collected() -> None:
    """All 151 passing cases of the copied files run, so none is silently lost."""
    assert len(CASES) == 151


@pytest.mark.parametrize(("original", "fixed"), CASES)
def test_clean_repairs_as_ftfy_does(original: str, fixed: str) -> None:
    """Mojibake and its repair clean to the same text; non-mojibake is not damaged."""
    assert dedup.clean(original) == dedup.clean(fixed)
