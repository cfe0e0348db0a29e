"""The optional extras: which install each feature needs, said in one place.

A module that needs an extra imports its packages and, on ImportError,
raises :func:`missing_extra`: every such message names the same command.
"""

from __future__ import annotations

__all__ = ["EXTRAS", "install_hint", "missing_extra"]

#: Extra name -> what it brings, as pyproject.toml's optional dependencies declare it.
EXTRAS = {
    "cli": "tqdm",
    "dask": "Dask and pandas",
    "datatrove": "datatrove",
    "parquet": "pyarrow",
}


def install_hint(extra: str, feature: str) -> str:
    """Say what ``feature`` needs and the command that installs it.

    pagededup is installed from a clone until a release is published, so the
    command is the clone's.

    >>> install_hint("parquet", "Parquet support")
    "Parquet support needs pyarrow: in the pagededup clone, pip install '.[parquet]'"
    """
    return f"{feature} needs {EXTRAS[extra]}: in the pagededup clone, pip install '.[{extra}]'"


def missing_extra(extra: str, feature: str) -> ImportError:
    """Return the ImportError for ``feature`` used without the ``extra`` it needs.

    >>> missing_extra("dask", "dedup.dask")
    ImportError("dedup.dask needs Dask and pandas: in the pagededup clone, pip install '.[dask]'")
    """
    return ImportError(install_hint(extra, feature))
