r"""Site profiles on a Dask cluster: fit as map-reduce, clean with the profile broadcast.

Needs the extra: ``pip install 'pagededup[dask]'``.

* :func:`fit_bag` is a map-reduce. Each partition counts its pages into a
  :class:`~dedup.site.SiteProfile` (page counts per site and per
  ``(site, key hash)``); the partial profiles are summed with
  :meth:`~dedup.site.SiteProfile.merge`. A sum does not depend on how the
  pages are split or ordered, so the result equals the in-process fit.
* :func:`clean_bag` and :func:`clean_column` put the profile in the graph
  once, as one ``dask.delayed`` value every partition reads (a broadcast),
  not a copy per task.

>>> import dask.bag as db
>>> from dedup.site_dask import fit_bag, clean_bag
>>> pages = db.from_sequence([("x.example", "Menu\nOne"), ("x.example", "Menu\nTwo")],
...                          npartitions=2)
>>> profile = fit_bag(pages, min_pages=2, scheduler="sync")
>>> clean_bag(pages, profile).compute(scheduler="sync")
['One\n', 'Two\n']
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from functools import reduce
from typing import TYPE_CHECKING, Any

from dedup.config import CleanConfig, resolve_config
from dedup.site import SiteProfile, url_host

try:
    import dask
    import dask.bag
    import pandas as pd
except ImportError as error:  # pragma: no cover - exercised without the extra
    raise ImportError(
        "dedup.site_dask needs Dask and pandas: pip install 'pagededup[dask]'"
    ) from error

# Dask's own annotations are partial; go through Any rather than ignore.
_DASK: Any = dask
_BAG: Any = dask.bag

if TYPE_CHECKING:
    from dask.bag import Bag
    from dask.dataframe import DataFrame

__all__ = ["clean_bag", "clean_column", "fit_bag", "fit_frame"]

KeyFunction = Callable[[str | None], str | None]


def _count_partition(pages: Iterable[tuple[str | None, str]], empty: SiteProfile) -> SiteProfile:
    # The map step: this partition's (site, key hash) page counts, in a
    # fresh copy of the unfitted profile that carries the settings.
    return copy.deepcopy(empty).fit(pages)


def _sum_profiles(parts: Iterable[SiteProfile]) -> SiteProfile:
    # The reduce step: counts add up, so the grouping of partitions is irrelevant.
    return reduce(SiteProfile.merge, parts)


def fit_bag(
    pages: Bag,
    *,
    min_pages: int = 3,
    min_text_pages: int = 3,
    min_fraction: float = 0.5,
    key: KeyFunction = url_host,
    **compute: Any,
) -> SiteProfile:
    """Fit a :class:`~dedup.site.SiteProfile` on a Bag of ``(site, text)`` pairs.

    ``compute`` goes to ``.compute()`` (``scheduler="sync"``, say); with a
    ``distributed.Client`` active, the cluster runs it.

    >>> import dask.bag as db
    >>> fit_bag(db.from_sequence([("x", "A"), (None, "B")]), scheduler="sync").pages
    2
    """
    # Built here, so bad settings fail now rather than on a worker.
    empty = SiteProfile(
        min_pages=min_pages, min_text_pages=min_text_pages, min_fraction=min_fraction, key=key
    )
    items: Any = pages
    result: SiteProfile = items.reduction(
        lambda part: _count_partition(part, empty),
        _sum_profiles,
        split_every=8,
    ).compute(**compute)
    return result


def _pairs(frame: pd.DataFrame, site: str, text: str) -> list[tuple[str | None, str]]:
    sites = frame[site].tolist()
    texts = frame[text].tolist()
    # A missing or non-string site is a page without a site: counted, not dropped.
    return [
        (where if isinstance(where, str) else None, value)
        for where, value in zip(sites, texts, strict=True)
        if isinstance(value, str)
    ]


def fit_frame(
    ddf: DataFrame,
    *,
    text: str = "text",
    site: str = "url",
    min_pages: int = 3,
    min_text_pages: int = 3,
    min_fraction: float = 0.5,
    key: KeyFunction = url_host,
    **compute: Any,
) -> SiteProfile:
    """Fit a profile on a Dask DataFrame's ``text`` column, grouped by its ``site`` column.

    Rows whose text is missing are skipped; a missing site counts the page
    as without a site.

    >>> import pandas as pd, dask.dataframe as dd
    >>> frame = pd.DataFrame({"url": ["https://x.example/a", "https://x.example/b"],
    ...                       "text": ["Menu\\nOne", "Menu\\nTwo"]})
    >>> fit_frame(dd.from_pandas(frame, npartitions=2), min_pages=2,
    ...           scheduler="sync").sites
    ('x.example',)
    """
    for name in (text, site):
        if name not in ddf.columns:
            columns = ", ".join(str(c) for c in ddf.columns)
            raise KeyError(f"no column {name!r}; the columns are: {columns}")
    frame: Any = ddf
    # One list of pairs per partition, then the same map-reduce as fit_bag.
    parts = [_DASK.delayed(_pairs)(part, site, text) for part in frame.to_delayed()]
    bag = _BAG.from_delayed(parts)
    return fit_bag(
        bag,
        min_pages=min_pages,
        min_text_pages=min_text_pages,
        min_fraction=min_fraction,
        key=key,
        **compute,
    )


def _clean_pairs(
    pages: list[tuple[str | None, str]], profile: SiteProfile, config: CleanConfig, keep: bool
) -> list[str]:
    return [
        profile.clean(text, site=where, keep_first=keep, config=config) for where, text in pages
    ]


def clean_bag(
    pages: Bag,
    profile: SiteProfile,
    *,
    keep_first: bool = False,
    config: CleanConfig | None = None,
    **options: object,
) -> Bag:
    """Return a Bag of each ``(site, text)`` page cleaned with ``profile``, in order.

    >>> import dask.bag as db
    >>> profile = SiteProfile(min_pages=2).fit([("x", "Menu\\nA"), ("x", "Menu\\nB")])
    >>> clean_bag(db.from_sequence([("x", "Menu\\nC")]), profile).compute(scheduler="sync")
    ['C\\n']
    """
    settings = resolve_config(config, options)
    if not isinstance(profile, SiteProfile):
        raise TypeError(f"profile must be a dedup.site.SiteProfile, not {type(profile).__name__}")
    shared = _DASK.delayed(profile, pure=True)
    items: Any = pages
    result: Bag = items.map_partitions(_clean_pairs, shared, settings, keep_first)
    return result


def _clean_frame(
    frame: pd.DataFrame,
    columns: tuple[str, str],
    profile: SiteProfile,
    config: CleanConfig,
    keep: bool,
) -> pd.DataFrame:
    text, site = columns
    cleaned = [
        profile.clean(
            value, site=where if isinstance(where, str) else None, keep_first=keep, config=config
        )
        if isinstance(value, str)
        else value
        for where, value in zip(frame[site].tolist(), frame[text].tolist(), strict=True)
    ]
    out: pd.DataFrame = frame.copy()
    out[text] = pd.Series(cleaned, index=frame.index, dtype=frame[text].dtype)
    return out


def clean_column(
    ddf: DataFrame,
    profile: SiteProfile,
    *,
    text: str = "text",
    site: str = "url",
    keep_first: bool = False,
    config: CleanConfig | None = None,
    **options: object,
) -> DataFrame:
    """Return ``ddf`` with its ``text`` column cleaned with ``profile``; the rest untouched.

    >>> import pandas as pd, dask.dataframe as dd
    >>> frame = pd.DataFrame({"url": ["x", None], "text": ["Menu\\nA", "Menu\\nB"]})
    >>> profile = SiteProfile(min_pages=2).fit([("x", "Menu\\nA"), ("x", "Menu\\nB")])
    >>> clean_column(dd.from_pandas(frame, npartitions=1), profile).compute(
    ...     scheduler="sync")["text"].tolist()
    ['A\\n', 'Menu\\nB\\n']
    """
    settings = resolve_config(config, options)
    for name in (text, site):
        if name not in ddf.columns:
            columns = ", ".join(str(c) for c in ddf.columns)
            raise KeyError(f"no column {name!r}; the columns are: {columns}")
    shared = _DASK.delayed(profile, pure=True)
    frame: Any = ddf
    result: DataFrame = frame.map_partitions(
        _clean_frame, (text, site), shared, settings, keep_first, meta=frame._meta
    )
    return result
