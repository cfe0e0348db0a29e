"""The optional extras: which install each feature needs, said in one place.

A module that needs an extra imports its packages and, on ImportError,
raises :func:`missing_extra`: every such message names the same command.
"""

from __future__ import annotations

__all__ = ["EXTRAS", "missing_extra"]

#: Extra name -> what it brings, as pyproject.toml's optional dependencies declare it.
EXTRAS = {
    "dask": "Dask and pandas",
    "parquet": "pyarrow",
    "progress": "tqdm",
}


def missing_extra(extra: str, feature: str) -> ImportError:
    """Return the ImportError for ``feature`` used without the ``extra`` it needs.

    pagededup is installed from a clone until a release is published, so the
    command is the clone's.

    >>> missing_extra("dask", "dedup.dask")
    ImportError("dedup.dask needs Dask and pandas: in the pagededup clone, pip install '.[dask]'")
    """
    return ImportError(
        f"{feature} needs {EXTRAS[extra]}: in the pagededup clone, pip install '.[{extra}]'"
    )
