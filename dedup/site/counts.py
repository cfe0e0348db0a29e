"""What an exact profile knows of one site, how it grows, and its rows in a profile file."""

from __future__ import annotations

from array import array
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from dedup.blocks import Block
from dedup.config import is_whole_number
from dedup.site.keys import page_digest, page_keys

__all__ = ["SiteCounts"]


@dataclass(slots=True)
class SiteCounts:
    """One site's counts; every field adds up across pages, in any order.

    >>> from dedup.blocks import page_blocks
    >>> site = SiteCounts()
    >>> [site.add_page(page_blocks(text)) for text in ("Menu\\nOne", "Menu\\nTwo", "Menu\\nOne")]
    [True, True, False]
    >>> site.pages, sorted(site.counts.values())
    (2, [1, 1, 2])
    """

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
    seen: dict[int, array[int]] = field(default_factory=dict)
    """Page digest -> the key hashes of that page, for every page counted.
    The digest skips a repeated page; the keys let :meth:`merge` count a page
    that both sides counted once. Unboxed 64-bit arrays: 8 bytes a key. A
    profile read from a file of format 2 or older knows none of its earlier
    pages."""

    def add_page(self, blocks: list[Block]) -> bool:
        """Count one page of the site, given as its blocks; False for a page counted before."""
        counts, owners, texts, lengths = self.counts, self.owners, self.texts, self.lengths
        digest = page_digest(blocks)
        if digest in self.seen:
            return False
        keys = page_keys(blocks)
        self.seen[digest] = array("Q", sorted(keys))
        self.pages += 1
        for key_hash, (block, length) in keys.items():
            counts[key_hash] = counts.get(key_hash, 0) + 1
            lengths[key_hash] = max(lengths.get(key_hash, 0), length)
            owner = owners.get(key_hash)
            # The smallest digest, with its text: the same whatever the order.
            if owner is None or digest < owner or (digest == owner and key_hash not in texts):
                owners[key_hash] = digest
                texts[key_hash] = block.text
        return True

    def merge(self, other: SiteCounts) -> int:
        """Add another part of the same site's counts to these; return the pages both had.

        A page both sides counted is counted once: its keys come off the
        other side's counts before they are added.
        """
        counts, owners, texts, lengths = self.counts, self.owners, self.texts, self.lengths
        shared = [digest for digest in other.seen if digest in self.seen]
        twice = Counter(key_hash for digest in shared for key_hash in other.seen[digest])
        self.pages += other.pages - len(shared)
        self.seen.update(other.seen)
        for key_hash, count in other.counts.items():
            counts[key_hash] = counts.get(key_hash, 0) + count - twice[key_hash]
            lengths[key_hash] = max(lengths.get(key_hash, 0), other.lengths[key_hash])
            owner, their_owner = owners.get(key_hash), other.owners[key_hash]
            if owner is None or their_owner < owner:
                owners[key_hash] = their_owner
                if key_hash in other.texts:
                    texts[key_hash] = other.texts[key_hash]
            elif key_hash not in texts and key_hash in other.texts:
                texts[key_hash] = other.texts[key_hash]
        return len(shared)

    def state(self) -> tuple[object, ...]:
        """Return what equality compares: every count, not the display texts.

        Which of several identical-key texts is kept can depend on how a
        profile was saved and refitted.
        """
        return (self.pages, self.counts, self.owners, self.lengths, self.seen)

    def to_json(self, *, complete: bool) -> dict[str, Any]:
        """Return the site as a profile file stores it; without ``complete``, only shared keys.

        A complete site also lists its pages: each digest with the positions
        of its keys among the rows, what fitting more pages or merging needs.

        >>> from dedup.blocks import page_blocks
        >>> site = SiteCounts()
        >>> for text in ("Menu\\nOne", "Menu\\nTwo"):
        ...     _ = site.add_page(page_blocks(text))
        >>> [row[1:2] + row[3:] for row in site.to_json(complete=False)["blocks"]]
        [[2, 4, 'Menu']]
        """
        # [hash, pages, owner digest, longest text length, text]; the text,
        # for display, only where a key is on more than one page.
        rows = [
            [
                f"{key_hash:016x}",
                count,
                f"{self.owners[key_hash]:016x}",
                self.lengths[key_hash],
                *([self.texts.get(key_hash)] if count > 1 else []),
            ]
            for key_hash, count in sorted(self.counts.items())
            if complete or count > 1
        ]
        if not complete:
            return {"pages": self.pages, "blocks": rows}
        position = {key_hash: row for row, key_hash in enumerate(sorted(self.counts))}
        pages = [
            [f"{digest:016x}", sorted(position[key_hash] for key_hash in keys)]
            for digest, keys in sorted(self.seen.items())
        ]
        return {"pages": self.pages, "blocks": rows, "page_keys": pages}

    @classmethod
    def from_json(cls, name: object, body: Any, version: int) -> SiteCounts:
        """Read one site of a profile file; raise TypeError or ValueError if malformed.

        >>> SiteCounts.from_json("x", {"pages": 2, "blocks": [["0a", 2, "0b", 4, "Menu"]]}, 2)
        ... # doctest: +NORMALIZE_WHITESPACE
        SiteCounts(pages=2, counts={10: 2}, owners={10: 11}, texts={10: 'Menu'}, lengths={10: 4},
        seen={})
        """
        pages = body["pages"]
        if not isinstance(name, str) or not name or not is_whole_number(pages):
            raise TypeError(f"site {name!r}")
        site = cls(pages)
        for row in body["blocks"]:
            key_hash, count, owner = int(row[0], 16), row[1], int(row[2], 16)
            if not is_whole_number(count, 1) or count > pages:
                raise TypeError(f"count {count!r} of site {name!r}")
            # Version 1 rows have no length: its one threshold never needed it.
            length, rest = (0, row[3:]) if version == 1 else (row[3], row[4:])
            if not is_whole_number(length) or len(rest) > 1:
                raise TypeError(f"row {row!r} of site {name!r}")
            text = rest[0] if rest else None
            if text is not None and not isinstance(text, str):
                raise TypeError(f"text {text!r} of site {name!r}")
            site.counts[key_hash], site.owners[key_hash] = count, owner
            site.lengths[key_hash] = length
            if text is not None:
                site.texts[key_hash] = text
        if version >= 3 and "page_keys" in body:
            site.seen = _read_pages(name, body["page_keys"], sorted(site.counts), pages)
        return site


def _read_pages(name: str, rows: Any, keys: list[int], pages: int) -> dict[int, array[int]]:
    """Read a complete site's pages: digests, and their keys by row position."""
    seen: dict[int, array[int]] = {}
    for digest, positions in rows:
        if not all(is_whole_number(row) and row < len(keys) for row in positions):
            raise ValueError(f"keys {positions!r} of a page of site {name!r}")
        seen[int(digest, 16)] = array("Q", [keys[row] for row in positions])
    if len(seen) != len(rows) or len(seen) > pages:
        raise ValueError(f"pages of site {name!r}")
    return seen
