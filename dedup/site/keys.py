"""Hashing and keys: what names a site, a block and a page, the same in every process."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from dedup.blocks import Block

__all__ = ["KeyFunction", "block_hash", "check_key", "page_digest", "page_keys", "url_host"]

KeyFunction = Callable[[str | None], str | None]
"""Maps what is passed as a page's site (a URL, say) to its site key."""


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


def check_key(key: object) -> KeyFunction:
    """Return ``key`` if it can map a page's site to a site key; else raise TypeError.

    >>> check_key("host")
    Traceback (most recent call last):
    ...
    TypeError: key must be a function from a page's site to a site key, not 'host'
    """
    if not callable(key):
        raise TypeError(f"key must be a function from a page's site to a site key, not {key!r}")
    return key


def _digest64(data: str) -> int:
    # BLAKE2b, not hash(): Python salts hash() per process, and a profile
    # fitted in one process must work in another.
    encoded = data.encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(encoded, digest_size=8).digest(), "big")


def block_hash(key: tuple[str, ...]) -> int:
    """Hash a block's matching key to 64 bits, the same in every process.

    >>> from dedup.blocks import matching_key
    >>> block_hash(matching_key("Connect with us!")) == block_hash(matching_key("connect WITH us"))
    True
    >>> f"{block_hash(('connect', 'with', 'us')):016x}"
    '0de548ff7c43e0ef'
    """
    return _digest64(" ".join(key))


def page_digest(blocks: Iterable[Block]) -> int:
    """Hash a page's folded blocks to 64 bits: the page's identity.

    >>> from dedup.blocks import page_blocks
    >>> page_digest(page_blocks("A\\n\\nB")) == page_digest(page_blocks("A\\nB\\n"))
    True
    """
    return _digest64("\n".join(block.text for block in blocks))


def page_keys(blocks: list[Block]) -> dict[int, tuple[Block, int]]:
    """Each distinct non-empty key of a page, hashed, with its first block and longest text.

    A page counts once per key however often it repeats the block, and
    punctuation-only lines (empty keys) are never boilerplate.

    >>> from dedup.blocks import page_blocks
    >>> found = page_keys(page_blocks("Menu\\nMENU!\\n--")).values()
    >>> [(block.text, longest) for block, longest in found]
    [('Menu', 5)]
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
