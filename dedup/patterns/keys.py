"""What a matching key is made of: tokens, numbers, function words, truncation marks.

The tables of stage 2 (``dedup.blocks``). Each entry says what it matches
and why.
"""

from __future__ import annotations

import re

import regex

# --- Matching keys --------------------------------------------------------------
# Digit groups written with a thousands separator: "260 000" (any space, already
# folded to " "), "260,000", "260.000" and "260'000" all mean 260000. A group
# is exactly three digits, so "9, 2016" and "1.2" are left alone.
# The pattern starts with a plain digit class and checks what precedes it
# afterwards, which lets the engine skip quickly over text without digits.
DIGIT_GROUPS = re.compile(r"\d(?<![\d.,']\d)\d{0,2}(?:[ ,.']\d{3}(?!\d))+")
# A separator inside a digit group, removed when the group is joined.
DIGIT_SEPARATOR = re.compile(r"[ ,.']")

# An apostrophe inside a word ("Russia's", "don't") is dropped rather than
# splitting the word, so "dont" and "don't" share a key.
# Written to start with the apostrophe itself, so the engine jumps from one
# apostrophe to the next instead of testing every position.
INNER_APOSTROPHE = re.compile(r"'(?<=[^\W\d_]')(?=[^\W\d_])")

# --- What the matching key keeps -------------------------------------------------
# The key drops what is only typography and keeps every character that says
# something. Three classes of non-word characters, each decided here once:
#
# Content symbols are always tokens of their own: currencies ($50 / €50), the
# mathematical signs (+, =, ±, ×, ≠), the percent and per-mille signs, and
# the "other symbols" category, which holds emoji (👍 / 👎), check marks,
# rating stars, the degree sign and the numero sign.
# Decorative symbols say something only in context. Comparison signs (< > ~)
# do next to a number ("x > 5", "~5 km"); elsewhere they are brackets of
# markup ("<module>") or decoration. Arrows and the triangles and bullets of
# the geometric shapes do next to a number ("↑ 4%") or between two words
# ("Paris → London"). At the start or end of a line they decorate
# ("Search →", "> Acte") and are dropped.
# Ignored symbols are typography whatever their place: ©, ®, ™ ("© Site" is
# "Site"), the vertical bar of "Title | Site", box drawing, and the modifier
# symbols (^, `, emoji skin tones). Everything that is neither a word
# character nor a symbol (quotes, dashes, commas, brackets, full stops,
# bullets, guillemets, CJK punctuation) is punctuation and separates tokens.
_COMPARISON = "<>~"
_ARROWS = (
    "\u2190-\u21ff"  # Arrows
    "\u25a0-\u25ff"  # Geometric shapes: ■ ▲ ▼ ► ● ◆
    "\u2794-\u27bf"  # Dingbat arrows: ➔ ➜ ➤
    "\u27f0-\u27ff"  # Supplemental arrows-A
    "\u2900-\u297f"  # Supplemental arrows-B
    "\u2b00-\u2b4f"  # Miscellaneous arrows (⭐ at U+2B50 is a star, so content)
)
_IGNORED = (
    "|\u00a6\u00ac"  # | ¦ ¬
    "\u00a9\u00ae\u2117\u2120\u2122"  # © ® ℗ ℠ ™
    "\u2500-\u259f"  # Box drawing and block elements
)
_DECORATIVE = _COMPARISON + _ARROWS
_CONTENT = rf"[[\p{{Sc}}\p{{Sm}}\p{{So}}%\u2030\u2031]--[{_DECORATIVE}{_IGNORED}]]"
# A word: letters, digits, the underscore and combining marks. The regex
# module's \w includes marks (Mn, Mc, Me), so a Hindi, Bengali or Thai word
# stays whole at its vowel signs: "दिल" and "दाल" are two words, where the
# standard library's \w would leave "द ल" for both.
# A decimal point or comma between digits stays inside the number, so "4.5"
# is one token and "5" is not found inside it. A sign ("-", "+", "±") glued
# to the front of a number, and not to a word before it, belongs to the
# number: "-5" is not "5", and "2010-2015" is still two numbers.
# Scripts written without spaces between words: Han, the kana, Thai, Lao,
# Khmer and Myanmar. A run of their letters is a phrase or a sentence, not a
# word, so each letter, with the combining marks that follow it (Thai vowel
# and tone marks), is a token of its own: a pull quote, a teaser cut anywhere
# or a near copy then lines up letter by letter, as words do elsewhere.
# Hangul is written with spaces and keeps its words. The blocks are given as
# ranges so that the standard library's engine can look for them cheaply
# (UNSPACED_SCRIPT); only their letters (\p{L}) are tokens of their own,
# digits and punctuation of these blocks are what they are elsewhere.
_UNSPACED_RANGES = (
    "\u0e00-\u0e7f"  # Thai
    "\u0e80-\u0eff"  # Lao
    "\u1000-\u109f\ua9e0-\ua9ff\uaa60-\uaa7f"  # Myanmar and its extensions
    "\u1780-\u17ff\u19e0-\u19ff"  # Khmer and Khmer symbols
    "\u3005\u3007\u3021-\u3029\u3038-\u303b"  # Han marks: 々 〇 Suzhou numerals
    "\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f"  # Hiragana, Katakana, half-width kana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # Han: extension A, unified, compatibility
    "\U00020000-\U0003134f"  # Han: extensions B to G
)
# Any character of those blocks: a cheap first look, in the standard library's
# engine, for the lines that need TOKEN rather than SPACED_TOKEN.
UNSPACED_SCRIPT = re.compile(f"[{_UNSPACED_RANGES}]")
_UNSPACED_LETTER = rf"[\p{{L}}&&[{_UNSPACED_RANGES}]]"
UNSPACED_LETTER = regex.compile(rf"(?V1){_UNSPACED_LETTER}")
_LETTER_TOKEN = rf"{_UNSPACED_LETTER}\p{{M}}*"
# What a word is made of: word characters other than those letters.
_WORD_CHAR = rf"[\w--{_UNSPACED_LETTER}]"
_WORD = r"(?:[-+\u00b1](?<![\w.,][-+\u00b1])(?=\d))?\w+(?:(?<=\d)[.,]\d\w*)*"
# The same, for a line with such letters. Kept apart because the set
# difference costs time on every word, and most lines have none of them.
_UNSPACED_WORD = (
    rf"(?:[-+\u00b1](?<![\w.,][-+\u00b1])(?=\d))?{_WORD_CHAR}+"
    rf"(?:(?<=\d)[.,]\d{_WORD_CHAR}*)*"
)
# "#" and "+" glued to the end of a word name something else: C#, F#, C++, HD+.
# ("+" is a content symbol anywhere; "#" only here, so "#hashtag" is "hashtag".)
_WORD_SUFFIX = r"#(?<=\w#)"
# A decorative symbol in a place where it says something.
_DECORATIVE_IN_CONTEXT = (
    # Before or after a number, with at most three marks or spaces between:
    # "↑ 4%", "> (5)", "5 >".
    rf"[{_DECORATIVE}](?=[^\w\n]{{0,3}}\d)"
    rf"|[{_DECORATIVE}](?<=\d[^\w\n]{{0,3}}.)"
    # An arrow or shape between words: 'ask... ↑ the'. Sixteen non-word
    # characters on either side are plenty for prose and keep the lookarounds
    # linear on a long run of arrows.
    rf"|[{_ARROWS}](?<=\w[^\w\n]{{0,16}}.)(?=[^\w\n]{{0,16}}\w)"
)
# Each branch starts with its character class and looks around only after it,
# so that the many positions where no token starts are rejected at once.
_TOKEN_BODY = rf"{_WORD}|{_WORD_SUFFIX}|{_CONTENT}|{_DECORATIVE_IN_CONTEXT}"
_UNSPACED_BODY = (
    rf"{_UNSPACED_WORD}|{_LETTER_TOKEN}|{_WORD_SUFFIX}|{_CONTENT}|{_DECORATIVE_IN_CONTEXT}"
)
TOKEN = regex.compile(rf"(?V1){_UNSPACED_BODY}")
# TOKEN, faster, for a line with no letter of a script written without spaces.
SPACED_TOKEN = regex.compile(rf"(?V1){_TOKEN_BODY}")

# The same tokens, and each line break as a token of its own: the keys of a
# whole page's special lines are built with one pass, then split at the breaks.
TOKEN_OR_BREAK = regex.compile(rf"(?V1)\n|{_UNSPACED_BODY}")
SPACED_TOKEN_OR_BREAK = regex.compile(rf"(?V1)\n|{_TOKEN_BODY}")

# Most lines hold only letters, digits, spaces and plain punctuation. On them
# TOKEN finds exactly the runs of \w, which is several times faster to find,
# so TOKEN is kept for the lines that need it: those with a combining mark, a
# symbol, %, #, a sign or decimal point before a digit, or a word character
# other than a letter, a decimal digit or "_" (other numbers such as ², letter
# numbers, connector punctuation, the zero-width joiners), and those with a
# letter of a script written without spaces (UNSPACED_SCRIPT). Both paths use the
# regex module, so they agree on what a letter is whatever Unicode version
# the standard library has. A test checks that they agree on any text.
_NEEDS = r"[\p{M}\p{S}\p{No}\p{Nl}%\u2030\u2031#\u200c\u200d]|[-+\u00b1.,]\d|[\p{Pc}--_]"
NEEDS_TOKENIZER = regex.compile(rf"(?V1){_NEEDS}")
# A cheap first look, in the standard library's engine, at where NEEDS_TOKENIZER
# may match: any non-ASCII character, an ASCII symbol, or a sign or decimal
# point before a digit. Each match runs to the end of its line, so a page
# scan matches a line at most once; NEEDS_TOKENIZER then decides on the few
# lines found (about one in ten on the real pages).
MAYBE_NEEDS_TOKENIZER = re.compile(r"(?:[^\x00-\x7f]|[$%#+<>=|^`~]|[-+.,]\d)[^\n]*")
PLAIN_TOKEN = regex.compile(r"\w+")
# What separates plain tokens: replaced by a space, then each line is split.
PLAIN_SEPARATORS = regex.compile(r"[^\w\s]+")

# Emoji variation selectors: "❤\ufe0f" and "❤" are one symbol drawn two
# ways. They are dropped from the text that keys are built from.
VARIATION_SELECTOR = re.compile("[\ufe0e\ufe0f]")

# Any digit: whether digit groups need joining at all.
DIGIT = re.compile(r"\d")

# A number in a key, with its sign and decimals: numbers are compared as a
# sequence, and "-5", "5" and "4.5" are three different numbers.
NUMBER = regex.compile(r"[-+\u00b1]?\d+(?:[.,]\d+)*")

# A key token that is a word or a number, as opposed to a symbol. A line whose
# key has none (a row of stars, a lone emoji) is treated like a
# punctuation-only line: never a repeat.
WORDLIKE = regex.compile(r"\w")

# --- Function words -------------------------------------------------------------
# Words whose presence or absence does not change what a block says. A near
# repeat may drop or add them ("the", "a", "also"); a content word may not
# differ. Kept short and English-first on purpose: a word missing here only
# makes the cleaner more careful. Left out on purpose, because dropping them
# changes the meaning: negations ("is not safe"), modal verbs ("will cut",
# "may be"), limiting words ("only", "even", "still") and prepositions of
# time and place that carry a relation ("before", "after", "without").
FUNCTION_WORDS = frozenset(
    """
    a an the and or but so then also too very just really
    of in on at to for from by with about as into onto over under upon via per
    is are was were be been being am do does did has have had having
    it its this that these those there here
    he she they we you i me him her them us my your his their our
    which who whom whose what when where while than
    """.split()
)

# Emoji: content, but like a function word a near repeat may add or drop
# one ("Slice, serve & enjoy 🙂" / "Slice and serve! Enjoy"); the copy that
# has it is the one kept. Swapping one for another (👍 / 👎) is a change.
EMOJI = regex.compile(r"\p{Extended_Pictographic}")

# The spellings in which a function word counts as one: as written in the list,
# capitalised at a sentence start, and "A"/"I" alone. An all-capitals "AS",
# "US" or "IT" is an acronym, which is content.
FUNCTION_WORD_FORMS = frozenset(
    form
    for word in FUNCTION_WORDS
    for form in (word, word.capitalize(), word.upper() if len(word) == 1 else word)
)

# --- Truncation markers -----------------------------------------------------------
# A line cut short ends with "..." (or "…", folded to "..."), "[...]", "(...)",
# optionally followed by "more"/"read more"; or ends with "Read more" alone.
# Matched only against the last 48 characters of a line, so the cost is bounded.
TRUNCATED_TAIL = regex.compile(
    r"(?:"
    r"(?P<dots>\[ ?\.{3,} ?\]|\( ?\.{3,} ?\)|\.{3,})"
    r"(?: ?(?:(?:read|see|show|view) more|more|continue reading))?"
    r"|(?<=\s)(?:read|see|show|view) more|(?<=\s)\(more\)"
    r")[ .>\u00bb]*$",
    regex.IGNORECASE,
)
# The last characters a truncated line can end with; any other line is not
# looked at further.
TRUNCATED_LAST = frozenset(".)]>\u00bbeEgG ")
# How much of a line's tail TRUNCATED_TAIL looks at.
TRUNCATED_TAIL_WINDOW = 48

# A leading ellipsis: an excerpt cut at its start ("...since Syria's confl...").
TRUNCATED_HEAD = re.compile(r"^(?:\[ ?\.{3,} ?\]|\.{3,}) ?")
