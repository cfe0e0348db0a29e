"""The one immutable configuration object, and how options override it."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["CleanConfig", "resolve_config"]


@dataclass(frozen=True, slots=True, kw_only=True)
class CleanConfig:
    """Every option of :func:`dedup.clean`, in one immutable object.

    Pass it as ``config=``, or pass any field as a keyword option; options
    override the config's fields. Build variants with
    :func:`dataclasses.replace` or :meth:`replace`.

    Fields:

    ``fold`` (default ``True``)
        Write kept blocks in their folded, plain form: the master switch of
        the fold steps below. With ``False`` every fold is off and kept blocks
        are written as they were in the input, only stripped of stray spaces
        and control characters; with ``True`` each step's own field decides.
        Matching always uses the fully folded form, whatever these say.

    ``decode_entities`` (default ``True``)
        Decode leftover HTML entities (``&amp;``, ``&#8217;``, ``&nbsp;``).

    ``repair_mojibake`` (default ``True``)
        Repair text decoded with the wrong codec (``Itâ€™s``), as ftfy does.

    ``fold_quotes`` (default ``True``)
        Write curly quotes and primes as ``'`` and ``"``.

    ``fold_dashes`` (default ``True``)
        Write hyphens, en dashes and minus signs as ``-``, em dashes as ``--``.

    ``fold_ellipsis`` (default ``True``)
        Write the ellipsis character as ``...``.

    ``fold_spaces`` (default ``True``)
        Write no-break, thin, ideographic and other spaces, and tabs inside a
        line, as one space, and collapse runs of spaces.

    ``remove_invisible`` (default ``True``)
        Delete zero-width spaces, word joiners, BOMs and soft hyphens.

    ``fold_ligatures`` (default ``True``)
        Spell out ligatures (``ﬁ``) and one-character digraphs (``ĳ``).

    ``fold_fullwidth`` (default ``True``)
        Write full-width letters and digits as ASCII, and full-width
        punctuation too on a line without Chinese, Japanese or Korean text.

    ``normalize_nfc`` (default ``True``)
        Compose characters (NFC; never NFKC, which turns ``10³`` into
        ``103``).

    ``keep_indentation`` (default ``True``)
        Keep the indentation that carries structure: after a line that opens
        a block (ending in ``:``, ``{``, ``[`` or ``(``, or a list item),
        the lines indented two or more columns deeper keep their spaces and
        tabs, relative to that line. Code, YAML and nested lists survive;
        stray spaces before prose lines go. Matching ignores indentation.

    ``near_ratio`` (default ``85.0``)
        A near repeat may differ from the earlier block only in case,
        punctuation, spacing, digit grouping and function words ("the",
        "also"), never in a content word or a number. Its matching key must
        also score at least this with rapidfuzz ``ratio`` (0 to 100), so that
        a block stripped of many function words is not taken for a repeat.

    ``label_chars`` (default ``20``)
        Blocks shorter than this are labels (``World``, ``Share``). A label
        repeated far apart is kept; it goes only when it repeats the block just
        before it or sits inside a repeated run.

    ``min_contained_chars`` (default ``30``)
        The shortest block that can be removed because a longer block holds
        it word for word, as whole sentences (a pull quote, a subtitle).

    ``min_fragment_words`` (default ``8``)
        A block this many words long may also go when a kept block at least
        twice as long holds it word for word in mid-sentence (a pull quote cut
        from a sentence). Shorter blocks must be whole sentences of their
        container, so that a heading repeated inside a sentence stays.

    ``min_truncated_words`` (default ``3``)
        The fewest words a truncated block (``Syria's confl...``) must keep
        before its marker for it to be matched with its full version. A word
        cut by the marker counts when three or more of its letters are left.

    ``run_gap`` (default ``3``)
        How far apart, in blocks, two neighbours of a repeated run may sit in
        the earlier copy for a label between them to count as part of the run.

    ``max_postings`` (default ``256``)
        How many blocks one word trigram may point at before it is too common
        to search by. Bounds the work on adversarial pages; a block whose every
        trigram is that common is kept.

    >>> CleanConfig().label_chars
    20
    >>> CleanConfig(fold=False).replace(label_chars=10).label_chars
    10
    """

    fold: bool = True
    decode_entities: bool = True
    repair_mojibake: bool = True
    fold_quotes: bool = True
    fold_dashes: bool = True
    fold_ellipsis: bool = True
    fold_spaces: bool = True
    remove_invisible: bool = True
    fold_ligatures: bool = True
    fold_fullwidth: bool = True
    normalize_nfc: bool = True
    keep_indentation: bool = True
    near_ratio: float = 85.0
    label_chars: int = 20
    min_contained_chars: int = 30
    min_fragment_words: int = 8
    min_truncated_words: int = 3
    run_gap: int = 3
    max_postings: int = 256

    def __post_init__(self) -> None:
        for spec in dataclasses.fields(self):
            value = getattr(self, spec.name)
            if spec.type == "bool" and not isinstance(value, bool):
                raise TypeError(f"{spec.name} must be True or False, not {value!r}")
        if not 0.0 <= float(self.near_ratio) <= 100.0:
            raise ValueError(f"near_ratio is a percentage from 0 to 100, not {self.near_ratio!r}")
        for name in (
            "label_chars",
            "min_contained_chars",
            "min_fragment_words",
            "min_truncated_words",
            "run_gap",
            "max_postings",
        ):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a whole number of at least 1, not {value!r}")

    def replace(self, **options: object) -> CleanConfig:
        """Return a copy with some fields changed; unknown names raise TypeError.

        >>> CleanConfig().replace(near_ratio=90).near_ratio
        90
        """
        return resolve_config(self, options)


def field_names() -> tuple[str, ...]:
    """Return the names of CleanConfig's fields, in declaration order.

    >>> field_names()[:2]
    ('fold', 'decode_entities')
    """
    return tuple(f.name for f in dataclasses.fields(CleanConfig))


def resolve_config(config: CleanConfig | None, options: Mapping[str, object]) -> CleanConfig:
    """Merge keyword options into a config, rejecting unknown names.

    >>> resolve_config(None, {"label_chars": 12}).label_chars
    12
    >>> resolve_config(None, {"treshold": 1})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: unknown option 'treshold'; valid options are: fold, decode_entities, ...
    """
    if config is None:
        config = CleanConfig()
    elif not isinstance(config, CleanConfig):
        raise TypeError(
            f"config must be a dedup.CleanConfig, not {type(config).__name__}; "
            "build one with dedup.CleanConfig(label_chars=..., ...) or pass options as keywords"
        )
    if not options:
        return config
    valid = field_names()
    unknown = sorted(set(options) - set(valid))
    if unknown:
        names = ", ".join(repr(name) for name in unknown)
        raise TypeError(
            f"unknown option{'s' if len(unknown) > 1 else ''} {names}; "
            f"valid options are: {', '.join(valid)}"
        )
    return dataclasses.replace(config, **options)  # type: ignore[arg-type]
