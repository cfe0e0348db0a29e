"""What folding turns into its plain form: quotes, dashes, spaces, entities, mojibake.

The tables of stage 1 (``dedup.normalize``), and the line breaks and
indentation it keeps. Each entry says what it matches and why.
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
