"""The exact site profile: per-site document frequencies of blocks, and its JSON form."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any, NamedTuple

from dedup.analysis import Analysis, analyze_blocks, check_text, clean_blocks
from dedup.blocks import Block, page_blocks
from dedup.config import CleanConfig, ProfileConfig, is_whole_number, resolve_config
from dedup.decide import Decision
from dedup.site.base import ProfileBase, boilerplate_preset
from dedup.site.counts import SiteCounts
from dedup.site.files import (
    MALFORMED,
    ProfileError,
    check_header,
    corrupt,
    parse_json,
    read_json,
    write_json,
)
from dedup.site.keys import KeyFunction, check_key, page_digest, url_host

__all__ = ["FORMAT_NAME", "FORMAT_VERSION", "BoilerplateBlock", "SiteProfile"]

FORMAT_NAME = "pagededup-site-profile"
#: The profile file format this version writes, and the newest it reads.
#: Version 2 added ``min_text_pages``; a version 1 file reads with
#: ``min_text_pages = min_pages``, which is how it cleaned when written.
#: Version 3 added ``duplicate_pages`` and, in complete files, each site's
#: pages; an older file reads with none skipped and no pages known.
FORMAT_VERSION = 3

# How to make a profile, in every message about one that cannot be read.
_REMEDY = "`dedup fit` or SiteProfile.fit(...).save(path)"


class BoilerplateBlock(NamedTuple):
    """One boilerplate block of a site, as :meth:`SiteProfile.boilerplate` lists it."""

    key_hash: int
    """:func:`block_hash` of the block's matching key."""
    pages: int
    """On how many of the site's pages it appears."""
    text: str | None
    """The block as printed on its first page (see ``keep_first``); ``None`` if unknown."""


class SiteProfile(ProfileBase):
    r"""Per-site document frequencies of blocks, and the cleaning they allow.

    Settings (keyword-only): ``config``, a :class:`~dedup.config.ProfileConfig`
    that holds the thresholds and is saved with the profile, or any of its
    fields as a keyword (``min_pages=2``), which overrides the config's; and
    ``key`` (default :func:`~dedup.site.keys.url_host`), which maps what is
    passed as a page's site (a URL, say) to the site key. ``key`` is not
    saved: pass it again to :meth:`load`. A block is text rather than a label
    when any of its copies on the site's pages is, so every page of the site
    gets the same verdict.

    **Deterministic.** :meth:`fit` only adds counts, so the profile (and so
    every :meth:`clean`) does not depend on page order; profiles fitted on
    parts of a corpus :meth:`merge` into the profile of the whole.

    **Duplicate pages.** A page whose folded text was counted before for its
    site (the same article at two URLs, a re-fetched page) is skipped and
    counted in ``duplicate_pages``, so repeats never stand in for more pages.
    To know them, the profile keeps each fitted page's 64-bit digest and the
    64-bit hashes of its blocks: 8 bytes per page and 8 per block of it, on
    top of the per-block counts. The block hashes let :meth:`merge` count a
    page that both parts counted once. ``save(path, complete=True)`` keeps
    them; a default save, which can clean but not fit, leaves them out.

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
        config: ProfileConfig | None = None,
        key: KeyFunction = url_host,
        **thresholds: object,
    ) -> None:
        super().__init__(config, thresholds, key)
        self.complete = True
        """False for a profile saved without its single-page counts: it can clean, not fit."""
        self.duplicate_pages = 0
        """Pages skipped because their site's profile had counted the same page before."""
        self._sites: dict[str, SiteCounts] = {}

    # -- learning --------------------------------------------------------

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
            record = self._sites[name] = SiteCounts()
        if not record.add_page(page_blocks(text)):
            self.duplicate_pages += 1

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
        this is the reduce step of :func:`dedup.dask.fit_bag`.

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
        self.duplicate_pages += other.duplicate_pages
        for name, theirs in other._sites.items():
            record = self._sites.get(name)
            if record is None:
                record = self._sites[name] = SiteCounts()
            self.duplicate_pages += record.merge(theirs)
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
        need = self._need(record.pages, label_chars)
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
        blocks, settings, preset = self._page(
            text, "analyze", site=site, keep_first=keep_first, config=config, options=options
        )
        return analyze_blocks(blocks, settings, preset=preset)

    def _preset(
        self, blocks: list[Block], site: str, keep_first: bool, settings: CleanConfig
    ) -> dict[int, Decision] | None:
        record = self._sites.get(site)
        if record is None:
            return None
        counts, owners, lengths = record.counts, record.owners, record.lengths
        need = self._need(record.pages, settings.label_chars)

        def pages_of(key_hash: int) -> int:
            count = counts.get(key_hash, 0)
            return count if count and count >= need(lengths[key_hash]) else 0

        # keep_first: the page keeps the copies it owns (see the class docstring).
        digest = page_digest(blocks) if keep_first else None

        def keep(key_hash: int) -> bool:
            return digest is not None and owners.get(key_hash) == digest

        return boilerplate_preset(blocks, site, pages_of, keep)

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
        blocks, settings, preset = self._page(
            text, "clean", site=site, keep_first=keep_first, config=config, options=options
        )
        return clean_blocks(blocks, settings, preset=preset)

    # -- equality and persistence ----------------------------------------

    def _state(self) -> tuple[object, ...]:
        sites = {name: record.state() for name, record in self._sites.items()}
        return (
            *self._settings(),
            self.pages_without_site,
            self.duplicate_pages,
            self.complete,
            sites,
        )

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
        sites = {name: self._sites[name].to_json(complete=complete) for name in sorted(self._sites)}
        return {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "settings": self._settings_json(),
            "complete": complete and self.complete,
            "pages_without_site": self.pages_without_site,
            "duplicate_pages": self.duplicate_pages,
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
        write_json(path, self.to_json(complete=complete))

    @classmethod
    def from_json(
        cls, data: object, *, key: KeyFunction = url_host, source: str = ""
    ) -> SiteProfile:
        """Build a profile from :meth:`to_json` output, checking every field first.

        >>> SiteProfile.from_json({"format": FORMAT_NAME, "version": 99})  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        dedup.site.files.ProfileError: the profile was written in format version 99 by a newer \
pagededup; this one reads versions up to 3. Upgrade: git pull in the pagededup clone, ...
        """
        key = check_key(key)  # the caller's mistake, not the file's
        where = f"{source} " if source else "the profile "
        data, version = check_header(data, FORMAT_NAME, FORMAT_VERSION, where, _REMEDY)
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
            skipped = data["duplicate_pages"] if version > 2 else 0
            if not (
                isinstance(complete, bool) and is_whole_number(without) and is_whole_number(skipped)
            ):
                raise TypeError("complete, pages_without_site or duplicate_pages")
            sites = {
                name: SiteCounts.from_json(name, body, version)
                for name, body in data["sites"].items()
            }
        except MALFORMED as error:
            raise corrupt(where, error, f"re-create it with {_REMEDY}") from error
        # Only now, with every field checked, does the new profile take the data.
        profile.complete = complete
        profile.pages_without_site, profile.duplicate_pages = without, skipped
        profile._sites = sites
        return profile

    @classmethod
    def from_bytes(
        cls, data: bytes, *, key: KeyFunction = url_host, source: str = ""
    ) -> SiteProfile:
        """Build a profile from a profile file's bytes, read by the caller; as :meth:`load`.

        >>> SiteProfile.from_bytes(b'{"format": "x"', source="p.json")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        dedup.site.files.ProfileError: p.json is not valid JSON (...); re-create it with ...
        """
        return cls.from_json(parse_json(data, source, _REMEDY), key=key, source=source)

    @classmethod
    def load(cls, path: str | os.PathLike[str], *, key: KeyFunction = url_host) -> SiteProfile:
        """Read a profile written by :meth:`save`; raise :class:`ProfileError` if unusable.

        A new profile is returned, or nothing: a corrupt or newer file
        changes no existing object.

        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "broken.json")
        >>> _ = open(path, "w").write('{"format": "pagededup-site-profile", "vers')
        >>> SiteProfile.load(path)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        dedup.site.files.ProfileError: .../broken.json is not valid JSON (line 1, column 38: \
Unterminated string...); re-create it with `dedup fit` or SiteProfile.fit(...).save(path)
        """
        name = os.fspath(path)
        data = read_json(path, _REMEDY)
        return cls.from_json(data, key=key, source=name)
