"""The streaming site profile: boilerplate of an endless crawl, in bounded memory."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Any

from dedup.analysis import Analysis, analyze_blocks, check_text, clean_blocks
from dedup.blocks import Block, page_blocks
from dedup.config import (
    CleanConfig,
    ProfileConfig,
    check_whole_number,
    is_whole_number,
    resolve_config,
)
from dedup.decide import Decision
from dedup.site.base import ProfileBase, boilerplate_preset
from dedup.site.files import MALFORMED, check_header, corrupt, read_json, write_json
from dedup.site.keys import KeyFunction, check_key, page_digest, page_keys, url_host
from dedup.site.spacesaving import SpaceSaving

__all__ = ["STREAM_FORMAT_NAME", "STREAM_FORMAT_VERSION", "StreamingSiteProfile"]

STREAM_FORMAT_NAME = "pagededup-streaming-site-profile"
#: The streaming profile's file format (:meth:`StreamingSiteProfile.save`).
#: Version 2 added the pages it remembers and ``duplicate_pages``; a version 1
#: file resumes remembering none.
STREAM_FORMAT_VERSION = 2


class StreamingSiteProfile(ProfileBase):
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

    **Duplicate pages.** A page whose folded text was counted before for its
    site is skipped and counted in ``duplicate_pages``, as
    :class:`SiteProfile` does, but within a bound: the stream remembers the
    (site, 64-bit digest) of the last ``max_pages`` distinct pages it
    counted, oldest forgotten first. A page repeated after more than
    ``max_pages`` other distinct pages counts again. Each remembered page
    costs 8 bytes of digest plus its entry in a dict (about 100 bytes in
    CPython), so the default of 100,000 pages costs about 10 MB.

    **Saving.** :meth:`save` writes the tables as JSON, replacement order
    included, so a crawl can stop and resume: the loaded stream goes on
    exactly as the saved one would have.
    """

    def __init__(
        self,
        *,
        max_blocks: int = 1_000_000,
        max_sites: int = 100_000,
        max_pages: int = 100_000,
        config: ProfileConfig | None = None,
        key: KeyFunction = url_host,
        **thresholds: object,
    ) -> None:
        super().__init__(config, thresholds, key)
        self.max_blocks = check_whole_number("max_blocks", max_blocks, 1)
        self.max_sites = check_whole_number("max_sites", max_sites, 1)
        self.max_pages = check_whole_number("max_pages", max_pages, 1)
        self.duplicate_pages = 0
        """Pages skipped because the same page of the site was among the last ``max_pages``."""
        # (site, page digest) of the pages remembered, oldest first.
        self._recent: dict[tuple[str, int], None] = {}
        self._blocks: SpaceSaving[tuple[str, int]] = SpaceSaving(max_blocks)
        self._sites: SpaceSaving[str] = SpaceSaving(max_sites)

    @property
    def exact(self) -> bool:
        """True while nothing was evicted: every count is exact."""
        return not (self._blocks.evicted or self._sites.evicted)

    def add(self, text: str, *, site: str | None) -> None:
        """Count one page of ``site``; a page it remembers counting is skipped."""
        text = check_text(text, "add")
        name = self.site_key(site)
        if name is None:
            self.pages_without_site += 1
        else:
            self._count(name, page_blocks(text))

    def _count(self, name: str, blocks: list[Block]) -> None:
        page = (name, page_digest(blocks))
        if page in self._recent:
            self.duplicate_pages += 1
            return
        self._remember(page)
        self._sites.add(name)
        for key_hash, (_, length) in page_keys(blocks).items():
            self._blocks.add((name, key_hash), length)

    def _remember(self, page: tuple[str, int]) -> None:
        self._recent[page] = None
        if len(self._recent) > self.max_pages:
            del self._recent[next(iter(self._recent))]

    def analyze(
        self, text: str, *, site: str | None, config: CleanConfig | None = None, **options: object
    ) -> Analysis:
        """Clean ``text`` with the counts so far, as :meth:`SiteProfile.analyze` does."""
        blocks, settings, preset = self._page(
            text, "analyze", site=site, keep_first=False, config=config, options=options
        )
        return analyze_blocks(blocks, settings, preset=preset)

    def _preset(
        self,
        blocks: list[Block],
        site: str,
        keep_first: bool,  # noqa: ARG002 - one signature for both profiles
        settings: CleanConfig,
    ) -> dict[int, Decision] | None:
        # keep_first has no streaming form: in a stream the first copies are kept anyway.
        need = self._need(self._sites.upper(site), settings.label_chars)

        def pages_of(key_hash: int) -> int:
            count = self._blocks.lower((site, key_hash))
            # value() is None for a replaced entry, which may have missed a
            # longer copy: need() holds it to text's bar.
            return count if count and count >= need(self._blocks.value((site, key_hash))) else 0

        return boilerplate_preset(blocks, site, pages_of, lambda _: False)

    def clean(
        self, text: str, *, site: str | None, config: CleanConfig | None = None, **options: object
    ) -> str:
        """Clean ``text`` with the counts so far; the page itself is not counted."""
        blocks, settings, preset = self._page(
            text, "clean", site=site, keep_first=False, config=config, options=options
        )
        return clean_blocks(blocks, settings, preset=preset)

    def clean_stream(
        self,
        pages: Iterable[tuple[str | None, str]],
        *,
        config: CleanConfig | None = None,
        **options: object,
    ) -> Iterator[str]:
        """Count each ``(site, text)`` page, then clean it with the counts so far."""
        settings = resolve_config(config, options)
        for where, page in pages:
            # Each page is split once, for counting and cleaning alike; it is
            # added before it is cleaned, so a wrong type is add()'s error.
            text = check_text(page, "add")
            name = self.site_key(where)
            blocks = page_blocks(text)
            preset = None
            if name is None:
                self.pages_without_site += 1
            else:
                self._count(name, blocks)
                preset = self._preset(blocks, name, False, settings)
            yield clean_blocks(blocks, settings, preset=preset)

    # -- persistence -----------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """Return the stream's settings and tables as a JSON-ready dict (see :meth:`save`)."""
        return {
            "format": STREAM_FORMAT_NAME,
            "version": STREAM_FORMAT_VERSION,
            "settings": {
                **self._settings_json(),
                "max_blocks": self.max_blocks,
                "max_sites": self.max_sites,
                "max_pages": self.max_pages,
            },
            "pages_without_site": self.pages_without_site,
            "duplicate_pages": self.duplicate_pages,
            "pages": [[site, f"{digest:016x}"] for site, digest in self._recent],
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
        write_json(path, self.to_json())

    @classmethod
    def from_json(
        cls, data: object, *, key: KeyFunction = url_host, source: str = ""
    ) -> StreamingSiteProfile:
        """Build a stream from :meth:`to_json` output, checking every field first."""
        key = check_key(key)  # the caller's mistake, not the file's
        where = f"{source} " if source else "the streaming profile "
        data, version = check_header(
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
                # Version 1 remembered no pages; the default bound applies from now on.
                max_pages=settings["max_pages"] if version > 1 else 100_000,
                min_pages=settings["min_pages"],
                min_text_pages=settings["min_text_pages"],
                min_fraction=settings["min_fraction"],
                key=key,
            )
            without = data["pages_without_site"]
            skipped = data["duplicate_pages"] if version > 1 else 0
            recent = [(_site_name(site), int(digest, 16)) for site, digest in data.get("pages", [])]
            if len(set(recent)) != len(recent) or len(recent) > stream.max_pages:
                raise ValueError("pages remembered twice, or more than max_pages")
            sites, blocks = data["sites"], data["blocks"]
            if (
                not is_whole_number(without)
                or not is_whole_number(skipped)
                or not all(isinstance(table["evicted"], bool) for table in (sites, blocks))
            ):
                raise TypeError("pages_without_site or evicted")
            site_rows = [
                (_site_name(site), count, error, 0) for site, count, error in sites["rows"]
            ]
            block_rows = [
                ((_site_name(site), int(digest, 16)), count, error, length)
                for site, digest, count, error, length in blocks["rows"]
            ]
            site_table = SpaceSaving.restore(stream.max_sites, site_rows, evicted=sites["evicted"])
            block_table = SpaceSaving.restore(
                stream.max_blocks, block_rows, evicted=blocks["evicted"]
            )
            # A block's site is counted before the block; only a full site
            # table can have let that site go since.
            if len(site_table.entries) < stream.max_sites:
                for (site, _), *_ in block_rows:
                    if site not in site_table.entries:
                        raise ValueError(f"blocks of site {site!r}, which has no page count")
        except MALFORMED as error:
            raise corrupt(
                where, error, "it cannot be resumed: start a new StreamingSiteProfile"
            ) from error
        # Only now, with every field checked, does the new stream take the data.
        stream.pages_without_site, stream.duplicate_pages = without, skipped
        stream._recent = dict.fromkeys(recent)
        stream._sites, stream._blocks = site_table, block_table
        return stream

    @classmethod
    def load(
        cls, path: str | os.PathLike[str], *, key: KeyFunction = url_host
    ) -> StreamingSiteProfile:
        """Read a stream written by :meth:`save`; raise :class:`ProfileError` if unusable."""
        data = read_json(path, "StreamingSiteProfile(...).save(path)")
        return cls.from_json(data, key=key, source=os.fspath(path))


def _site_name(site: object) -> str:
    if not isinstance(site, str) or not site:
        raise TypeError(f"site {site!r}")
    return site
