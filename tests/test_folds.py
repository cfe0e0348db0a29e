"""Folding step by step, and the indentation that carries structure."""

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

PYTHON = "def f(x):\n    if x:\n        return 1\n    return 2\n"
MARKDOWN = "- fruit\n  - apple\n    - green apple\n  - pear\n- vegetables\n"
YAML = "server:\n  port: 80\n  hosts:\n    - a.example.org\n    - b.example.org\nname: web\n"


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
        for name in [*FOLDS, "keep_indentation"]:
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


class TestIndentation:
    @pytest.mark.parametrize("text", [PYTHON, MARKDOWN, YAML], ids=["python", "markdown", "yaml"])
    @pytest.mark.parametrize("fold", [True, False])
    def test_structure_survives_clean(self, text: str, fold: bool) -> None:
        """A Python function, a nested list and a YAML block keep their indentation."""
        assert dedup.clean(text, fold=fold) == text
        assert dedup.normalize(text, fold=fold) == text

    def test_cleaned_python_still_runs(self) -> None:
        """Flattened Python is broken Python; kept indentation compiles."""
        namespace: dict[str, object] = {}
        exec(compile(dedup.clean(PYTHON), "<clean>", "exec"), namespace)
        assert namespace["f"](True) == 1  # type: ignore[operator]

    def test_repeated_code_block_goes_once_with_its_indentation(self) -> None:
        """Matching ignores indentation; the copy that stays keeps it."""
        code = (
            "def total(prices):\n"
            '    """Add up the prices of every item in the basket."""\n'
            "    result = 0\n"
            "    for price in prices:\n"
            "        result += price\n"
            "    return result\n"
        )
        page = code + "\nThe same function, printed again by the scraper:\n\n" + code
        assert dedup.clean(page) == code + "\nThe same function, printed again by the scraper:\n"

    def test_indentation_is_ignored_by_matching(self) -> None:
        """An indented copy of a paragraph is still its repeat."""
        line = "A paragraph of the article, long enough to count as content."
        assert dedup.clean(f"Intro:\n{line}\n    {line}\n") == f"Intro:\n{line}\n"

    def test_stray_spaces_before_prose_go(self) -> None:
        """Leading spaces that open no block are dropped."""
        page = " Hello there\n   The talks collapsed.\nTags\n   Syria\n"
        assert dedup.clean(page) == "Hello there\nThe talks collapsed.\nTags\nSyria\n"

    def test_one_space_deeper_is_stray(self) -> None:
        """Structure indents by two columns or more; one space is an accident."""
        assert dedup.clean("Summary:\n The talks collapsed.\n") == (
            "Summary:\nThe talks collapsed.\n"
        )

    def test_no_break_and_ideographic_spaces_are_not_indentation(self) -> None:
        """Scraped menus and Chinese paragraphs indent with these; they go."""
        page = "Genre(s):\n\u00a0\u00a0Strategy\n\u3000\u3000\u7ffb\u7fd4\u4e8e\u592a\u7a7a\n"
        assert dedup.clean(page) == "Genre(s):\nStrategy\n\u7ffb\u7fd4\u4e8e\u592a\u7a7a\n"

    def test_indentation_is_relative_to_the_opening_line(self) -> None:
        """A block indented as a whole moves to the margin, keeping its shape."""
        page = "    - fruit\n      - apple\n    - vegetables\n"
        assert dedup.clean(page) == "- fruit\n  - apple\n- vegetables\n"

    def test_tabs_stay_tabs(self) -> None:
        """Tab indentation is written back as tabs, relative to the opening line."""
        page = "if [ -f app ]; then\n\tstrip app\nfi\nfunc main() {\n\tif ok {\n\t\trun()\n\t}\n}\n"
        assert dedup.clean(page) == page

    def test_keep_indentation_false_flattens(self) -> None:
        """The option turns the rule off."""
        assert dedup.clean(PYTHON, keep_indentation=False) == (
            "def f(x):\nif x:\nreturn 1\nreturn 2\n"
        )

    def test_blank_lines_inside_a_block(self) -> None:
        """A blank line does not end a block; the paragraph break stays."""
        page = "class A:\n    x = 1\n\n    def f(self):\n        return self.x\n"
        assert dedup.clean(page) == page

    def test_indented_line_after_a_sentence_is_stray(self) -> None:
        """A sentence opens no block, so the indentation after it goes."""
        page = "Russia said Thursday it was ready.\n  Kerry was due to meet Thursday.\n"
        assert (
            dedup.clean(page)
            == "Russia said Thursday it was ready.\nKerry was due to meet Thursday.\n"
        )
