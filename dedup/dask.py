r"""Clean a corpus on a Dask cluster: one text column of a DataFrame, or a Bag.

Needs the extra: ``pip install 'pagededup[dask]'``. Each partition is cleaned
with :func:`dedup.clean` where it lives, so the result is exactly what a
sequential loop would give, on any number of workers. Cleaning is pure and
per page, so no state crosses partitions.

>>> import dask.bag as db
>>> from dedup.dask import clean_bag
>>> pages = db.from_sequence(["Same line twice here\nSame line twice here\n"])
>>> clean_bag(pages).compute(scheduler="sync")
['Same line twice here\n']
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from dedup.analysis import clean
from dedup.config import CleanConfig, resolve_config

try:
    import dask.bag
    import dask.dataframe  # noqa: F401 - fail here, with the hint, not at first use
    import pandas as pd
except ImportError as error:  # pragma: no cover - exercised without the extra
    raise ImportError("dedup.dask needs Dask and pandas: pip install 'pagededup[dask]'") from error

if TYPE_CHECKING:
    from dask.bag import Bag
    from dask.dataframe import DataFrame

__all__ = ["clean_bag", "clean_column"]


def _clean_value(config: CleanConfig, value: object) -> object:
    # Missing values (None, NaN, pd.NA) are data, not errors: they stay missing,
    # as `dedup run` passes a null Parquet cell through.
    return clean(value, config=config) if isinstance(value, str) else value


def _clean_partition(frame: pd.DataFrame, column: str, config: CleanConfig) -> pd.DataFrame:
    cleaned = [_clean_value(config, value) for value in frame[column].tolist()]
    out: pd.DataFrame = frame.copy()
    out[column] = pd.Series(cleaned, index=frame.index, dtype=frame[column].dtype)
    return out


def clean_column(
    ddf: DataFrame, column: str = "text", *, config: CleanConfig | None = None, **options: object
) -> DataFrame:
    r"""Return ``ddf`` with every string of ``column`` cleaned; the rest is untouched.

    Lazy, like every Dask operation: nothing runs until ``.compute()`` or a
    write. Non-string cells (None, NaN) pass through unchanged. Options are
    those of :func:`dedup.clean` and are checked now.

    >>> import pandas as pd, dask.dataframe as dd
    >>> frame = pd.DataFrame({"id": [1, 2], "text": ["A caption, twice\nA caption, twice", None]})
    >>> out = clean_column(dd.from_pandas(frame, npartitions=2)).compute(scheduler="sync")
    >>> out["text"].iloc[0], bool(out["text"].isna().iloc[1])
    ('A caption, twice\n', True)
    >>> clean_column(dd.from_pandas(frame, npartitions=1), "body")
    Traceback (most recent call last):
    ...
    KeyError: "no column 'body' to clean; the columns are: id, text"
    """
    settings = resolve_config(config, options)
    if column not in ddf.columns:
        names = ", ".join(str(name) for name in ddf.columns)
        raise KeyError(f"no column {column!r} to clean; the columns are: {names}")
    # Dask's own annotations are partial; go through Any rather than ignore.
    frame: Any = ddf
    # The output has the input's columns and dtypes: its empty "meta" frame.
    result: DataFrame = frame.map_partitions(_clean_partition, column, settings, meta=frame._meta)
    return result


def clean_bag(bag: Bag, *, config: CleanConfig | None = None, **options: object) -> Bag:
    r"""Return a Bag of the cleaned texts of ``bag``, in the same order.

    Every item must be a page text (a str); anything else raises the same
    TypeError as :func:`dedup.clean` when the bag is computed.

    >>> import dask.bag as db
    >>> clean_bag(db.from_sequence(["x\nx\n"]), label_chars=1).compute(scheduler="sync")
    ['x\n']
    """
    settings = resolve_config(config, options)
    items: Any = bag
    result: Bag = items.map(partial(clean, config=settings))
    return result
