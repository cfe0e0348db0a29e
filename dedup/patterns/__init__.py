"""Character tables and precompiled patterns, in one place.

Every other module takes its tables and regexes from this package, so that
what counts as a quote, a space, a truncation marker or a function word is
decided once. One module per stage that reads them:

- ``folding``: what stage 1 folds, repairs and keeps (line breaks, indentation);
- ``keys``: what stage 2 makes a matching key of;
- ``sentences``: where sentences end, for contained copies;
- ``code``: what marks code and Markdown structure.

All patterns are linear: none nests a quantifier inside another, and those
that look at line ends are applied to a bounded tail of the line.
"""
