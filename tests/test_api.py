"""The public surface: arguments, configuration, errors and the analysis report."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

import dedup
from dedup.blocks import split_blocks
from dedup.config import field_names
from dedup.decide import candidate_pairs

ENTRY_POINTS = [dedup.clean, dedup.analyze, dedup.normalize]
PARA = "A caption long enough to count as content on its own"


class TestBadInput:
    @pytest.mark.parametrize("func", ENTRY_POINTS, ids=lambda f: f.__name__)
    def test_bytes_message_shows_how_to_decode(self, func: Any) -> None:
        """Passing bytes says to decode first, and shows how."""
        with pytest.raises(TypeError, match=r'data\.decode\("utf-8", errors="replace"\)'):
            func(b"text")

    @pytest.mark.parametrize("func", ENTRY_POINTS, ids=lambda f: f.__name__)
    @pytest.mark.parametrize("value", [None, 3, ["a", "b"], bytearray(b"x")])
    def test_non_str_is_a_type_error_naming_what_to_pass(self, func: Any, value: object) -> None:
        """Any non-str argument raises TypeError that names str."""
        with pytest.raises(TypeError, match="str"):
            func(value)

    @pytest.mark.parametrize("text", ["", " ", "\n\n", " \t \r\n \u2028 \u00a0"])
    def test_empty_and_whitespace_give_empty_text(self, text: str) -> None:
        """Empty or whitespace-only input returns ''."""
        assert dedup.clean(text) == ""

    def test_control_characters_surrogates_and_nul_never_raise(self) -> None:
        """Lone surrogates become U+FFFD; NUL and controls vanish."""
        out = dedup.clean("a\x00b\ud800c\x07\x1b\n" + PARA + "\n" + PARA)
        assert out == "ab\ufffdc\n" + PARA + "\n"
        out.encode("utf-8")

    def test_mixed_line_breaks_all_split_blocks(self) -> None:
        """CR LF, CR, LF, U+2028 and U+2029 all end a block."""
        text = "a\r\nb\rc\nd\u2028e\u2029f"
        assert dedup.clean(text) == "a\nb\nc\nd\ne\nf\n"

    def test_nel_is_not_a_line_break(self) -> None:
        """U+0085 is a Windows-1252 ellipsis read as Latin-1, as ftfy reads it."""
        assert dedup.clean("parl\u00e9\x85 Tu sais") == "parl\u00e9... Tu sais\n"
        assert dedup.normalize("a\x85b\nc").count("\n") == 1


class TestOptions:
    def test_unknown_option_names_the_valid_ones(self) -> None:
        """A misspelt option raises TypeError listing every valid option."""
        with pytest.raises(TypeError) as error:
            dedup.clean("x", label_char=3)
        for name in field_names():
            assert name in str(error.value)

    def test_options_override_config(self) -> None:
        """A keyword option wins over the same field of config."""
        config = dedup.CleanConfig(label_chars=5)
        text = "Section\n\n" + PARA + "\n\nSection\n"
        assert dedup.clean(text, config=config) == dedup.clean(text, label_chars=5)
        assert dedup.clean(text, config=config, label_chars=20).count("Section") == 2

    def test_config_is_immutable(self) -> None:
        """CleanConfig cannot be changed in place."""
        config = dedup.CleanConfig()
        with pytest.raises(dataclasses.FrozenInstanceError):
            config.label_chars = 3  # type: ignore[misc]

    def test_config_rejects_nonsense_values(self) -> None:
        """Out-of-range values fail when the config is built, saying what is allowed."""
        with pytest.raises(ValueError, match="near_ratio"):
            dedup.CleanConfig(near_ratio=120)
        with pytest.raises(ValueError, match="label_chars"):
            dedup.CleanConfig(label_chars=0)
        with pytest.raises(TypeError, match="fold"):
            dedup.CleanConfig(fold="yes")  # type: ignore[arg-type]

    def test_config_must_be_a_clean_config(self) -> None:
        """Passing a dict as config says how to build one."""
        with pytest.raises(TypeError, match="CleanConfig"):
            dedup.clean("x", config={"label_chars": 3})  # type: ignore[arg-type]

    def test_fold_false_writes_original_lines(self) -> None:
        """With fold=False the kept blocks keep their typography."""
        text = "“Quoted” text – with a dash\n“Quoted” text – with a dash\n"
        assert dedup.clean(text, fold=False) == "“Quoted” text – with a dash\n"
        assert dedup.clean(text) == '"Quoted" text - with a dash\n'

    def test_every_field_is_documented(self) -> None:
        """The CleanConfig docstring explains each field."""
        doc = dedup.CleanConfig.__doc__ or ""
        for name in field_names():
            assert f"``{name}``" in doc


class TestAnalysis:
    def test_every_block_is_reported_with_both_texts(self) -> None:
        """Each input block appears once, with original and normalised text."""
        text = "“A”\n\n" + PARA + "\n" + PARA
        result = dedup.analyze(text)
        assert [b.original for b in result.blocks] == ["“A”", PARA, PARA]
        assert [b.normalized for b in result.blocks] == ['"A"', PARA, PARA]
        assert [b.line for b in result.blocks] == [1, 3, 4]

    def test_removed_block_reports_reason_cover_and_score(self) -> None:
        """A removal gives its reason, the kept block covering it and a score."""
        removed = dedup.analyze(PARA + "\n" + PARA).removed
        assert len(removed) == 1
        assert removed[0].reason is dedup.Reason.ADJACENT
        assert removed[0].covered_by_line == 1
        assert removed[0].score == 100.0

    def test_kept_blocks_have_no_reason(self) -> None:
        """Kept blocks carry no reason, cover or score."""
        for block in dedup.analyze(PARA + "\nother line\n").blocks:
            assert block.kept
            assert (block.reason, block.covered_by_line, block.score) == (None, None, None)

    def test_chains_resolve_to_kept_blocks(self) -> None:
        """A repeat of a removed copy points past it, at the block that stays."""
        full = "The rebels say they will not return to talks in Geneva unless sieges end."
        cut = "The rebels say they will not return to talks in Geneva unl..."
        result = dedup.analyze(f"{cut}\n\n{full}\n\nother\n\n{cut}\n")
        last = result.blocks[3]
        assert not last.kept
        assert last.matched_line == 1
        assert last.covered_by_line == 3


class TestLargeInputs:
    """Adversarial pages finish and stay correct; work is bounded by counting candidates."""

    def test_hundred_thousand_identical_lines(self) -> None:
        """100,000 copies of a line leave one."""
        assert dedup.clean((PARA + "\n") * 100_000) == PARA + "\n"

    def test_fifty_thousand_numbered_items_are_all_kept(self) -> None:
        """'Item 1' ... 'Item 50000' differ in their numbers, so every one stays."""
        text = "".join(f"Item {i}\n" for i in range(1, 50_001))
        assert dedup.clean(text) == text

    def test_ten_megabyte_single_line(self) -> None:
        """One 10 MB line comes back whole."""
        line = ("word " * 2_000_000).strip()
        assert dedup.clean(line) == line + "\n"

    def test_candidate_pairs_grow_linearly_on_shared_heads(self) -> None:
        """Blocks sharing one head are not paired all against all."""
        lines = [
            f"Posted by the editor on day {i}. Read the story number {i} today."
            for i in range(5000)
        ]
        config = dedup.CleanConfig()
        pairs = candidate_pairs(split_blocks(lines, lines), config)
        assert len(pairs) <= config.max_postings * len(lines)
        assert len(pairs) < len(lines) * 2

    def test_long_runs_of_punctuation_entities_and_spaces(self) -> None:
        """Pathological runs are folded without blowing up."""
        text = (
            "." * 200_000 + "\n" + "&amp;" * 50_000 + "\n" + " " * 100_000 + "x\n" + "(" * 100_000
        )
        out = dedup.clean(text)
        assert out.startswith("." * 200_000 + "\n" + "&" * 50_000 + "\nx\n")
