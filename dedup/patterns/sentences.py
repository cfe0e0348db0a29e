"""Where sentences end in every script, and what may surround a contained copy.

Each entry says what it matches and why.
"""

from __future__ import annotations

import re

import regex

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

# The first and the last letter of a text: a container that holds a block
# must add letters before or after it, not only numbers or punctuation.
FIRST_LETTER = regex.compile(r"\p{L}")
LAST_LETTER = regex.compile(r"(?r)\p{L}")
