"""The plain and spaced tokenizers are fast paths: they must find what the full one finds."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from dedup.blocks import _words_only, matching_key, prepare_for_matching, split_blocks
from dedup.patterns.keys import NEEDS_TOKENIZER, PLAIN_TOKEN, SPACED_TOKEN, TOKEN, UNSPACED_SCRIPT

# Text of any kind, with the characters where the two engines could differ
# drawn often: marks, symbols, signs, decimals, other numbers, joiners, and
# letters and digits of scripts written without spaces.
TRICKY = "-+±.,#%‰$€<>~|→↑▲©★👍\u0301\u093f\u0e34²½Ⅻ‿_\u200c\u200d\ufe0f'ßİ1 000日本ไก่๑カー"
LINES = st.text(
    alphabet=st.one_of(st.characters(exclude_categories=["Cs"]), st.sampled_from(TRICKY)),
    max_size=40,
).map(lambda s: s.replace("\n", " ").replace("\r", " "))


@settings(max_examples=2000, deadline=None)
@given(LINES)
@example("plain words 2010-2015, ok")
@example("4.5元 and 0\U00020000")
def test_fast_tokenizers_agree_with_the_full_one_where_they_are_used(line: str) -> None:
    """The fast patterns find the full one's tokens on the lines given to them.

    Without letters of a script written without spaces, the spaced pattern
    agrees; without context either, so does the plain one.
    """
    if UNSPACED_SCRIPT.search(line) is None:
        assert SPACED_TOKEN.findall(line) == TOKEN.findall(line)
        if NEEDS_TOKENIZER.search(line) is None:
            assert PLAIN_TOKEN.findall(line) == TOKEN.findall(line)


@settings(max_examples=500, deadline=None)
@given(st.lists(LINES, min_size=1, max_size=8))
# Preparing and case-folding change lengths before a special line.
@example(["it's 260 000 ß", "-10 thoughts"])
def test_page_keys_equal_line_keys(lines: list[str]) -> None:
    """The one-pass page keys equal each line's own matching key."""
    folded = [line.strip() for line in lines]
    for block in split_blocks(folded, folded):
        assert block.key == matching_key(block.text)
        assert block.key == _words_only(tuple(TOKEN.findall(prepare_for_matching(block.text))))
