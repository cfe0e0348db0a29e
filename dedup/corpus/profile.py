"""The profile hook: what a worker needs to remove a site's boilerplate from its pages.

A :class:`ProfileHook` is small enough to send with every chunk: the profile's
path and content hash. Each process reads the profile once and checks it is
the file that was checked when the run started.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from dedup.analysis import Analysis
from dedup.config import CleanConfig
from dedup.corpus.errors import InputError
from dedup.site import ProfileError, SiteProfile

__all__ = ["ProfileHook", "load_hook"]

# Profiles loaded in this process, by content hash: a worker reads the file
# once, not once per chunk. The hash names the file's exact bytes, so an
# entry can never stand for a different profile; this changes speed only.
_LOADED: dict[str, SiteProfile] = {}


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
            loaded = SiteProfile.from_json(json.loads(data), source=self.path)
            _LOADED.clear()
            _LOADED[self.sha256] = loaded
        return loaded

    def analyze_site(self, where: object, text: str, config: CleanConfig) -> tuple[Analysis, bool]:
        """Clean one page with the boilerplate of site ``where``; say whether it had a site.

        ``where`` is the page's URL or site key; anything but a str (a null,
        a number, a missing field) means no site: within-page cleaning only.
        """
        profile = self.profile()
        site = profile.site_key(where if isinstance(where, str) else None)
        result = profile.analyze(text, site=site, keep_first=self.keep_first, config=config)
        return result, site is not None


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
    try:
        SiteProfile.load(path)
    except ProfileError as error:
        raise InputError(str(error)) from error
    return ProfileHook(str(Path(path).resolve()), hashlib.sha256(data).hexdigest(), keep_first)
