"""What marks a line as code or Markdown structure, which may repeat on purpose.

Each entry says what it matches and why.
"""

from __future__ import annotations

import re

import regex

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
