"""Every script, same rules: sentence ends, prose, and matching units beyond English."""

from __future__ import annotations

import pytest

import dedup
from dedup.candidates import sentence_starts
from dedup.code_lines import is_code
from dedup.verify import sentence_contained


@pytest.mark.parametrize(
    ("text", "second"),
    [
        ("他说了。我们走吧", "我们走吧"),  # ideographic full stop, no space after
        ("「本当？」それでいい", "それでいい"),  # full-width question mark and a corner bracket
        ("वह आया। फिर गया", "फिर गया"),  # Devanagari danda
        ("کیا وہ آیا؟ وہ گیا", "وہ گیا"),  # Arabic question mark
        ("وہ آیا۔ وہ گیا", "وہ گیا"),  # Urdu full stop
        ("Նա եկավ։ Նա գնաց", "Նա գնաց"),  # Armenian full stop
        ("He came. He went", "He went"),
    ],
)
def test_a_sentence_starts_after_the_sentence_end_of_its_script(text: str, second: str) -> None:
    assert sentence_starts(text) == [0, text.index(second)]


@pytest.mark.parametrize("text", ["It is 1.5 m", "see example.com?q=1", "a;b", "U.S.A today"])
def test_an_ascii_mark_without_a_space_ends_no_sentence(text: str) -> None:
    assert sentence_starts(text) == [0]


@pytest.mark.parametrize(
    ("quote", "paragraph"),
    [
        (
            "台湾德仪正式在台北租用办公室，同时也在中和租用民房。",
            "同年十月开工。台湾德仪正式在台北租用办公室，同时也在中和租用民房。测试生产线正式开工。",
        ),
        ("भगवान कृष्ण की कहानी सबको प्रिय है।", "वह आया। भगवान कृष्ण की कहानी सबको प्रिय है। फिर गया।"),
    ],
)
def test_a_sentence_between_sentence_ends_of_its_script_is_contained(
    quote: str, paragraph: str
) -> None:
    assert sentence_contained(quote, paragraph, min_chars=10)


def test_a_clause_cut_from_an_ideographic_sentence_is_not_a_whole_sentence() -> None:
    paragraph = "同年十月开工。台湾德仪正式在台北租用办公室，同时也在中和租用民房。"
    assert not sentence_contained("台湾德仪正式在台北租用办公室", paragraph, min_chars=5)


KOREAN = (
    "SK커뮤니케이션즈(이하 SK컴즈)가 우회상장 방식으로 엠파스[066270]와 합병하면서 새 "
    "합병법인 대주주 SK텔레콤[017670]의 무선인터넷 사업과 연계하는 시너지 효과가 눈길을 끌고 있다."
)


@pytest.mark.parametrize(
    "text",
    [
        KOREAN,
        "台湾德仪(TI)正式在台北[华国饭店]租用办公室，同时也在中和南势角租用三层楼民房。",
        "主人はここまで読んで来て、双方へ握（にぎ）り拳をこしらえて、これを高く天井に向けて突きあげた(笑)",
        "После Февральской революции была секретарём редакции газеты Известия РСДРП(б)",
    ],
)
def test_prose_in_another_script_is_not_code_for_a_bracket_after_a_word(text: str) -> None:
    assert not is_code(text)


@pytest.mark.parametrize(
    "text",
    [
        'print("这是一个很长的中文字符串用于测试代码检测是否正确的例子")',
        "result = compute(x)  # 计算结果",
    ],
)
def test_code_with_text_in_another_script_is_still_code(text: str) -> None:
    assert is_code(text)


def test_korean_prose_printed_twice_goes_once() -> None:
    page = f"{KOREAN}\n\n다른 문단입니다.\n\n{KOREAN}\n"
    assert dedup.clean(page).count(KOREAN) == 1
