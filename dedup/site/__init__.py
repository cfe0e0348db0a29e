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

The modules, from the bottom up:

* ``keys``: site keys, block hashes and page digests;
* ``files``: the JSON reader and writer every profile file goes through;
* ``spacesaving``: the bounded counter the streaming profile counts with;
* ``base``: thresholds and page cleaning, shared by both profiles;
* ``profile``: :class:`SiteProfile` and its JSON form;
* ``streaming``: :class:`StreamingSiteProfile` and its JSON form.
"""

from __future__ import annotations

from dedup.site.files import ProfileError
from dedup.site.keys import block_hash, page_digest, url_host
from dedup.site.profile import FORMAT_NAME, FORMAT_VERSION, BoilerplateBlock, SiteProfile
from dedup.site.streaming import STREAM_FORMAT_NAME, STREAM_FORMAT_VERSION, StreamingSiteProfile

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
