"""Space-saving counts (Metwally et al., 2005): heavy hitters of a stream in bounded memory.

A general algorithm, not tied to pages: :class:`SpaceSaving` counts any
hashable items in at most ``capacity`` entries, with an error bound on each.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from typing import Generic, TypeVar

from dedup.config import is_whole_number

__all__ = ["SpaceSaving"]

_Item = TypeVar("_Item", bound=Hashable)


class SpaceSaving(Generic[_Item]):
    """Space-saving counts in at most ``capacity`` entries.

    Each tracked item has a count, an error (the count of the item it
    replaced) and a value: the largest passed to :meth:`add` since it was
    tracked. For every item, with N the number of increments so far,
    ``count - error <= true <= count`` for tracked items, and an untracked
    item's true count is at most the smallest tracked count, which is at
    most N / capacity. Items sit in buckets by count, so an increment and a
    replacement are O(1); the bucket dicts keep insertion order, so which
    item is replaced depends only on the order of the stream.

    >>> table: SpaceSaving[str] = SpaceSaving(2)
    >>> for item in "aab":
    ...     table.add(item)
    >>> table.add("c")  # replaces b, the oldest of the lowest count
    >>> [(item, table.lower(item), table.upper(item)) for item in "abc"]
    [('a', 2, 2), ('b', 0, 2), ('c', 1, 2)]
    """

    __slots__ = ("buckets", "capacity", "entries", "evicted", "low")

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.entries: dict[_Item, list[int]] = {}  # item -> [count, error, value]
        self.buckets: dict[int, dict[_Item, None]] = {}  # count -> items, oldest first
        self.low = 0  # the smallest count in the table
        self.evicted = False

    def _leave(self, item: _Item, count: int) -> bool:
        """Take ``item`` out of its bucket; True when the bucket is now empty."""
        bucket = self.buckets[count]
        del bucket[item]
        if bucket:
            return False
        del self.buckets[count]
        return True

    def add(self, item: _Item, value: int = 0) -> None:
        """Count one more of ``item``, and keep ``value`` if it is the largest seen."""
        entry = self.entries.get(item)
        if entry is None and len(self.entries) < self.capacity:
            self.entries[item] = [1, 0, value]
            self.buckets.setdefault(1, {})[item] = None
            self.low = 1
            return
        if entry is None:
            # Replace the oldest item of the lowest bucket; the newcomer
            # inherits its count as error, so counts stay upper bounds.
            count = self.low
            victim = next(iter(self.buckets[count]))
            del self.entries[victim]
            emptied = self._leave(victim, count)
            self.entries[item] = [count + 1, count, value]
            self.evicted = True
        else:
            count = entry[0]
            emptied = self._leave(item, count)
            entry[0] = count + 1
            entry[2] = max(entry[2], value)
        self.buckets.setdefault(count + 1, {})[item] = None
        if emptied and count == self.low:
            # Nothing is left at the old minimum, and the item is one above it.
            self.low = count + 1

    def rows(self) -> Iterator[tuple[_Item, int, int, int]]:
        """Yield ``(item, count, error, value)``: lowest count first, oldest first within one.

        That order is all that decides later replacements, so :meth:`restore`
        from it gives a table that goes on exactly as this one would.
        """
        for count in sorted(self.buckets):
            for item in self.buckets[count]:
                _, error, value = self.entries[item]
                yield item, count, error, value

    @classmethod
    def restore(
        cls, capacity: int, rows: Iterable[tuple[_Item, int, int, int]], *, evicted: bool
    ) -> SpaceSaving[_Item]:
        """Rebuild a table from :meth:`rows`; raise ValueError if they cannot be one.

        >>> table: SpaceSaving[str] = SpaceSaving(3)
        >>> table.add("a", 5)
        >>> list(SpaceSaving.restore(3, table.rows(), evicted=False).rows())
        [('a', 1, 0, 5)]
        """
        table: SpaceSaving[_Item] = cls(capacity)
        last = 0
        for item, count, error, value in rows:
            if not (
                is_whole_number(count)
                and is_whole_number(error)
                and error < count
                and count >= last
            ):
                raise ValueError(f"count {count!r} or error {error!r} of {item!r}")
            if error and not evicted:
                raise ValueError(f"error {error!r} of {item!r} in a table that never replaced one")
            if not is_whole_number(value):
                raise ValueError(f"value {value!r} of {item!r}")
            if item in table.entries or len(table.entries) >= capacity:
                raise ValueError(f"{item!r} twice, or more than {capacity} entries")
            table.entries[item] = [count, error, value]
            table.buckets.setdefault(count, {})[item] = None
            last = count
        table.low = min(table.buckets, default=0)
        table.evicted = evicted
        return table

    def value(self, item: _Item) -> int | None:
        """Return the item's largest value, or None when it may have been evicted before."""
        entry = self.entries.get(item)
        # With no error the item was tracked from its first add: nothing was lost.
        return None if entry is None or entry[1] else entry[2]

    def lower(self, item: _Item) -> int:
        """Return a count the item certainly reached."""
        entry = self.entries.get(item)
        return 0 if entry is None else entry[0] - entry[1]

    def upper(self, item: _Item) -> int:
        """Return a count the item certainly did not pass."""
        entry = self.entries.get(item)
        if entry is not None:
            return entry[0]
        return self.low if len(self.entries) >= self.capacity else 0
