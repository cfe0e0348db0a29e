"""The profile hook: what a worker needs to remove a site's boilerplate from its pages.

A :class:`ProfileHook` is small enough to send with every chunk: the profile's
path and content hash. The process that checks the profile keeps what it
parsed; any other reads the file once and checks it is the one that was
checked when the run started.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from dedup.analysis import Analysis, analyze
from dedup.config import CleanConfig
from dedup.corpus.errors import InputError
from dedup.site import ProfileError, SiteProfile

__all__ = ["ProfileHook", "analyze_page", "load_hook", "site_of"]

# Profiles loaded in this process, by content hash: a worker reads the file
# once, not once per chunk. The hash names the file's exact bytes, so an
# entry can never stand for a different profile; this changes speed only.
_LOADED: dict[str, SiteProfile] = {}


def _parse(data: bytes, source: str, sha256: str) -> SiteProfile:
    """Build the profile from the file's bytes and keep it, as the only one, under its hash."""
    profile = SiteProfile.from_bytes(data, source=source)
    _LOADED.clear()
    _LOADED[sha256] = profile
    return profile


@dataclass(frozen=True, slots=True)
class ProfileHook:
    """A site profile, by path and hash, and how to apply it.

    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "profile.json")
    >>> SiteProfile(min_pages=2).fit([("a.example", "Menu\\nOne"),
    ...                               ("a.example", "Menu\\nTwo")]).save(path)
    >>> hook = load_hook(path, keep_first=False)
    >>> result, sited = hook.analyze_site("https://a.example/3", "Menu\\nThree", CleanConfig())
    >>> result.text, sited
    ('Three\\n', True)
    >>> result, sited = hook.analyze_site(None, "Menu\\nThree", CleanConfig())
    >>> result.text, sited
    ('Menu\\nThree\\n', False)
    """

    path: str
    sha256: str
    keep_first: bool

    def profile(self) -> SiteProfile:
        """Return the profile, read once per process and checked against its hash."""
        loaded = _LOADED.get(self.sha256)
        if loaded is None:
            data = Path(self.path).read_bytes()
            if hashlib.sha256(data).hexdigest() != self.sha256:
                raise ProfileError(f"{self.path} changed while the run was going; run it again")
            loaded = _parse(data, self.path, self.sha256)
        return loaded

    def analyze_site(self, where: object, text: str, config: CleanConfig) -> tuple[Analysis, bool]:
        """Clean one page with the boilerplate of site ``where``; say whether it had a site.

        ``where`` is the page's URL or site key; see :func:`site_of`.
        """
        profile = self.profile()
        site = profile.site_key(site_of(where))
        result = profile.analyze(text, site=site, keep_first=self.keep_first, config=config)
        return result, site is not None


def site_of(where: object) -> str | None:
    """Return a page's URL or site key, or None: anything but a str means no site.

    A null, a number or a missing field leaves the page to within-page
    cleaning only, in ``dedup fit`` and ``dedup run`` alike.

    >>> site_of("https://a.example/1"), site_of(None), site_of(42)
    ('https://a.example/1', None, None)
    """
    return where if isinstance(where, str) else None


def analyze_page(
    hook: ProfileHook | None, where: object, text: str, config: CleanConfig
) -> tuple[Analysis, bool]:
    """Clean one page, with its site's boilerplate when there is a profile.

    Return the analysis and whether a profile was used but the page had no
    site, so was cleaned within itself only.

    >>> result, no_site = analyze_page(None, None, "Hi there\\nHi there", CleanConfig())
    >>> result.text, no_site
    ('Hi there\\n', False)
    """
    if hook is None:
        return analyze(text, config=config), False
    result, sited = hook.analyze_site(where, text, config)
    return result, not sited


def load_hook(path: str, *, keep_first: bool) -> ProfileHook:
    """Read and check a profile before any output is opened; raise InputError if unusable.

    >>> load_hook("missing.json", keep_first=False)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    dedup.corpus.errors.InputError: cannot read profile missing.json: No such file ...
    """
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise InputError(f"cannot read profile {path}: {error.strerror or error}") from error
    # The hash and the profile come from the same bytes: the file may change
    # after this read, and a worker compares the hash with what it reads.
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        _parse(data, path, sha256)
    except ProfileError as error:
        raise InputError(str(error)) from error
    return ProfileHook(str(Path(path).resolve()), sha256, keep_first)
