"""The immutable configuration objects, and how options override them.

Each option is documented once, in its field's ``help`` metadata: the class
docstrings, the command line's ``--help`` and the README are built from it.
"""

from __future__ import annotations

import dataclasses
import inspect
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

__all__ = [
    "CleanConfig",
    "ProfileConfig",
    "check_whole_number",
    "is_whole_number",
    "option_help",
    "resolve_config",
    "resolve_profile_config",
]


def _option(default: Any, text: str) -> Any:
    """Return a dataclass field that keeps its default and its help text together."""
    return field(default=default, metadata={"help": " ".join(text.split())})


def _document(cls: type) -> None:
    """Append each field, with its default and help, to the class docstring."""
    parts = [inspect.cleandoc(cls.__doc__ or ""), "", "Fields:", ""]
    for spec in dataclasses.fields(cls):
        parts.append(f"``{spec.name}`` (default ``{spec.default!r}``)")
        parts.append(
            textwrap.fill(
                spec.metadata["help"], 76, initial_indent="    ", subsequent_indent="    "
            )
        )
        parts.append("")
    cls.__doc__ = "\n".join(parts)


def is_whole_number(value: object, least: int = 0) -> bool:
    """Whether ``value`` is an int (not a bool) of at least ``least``: the one such test.

    >>> is_whole_number(3), is_whole_number(True), is_whole_number(2.0), is_whole_number(-1)
    (True, False, False, False)
    """
    return isinstance(value, int) and not isinstance(value, bool) and value >= least


def check_whole_number(name: str, value: object, least: int, why: str = "") -> int:
    """Return ``value`` if it is a whole number of at least ``least``; else raise ValueError.

    ``why`` is appended to the bound in the message.

    >>> check_whole_number("max_sites", 0, 1)
    Traceback (most recent call last):
    ...
    ValueError: max_sites must be a whole number of at least 1, not 0
    """
    if not is_whole_number(value, least):
        raise ValueError(f"{name} must be a whole number of at least {least}{why}, not {value!r}")
    assert isinstance(value, int)  # for the type checker: is_whole_number said so
    return value


def _share(name: str, value: object, low: float, high: float, what: str) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not low <= float(value) <= high
    ):
        raise ValueError(f"{name} is {what} from {low:g} to {high:g}, not {value!r}")


@dataclass(frozen=True, slots=True, kw_only=True)
class CleanConfig:
    """Every option of :func:`dedup.clean`, in one immutable object.

    Pass it as ``config=``, or pass any field as a keyword option; options
    override the config's fields. Build variants with
    :func:`dataclasses.replace` or :meth:`replace`.

    >>> CleanConfig().label_chars
    20
    >>> CleanConfig(fold=False).replace(label_chars=10).label_chars
    10
    """

    fold: bool = _option(
        True,
        """Write kept blocks in their folded, plain form: the master switch of
        the fold steps below. With False every fold is off and kept blocks are
        written as they were in the input, only stripped of stray spaces and
        control characters; with True each step's own field decides. Matching
        always uses the fully folded form, whatever these say.""",
    )
    decode_entities: bool = _option(True, "Decode leftover HTML entities (&amp;, &#8217;, &nbsp;).")
    repair_mojibake: bool = _option(
        True, "Repair text decoded with the wrong codec (Itâ€™s), as ftfy does."
    )
    fold_quotes: bool = _option(True, "Write curly quotes and primes as ' and \".")
    fold_dashes: bool = _option(
        True, "Write hyphens, en dashes and minus signs as -, em dashes as --."
    )
    fold_ellipsis: bool = _option(True, "Write the ellipsis character as ...")
    fold_spaces: bool = _option(
        True,
        """Write no-break, thin, ideographic and other spaces, and tabs inside a
        line, as one space, and collapse runs of spaces.""",
    )
    remove_invisible: bool = _option(
        True, "Delete zero-width spaces, word joiners, BOMs and soft hyphens."
    )
    fold_ligatures: bool = _option(True, "Spell out ligatures (ﬁ) and one-character digraphs (ĳ).")
    fold_fullwidth: bool = _option(
        True,
        """Write full-width letters and digits as ASCII, and full-width
        punctuation too on a line without Chinese, Japanese or Korean text.""",
    )
    normalize_nfc: bool = _option(
        True, "Compose characters (NFC; never NFKC, which turns 10³ into 103)."
    )
    keep_indentation: bool = _option(
        True,
        """Keep the indentation that carries structure: after a line that opens
        a block (ending in :, {, [ or (, or a list item), the lines indented
        two or more columns deeper keep their spaces and tabs, relative to that
        line. Code, YAML and nested lists survive; stray spaces before prose
        lines go. Matching ignores indentation.""",
    )
    near_ratio: float = _option(
        85.0,
        """A near repeat may differ from the earlier block only in case,
        punctuation, spacing, digit grouping and function words ("the",
        "also"), never in a content word or a number. Its matching key must
        also score at least this with rapidfuzz ratio (0 to 100), so that a
        block stripped of many function words is not taken for a repeat.""",
    )
    label_chars: int = _option(
        20,
        """Blocks shorter than this are labels (World, Share). A label repeated
        far apart is kept; it goes only when it repeats the block just before
        it or sits inside a repeated run.""",
    )
    min_contained_chars: int = _option(
        30,
        """The shortest block that can be removed because a longer block holds
        it word for word, as whole sentences (a pull quote, a subtitle). A Han,
        kana or Hangul character counts two, as it takes two columns.""",
    )
    min_fragment_words: int = _option(
        8,
        """A block this many words long may also go when a kept block at least
        twice as long holds it word for word in mid-sentence (a pull quote cut
        from a sentence). Shorter blocks must be whole sentences of their
        container, so that a heading repeated inside a sentence stays. In a
        script written without spaces (Chinese, Japanese, Thai), letters are
        counted, and a container half as long again is enough.""",
    )
    min_truncated_words: int = _option(
        3,
        """The fewest words a truncated block (Syria's confl...) must keep
        before its marker for it to be matched with its full version. A word
        cut by the marker counts when three or more of its letters are left.""",
    )
    run_gap: int = _option(
        3,
        """How far apart, in blocks, two neighbours of a repeated run may sit in
        the earlier copy for a label between them to count as part of the run.""",
    )
    max_postings: int = _option(
        256,
        """How many blocks one word trigram may point at before it is too common
        to search by. Bounds the work on adversarial pages; a block whose every
        trigram is that common is kept.""",
    )

    def __post_init__(self) -> None:
        for spec in dataclasses.fields(self):
            value = getattr(self, spec.name)
            if spec.type == "bool" and not isinstance(value, bool):
                raise TypeError(f"{spec.name} must be True or False, not {value!r}")
        _share("near_ratio", self.near_ratio, 0.0, 100.0, "a percentage")
        for spec in dataclasses.fields(self):
            if spec.type == "int":
                check_whole_number(spec.name, getattr(self, spec.name), 1)

    def replace(self, **options: object) -> CleanConfig:
        """Return a copy with some fields changed; unknown names raise TypeError.

        >>> CleanConfig().replace(near_ratio=90).near_ratio
        90
        """
        return resolve_config(self, options)


_document(CleanConfig)


@dataclass(frozen=True, slots=True, kw_only=True)
class ProfileConfig:
    """The thresholds of a site profile, in one immutable object.

    They are saved with the profile: profiles merge only when they agree.

    >>> ProfileConfig().min_pages
    3
    >>> ProfileConfig(min_pages=1)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: min_pages must be a whole number of at least 2 (a block on one page ...), not 1
    """

    min_pages: int = _option(
        3,
        """A block is site boilerplate only when it appears on at least this
        many pages of its site. At least 2. Use 2 for sites with few pages.""",
    )
    min_text_pages: int = _option(
        3,
        """... and, when it is text rather than a label (a block under
        CleanConfig.label_chars characters), on at least this many. Two pages
        that share a label share chrome; two that share a sentence may share a
        quote or a sign-off that belongs to each article, so text needs more
        evidence. The larger of min_pages and this applies.""",
    )
    min_fraction: float = _option(
        0.5, "... and on at least this share of the site's pages, from 0 to 1."
    )

    def __post_init__(self) -> None:
        _share("min_fraction", self.min_fraction, 0.0, 1.0, "a share of pages")
        why = " (a block on one page is not repeated across pages)"
        check_whole_number("min_pages", self.min_pages, 2, why)
        check_whole_number("min_text_pages", self.min_text_pages, 2, why)


_document(ProfileConfig)


def option_help(cls: type[CleanConfig] | type[ProfileConfig]) -> dict[str, str]:
    """Return each field's help text: the one place an option is documented.

    >>> option_help(ProfileConfig)["min_fraction"]
    "... and on at least this share of the site's pages, from 0 to 1."
    """
    return {spec.name: spec.metadata["help"] for spec in dataclasses.fields(cls)}


def field_names() -> tuple[str, ...]:
    """Return the names of CleanConfig's fields, in declaration order.

    >>> field_names()[:2]
    ('fold', 'decode_entities')
    """
    return tuple(f.name for f in dataclasses.fields(CleanConfig))


# Both config classes resolve alike: one merge, one message for unknown names.
_Config = TypeVar("_Config", CleanConfig, ProfileConfig)


def resolve_config(config: CleanConfig | None, options: Mapping[str, object]) -> CleanConfig:
    """Merge keyword options into a config, rejecting unknown names.

    >>> resolve_config(None, {"label_chars": 12}).label_chars
    12
    >>> resolve_config(None, {"treshold": 1})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: unknown option 'treshold'; valid options are: fold, decode_entities, ...
    """
    return _resolve(CleanConfig, "label_chars", config, options)


def resolve_profile_config(
    config: ProfileConfig | None, options: Mapping[str, object]
) -> ProfileConfig:
    """Merge keyword thresholds into a profile config, rejecting unknown names.

    >>> resolve_profile_config(None, {"min_pages": 2}).min_pages
    2
    >>> resolve_profile_config(CleanConfig(), {})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: config must be a dedup.ProfileConfig, not CleanConfig; build one with ...
    """
    return _resolve(ProfileConfig, "min_pages", config, options)


# Every call without a config would otherwise build and check a new one;
# the defaults are frozen, so one instance of each serves every call.
_DEFAULTS: dict[type, CleanConfig | ProfileConfig] = {
    CleanConfig: CleanConfig(),
    ProfileConfig: ProfileConfig(),
}


def _default(cls: type[_Config]) -> _Config:
    return cast(_Config, _DEFAULTS[cls])


def _resolve(
    cls: type[_Config], example: str, config: _Config | None, options: Mapping[str, object]
) -> _Config:
    if config is None:
        config = _default(cls)
    elif not isinstance(config, cls):
        raise TypeError(
            f"config must be a dedup.{cls.__name__}, not {type(config).__name__}; "
            f"build one with dedup.{cls.__name__}({example}=..., ...) or pass options as keywords"
        )
    if not options:
        return config
    valid = tuple(spec.name for spec in dataclasses.fields(cls))
    unknown = sorted(set(options) - set(valid))
    if unknown:
        names = ", ".join(repr(name) for name in unknown)
        raise TypeError(
            f"unknown option{'s' if len(unknown) > 1 else ''} {names}; "
            f"valid options are: {', '.join(valid)}"
        )
    return dataclasses.replace(config, **options)  # type: ignore[arg-type]
