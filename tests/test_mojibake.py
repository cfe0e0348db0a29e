"""Mojibake: text decoded with the wrong codec is repaired as ftfy repairs it."""

from __future__ import annotations

import re
from pathlib import Path

import ftfy
import pytest
from ftfy.badness import MOJIBAKE_CATEGORIES, is_bad
from hypothesis import given, settings
from hypothesis import strategies as st

import dedup
from dedup.normalize import repair_mojibake
from dedup.patterns.folding import MOJIBAKE

# Every character ftfy's mojibake test looks at, with a few letters and spaces
# between them: the alphabet in which the gate could miss what ftfy flags.
_IN_CATEGORIES = re.compile("[" + "".join(MOJIBAKE_CATEGORIES.values()) + "]")
MOJIBAKE_ALPHABET = (
    "".join(c for c in map(chr, range(0x80, 0x2600)) if _IN_CATEGORIES.match(c))
    + "\ufffd\uf8ff√≈‚ЂвβāàÄâó"
    + "aZ .\n"
)


class TestRepairOrder:
    def test_page_decoded_as_latin1_is_repaired(self) -> None:
        """UTF-8 read as Latin-1 carries C1 controls; they are repaired, not dropped."""
        page = "It’s “ok” — fine".encode().decode("latin-1")
        assert dedup.clean(page) == 'It\'s "ok" -- fine\n'

    def test_c1_control_inside_windows1252_mojibake(self) -> None:
        """The closing quote's \\x9d is part of the mojibake, not a stray control."""
        assert dedup.clean("â€œHelloâ€\x9d") == '"Hello"\n'


class TestGate:
    @settings(max_examples=3000, deadline=None)
    @given(st.text(alphabet=MOJIBAKE_ALPHABET, max_size=8))
    def test_gate_finds_every_line_ftfy_flags(self, text: str) -> None:
        """The gate finds every line is_bad flags, and ftfy changes no other."""
        if is_bad(text):
            assert MOJIBAKE.search(text)

    def test_other_codecs_are_repaired(self) -> None:
        """Windows-1250, Windows-1251, MacRoman and code page 437 mojibake reach ftfy."""
        for word in ["Liège", "дорога", "gâteaux", "Čeština"]:
            for codec in ["cp1250", "cp1251", "mac_roman", "cp437"]:
                try:
                    mojibake = word.encode().decode(codec)
                except UnicodeDecodeError:
                    continue
                if ftfy.fix_encoding(mojibake) == word:
                    assert repair_mojibake(mojibake) == word, (word, codec)

    def test_plain_text_in_other_scripts_does_not_reach_ftfy(self) -> None:
        """Letters of any script, and their usual punctuation, are no sign of mojibake."""
        for line in [
            "«Москва» — столица России… «Ёлка», Пётр і ґанок",
            "Η «Αθήνα» είναι η πρωτεύουσα της Ελλάδας…",
            "北京是中国的首都，上海是最大的城市。「你好」",
            "L’été à Paris, « c’est génial » — créé, œuvre, Straße „Über“",
            "Łódź, Žižkov, Şişli, İstanbul, Ærø, Tiếng Việt, हिन्दी, العربية",
        ]:
            assert not MOJIBAKE.search(line), line


class TestFoldsThatFtfyMakesToo:
    def test_fullwidth_punctuation_in_latin_text_is_ascii(self) -> None:
        """An input method's full-width comma in Latin text means ','."""
        assert dedup.normalize("Ningbo\uff0cChina\uff01") == "Ningbo,China!"

    def test_fullwidth_punctuation_in_cjk_text_stays(self) -> None:
        """Beside Chinese, Japanese or Korean text it is that text's own punctuation."""
        for line in ["北京\uff0c上海\uff01", "iPhone\uff0cAndroid都有", "한국어\uff1f"]:
            assert dedup.normalize(line) == line

    def test_latin_digraphs_are_spelled_out(self) -> None:
        """ŉ, ǌ, ǉ and ĳ are letters kept together only by legacy encodings."""
        assert dedup.normalize("\u0149 korište\u01ccem dovo\u01c9no \u0133s") == (
            "'n korištenjem dovoljno ijs"
        )


SENTENCES_DIR = Path(__file__).parent / "data" / "multilingual"
SENTENCES = {
    path.stem: path.read_text(encoding="utf-8").splitlines()
    for path in sorted(SENTENCES_DIR.glob("*.txt"))
    if path.name != "LICENSE.txt"
}
# How a scraper misreads UTF-8: a charset-less page read as Latin-1 or a
# Windows code page (undefined bytes kept, as ftfy's sloppy codecs keep them,
# rather than lost to errors="replace"), MacRoman or code page 437, and the
# same mistake made twice.
MISREADINGS = [
    ("latin-1",),
    ("sloppy-windows-1252",),
    ("sloppy-windows-1250",),
    ("sloppy-windows-1251",),
    ("mac_roman",),
    ("cp437",),
    ("sloppy-windows-1252", "sloppy-windows-1252"),
    ("latin-1", "sloppy-windows-1252"),
    ("sloppy-windows-1251", "sloppy-windows-1251"),
]


def misread(text: str, codecs: tuple[str, ...]) -> str:
    for codec in codecs:
        text = text.encode("utf-8").decode(codec)
    return text


class TestMisreadSentences:
    def test_clean_sentences_are_left_alone(self) -> None:
        """Real sentences in 23 languages and 11 scripts are not 'repaired'."""
        for lines in SENTENCES.values():
            for line in lines:
                assert repair_mojibake(line) == line

    @pytest.mark.parametrize("codecs", MISREADINGS, ids="+".join)
    def test_misread_sentences_clean_to_the_original(self, codecs: tuple[str, ...]) -> None:
        """Wherever ftfy.fix_text recovers a misread sentence, clean() recovers it too.

        fix_text also straightens quotes, so "recovers" means fix_text gives
        the same text for the misread sentence as for the original.
        """
        checked = 0
        for lang, lines in SENTENCES.items():
            for line in lines:
                mojibake = misread(line, codecs)
                if mojibake == line or ftfy.fix_text(mojibake) != ftfy.fix_text(line):
                    continue  # ftfy cannot tell this one from real text either
                assert dedup.clean(mojibake) == dedup.clean(line), (lang, line)
                checked += 1
        assert checked >= 30
