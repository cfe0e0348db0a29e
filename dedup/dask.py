r"""Every Dask entry point: clean a corpus on a cluster, with or without a site profile.

Needs the extra: ``pip install '.[dask]'`` in the pagededup clone. Each partition is cleaned
where it lives, with :func:`dedup.clean` or, given a ``profile``, with
:meth:`SiteProfile.clean <dedup.site.SiteProfile.clean>`. So the result is
exactly what a sequential loop would give, on any number of workers.

* :func:`clean_column` and :func:`clean_bag` clean a DataFrame column or a
  Bag. A profile goes into the graph once, as one ``dask.delayed`` value
  every partition reads (a broadcast), not a copy per task.
* :func:`fit_bag` and :func:`fit_frame` fit a
  :class:`~dedup.site.SiteProfile` as a map-reduce: each partition counts
  its pages, and the partial profiles are summed with
  :meth:`~dedup.site.SiteProfile.merge`. A sum does not depend on how the
  pages are split or ordered, so the result equals the in-process fit.

>>> import dask.bag as db
>>> clean_bag(db.from_sequence(["Same line twice here\nSame line twice here\n"])).compute(
...     scheduler="sync")
['Same line twice here\n']
>>> pages = db.from_sequence([("x.example", "Menu\nOne"), ("x.example", "Menu\nTwo")],
...                          npartitions=2)
>>> profile = fit_bag(pages, min_pages=2, scheduler="sync")
>>> clean_bag(pages, profile=profile).compute(scheduler="sync")
['One\n', 'Two\n']
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from functools import partial, reduce
from typing import TYPE_CHECKING, Any

from dedup.analysis import clean
from dedup.config import CleanConfig, ProfileConfig, resolve_config
from dedup.extras import missing_extra
from dedup.site.keys import KeyFunction, url_host
from dedup.site.profile import SiteProfile

try:
    import dask
    import dask.bag
    import dask.dataframe  # fail here, with the hint, not at first use
    import pandas as pd
except ImportError as error:  # pragma: no cover - exercised without the extra
    raise missing_extra("dask", "dedup.dask") from error

# Dask's own annotations are partial; go through Any rather than ignore.
_DASK: Any = dask
_BAG: Any = dask.bag

if TYPE_CHECKING:
    from dask.bag import Bag
    from dask.dataframe import DataFrame

__all__ = ["clean_bag", "clean_column", "fit_bag", "fit_frame"]

Page = tuple[str | None, str]


def _check_columns(ddf: DataFrame, names: Iterable[str], purpose: str) -> None:
    for name in names:
        if name not in ddf.columns:
            columns = ", ".join(str(column) for column in ddf.columns)
            raise KeyError(f"no column {name!r} to {purpose}; the columns are: {columns}")


def _check_profile(profile: object) -> None:
    if profile is not None and not isinstance(profile, SiteProfile):
        raise TypeError(f"profile must be a dedup.site.SiteProfile, not {type(profile).__name__}")


def _site_of(where: object) -> str | None:
    # A missing or non-string site is a page without a site: counted, not dropped.
    return where if isinstance(where, str) else None


def _clean_one(
    text: object, where: object, profile: SiteProfile | None, config: CleanConfig, keep: bool
) -> object:
    # Missing values (None, NaN, pd.NA) are data, not errors: they stay missing,
    # as `dedup run` passes a null Parquet cell through.
    if not isinstance(text, str):
        return text
    if profile is None:
        return clean(text, config=config)
    return profile.clean(text, site=_site_of(where), keep_first=keep, config=config)


def _clean_frame(
    frame: pd.DataFrame,
    columns: tuple[str, str | None],
    profile: SiteProfile | None,
    config: CleanConfig,
    keep: bool,
) -> pd.DataFrame:
    text, site = columns
    sites = frame[site].tolist() if site is not None else [None] * len(frame)
    cleaned = [
        _clean_one(value, where, profile, config, keep)
        for where, value in zip(sites, frame[text].tolist(), strict=True)
    ]
    out: pd.DataFrame = frame.copy()
    out[text] = pd.Series(cleaned, index=frame.index, dtype=frame[text].dtype)
    return out


def clean_column(
    ddf: DataFrame,
    column: str = "text",
    *,
    profile: SiteProfile | None = None,
    site: str = "url",
    keep_first: bool = False,
    config: CleanConfig | None = None,
    **options: object,
) -> DataFrame:
    r"""Return ``ddf`` with every string of ``column`` cleaned; the rest is untouched.

    Lazy, like every Dask operation: nothing runs until ``.compute()`` or a
    write. Non-string cells (None, NaN) pass through unchanged. Options are
    those of :func:`dedup.clean` and are checked now. With a ``profile``,
    each page is cleaned with it, its site read from the ``site`` column.

    >>> import pandas as pd, dask.dataframe as dd
    >>> frame = pd.DataFrame({"id": [1, 2], "text": ["A caption, twice\nA caption, twice", None]})
    >>> out = clean_column(dd.from_pandas(frame, npartitions=2)).compute(scheduler="sync")
    >>> out["text"].iloc[0], bool(out["text"].isna().iloc[1])
    ('A caption, twice\n', True)
    >>> clean_column(dd.from_pandas(frame, npartitions=1), "body")
    Traceback (most recent call last):
    ...
    KeyError: "no column 'body' to clean; the columns are: id, text"
    >>> profile = SiteProfile(min_pages=2).fit([("x", "Menu\nA"), ("x", "Menu\nB")])
    >>> frame = pd.DataFrame({"url": ["x", None], "text": ["Menu\nA", "Menu\nB"]})
    >>> clean_column(dd.from_pandas(frame, npartitions=1), profile=profile).compute(
    ...     scheduler="sync")["text"].tolist()
    ['A\n', 'Menu\nB\n']
    """
    settings = resolve_config(config, options)
    _check_profile(profile)
    _check_columns(ddf, (column,) if profile is None else (column, site), "clean")
    shared = None if profile is None else _DASK.delayed(profile, pure=True)
    columns = (column, None if profile is None else site)
    frame: Any = ddf
    # The output has the input's columns and dtypes: its empty "meta" frame.
    result: DataFrame = frame.map_partitions(
        _clean_frame, columns, shared, settings, keep_first, meta=frame._meta
    )
    return result


def _clean_items(
    items: list[Any], profile: SiteProfile | None, config: CleanConfig, keep: bool
) -> list[str]:
    if profile is None:
        return [clean(text, config=config) for text in items]
    return [
        profile.clean(text, site=where, keep_first=keep, config=config) for where, text in items
    ]


def clean_bag(
    bag: Bag,
    *,
    profile: SiteProfile | None = None,
    keep_first: bool = False,
    config: CleanConfig | None = None,
    **options: object,
) -> Bag:
    r"""Return a Bag of the cleaned pages of ``bag``, in the same order.

    Every item is a page text (a str), or with a ``profile`` a ``(site,
    text)`` pair; anything else raises the same TypeError as
    :func:`dedup.clean` when the bag is computed.

    >>> import dask.bag as db
    >>> clean_bag(db.from_sequence(["x\nx\n"]), label_chars=1).compute(scheduler="sync")
    ['x\n']
    >>> profile = SiteProfile(min_pages=2).fit([("x", "Menu\nA"), ("x", "Menu\nB")])
    >>> clean_bag(db.from_sequence([("x", "Menu\nC")]), profile=profile).compute(
    ...     scheduler="sync")
    ['C\n']
    """
    settings = resolve_config(config, options)
    _check_profile(profile)
    items: Any = bag
    if profile is None:
        texts: Bag = items.map(partial(clean, config=settings))
        return texts
    shared = _DASK.delayed(profile, pure=True)
    result: Bag = items.map_partitions(_clean_items, shared, settings, keep_first)
    return result


def _count_partition(pages: Iterable[Page], empty: SiteProfile) -> SiteProfile:
    # The map step: this partition's (site, key hash) page counts, in a new
    # profile with the unfitted one's settings: counts are all it must not share.
    return SiteProfile(config=empty.config, key=empty.key).fit(pages)


def _sum_profiles(parts: Iterable[SiteProfile]) -> SiteProfile:
    # The reduce step: counts add up, so the grouping of partitions is irrelevant.
    return reduce(SiteProfile.merge, parts)


def _split(options: dict[str, Any]) -> tuple[dict[str, object], dict[str, Any]]:
    # A ProfileConfig field is a threshold; anything else goes to .compute().
    fields = {spec.name for spec in dataclasses.fields(ProfileConfig)}
    thresholds = {name: value for name, value in options.items() if name in fields}
    compute = {name: value for name, value in options.items() if name not in fields}
    return thresholds, compute


def fit_bag(
    pages: Bag, *, config: ProfileConfig | None = None, key: KeyFunction = url_host, **options: Any
) -> SiteProfile:
    """Fit a :class:`~dedup.site.SiteProfile` on a Bag of ``(site, text)`` pairs.

    ``config``, ``key`` and the thresholds (``min_pages=2``) are those of
    :class:`~dedup.site.SiteProfile`; other options go to ``.compute()``
    (``scheduler="sync"``, say). With a ``distributed.Client`` active, the
    cluster runs it.

    >>> import dask.bag as db
    >>> fit_bag(db.from_sequence([("x", "A"), (None, "B")]), scheduler="sync").pages
    2
    """
    thresholds, compute = _split(options)
    # Built here, so bad settings fail now rather than on a worker.
    empty = SiteProfile(config=config, key=key, **thresholds)
    items: Any = pages
    result: SiteProfile = items.reduction(
        lambda part: _count_partition(part, empty),
        _sum_profiles,
        split_every=8,
    ).compute(**compute)
    return result


def _pairs(frame: pd.DataFrame, site: str, text: str) -> list[Page]:
    sites = frame[site].tolist()
    texts = frame[text].tolist()
    return [
        (_site_of(where), value)
        for where, value in zip(sites, texts, strict=True)
        if isinstance(value, str)
    ]


def fit_frame(
    ddf: DataFrame, *, text: str = "text", site: str = "url", **options: Any
) -> SiteProfile:
    """Fit a profile on a Dask DataFrame's ``text`` column, grouped by its ``site`` column.

    Rows whose text is missing are skipped; a missing site counts the page
    as without a site. ``options`` are those of :func:`fit_bag`.

    >>> import pandas as pd, dask.dataframe as dd
    >>> frame = pd.DataFrame({"url": ["https://x.example/a", "https://x.example/b"],
    ...                       "text": ["Menu\\nOne", "Menu\\nTwo"]})
    >>> fit_frame(dd.from_pandas(frame, npartitions=2), min_pages=2,
    ...           scheduler="sync").sites
    ('x.example',)
    """
    _check_columns(ddf, (text, site), "fit on")
    frame: Any = ddf
    # One list of pairs per partition, then the same map-reduce as fit_bag.
    parts = [_DASK.delayed(_pairs)(part, site, text) for part in frame.to_delayed()]
    return fit_bag(_BAG.from_delayed(parts), **options)
