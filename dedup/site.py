r"""Cross-page boilerplate: blocks a site repeats on its pages, learned per site.

One page cannot tell an article paragraph from the text its site prints on
every page (``Connect with us``, an agency blurb). Repetition across the
site's pages can. A :class:`SiteProfile` learns, for each site, on how many
pages each block's matching key appears (its document frequency); a block
is *site boilerplate* when it appears on at least ``min_pages`` pages of its
site **and** on at least ``min_fraction`` of them. A block of text, rather
than a label, needs ``min_text_pages`` pages as well: two pages that share a
menu item share chrome, but two that share a sentence may share a quote, a
credit or a sign-off (see :class:`SiteProfile`).

Two passes, deterministic: :meth:`SiteProfile.fit` counts, then
:meth:`SiteProfile.clean` removes the site's boilerplate from a page and
cleans the rest of it as :func:`dedup.clean` does. Counting is a sum, so the
profile, and every cleaned page, is the same whatever order the pages came
in. Without a profile nothing changes: ``dedup.clean`` never looks at one.

>>> from dedup.site import SiteProfile
>>> pages = [
...     ("https://news.example/a", "Connect with us\nStorm hits the coast\n"),
...     ("https://news.example/b", "Connect with us\nMarkets rally on Friday\n"),
...     ("https://news.example/c", "Connect with us\nA quiet day in town\n"),
... ]
>>> profile = SiteProfile(min_pages=3).fit(pages)
>>> profile.clean("Connect with us\nStorm hits the coast\n", site="https://news.example/a")
'Storm hits the coast\n'
>>> [(b.reason, b.site, b.site_pages) for b in profile.analyze(
...     "Connect with us\nNew story\n", site="news.example").removed]
[(<Reason.BOILERPLATE: 'boilerplate'>, 'news.example', 3)]

The site key is the URL host by default (:func:`url_host`); pass ``key=`` for
any other key. A page without a site (``None`` or an empty key) gets the
within-page cleaning only, and is counted in ``pages_without_site``.

For crawls that never end, :class:`StreamingSiteProfile` counts in a memory
bound the caller sets, and cleans each page as it arrives.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from dedup.analysis import Analysis, analyze_blocks, check_text, clean_blocks
from dedup.blocks import Block, page_blocks
from dedup.config import CleanConfig, resolve_config
from dedup.decide import Decision, Reason

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "STREAM_FORMAT_NAME",
    "STREAM_FORMAT_VERSION",
    "BoilerplateBlock",
    "ProfileError",
    "SiteProfile",
    "StreamingSiteProfile",
    "block_hash",
    "page_digest",
    "url_host",
]

FORMAT_NAME = "pagededup-site-profile"
STREAM_FORMAT_NAME = "pagededup-streaming-site-profile"
#: The streaming profile's file format (:meth:`StreamingSiteProfile.save`).
STREAM_FORMAT_VERSION = 1
#: The profile file format this version writes, and the newest it reads.
#: Version 2 added ``min_text_pages``; a version 1 file reads with
#: ``min_text_pages = min_pages``, which is how it cleaned when written.
FORMAT_VERSION = 2

# A float threshold times a page count (0.6 * 5) may land a hair above the
# whole number it means; counts are whole, so this slack changes no real case.
_EPSILON = 1e-9


class ProfileError(ValueError):
    """A profile file that cannot be used; the message says what to do."""


def url_host(where: str | None) -> str | None:
    """Return the site key of a URL: its host, lower-cased; ``None`` if it has none.

    A string without a scheme is taken as a site key already (``"nytimes"``)
    or a bare host (``"example.org/a"``), so both URLs and plain keys work.

    >>> url_host("https://www.Example.org:8080/news/a?id=1")
    'www.example.org'
    >>> url_host("example.org/path"), url_host("nytimes"), url_host(""), url_host(None)
    ('example.org', 'nytimes', None, None)
    """
    if where is None:
        return None
    if not isinstance(where, str):
        raise TypeError(f"a site or URL is a str (or None), not {type(where).__name__}")
    where = where.strip()
    if "://" in where or where.startswith("//"):
        try:
            host = urlsplit(where).hostname
        except ValueError:  # a malformed port or IPv6 literal: no usable host
            return None
        return host or None
    host = where.split("/", 1)[0].rsplit(":", 1)[0] if "/" in where else where
    return host.lower() or None


def block_hash(key: tuple[str, ...]) -> int:
    """Hash a block's matching key to 64 bits, the same in every process.

    BLAKE2b, not :func:`hash`: Python salts ``hash()`` per process, and a
    profile fitted in one process must work in another.

    >>> from dedup.blocks import matching_key
    >>> block_hash(matching_key("Connect with us!")) == block_hash(matching_key("connect WITH us"))
    True
    >>> f"{block_hash(('connect', 'with', 'us')):016x}"
    '0de548ff7c43e0ef'
    """
    data = " ".join(key).encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big")


def page_digest(blocks: Iterable[Block]) -> int:
    """Hash a page's folded blocks to 64 bits: the page's identity for ``keep_first``.

    >>> page_digest(page_blocks("A\\n\\nB")) == page_digest(page_blocks("A\\nB\\n"))
    True
    """
    data = "\n".join(block.text for block in blocks).encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big")


def _page_keys(blocks: list[Block]) -> dict[int, tuple[Block, int]]:
    """Each distinct non-empty key of a page, hashed, with its first block and longest text.

    A page counts once per key however often it repeats the block, and
    punctuation-only lines (empty keys) are never boilerplate.
    """
    found: dict[int, tuple[Block, int]] = {}
    for block in blocks:
        if block.key:
            key_hash = block_hash(block.key)
            first = found.get(key_hash)
            if first is None:
                found[key_hash] = (block, len(block.text))
            elif len(block.text) > first[1]:
                found[key_hash] = (first[0], len(block.text))
    return found


def _check_key(key: object) -> Callable[[str | None], str | None]:
    if not callable(key):
        raise TypeError(f"key must be a function from a page's site to a site key, not {key!r}")
    return key


def _pages_setting(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 2:
        raise ValueError(
            f"{name} must be a whole number of at least 2 (a block on one page is not "
            f"repeated across pages), not {value!r}"
        )
    return value


def _check_thresholds(
    min_pages: object, min_text_pages: object, min_fraction: object
) -> tuple[int, int, float]:
    if (
        isinstance(min_fraction, bool)
        or not isinstance(min_fraction, (int, float))
        or not 0.0 <= float(min_fraction) <= 1.0
    ):
        raise ValueError(f"min_fraction is a share of pages from 0 to 1, not {min_fraction!r}")
    return (
        _pages_setting("min_pages", min_pages),
        _pages_setting("min_text_pages", min_text_pages),
        float(min_fraction),
    )


def _need_by_length(
    settings: tuple[int, int, float], pages: int, label_chars: int
) -> Callable[[int | None], int]:
    """Return the page count a key needs, given its longest length on the site's pages.

    A label (under ``label_chars``, the within-page cleaner's own line)
    needs ``min_pages``; text needs ``min_text_pages`` too. An unknown
    length (``None``) is held to text's bar, the safe side.
    """
    min_pages, min_text_pages, min_fraction = settings
    label = max(min_pages, math.ceil(min_fraction * pages - _EPSILON))
    text = max(label, min_text_pages)

    def need(length: int | None) -> int:
        return label if length is not None and length < label_chars else text

    return need


class BoilerplateBlock(NamedTuple):
    """One boilerplate block of a site, as :meth:`SiteProfile.boilerplate` lists it."""

    key_hash: int
    """:func:`block_hash` of the block's matching key."""
    pages: int
    """On how many of the site's pages it appears."""
    text: str | None
    """The block as printed on its first page (see ``keep_first``); ``None`` if unknown."""


@dataclass(slots=True)
class _Site:
    """What the profile knows of one site; every field adds up across pages."""

    pages: int = 0
    counts: dict[int, int] = field(default_factory=dict)
    """Key hash -> on how many pages it appears."""
    owners: dict[int, int] = field(default_factory=dict)
    """Key hash -> the smallest :func:`page_digest` of a page carrying it."""
    texts: dict[int, str] = field(default_factory=dict)
    """Key hash -> the block's text on that page (for display only)."""
    lengths: dict[int, int] = field(default_factory=dict)
    """Key hash -> its longest folded text on any page. A key is text, not a
    label, when any copy is: one verdict per key, the stricter one, whichever
    page is cleaned."""


def _boilerplate_preset(
    blocks: list[Block], site: str, pages_of: Callable[[int], int], keep: Callable[[int], bool]
) -> dict[int, Decision]:
    """Decide in advance every block whose key is boilerplate on ``site``.

    ``pages_of(hash)`` is the page count that makes a key boilerplate (0 when
    it is not); ``keep(hash)`` says the page keeps its copy (``keep_first``).
    """
    preset: dict[int, Decision] = {}
    verdicts: dict[int, int] = {}
    for block in blocks:
        if not block.key:
            continue
        digest = block_hash(block.key)
        pages = verdicts.get(digest)
        if pages is None:
            pages = verdicts[digest] = 0 if keep(digest) else pages_of(digest)
        if pages:
            preset[block.position] = Decision(
                kept=False,
                reason=Reason.BOILERPLATE,
                twin=None,
                parts=(),
                site=site,
                site_pages=pages,
            )
    return preset


class SiteProfile:
    r"""Per-site document frequencies of blocks, and the cleaning they allow.

    Settings (keyword-only, saved with the profile):

    ``min_pages`` (default ``3``)
        A block is boilerplate only when it appears on at least this many
        pages of its site. At least 2. Use 2 for sites with few pages.

    ``min_text_pages`` (default ``3``)
        ... and, when it is text rather than a label, on at least this many.
        A label is a block under ``label_chars`` characters (the
        :class:`~dedup.CleanConfig` setting, 20 by default): menu items,
        buttons, headings. Two pages that share a label share chrome; two
        that share a sentence may share a quote, a credit, or a sign-off
        that belongs to each article (``Originally published on Live
        Science.``), so text needs more evidence. A block is text when any of
        its copies on the site's pages is, so every page gets the same
        verdict. The larger of ``min_pages`` and this applies, so at the
        defaults both are 3.

    ``min_fraction`` (default ``0.5``)
        ... and on at least this share of the site's pages, from 0 to 1.

    ``key`` (default :func:`url_host`)
        Maps what is passed as a page's site (a URL, say) to the site key.
        Not saved: pass it again to :meth:`load`.

    **Deterministic.** :meth:`fit` only adds counts, so the profile (and so
    every :meth:`clean`) does not depend on page order; profiles fitted on
    parts of a corpus :meth:`merge` into the profile of the whole.

    **Duplicate pages.** Each page fed to :meth:`fit` counts once per block.
    Feed a page once: an article fetched twice at two URLs would appear on 2
    pages and look like boilerplate to ``min_pages=2``. Drop exact duplicate
    pages first.

    **Keeping one copy.** ``keep_first=True`` (on :meth:`clean` and
    :meth:`analyze`) keeps each boilerplate block on one page of its site:
    the page whose folded text has the smallest :func:`page_digest` among the
    fitted pages carrying it. That order depends on the pages alone, never
    on the order they are read in or on how a cluster splits them, so every
    run keeps the same copy. A page that was not fitted never keeps one.

    >>> profile = SiteProfile(min_pages=2).fit([
    ...     ("a.example/1", "Newsletter\nFirst story\nOriginally published on A."),
    ...     ("a.example/2", "Newsletter\nSecond story\nOriginally published on A."),
    ...     (None, "Newsletter\nNo site known"),
    ... ])
    >>> profile.pages, profile.pages_without_site
    (3, 1)
    >>> profile.clean("Newsletter\nSecond story\nOriginally published on A.", site="a.example")
    'Second story\nOriginally published on A.\n'
    >>> profile.clean("Newsletter\nNo site", site=None)
    'Newsletter\nNo site\n'
    >>> [(b.pages, b.text) for b in profile.boilerplate("a.example")]
    [(2, 'Newsletter')]
    """

    def __init__(
        self,
        *,
        min_pages: int = 3,
        min_text_pages: int = 3,
        min_fraction: float = 0.5,
        key: Callable[[str | None], str | None] = url_host,
    ) -> None:
        self.min_pages, self.min_text_pages, self.min_fraction = _check_thresholds(
            min_pages, min_text_pages, min_fraction
        )
        self.key = _check_key(key)
        self.pages_without_site = 0
        self.complete = True
        """False for a profile saved without its single-page counts: it can clean, not fit."""
        self._sites: dict[str, _Site] = {}

    # -- learning --------------------------------------------------------

    def site_key(self, where: str | None) -> str | None:
        """Return the site key of a page's site, URL or key; ``None`` when it has none.

        >>> SiteProfile().site_key("https://www.example.org/a")
        'www.example.org'
        """
        site = self.key(where)
        if site is not None and not isinstance(site, str):
            raise TypeError(f"key() must return a str or None, not {type(site).__name__}")
        return site or None

    def add(self, text: str, *, site: str | None) -> None:
        """Count one page of ``site`` (a URL or site key; ``None`` counts it as without a site).

        >>> profile = SiteProfile(min_pages=2)
        >>> profile.add("Menu\\nStory one", site="x.example")
        >>> profile.add("Menu\\nStory two", site="x.example")
        >>> profile.clean("Menu\\nStory one", site="x.example")
        'Story one\\n'
        """
        self._need_complete("add pages to")
        text = check_text(text, "add")
        name = self.site_key(site)
        if name is None:
            self.pages_without_site += 1
            return
        record = self._sites.get(name)
        if record is None:
            record = self._sites[name] = _Site()
        counts, owners, texts, lengths = record.counts, record.owners, record.texts, record.lengths
        blocks = page_blocks(text)
        digest = page_digest(blocks)
        record.pages += 1
        for key_hash, (block, length) in _page_keys(blocks).items():
            counts[key_hash] = counts.get(key_hash, 0) + 1
            lengths[key_hash] = max(lengths.get(key_hash, 0), length)
            owner = owners.get(key_hash)
            # The smallest digest, with its text: the same whatever the order.
            if owner is None or digest < owner or (digest == owner and key_hash not in texts):
                owners[key_hash] = digest
                texts[key_hash] = block.text

    def fit(self, pages: Iterable[tuple[str | None, str]]) -> SiteProfile:
        """Count every ``(site, text)`` page and return the profile itself.

        ``site`` is a URL or a site key (see ``key``); ``None`` for none.

        >>> SiteProfile().fit([("https://x.example/a", "Hello")]).sites
        ('x.example',)
        >>> SiteProfile().fit(["just text"])
        Traceback (most recent call last):
        ...
        TypeError: fit() takes (site, text) pairs, e.g. fit(zip(urls, texts)); got a str
        """
        if isinstance(pages, (str, bytes)):
            raise TypeError("fit() takes an iterable of (site, text) pairs, not one text")
        for page in pages:
            if not isinstance(page, (tuple, list)) or len(page) != 2:
                raise TypeError(
                    "fit() takes (site, text) pairs, e.g. fit(zip(urls, texts)); "
                    f"got a {type(page).__name__}"
                )
            where, text = page
            self.add(text, site=where)
        return self

    def merge(self, other: SiteProfile) -> SiteProfile:
        """Add another profile's counts to this one (same settings) and return it.

        Fitting parts of a corpus and merging gives the profile of the whole:
        this is the reduce step of :mod:`dedup.site_dask`.

        >>> a = SiteProfile(min_pages=2).fit([("x.example", "Menu\\nOne")])
        >>> b = SiteProfile(min_pages=2).fit([("x.example", "Menu\\nTwo")])
        >>> a.merge(b) == SiteProfile(min_pages=2).fit(
        ...     [("x.example", "Menu\\nTwo"), ("x.example", "Menu\\nOne")])
        True
        """
        if not isinstance(other, SiteProfile):
            raise TypeError(f"merge() takes a SiteProfile, not {type(other).__name__}")
        if self._settings() != other._settings():
            raise ValueError(
                "cannot merge profiles with different thresholds: "
                f"{self._describe()} here, {other._describe()} there"
            )
        self._need_complete("merge into")
        other._need_complete("merge from")
        self.pages_without_site += other.pages_without_site
        for name, theirs in other._sites.items():
            record = self._sites.get(name)
            if record is None:
                record = self._sites[name] = _Site()
            counts, owners, texts = record.counts, record.owners, record.texts
            their_counts, their_owners, their_texts = theirs.counts, theirs.owners, theirs.texts
            lengths, their_lengths = record.lengths, theirs.lengths
            record.pages += theirs.pages
            for key_hash, count in their_counts.items():
                counts[key_hash] = counts.get(key_hash, 0) + count
                lengths[key_hash] = max(lengths.get(key_hash, 0), their_lengths[key_hash])
                owner, their_owner = owners.get(key_hash), their_owners[key_hash]
                if owner is None or their_owner < owner:
                    owners[key_hash] = their_owner
                    if key_hash in their_texts:
                        texts[key_hash] = their_texts[key_hash]
                elif key_hash not in texts and key_hash in their_texts:
                    texts[key_hash] = their_texts[key_hash]
        return self

    def _need_complete(self, action: str) -> None:
        if not self.complete:
            raise ProfileError(
                f"cannot {action} a profile saved without its single-page counts; "
                "fit again, or save with save(path, complete=True) to keep fitting later"
            )

    # -- what it learned -------------------------------------------------

    @property
    def sites(self) -> tuple[str, ...]:
        """The site keys seen, sorted."""
        return tuple(sorted(self._sites))

    @property
    def pages(self) -> int:
        """Pages counted, with and without a site."""
        return self.pages_without_site + sum(site.pages for site in self._sites.values())

    def site_pages(self, site: str | None) -> int:
        """How many pages of ``site`` (a URL or key) were counted; 0 for an unknown site."""
        name = self.site_key(site)
        record = None if name is None else self._sites.get(name)
        return 0 if record is None else record.pages

    def _settings(self) -> tuple[int, int, float]:
        return self.min_pages, self.min_text_pages, self.min_fraction

    def _describe(self) -> str:
        return (
            f"min_pages={self.min_pages}, min_text_pages={self.min_text_pages}, "
            f"min_fraction={self.min_fraction}"
        )

    def boilerplate(
        self,
        site: str | None,
        *,
        limit: int | None = None,
        config: CleanConfig | None = None,
        **options: object,
    ) -> list[BoilerplateBlock]:
        """List the boilerplate blocks of ``site``, most pages first, then by text.

        ``config`` and ``options`` give ``label_chars``, which tells a label
        from text, as in :meth:`clean`: the list is what :meth:`clean` removes.

        >>> pages = [("x", "A\\nB\\nC"), ("x", "A\\nB"), ("x", "A\\nThe same long sentence.")]
        >>> [(b.text, b.pages) for b in SiteProfile(min_pages=2).fit(pages).boilerplate("x")]
        [('A', 3), ('B', 2)]
        """
        label_chars = resolve_config(config, options).label_chars
        name = self.site_key(site)
        record = None if name is None else self._sites.get(name)
        if record is None:
            return []
        counts, texts, lengths = record.counts, record.texts, record.lengths
        need = _need_by_length(self._settings(), record.pages, label_chars)
        found = [
            BoilerplateBlock(key_hash, count, texts.get(key_hash))
            for key_hash, count in counts.items()
            if count >= need(lengths[key_hash])
        ]
        found.sort(key=lambda b: (-b.pages, b.text or "", b.key_hash))
        return found[:limit] if limit is not None else found

    # -- cleaning --------------------------------------------------------

    def analyze(
        self,
        text: str,
        *,
        site: str | None,
        keep_first: bool = False,
        config: CleanConfig | None = None,
        **options: object,
    ) -> Analysis:
        """Remove ``site``'s boilerplate from ``text``, clean the rest, and report.

        Removed boilerplate has reason ``boilerplate``, the site, and the
        number of the site's pages it was seen on; it has no covering block.
        ``config`` and ``options`` are those of :func:`dedup.clean`.

        >>> profile = SiteProfile(min_pages=2).fit([("x", "Menu\\nOne"), ("x", "Menu\\nTwo")])
        >>> profile.analyze("Menu\\nOne", site="x").summary()
        '2 blocks -> 1 kept; removed: 1 boilerplate'
        """
        settings = resolve_config(config, options)
        blocks = page_blocks(check_text(text, "analyze"))
        preset = self._preset(blocks, site, keep_first, settings)
        return analyze_blocks(blocks, settings, preset=preset)

    def _preset(
        self, blocks: list[Block], site: str | None, keep_first: object, settings: CleanConfig
    ) -> dict[int, Decision] | None:
        """Decide the page's boilerplate blocks; None for a page of no known site."""
        if not isinstance(keep_first, bool):
            raise TypeError(f"keep_first must be True or False, not {keep_first!r}")
        name = self.site_key(site)
        record = None if name is None else self._sites.get(name)
        if name is None or record is None:
            return None
        counts, owners, lengths = record.counts, record.owners, record.lengths
        need = _need_by_length(self._settings(), record.pages, settings.label_chars)

        def pages_of(key_hash: int) -> int:
            count = counts.get(key_hash, 0)
            return count if count and count >= need(lengths[key_hash]) else 0

        if keep_first:
            digest = page_digest(blocks)

            def keep(key_hash: int) -> bool:
                return owners.get(key_hash) == digest

        else:

            def keep(key_hash: int) -> bool:  # noqa: ARG001 - same signature as above
                return False

        return _boilerplate_preset(blocks, name, pages_of, keep)

    def clean(
        self,
        text: str,
        *,
        site: str | None,
        keep_first: bool = False,
        config: CleanConfig | None = None,
        **options: object,
    ) -> str:
        r"""Remove ``site``'s boilerplate from ``text``, then clean it as :func:`dedup.clean`.

        For a page without a site, or of a site the profile never saw, this
        is exactly ``dedup.clean(text)``.

        >>> profile = SiteProfile(min_pages=2).fit([("x", "Menu\nOne"), ("x", "Menu\nTwo")])
        >>> profile.clean("Menu\nTwo\nTwo", site="x")
        'Two\n'
        >>> [profile.clean(t, site="x", keep_first=True) for t in ("Menu\nOne", "Menu\nTwo")]
        ['Menu\nOne\n', 'Two\n']
        """
        settings = resolve_config(config, options)
        blocks = page_blocks(check_text(text, "clean"))
        preset = self._preset(blocks, site, keep_first, settings)
        return clean_blocks(blocks, settings, preset=preset)

    # -- equality and persistence ----------------------------------------

    def _state(self) -> tuple[object, ...]:
        sites = {
            name: (record.pages, record.counts, record.owners, record.lengths)
            for name, record in self._sites.items()
        }
        return (*self._settings(), self.pages_without_site, self.complete, sites)

    def __eq__(self, other: object) -> bool:
        # Block texts are for display only: which of several identical-key
        # texts is kept can depend on how a profile was saved and refitted.
        if not isinstance(other, SiteProfile):
            return NotImplemented
        return self._state() == other._state()

    __hash__ = None  # type: ignore[assignment]  # mutable: counts change with add()

    def __repr__(self) -> str:
        return f"SiteProfile({self._describe()}; {len(self._sites)} sites, {self.pages} pages)"

    def to_json(self, *, complete: bool = False) -> dict[str, Any]:
        """Return the profile as a JSON-ready dict (see :meth:`save`)."""
        if complete:
            self._need_complete("save complete counts of")
        sites: dict[str, Any] = {}
        for name in sorted(self._sites):
            record = self._sites[name]
            counts, owners, texts, lengths = (
                record.counts,
                record.owners,
                record.texts,
                record.lengths,
            )
            # [hash, pages, owner digest, longest text length, text]; the
            # text, for display, only where a key is on more than one page.
            rows = [
                [
                    f"{key_hash:016x}",
                    count,
                    f"{owners[key_hash]:016x}",
                    lengths[key_hash],
                    *([texts.get(key_hash)] if count > 1 else []),
                ]
                for key_hash, count in sorted(counts.items())
                if complete or count > 1
            ]
            sites[name] = {"pages": record.pages, "blocks": rows}
        return {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "settings": {
                "min_pages": self.min_pages,
                "min_text_pages": self.min_text_pages,
                "min_fraction": self.min_fraction,
            },
            "complete": complete and self.complete,
            "pages_without_site": self.pages_without_site,
            "sites": sites,
        }

    def save(self, path: str | os.PathLike[str], *, complete: bool = False) -> None:
        """Write the profile to ``path`` as JSON (never pickle), atomically.

        By default only blocks seen on at least 2 pages are written: all that
        cleaning needs. ``complete=True`` writes every count, so the loaded
        profile can :meth:`fit` more pages or :meth:`merge`. The file appears
        only when fully written.

        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "profile.json")
        >>> profile = SiteProfile(min_pages=2).fit([("x", "Menu\\nOne"), ("x", "Menu\\nTwo")])
        >>> profile.save(path)
        >>> SiteProfile.load(path) == profile, SiteProfile.load(path).complete
        (False, False)
        >>> SiteProfile.load(path).clean("Menu\\nThree", site="x")
        'Three\\n'
        """
        _write_json(path, self.to_json(complete=complete))

    @classmethod
    def from_json(
        cls, data: object, *, key: Callable[[str | None], str | None] = url_host, source: str = ""
    ) -> SiteProfile:
        """Build a profile from :meth:`to_json` output, checking every field first.

        >>> SiteProfile.from_json({"format": FORMAT_NAME, "version": 99})
        Traceback (most recent call last):
        ...
        dedup.site.ProfileError: the profile was written in format version 99 by a newer \
pagededup; this one reads versions up to 2. Upgrade: pip install -U pagededup
        """
        key = _check_key(key)  # the caller's mistake, not the file's
        where = f"{source} " if source else "the profile "
        data, version = _check_header(
            data,
            FORMAT_NAME,
            FORMAT_VERSION,
            where,
            "`dedup fit` or SiteProfile.fit(...).save(path)",
        )
        try:
            settings = data["settings"]
            profile = cls(
                min_pages=settings["min_pages"],
                # Version 1 had one threshold for labels and text alike.
                min_text_pages=settings["min_text_pages"] if version > 1 else settings["min_pages"],
                min_fraction=settings["min_fraction"],
                key=key,
            )
            complete = data["complete"]
            without = data["pages_without_site"]
            if not isinstance(complete, bool) or not _whole(without):
                raise TypeError("complete or pages_without_site")
            sites: dict[str, _Site] = {}
            for name, body in data["sites"].items():
                pages = body["pages"]
                if not isinstance(name, str) or not name or not _whole(pages):
                    raise TypeError(f"site {name!r}")
                record = _Site(pages)
                counts, owners, texts, lengths = (
                    record.counts,
                    record.owners,
                    record.texts,
                    record.lengths,
                )
                for row in body["blocks"]:
                    key_hash, count, owner = int(row[0], 16), row[1], int(row[2], 16)
                    if not _whole(count) or count < 1 or count > pages:
                        raise TypeError(f"count {count!r} of site {name!r}")
                    # Version 1 rows have no length: its one threshold never needed it.
                    length, rest = (0, row[3:]) if version == 1 else (row[3], row[4:])
                    if not _whole(length) or len(rest) > 1:
                        raise TypeError(f"row {row!r} of site {name!r}")
                    text = rest[0] if rest else None
                    if text is not None and not isinstance(text, str):
                        raise TypeError(f"text {text!r} of site {name!r}")
                    counts[key_hash], owners[key_hash], lengths[key_hash] = count, owner, length
                    if text is not None:
                        texts[key_hash] = text
                sites[name] = record
        except ProfileError:
            raise
        except _MALFORMED as error:
            raise _corrupt(
                where, error, "re-create it with `dedup fit` or SiteProfile.fit(...).save(path)"
            ) from error
        # Only now, with every field checked, does the new profile take the data.
        profile.complete = complete
        profile.pages_without_site = without
        profile._sites = sites
        return profile

    @classmethod
    def load(
        cls, path: str | os.PathLike[str], *, key: Callable[[str | None], str | None] = url_host
    ) -> SiteProfile:
        """Read a profile written by :meth:`save`; raise :class:`ProfileError` if unusable.

        A new profile is returned, or nothing: a corrupt or newer file
        changes no existing object.

        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "broken.json")
        >>> _ = open(path, "w").write('{"format": "pagededup-site-profile", "vers')
        >>> SiteProfile.load(path)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        dedup.site.ProfileError: .../broken.json is not valid JSON (line 1, column 38: \
Unterminated string...); re-create it with `dedup fit` or SiteProfile.fit(...).save(path)
        """
        name = os.fspath(path)
        data = _read_json(path, "`dedup fit` or SiteProfile.fit(...).save(path)")
        return cls.from_json(data, key=key, source=name)


# What reading a well-formed JSON document of the wrong shape can raise.
_MALFORMED = (KeyError, IndexError, TypeError, ValueError, AttributeError)


def _corrupt(where: str, error: Exception, remedy: str) -> ProfileError:
    return ProfileError(f"{where}is corrupt ({type(error).__name__}: {error}); {remedy}")


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _write_json(path: str | os.PathLike[str], data: dict[str, Any]) -> None:
    """Write ``data`` to ``path`` so the file appears only when fully written."""
    # ASCII escapes: a page may carry a lone surrogate, which UTF-8 cannot write.
    text = json.dumps(data, ensure_ascii=True, indent=None)
    target = Path(path)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("w", encoding="utf-8") as handle:
            handle.write(text)
            handle.write("\n")
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def _read_json(path: str | os.PathLike[str], remedy: str) -> object:
    """Read a profile file's JSON; every failure is a ProfileError saying how to re-create it."""
    name = os.fspath(path)
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except OSError as error:
        raise ProfileError(f"cannot read profile {name}: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise ProfileError(
            f"{name} is not a profile (not UTF-8 text); re-create it with {remedy}"
        ) from error
    except json.JSONDecodeError as error:
        raise ProfileError(
            f"{name} is not valid JSON (line {error.lineno}, column {error.colno}: "
            f"{error.msg}); re-create it with {remedy}"
        ) from error


def _check_header(
    data: object, name: str, newest: int, where: str, remedy: str
) -> tuple[dict[str, Any], int]:
    """Check a profile's format name and version; return the data and the version."""
    if not isinstance(data, dict) or data.get("format") != name:
        raise ProfileError(
            f"{where}is not a pagededup {name.removeprefix('pagededup-').replace('-', ' ')} "
            f'(no "format": "{name}"); create one with {remedy}'
        )
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ProfileError(f"{where}has no valid format version ({version!r}); re-create it")
    if version > newest:
        raise ProfileError(
            f"{where}was written in format version {version} by a newer pagededup; "
            f"this one reads versions up to {newest}. Upgrade: pip install -U pagededup"
        )
    return data, version


# -- streaming -----------------------------------------------------------------


class _SpaceSaving:
    """Space-saving counts (Metwally et al., 2005) in at most ``capacity`` entries.

    Each tracked item has a count, an error (the count of the item it
    replaced) and a value: the largest passed to :meth:`add` since it was
    tracked. For every item, with N the number of increments so far,
    ``count - error <= true <= count`` for tracked items, and an untracked
    item's true count is at most the smallest tracked count, which is at
    most N / capacity. Items sit in buckets by count, so an increment and a
    replacement are O(1); the bucket dicts keep insertion order, so which
    item is replaced depends only on the order of the stream.
    """

    __slots__ = ("buckets", "capacity", "entries", "evicted", "low")

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.entries: dict[Any, list[int]] = {}  # item -> [count, error, value]
        self.buckets: dict[int, dict[Any, None]] = {}  # count -> items, oldest first
        self.low = 0  # the smallest count in the table
        self.evicted = False

    def _leave(self, item: object, count: int) -> bool:
        """Take ``item`` out of its bucket; True when the bucket is now empty."""
        bucket = self.buckets[count]
        del bucket[item]
        if bucket:
            return False
        del self.buckets[count]
        return True

    def add(self, item: object, value: int = 0) -> None:
        entry = self.entries.get(item)
        if entry is None and len(self.entries) < self.capacity:
            self.entries[item] = [1, 0, value]
            self.buckets.setdefault(1, {})[item] = None
            self.low = 1
            return
        if entry is None:
            # Replace the oldest item of the lowest bucket; the newcomer
            # inherits its count as error, so counts stay upper bounds.
            count = self.low
            victim = next(iter(self.buckets[count]))
            del self.entries[victim]
            emptied = self._leave(victim, count)
            self.entries[item] = [count + 1, count, value]
            self.evicted = True
        else:
            count = entry[0]
            emptied = self._leave(item, count)
            entry[0] = count + 1
            entry[2] = max(entry[2], value)
        self.buckets.setdefault(count + 1, {})[item] = None
        if emptied and count == self.low:
            # Nothing is left at the old minimum, and the item is one above it.
            self.low = count + 1

    def rows(self) -> Iterator[tuple[Any, int, int, int]]:
        """Yield ``(item, count, error, value)``: lowest count first, oldest first within one.

        That order is all that decides later replacements, so :meth:`restore`
        from it gives a table that goes on exactly as this one would.
        """
        for count in sorted(self.buckets):
            for item in self.buckets[count]:
                _, error, value = self.entries[item]
                yield item, count, error, value

    @classmethod
    def restore(
        cls, capacity: int, rows: Iterable[tuple[Any, int, int, int]], *, evicted: bool
    ) -> _SpaceSaving:
        """Rebuild a table from :meth:`rows`; raise ValueError if they cannot be one."""
        table = cls(capacity)
        last = 0
        for item, count, error, value in rows:
            if not (_whole(count) and _whole(error) and error < count and count >= last):
                raise ValueError(f"count {count!r} or error {error!r} of {item!r}")
            if error and not evicted:
                raise ValueError(f"error {error!r} of {item!r} in a table that never replaced one")
            if not _whole(value):
                raise ValueError(f"value {value!r} of {item!r}")
            if item in table.entries or len(table.entries) >= capacity:
                raise ValueError(f"{item!r} twice, or more than {capacity} entries")
            table.entries[item] = [count, error, value]
            table.buckets.setdefault(count, {})[item] = None
            last = count
        table.low = min(table.buckets, default=0)
        table.evicted = evicted
        return table

    def value(self, item: object) -> int | None:
        """Return the item's largest value, or None when it may have been evicted before."""
        entry = self.entries.get(item)
        # With no error the item was tracked from its first add: nothing was lost.
        return None if entry is None or entry[1] else entry[2]

    def lower(self, item: object) -> int:
        """Return a count the item certainly reached."""
        entry = self.entries.get(item)
        return 0 if entry is None else entry[0] - entry[1]

    def upper(self, item: object) -> int:
        """Return a count the item certainly did not pass."""
        entry = self.entries.get(item)
        if entry is not None:
            return entry[0]
        return self.low if len(self.entries) >= self.capacity else 0


class StreamingSiteProfile:
    r"""Site boilerplate for endless crawls: bounded memory, one pass.

    Two capped tables hold the counts: at most ``max_blocks`` (site, block)
    entries and ``max_sites`` site page counts, so memory stays bounded
    whatever the crawl's size. Both use the space-saving algorithm, which
    keeps an error bound for each entry. Decisions use the safe side of each
    bound: the *lower* bound of a block's page count, and the *upper* bound
    of its site's pages. An estimate error can only keep a block, never
    remove one the exact counts would keep.

    **Error bound.** With N the (site, block) increments so far (each page
    adds one per distinct block), a block's page count is underestimated by
    at most N / ``max_blocks``; likewise a site's page count is
    overestimated by at most (pages so far) / ``max_sites``. While the stream
    has at most ``max_blocks`` distinct (site, block) pairs and
    ``max_sites`` sites, nothing is evicted and every count is exact.

    **Order.** :meth:`clean_stream` cleans each page with what the stream
    taught it so far, itself included. So unlike :class:`SiteProfile`:

    * the first pages of a site keep its boilerplate: a block goes from the
      page on which it reaches ``min_pages`` pages (``min_text_pages`` for
      text, and ``min_fraction`` of the site's pages so far); which pages
      those are depends on the order;
    * with evictions, which entries survive depends on the order too, within
      the bound above. A replaced entry may have missed a longer copy of its
      block, so it is held to ``min_text_pages``, the safe side.

    With exact counts (no eviction), the table after a set of pages is the
    same in any order, and :meth:`clean` on it gives what
    :class:`SiteProfile` fitted on the same pages gives (``keep_first`` has
    no streaming form: in a stream the first copies are those kept anyway).

    >>> stream = StreamingSiteProfile(min_pages=2, max_blocks=1000, max_sites=10)
    >>> list(stream.clean_stream([("x", "Menu\nOne"), ("x", "Menu\nTwo"), ("x", "Menu\nThree")]))
    ['Menu\nOne\n', 'Two\n', 'Three\n']
    >>> stream.clean("Menu\nOne", site="x")
    'One\n'

    **Saving.** :meth:`save` writes the tables as JSON, replacement order
    included, so a crawl can stop and resume: the loaded stream goes on
    exactly as the saved one would have.
    """

    def __init__(
        self,
        *,
        max_blocks: int = 1_000_000,
        max_sites: int = 100_000,
        min_pages: int = 3,
        min_text_pages: int = 3,
        min_fraction: float = 0.5,
        key: Callable[[str | None], str | None] = url_host,
    ) -> None:
        self.min_pages, self.min_text_pages, self.min_fraction = _check_thresholds(
            min_pages, min_text_pages, min_fraction
        )
        for name, value in (("max_blocks", max_blocks), ("max_sites", max_sites)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a whole number of at least 1, not {value!r}")
        self.max_blocks = max_blocks
        self.max_sites = max_sites
        self.key = _check_key(key)
        self.pages_without_site = 0
        self._blocks = _SpaceSaving(max_blocks)
        self._sites = _SpaceSaving(max_sites)

    def site_key(self, where: str | None) -> str | None:
        """Return the site key of a page's site, URL or key, as :class:`SiteProfile` does."""
        site = self.key(where)
        if site is not None and not isinstance(site, str):
            raise TypeError(f"key() must return a str or None, not {type(site).__name__}")
        return site or None

    @property
    def exact(self) -> bool:
        """True while nothing was evicted: every count is exact."""
        return not (self._blocks.evicted or self._sites.evicted)

    def add(self, text: str, *, site: str | None) -> None:
        """Count one page of ``site``."""
        text = check_text(text, "add")
        name = self.site_key(site)
        if name is None:
            self.pages_without_site += 1
            return
        self._sites.add(name)
        for key_hash, (_, length) in _page_keys(page_blocks(text)).items():
            self._blocks.add((name, key_hash), length)

    def analyze(
        self, text: str, *, site: str | None, config: CleanConfig | None = None, **options: object
    ) -> Analysis:
        """Clean ``text`` with the counts so far, as :meth:`SiteProfile.analyze` does."""
        settings = resolve_config(config, options)
        blocks = page_blocks(check_text(text, "analyze"))
        return analyze_blocks(blocks, settings, preset=self._preset(blocks, site, settings))

    def _preset(
        self, blocks: list[Block], site: str | None, settings: CleanConfig
    ) -> dict[int, Decision] | None:
        """Decide the page's boilerplate blocks with the counts so far; None without a site."""
        name = self.site_key(site)
        if name is None:
            return None
        thresholds = (self.min_pages, self.min_text_pages, self.min_fraction)
        need = _need_by_length(thresholds, self._sites.upper(name), settings.label_chars)

        def pages_of(key_hash: int) -> int:
            count = self._blocks.lower((name, key_hash))
            # value() is None for a replaced entry, which may have missed a
            # longer copy: need() holds it to text's bar.
            return count if count and count >= need(self._blocks.value((name, key_hash))) else 0

        return _boilerplate_preset(blocks, name, pages_of, lambda _: False)

    def clean(
        self, text: str, *, site: str | None, config: CleanConfig | None = None, **options: object
    ) -> str:
        """Clean ``text`` with the counts so far; the page itself is not counted."""
        settings = resolve_config(config, options)
        blocks = page_blocks(check_text(text, "clean"))
        return clean_blocks(blocks, settings, preset=self._preset(blocks, site, settings))

    def clean_stream(
        self,
        pages: Iterable[tuple[str | None, str]],
        *,
        config: CleanConfig | None = None,
        **options: object,
    ) -> Iterator[str]:
        """Count each ``(site, text)`` page, then clean it with the counts so far."""
        settings = resolve_config(config, options)
        for where, text in pages:
            self.add(text, site=where)
            yield self.clean(text, site=where, config=settings)

    # -- persistence -----------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """Return the stream's settings and tables as a JSON-ready dict (see :meth:`save`)."""
        return {
            "format": STREAM_FORMAT_NAME,
            "version": STREAM_FORMAT_VERSION,
            "settings": {
                "min_pages": self.min_pages,
                "min_text_pages": self.min_text_pages,
                "min_fraction": self.min_fraction,
                "max_blocks": self.max_blocks,
                "max_sites": self.max_sites,
            },
            "pages_without_site": self.pages_without_site,
            "sites": {
                "evicted": self._sites.evicted,
                "rows": [[site, count, error] for site, count, error, _ in self._sites.rows()],
            },
            "blocks": {
                "evicted": self._blocks.evicted,
                "rows": [
                    [site, f"{key_hash:016x}", count, error, length]
                    for (site, key_hash), count, error, length in self._blocks.rows()
                ],
            },
        }

    def save(self, path: str | os.PathLike[str]) -> None:
        r"""Write the stream to ``path`` as JSON (never pickle), atomically, to resume later.

        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "stream.json")
        >>> pages = [("x", "Menu\nOne"), ("x", "Menu\nTwo"), ("x", "Menu\nThree")]
        >>> stream = StreamingSiteProfile(min_pages=2, max_blocks=3, max_sites=2)
        >>> list(stream.clean_stream(pages[:2]))
        ['Menu\nOne\n', 'Two\n']
        >>> stream.save(path)
        >>> resumed = StreamingSiteProfile.load(path)
        >>> list(resumed.clean_stream(pages[2:])) == list(stream.clean_stream(pages[2:]))
        True
        >>> resumed.to_json() == stream.to_json()
        True
        """
        _write_json(path, self.to_json())

    @classmethod
    def from_json(
        cls, data: object, *, key: Callable[[str | None], str | None] = url_host, source: str = ""
    ) -> StreamingSiteProfile:
        """Build a stream from :meth:`to_json` output, checking every field first."""
        key = _check_key(key)  # the caller's mistake, not the file's
        where = f"{source} " if source else "the streaming profile "
        data, _ = _check_header(
            data,
            STREAM_FORMAT_NAME,
            STREAM_FORMAT_VERSION,
            where,
            "StreamingSiteProfile(...).save(path)",
        )
        try:
            settings = data["settings"]
            stream = cls(
                max_blocks=settings["max_blocks"],
                max_sites=settings["max_sites"],
                min_pages=settings["min_pages"],
                min_text_pages=settings["min_text_pages"],
                min_fraction=settings["min_fraction"],
                key=key,
            )
            without = data["pages_without_site"]
            sites, blocks = data["sites"], data["blocks"]
            if not _whole(without) or not all(
                isinstance(table["evicted"], bool) for table in (sites, blocks)
            ):
                raise TypeError("pages_without_site or evicted")
            site_rows = [
                (_site_name(site), count, error, 0) for site, count, error in sites["rows"]
            ]
            block_rows = [
                ((_site_name(site), int(digest, 16)), count, error, length)
                for site, digest, count, error, length in blocks["rows"]
            ]
            site_table = _SpaceSaving.restore(stream.max_sites, site_rows, evicted=sites["evicted"])
            block_table = _SpaceSaving.restore(
                stream.max_blocks, block_rows, evicted=blocks["evicted"]
            )
            # A block's site is counted before the block; only a full site
            # table can have let that site go since.
            if len(site_table.entries) < stream.max_sites:
                for (site, _), *_ in block_rows:
                    if site not in site_table.entries:
                        raise ValueError(f"blocks of site {site!r}, which has no page count")
        except _MALFORMED as error:
            raise _corrupt(
                where, error, "it cannot be resumed: start a new StreamingSiteProfile"
            ) from error
        # Only now, with every field checked, does the new stream take the data.
        stream.pages_without_site = without
        stream._sites, stream._blocks = site_table, block_table
        return stream

    @classmethod
    def load(
        cls, path: str | os.PathLike[str], *, key: Callable[[str | None], str | None] = url_host
    ) -> StreamingSiteProfile:
        """Read a stream written by :meth:`save`; raise :class:`ProfileError` if unusable."""
        data = _read_json(path, "StreamingSiteProfile(...).save(path)")
        return cls.from_json(data, key=key, source=os.fspath(path))


def _site_name(site: object) -> str:
    if not isinstance(site, str) or not site:
        raise TypeError(f"site {site!r}")
    return site
