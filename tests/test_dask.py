"""dedup.dask on a real distributed.LocalCluster with two worker processes."""

from __future__ import annotations

import importlib
import subprocess
import sys
from typing import Any

import pytest

import dedup


class TestOnCluster:
    def test_clean_column_matches_sequential_clean(
        self, dask_client: Any, real_pages: list[str]
    ) -> None:
        """Every page cleaned on the cluster equals clean(page); other columns are untouched."""
        dd: Any = importlib.import_module("dask.dataframe")
        import pandas as pd  # noqa: PLC0415

        from dedup.dask import clean_column  # noqa: PLC0415

        texts: list[str | None] = [*real_pages, None]
        frame = pd.DataFrame({"id": range(len(texts)), "text": texts})
        ddf = dd.from_pandas(frame, npartitions=8)
        cleaned: Any = clean_column(ddf)
        out = cleaned.compute()
        assert out["id"].tolist() == frame["id"].tolist()
        assert out["text"].tolist()[:-1] == [dedup.clean(page) for page in real_pages]
        assert pd.isna(out["text"].iloc[-1])
        # Both workers took part, so this was not one process in disguise.
        assert len(dask_client.scheduler_info()["workers"]) == 2

    @pytest.mark.usefixtures("dask_client")
    def test_clean_bag_matches_sequential_clean(self, real_pages: list[str]) -> None:
        """A Bag of pages comes back as clean(page) for each, in order."""
        db: Any = importlib.import_module("dask.bag")

        from dedup.dask import clean_bag  # noqa: PLC0415

        pages = real_pages[::2]
        bag: Any = clean_bag(db.from_sequence(pages, npartitions=6), fold=False)
        got = bag.compute()
        assert got == [dedup.clean(page, fold=False) for page in pages]

    @pytest.mark.usefixtures("dask_client")
    def test_unknown_column_names_the_columns(self) -> None:
        """A missing column raises KeyError listing the columns there are."""
        dd: Any = importlib.import_module("dask.dataframe")
        import pandas as pd  # noqa: PLC0415

        from dedup.dask import clean_column  # noqa: PLC0415

        ddf = dd.from_pandas(pd.DataFrame({"body": ["x"]}), npartitions=1)
        with pytest.raises(KeyError, match="the columns are: body"):
            clean_column(ddf)


def test_missing_extra_says_what_to_install() -> None:
    """Without Dask, importing dedup.dask says which extra to install."""
    code = "import sys; sys.modules['dask'] = None; import dedup.dask"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode != 0
    assert "pip install '.[dask]'" in done.stderr
