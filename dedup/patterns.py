"""Character tables and precompiled patterns, in one place.

Every other module imports its tables and regexes from here, so that what
counts as a quote, a space, a truncation marker or a function word is decided
once. Each entry says what it matches and why.

All patterns are linear: none nests a quantifier inside another, and those
that look at line ends are applied to a bounded tail of the line.
"""

from __future__ import annotations

import functools
import re

import regex
from ftfy.badness import MOJIBAKE_CATEGORIES

# --- Line breaks -------------------------------------------------------------
# CR LF, lone CR, LF, and the Unicode line and paragraph separators all end a
# line. Vertical tab and form feed do not: scraped text uses them as stray
# spacing, so they are folded to spaces instead (see EXOTIC_SPACES). Nor does NEL
# (U+0085): on the web it is the Windows-1252 ellipsis read as Latin-1
# ("parlé\x85 Tu sais"), which the mojibake repair turns back into "…".
LINE_BREAK = re.compile("\r\n|[\r\n\u2028\u2029]")

# --- Folding: typographic variants to their plain forms -----------------------
# One table per fold step. Each step has one name, shared by its CleanConfig
# field, its function in dedup.normalize and what analyze() reports, so that a
# user can keep curly quotes, say, and still have everything else folded. A
# table maps a character to its plain form, or to "" to delete it. No plain
# form is a key of any table, so the tables of the chosen steps are applied
# together in one pass (see character_folds) with the same result as one after
# the other.

# fold_quotes: the plain copy of a page writes every quote as ' or ".
QUOTES: dict[str, str] = {
    # Single quotes, apostrophes and the prime.
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    # Double quotes and the double prime.
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
}

# fold_dashes: hyphens, the figure dash, the en dash and the minus sign become
# "-"; the em dash and the horizontal bar become "--", as the plain copy of a
# page writes them.
DASHES: dict[str, str] = {
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2212": "-",
    "\u2014": "--",
    "\u2015": "--",
}

# fold_ellipsis: the ellipsis character; truncation markers are then matched
# as "...".
ELLIPSIS: dict[str, str] = {"\u2026": "..."}

# fold_spaces: no-break, narrow no-break, the en/em/thin/hair family, figure,
# medium mathematical, ogham and ideographic spaces, plus the tab, vertical tab
# and form feed that scrapers leave inside lines, become a space (and runs of
# spaces then collapse, see SPACES). Indentation is not folded: it is taken
# from the input line before folding (see INDENTATION).
EXOTIC_SPACES: dict[str, str] = {
    "\u00a0": " ",
    "\u202f": " ",
    "\u2000": " ",
    "\u2001": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u2004": " ",
    "\u2005": " ",
    "\u2006": " ",
    "\u2007": " ",
    "\u2008": " ",
    "\u2009": " ",
    "\u200a": " ",
    "\u205f": " ",
    "\u1680": " ",
    "\u3000": " ",
    "\t": " ",
    "\x0b": " ",
    "\x0c": " ",
}

# remove_invisible: the zero-width space, word joiner, BOM, soft hyphen and
# the Mongolian vowel separator are deleted. The zero-width (non-)joiners
# U+200C and U+200D are kept: Persian, Indic scripts and emoji sequences need
# them.
INVISIBLE_CHARACTERS: dict[str, str] = {
    "\u200b": "",
    "\u2060": "",
    "\ufeff": "",
    "\u00ad": "",
    "\u180e": "",
}

# fold_ligatures: Latin ligatures, spelled out; and the Latin digraphs that
# legacy encodings kept as one character (Dutch ĳ, Afrikaans ŉ, an apostrophe
# and n, and the Serbian and Croatian DŽ, LJ, NJ, DZ), spelled out as ftfy
# spells them, which is how pages write them.
LIGATURES: dict[str, str] = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
    "\u0132": "IJ",
    "\u0133": "ij",
    "\u0149": "'n",
    "\u01c4": "D\u017d",
    "\u01c5": "D\u017e",
    "\u01c6": "d\u017e",
    "\u01c7": "LJ",
    "\u01c8": "Lj",
    "\u01c9": "lj",
    "\u01ca": "NJ",
    "\u01cb": "Nj",
    "\u01cc": "nj",
    "\u01f1": "DZ",
    "\u01f2": "Dz",
    "\u01f3": "dz",
}


def _fullwidth_alphanumerics() -> dict[str, str]:
    # Full-width ASCII letters and digits, each with its ASCII form.
    return {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F) if chr(code).isalnum()}


# fold_fullwidth: full-width ASCII letters and digits fold to ASCII anywhere.
# Full-width punctuation is left to FULLWIDTH_PUNCTUATION below: in Chinese
# and Japanese text it is the normal punctuation, which the policy keeps.
FULLWIDTH_ALPHANUMERICS: dict[str, str] = _fullwidth_alphanumerics()

# The steps that are a character table, by name, in pipeline order.
CHARACTER_FOLDS: dict[str, dict[str, str]] = {
    "fold_quotes": QUOTES,
    "fold_dashes": DASHES,
    "fold_ellipsis": ELLIPSIS,
    "fold_spaces": EXOTIC_SPACES,
    "remove_invisible": INVISIBLE_CHARACTERS,
    "fold_ligatures": LIGATURES,
    "fold_fullwidth": FULLWIDTH_ALPHANUMERICS,
}


@functools.cache
def character_folds(steps: frozenset[str]) -> tuple[dict[str, str], re.Pattern[str]]:
    """Return the joint table of some character steps, and a pattern for its keys.

    The pattern finds any character the table changes; it is applied with a
    callback, which costs nothing on the many lines that have none. Built
    once per set of steps: a handful of sets is ever asked for.

    >>> table, pattern = character_folds(frozenset({"fold_quotes", "fold_ellipsis"}))
    >>> pattern.sub(lambda match: table[match.group()], "\u201cWait\u2026\u201d \u2013 no")
    '"Wait..." \u2013 no'
    """
    table = {
        char: plain
        for name, step_table in CHARACTER_FOLDS.items()
        if name in steps
        for char, plain in step_table.items()
    }
    return table, re.compile("[" + "".join(re.escape(char) for char in table) + "]")


# Full-width punctuation on a line with no Chinese, Japanese or Korean text
# is not CJK punctuation: an input method left it in Latin text
# ("Ningbo，China"), where it means the ASCII mark, as ftfy reads it. Such a
# line gets the ASCII mark; a line with CJK text keeps its own punctuation.
FULLWIDTH_PUNCTUATION = re.compile("[\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff5e]")
FULLWIDTH_PUNCTUATION_TABLE = {
    code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F) if not chr(code).isalnum()
}
CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Bopomofo}]")

# The characters remove_invisible deletes. Deleting one joins its neighbours,
# so a page that had any is folded a second time (see normalize.fold_text).
INVISIBLE = re.compile("[" + "".join(INVISIBLE_CHARACTERS) + "]")

# Control characters other than tab and line breaks, and DEL. Scraped text
# carries NULs and stray C0/C1 controls; none of them is content. Mojibake is
# repaired before this runs, because C1 controls are part of its byte pattern.
# Lone surrogates cannot be encoded as UTF-8, so a writer downstream would
# fail on them; they become U+FFFD, the replacement character. Both kinds are
# found by one pattern, so clean text is scanned once.
CONTROL_OR_SURROGATE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

# Runs of spaces inside a line (tabs and exotic spaces are folded to " " first).
SPACES = re.compile(" {2,}")

# --- Indentation ----------------------------------------------------------------
# Indentation is content where it carries structure: a Python function, a YAML
# block or a nested Markdown list flattened to the left margin is broken. It
# is the run of ASCII spaces and tabs that starts an input line, taken before
# folding and written back as it was (tabs stay tabs, as Go and shell write them).
# Other spaces there (no-break, ideographic) are how scraped prose and Chinese
# paragraphs are set, never code, so they go with the other stray spaces.
INDENTATION = re.compile("[ \t]*")
# Whether a page has an indented line at all: most have none, and then
# indentation costs this one scan. A pattern that starts with a literal "\n"
# scans several times faster than one with a class of line breaks, which is
# kept for the rare page with other breaks.
INDENTED_LINE = re.compile("\n[ \t]")
INDENTED_AFTER_ANY_BREAK = re.compile("[\r\n\u2028\u2029][ \t]")
# How much deeper than the line that opens a block a line must sit to belong
# to it, in columns: code, YAML and nested lists indent by two or more, while
# one stray space before a prose line is a common scraping accident.
MIN_INDENT = 2
# Tab stops, for comparing indentation widths: every eighth column, as Python
# and str.expandtabs count them.
TAB_SIZE = 8
# A line that opens an indented block, by how it ends: a Python or YAML header
# (":"), a YAML block scalar ("key: |", "run: >-"), an open bracket, a line
# continuation, or the "then", "do" and "else" of shell, Ruby and Lua. Only
# the last OPENS_BLOCK_TAIL characters of the folded line are searched.
OPENS_BLOCK_END = re.compile(r"(?:[:{\[(\\]|:\s*[|>][-+0-9]{0,2}|\b(?:then|do|else))$")
OPENS_BLOCK_TAIL = 32
# ... or by how it starts: a list item ("- ", "* ", "+ ", "\u2022 ", "1. ",
# "2) ") or an opening markup tag alone on its line ("<ul>", "<div id=a>").
OPENS_BLOCK_START = re.compile(r"(?:[-*+\u2022]|\d{1,9}[.)])(?:\s|$)|<[A-Za-z][^<>]*>$")

# --- HTML entities ------------------------------------------------------------
# Leftover entities with their semicolon: named (&amp;), decimal (&#8217;) and
# hexadecimal (&#x2019;). Without the semicolon "&copy" may be plain text, so it
# is left alone. Bounded lengths keep the match linear.
# A chain of "amp;" after the ampersand ("&amp;amp;amp;lt;") is an entity
# escaped again and again; the chain is matched with it and decoded at once.
ENTITY = re.compile(r"&(?:amp;)*(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

# --- Mojibake -----------------------------------------------------------------
# Which lines are handed to ftfy. ftfy itself decides whether a line is
# mojibake, and changes nothing in a line that its test (ftfy.badness.is_bad)
# does not flag. That test is some 40 patterns of two or three characters,
# built from ftfy's classes of the characters that UTF-8 read as Latin-1,
# Windows-1250/1251/1252, MacRoman, code page 437 and their kin is made of.
# Tried at every position of a page it runs at about 6 MB/s, too slow for
# every line. MOJIBAKE_SIGNS restates those patterns around their rarest
# character, the trigger, so that one scan can jump from trigger to trigger;
# what stands before and after the trigger is then checked in place. Each row
# is (before, trigger, after): the inside of a regex character class, made
# of characters and ftfy's classes; "" means anything. Together
# they find every line is_bad flags (tests/test_mojibake.py checks it), and
# almost nothing else: plain letters of any script never trigger, so clean
# text in any language pays one fast scan and no ftfy.
_CLASSES = MOJIBAKE_CATEGORIES
_C1 = _CLASSES["c1"]
_BAD = _CLASSES["bad"]
_UPPER = _CLASSES["upper_accented"]
_LOWER = _CLASSES["lower_accented"]
_ACCENTED = _LOWER + _UPPER
_BOX = _CLASSES["box"]
_START = _CLASSES["start_punctuation"]
_END = _CLASSES["end_punctuation"]
_CURRENCY = _CLASSES["currency"]
_NUMERIC = _CLASSES["numeric"]
_LAW = _CLASSES["law"]
_SYMBOL = _BOX + _START + _END + _CURRENCY + _NUMERIC + _LAW
_GREEK_CYRILLIC = _CLASSES["lower_common"] + _CLASSES["upper_common"]
MOJIBAKE_SIGNS: tuple[tuple[str, str, str], ...] = (
    # A C1 control: nothing but mojibake uses them now ("â\x80\x99" is ’ read
    # as Latin-1, a lone "\x93" a Windows-1252 quote read as Latin-1).
    ("", _C1, ""),
    # A character that is nearly always mojibake (¦ ¤ ¨ ¬ ƒ ˇ † ‰ ...) next to
    # an accented letter, a symbol, or after a Greek or Cyrillic letter
    # ("LiĂ¨ge" is Liège read as Windows-1250).
    (_BAD + _ACCENTED + _SYMBOL + _GREEK_CYRILLIC, _BAD, ""),
    ("", _BAD, _BAD + _ACCENTED + _SYMBOL),
    # An accented capital after a small accented, Greek or Cyrillic letter or
    # a symbol, and the symbols that follow an accented capital or box drawing
    # (UTF-8 "ë" read as code page 437 is "├½").
    (_LOWER + _GREEK_CYRILLIC + _BOX + _END + _CURRENCY + _NUMERIC, _UPPER, ""),
    (_UPPER + _BOX, _START + _CURRENCY + _NUMERIC + _LAW + "°", ""),
    # A small accented letter after a symbol, and a currency sign after one.
    ("", _BOX + _END + _CURRENCY + _NUMERIC, _LOWER),
    (_LOWER + _BOX + _END, _CURRENCY, ""),
    # Runs of symbols: an opening mark after a symbol, a closing mark between
    # a letter or symbol and an opening mark, box drawing beside either.
    (_ACCENTED + _BOX + _CURRENCY + _END, _START, _NUMERIC),
    (_CURRENCY + _NUMERIC + _BOX, _START, ""),
    (_ACCENTED + _CURRENCY + _NUMERIC + _BOX + _LAW, _END, _START),
    ("", _BOX, _CLASSES["kaomoji"] + _END),
    (_ACCENTED + _CURRENCY + _NUMERIC + _START + _END + _LAW, _BOX, ""),
    # A quote between an accented letter and a word character (UTF-8 "ř" read
    # as Windows-1250 is "Ĺ™"); "été»" closing a quotation is no sign.
    (_ACCENTED, _START + _END, "\\w"),
    # Œ or œ not followed by a Latin letter ("âœ”" is ✔ read as Windows-1252).
    ("", "Œœ", "^A-Za-z"),
    # The two-character Windows-1252 forms of à, á and the no-break space that
    # ftfy looks for: Â or Ã before a symbol, a no-break space or a space
    # (a space, where the no-break space was lost: "voilÃ le travail").
    ("", "ÂÃÎÐ", "€œŠš¢£Ÿž\xa0\xad®©°·»–—´" + _START + _END),
    ("", "ÂÃ", " ¡"),
    # Arabic (Ø, Ù), Indic (à²) and × mojibake, and MacRoman's √ ≈ ‚ forms.
    ("", "ØÙ", _CLASSES["common"] + _CURRENCY + _BAD + _NUMERIC + _START + "ŸŠ®°µ»"),
    ("à", "²µ¹¼½¾", ""),
    ("", "×", "²³"),
    ("", "√", "±∂†≠®™´≤≥¥µø"),
    ("", "≈", "°¢"),
    ("", "‚", "Äâó"),
    # Windows-1251, -1253 and -1257 forms: "вЂ", "β€", "ā€", and a sign between
    # two of the capitals that start Cyrillic or Greek read as those code pages.
    ("вВ", "Ђ", ""),
    ("βā", "€", ""),
    ("ВГРС", _C1 + _BAD + _START + _END + _CURRENCY + "°µ", "ВГРС"),
    ("ΒΓΞΟ", _C1 + _BAD + _START + _END + _CURRENCY + "°", "ΒΓΞΟ"),
)


def _char_class(chars: str) -> str:
    # ftfy writes its classes as the inside of a regex class (ranges such as
    # "Ò-Ö"), with no bracket or backslash to escape.
    return "[" + chars + "]"


def _sign(before: str, trigger: str, after: str) -> str:
    # The trigger has been matched; look back over it to check which row's
    # trigger it is and what stands before it.
    behind = _char_class(before) if before else ""
    ahead = f"(?={_char_class(after)})" if after else ""
    return f"(?<={behind}{_char_class(trigger)}){ahead}"


# A line with any of MOJIBAKE_SIGNS. It starts with one class, the union of
# the triggers, so the engine's fast scan skips everything else.
MOJIBAKE = re.compile(
    _char_class("".join(trigger for _, trigger, _ in MOJIBAKE_SIGNS))
    + "(?:"
    + "|".join(_sign(*row) for row in MOJIBAKE_SIGNS)
    + ")"
)

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

# --- Sentence boundaries -----------------------------------------------------------
# What ends a sentence, in every script. Two kinds:
# - Marks that end a sentence only before a space: the full stop, question and
#   exclamation marks and the semicolon shared by Latin, Cyrillic and Greek
#   text ("1.5", "U.S.A", "?q=1" and "a;b" are no ends).
# - Marks that end a sentence wherever they stand, because nothing else uses
#   them: the ideographic full stop and the full-width ! ? ; of Chinese and
#   Japanese (no space follows them), the Devanagari and Bengali danda and
#   double danda, the Urdu full stop, the Arabic question mark and semicolon,
#   the Armenian full stop, and the full stops of Ethiopic, Myanmar and Khmer.
# Colons, dashes and bars are left out on purpose: "Read: <headline>",
# "Title - Site" and "Name | Section" join a label to a title, and the title
# alone is a different block.
_END_BEFORE_SPACE = ".!?;"
_END_ANYWHERE = (
    "\u3002\uff61\uff01\uff1f\uff1b"  # 。 ｡ ！ ？ ；
    "\u0964\u0965"  # । ॥
    "\u06d4\u061f\u061b"  # ۔ ؟ ؛
    "\u0589\u1362\u104b\u17d4\u17d5"  # ։ ። ။ ។ ៕
)
# Closing quotes and brackets that may follow a sentence end: ASCII (curly
# quotes are folded to them), guillemets, and the CJK corner brackets,
# parentheses and title marks (」 』 ） 】 〉 》 〕).
_CLOSERS = "\"')\\]\u00bb\u300d\u300f\uff09\u3011\u3009\u300b\u3015"
# Opening quotes and brackets that may start a sentence (「 『 （ 【 〈 《 〔).
_OPENERS = "\"'(\\[\u00ab\u300c\u300e\uff08\u3010\u3008\u300a\u3014"
# A sentence end, with the closers after it and the space it needs.
_SENTENCE_END = rf"(?:[{_END_BEFORE_SPACE}][{_CLOSERS}]*\s+|[{_END_ANYWHERE}][{_CLOSERS}]*\s*)"

# Where a sentence starts inside a block: after a sentence end, any closing
# quotes or brackets and the space the end needs. The same boundary as
# CONTAINED_BEFORE, so that what the candidate search proposes and what
# verification accepts agree.
SENTENCE_START = re.compile(_SENTENCE_END)

# Characters stripped from both ends of a contained block before it is looked
# up literally: spaces, quotes, brackets and the punctuation of every script
# that may end a sentence or a clause (the ideographic comma "、" too).
CONTAINED_EDGE = (
    " \"'()[]{}<>\u00ab\u00bb.,;:!?*-\u3001\uff0c\uff1a"
    + _END_ANYWHERE
    + "\u300d\u300f\uff09\u3011\u3009\u300b\u3015\u300c\u300e\uff08\u3010\u3008\u300a\u3014"
)

# Before a contained stretch: the start of the container, or a sentence end
# and its spaces, optionally followed by opening quotes. Searched with
# pos/endpos set to the stretch, so the trailing $ anchors at its start.
CONTAINED_BEFORE = re.compile(rf"(?:^|{_SENTENCE_END})[{_OPENERS}]*$")

# After a contained stretch: the end of the container, or closing quotes or
# brackets followed by a sentence end and what it needs after it ("1.000" is
# a number, not a sentence end; "。" needs nothing, and Hindi often puts a
# space before its danda: "वाला था ।").
CONTAINED_AFTER = re.compile(
    rf"[{_CLOSERS}]*(?:[{_END_BEFORE_SPACE}]+[{_CLOSERS}]*(?:\s|$)|\s?[{_END_ANYWHERE}]|\s*$)"
)

# A photo credit, as scrapers glue it to the end of a caption: "Bulent Kilic,
# AFP/File", "Photo: Reuters", "(Getty Images)", "© AP". Only a short tail
# (CREDIT_TAIL_CHARS) is tested, after the caption itself.
CREDIT = re.compile(
    r"\b(?:photo|photograph|image|picture|credit|courtesy|file|pool|afp|ap|reuters|getty"
    r"|epa|shutterstock|dpa|ansa|efe|xinhua|anadolu|sipa)\b|\u00a9|\(c\)|\w/\w",
    re.IGNORECASE,
)
CREDIT_TAIL_CHARS = 60
# Where a credit may start: after the caption's closing punctuation and a space.
CREDIT_LEAD = re.compile(r"[\"')\]\u00bb:.,;!?]*\s")

# --- Markdown structure -----------------------------------------------------------
# Scrapers that hand over Markdown print tables and fenced code. A table's
# header row, followed by its delimiter row ("|---|:--:|"), belongs to its
# table: two tables may share a header, and a table without one no longer
# renders as a table. A code fence ("```python", "~~~") opens or closes a
# block: fences must stay balanced. Both are kept like code lines.
MARKDOWN_TABLE_DELIMITER = re.compile(r"\|?(?: *:?-+:? *\|)+(?: *:?-+:? *)?")
MARKDOWN_FENCE = ("```", "~~~")

# --- Code lines -----------------------------------------------------------------
# A line that looks like source code: starting like a comment, prompt or
# brace, ending in ; { or }, or holding an operator that prose does not use
# (==, ->, &&, a scope "a::b", a call "f("). Code may repeat on purpose, so lines go only
# as part of a repeated run, never alone. A line ending in ")" counts only
# with a call in it: prose often ends with a parenthesis.
CODE_OPERATOR = re.compile(r"==|!=|<=|>=|=>|->|\w::\w|\+\+|&&|\|\|")
CODE_CALL = re.compile(r"\w\(")
CODE_BRACKETS = re.compile(r"[\[\]{}=<>]")
# How code lines start or end: "}" or "{" alone, comments, shell and REPL
# prompts, preprocessor lines; and the characters a statement ends with.
CODE_START = ("{", "}", "# ", "#!", "#include", "//", "/*", "$ ", ">>> ")
CODE_END = (";", "{", "}")
# Prose in a script other than Latin: code is written in Latin letters, and
# names its few words with brackets, operators and quotes around them. Korean,
# Chinese and Japanese typography puts a bracket right after a word
# ("엠파스[066270]와", "(이하 SK컴즈)가"), which reads like a call; a line
# whose letters are mostly of another script, with few such characters among
# them, is prose all the same.
NON_LATIN_LETTER = regex.compile(r"(?V1)[\p{L}--\p{Latin}]")
LETTER = regex.compile(r"\p{L}")
CODE_CHARACTER = re.compile(r"[\[\]{}()=<>;\"'`]")
# A string literal handed to a call or an assignment ('print("..."),
# 'x = "..."'): a line of code with a long text in another script, not prose.
CODE_STRING = re.compile(r"[(\[=,]\s*[\"'`]|[\"'`]\s*[)\];]")
