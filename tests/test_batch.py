"""clean_many: the Python batch API on a process pool."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

import dedup
from dedup.batch import clean_many, default_workers, ordered_map


def _double(value: int) -> int:
    return 2 * value


class TestCleanMany:
    @pytest.mark.parametrize("workers", [1, 2])
    def test_equals_clean_on_every_real_page(self, real_pages: list[str], workers: int) -> None:
        """Each output is clean(page), in input order, whatever the number of workers."""
        pages = real_pages[::3]
        assert list(clean_many(pages, workers=workers)) == [dedup.clean(page) for page in pages]

    def test_config_and_options_reach_every_page(self) -> None:
        """Options are applied in the workers as clean() applies them."""
        page = "Wait… “quoted”\n"
        got = list(clean_many([page] * 5, workers=2, chunk_size=2, fold=False))
        assert got == [dedup.clean(page, fold=False)] * 5

    def test_lazy_on_an_endless_stream(self) -> None:
        """Results come from an endless generator: the corpus is never loaded whole."""
        pulled = 0

        def endless() -> Iterator[str]:
            nonlocal pulled
            for number in itertools.count():
                pulled += 1
                yield f"Page number {number}\nPage number {number}\n"

        results = clean_many(endless(), workers=2, chunk_size=4)
        first = list(itertools.islice(results, 10))
        assert first == [f"Page number {n}\n" for n in range(10)]
        # A bounded window: 2 workers x 4 chunks in flight x 4 pages, plus the chunk being read.
        assert pulled <= 10 + 2 * 4 * 4 + 4

    def test_order_kept_when_pages_differ_in_cost(self, real_pages: list[str]) -> None:
        """A slow page early does not let later pages overtake it."""
        pages = sorted(real_pages[:30], key=len, reverse=True)
        got = list(clean_many(pages, workers=2, chunk_size=1))
        assert got == [dedup.clean(page) for page in pages]

    def test_invalid_arguments_fail_at_the_call(self) -> None:
        """Bad arguments raise at the call, not at the first next()."""
        with pytest.raises(ValueError, match="workers must be"):
            clean_many(["x"], workers=0)
        with pytest.raises(ValueError, match="chunk_size"):
            clean_many(["x"], chunk_size=0)
        with pytest.raises(TypeError, match="use clean"):
            clean_many("one page")
        with pytest.raises(TypeError, match="unknown option"):
            clean_many(["x"], treshold=3)

    def test_bad_item_raises_clean_error(self) -> None:
        """A non-str item raises clean()'s TypeError, from a worker too."""
        with pytest.raises(TypeError, match="Decode it first"):
            list(clean_many(["fine\n", b"bytes"], workers=2))  # type: ignore[list-item]

    def test_closing_early_shuts_the_pool(self) -> None:
        """Stopping after one result returns promptly and leaves nothing running."""
        results = clean_many((f"page {n}\n" for n in range(10_000)), workers=2)
        assert next(results) == "page 0\n"
        results.close()  # type: ignore[attr-defined]


class TestOrderedMap:
    def test_in_order_with_pool(self) -> None:
        """Results come back in task order."""
        assert list(ordered_map(_double, range(50), workers=2, window=3)) == list(range(0, 100, 2))

    def test_default_workers_is_positive(self) -> None:
        """workers=None means at least one core."""
        assert default_workers() >= 1
