"""Folding step by step: one name per step, for the config, the function and analyze()."""

from __future__ import annotations

import dataclasses
import importlib
import inspect

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dedup
from dedup.normalize import ALL_FOLDS, FOLDS, fold_and_explain, fold_text, split_lines
from tests.strategies import pages

# One sample per step: a line that only that step changes, what it becomes
# with the step on, and what stays with it off.
SAMPLES = {
    "decode_entities": ("Tom &amp; Jerry", "Tom & Jerry"),
    "repair_mojibake": ("un r\u221a\u00a9gime", "un r\u00e9gime"),
    "fold_quotes": ("\u201cHi\u201d, it\u2019s", '"Hi", it\'s'),
    "fold_dashes": ("1990\u20132000 \u2014 ten years", "1990-2000 -- ten years"),
    "fold_ellipsis": ("Wait\u2026", "Wait..."),
    "fold_spaces": ("260\u00a0000 people\tfled", "260 000 people fled"),
    "remove_invisible": ("cease\u00adfire\u200b talks", "ceasefire talks"),
    "fold_ligatures": ("\ufb01nal \ufb02ight", "final flight"),
    "fold_fullwidth": ("\uff21\uff26\uff30\uff0cNingbo", "AFP,Ningbo"),
    "normalize_nfc": ("Cafe\u0301 10\u00b3", "Caf\u00e9 10\u00b3"),
}

# dedup.normalize, the attribute, is the function; the stage is the module.
NORMALIZE_MODULE = importlib.import_module("dedup.normalize")

SWITCHES = st.sets(st.sampled_from(sorted(FOLDS)))


def _off(names: set[str]) -> dedup.CleanConfig:
    return dedup.CleanConfig(**dict.fromkeys(names, False))


class TestFoldSteps:
    def test_one_name_per_step(self) -> None:
        """Each step is a CleanConfig field, a function of dedup.normalize, and a FOLDS entry."""
        fields = {spec.name: spec for spec in dataclasses.fields(dedup.CleanConfig)}
        assert set(SAMPLES) == set(FOLDS)
        for name, function in FOLDS.items():
            assert fields[name].default is True
            assert getattr(NORMALIZE_MODULE, name) is function
            assert function.__name__ == name

    def test_steps_in_config_are_in_pipeline_order(self) -> None:
        """CleanConfig lists the steps in the order the pipeline applies them."""
        names = [spec.name for spec in dataclasses.fields(dedup.CleanConfig)]
        assert [name for name in names if name in FOLDS] == list(FOLDS)

    @pytest.mark.parametrize("name", list(SAMPLES))
    def test_step_folds_its_sample(self, name: str) -> None:
        """The step's function and the default pipeline fold its sample alike."""
        line, folded = SAMPLES[name]
        assert dedup.normalize(line) == folded
        assert FOLDS[name](line) != line

    @pytest.mark.parametrize("name", list(SAMPLES))
    def test_switching_a_step_off_keeps_what_it_folds(self, name: str) -> None:
        """With its field False, a step's characters stay as written."""
        line, _ = SAMPLES[name]
        kept = dedup.normalize(line, config=_off({name}))
        assert kept == fold_text(line, ALL_FOLDS - {name})
        assert kept != dedup.normalize(line)

    @pytest.mark.parametrize("name", list(SAMPLES))
    def test_analyze_names_the_step(self, name: str) -> None:
        """analyze() says which step changed each block."""
        line, _ = SAMPLES[name]
        assert dedup.analyze(line).blocks[0].folds == (name,)
        assert dedup.analyze(line, config=_off({name})).blocks[0].folds == ()

    def test_analyze_lists_steps_in_pipeline_order(self) -> None:
        """Mojibake repair comes before the quote it reveals is folded."""
        result = dedup.analyze("Russia\u00e2\u20ac\u2122s \u201cally\u201d\u2026\nplain line")
        assert result.blocks[0].folds == ("repair_mojibake", "fold_quotes", "fold_ellipsis")
        assert result.blocks[1].folds == ()

    def test_fold_false_turns_every_step_off(self) -> None:
        """fold=False is the master switch: lines are only stripped, whatever the steps say."""
        page = "\n".join(f"  {line}\x00 " for line, _ in SAMPLES.values())
        expected = "\n".join(line for line, _ in SAMPLES.values())
        assert dedup.normalize(page, fold=False) == expected
        assert dedup.normalize(page, fold=False, fold_quotes=True) == expected
        assert all(block.folds == () for block in dedup.analyze(page, fold=False).blocks)

    def test_fold_false_still_drops_controls_and_surrogates(self) -> None:
        """Output stays encodable whatever the folds."""
        assert dedup.clean("a\x00b\ud800c", fold=False) == "ab\ufffdc\n"

    def test_keeping_curly_quotes_still_matches_straight_ones(self) -> None:
        """Matching uses the full fold, whatever the output keeps."""
        line = "\u201cQuoted\u201d text \u2013 long enough to count\n"
        page = line + '"Quoted" text - long enough to count\n'
        assert dedup.clean(page, fold_quotes=False) == (
            "\u201cQuoted\u201d text - long enough to count\n"
        )

    def test_only_repair_mojibake(self) -> None:
        """Every other step off: mojibake is repaired, typography kept."""
        others = _off(set(FOLDS) - {"repair_mojibake"})
        assert (
            dedup.normalize("Itâ\u20ac\u2122s \u2014 fine", config=others)
            == "It\u2019s \u2014 fine"
        )

    def test_full_width_kept(self) -> None:
        """fold_fullwidth=False keeps full-width letters and punctuation."""
        assert dedup.normalize("\uff21\uff26\uff30\uff0cNingbo", fold_fullwidth=False) == (
            "\uff21\uff26\uff30\uff0cNingbo"
        )

    def test_full_width_entity_decodes_in_one_call(self) -> None:
        """A full-width "&amp;" folds to an entity, which is decoded at once."""
        once = dedup.normalize("\uff06\uff41\uff4d\uff50\uff1blt;")
        assert once == "<"
        assert dedup.normalize(once) == once

    def test_every_field_is_a_command_line_option(self) -> None:
        """The help of each step comes from CleanConfig's docstring."""
        doc = inspect.getdoc(dedup.CleanConfig) or ""
        for name in FOLDS:
            assert f"``{name}`` (default ``True``)" in doc

    def test_non_bool_switch_is_rejected(self) -> None:
        """A fold switch must be True or False."""
        with pytest.raises(TypeError, match="fold_quotes must be True or False"):
            dedup.CleanConfig(fold_quotes="no")  # type: ignore[arg-type]


class TestFoldProperties:
    @settings(max_examples=300, deadline=None)
    @given(st.text(), SWITCHES)
    def test_idempotent_with_any_switches(self, text: str, off: set[str]) -> None:
        """Folding folded text changes nothing, whichever steps are off."""
        once = dedup.normalize(text, config=_off(off))
        assert dedup.normalize(once, config=_off(off)) == once

    @settings(max_examples=300, deadline=None)
    @given(st.text(), SWITCHES)
    def test_explaining_folds_the_same(self, text: str, off: set[str]) -> None:
        """fold_and_explain folds as fold_text does, and names only steps that are on."""
        lines = split_lines(text)
        text = "\n".join(line.strip(" \t") for line in lines)
        folds = ALL_FOLDS - off
        folded, steps = fold_and_explain(text, folds)
        assert folded == fold_text(text, folds)
        assert set(steps) <= folds

    @settings(max_examples=100, deadline=None)
    @given(pages(), SWITCHES)
    def test_clean_is_idempotent_with_any_switches(self, page: str, off: set[str]) -> None:
        """Cleaning a cleaned page changes nothing, whichever steps are off."""
        once = dedup.clean(page, config=_off(off))
        assert dedup.clean(once, config=_off(off)) == once

    @settings(max_examples=100, deadline=None)
    @given(pages(), SWITCHES)
    def test_clean_writes_lines_as_normalize_does(self, page: str, off: set[str]) -> None:
        """Each kept block is written as normalize() writes its line."""
        written = {
            line.lstrip(" \t") for line in dedup.normalize(page, config=_off(off)).split("\n")
        }
        for line in dedup.clean(page, config=_off(off)).split("\n"):
            assert line.lstrip(" \t") in written
