"""The one Parquet reader and writer, through pyarrow (``pip install '.[parquet]'``).

pyarrow is imported here only, when a Parquet file is met, so every other
format works without it. A written file keeps the input's schema, its
compression codec and its row-group size unless ``--compression`` says
otherwise.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import IO, Any

from dedup.corpus.errors import InputError
from dedup.extras import install_hint

__all__ = [
    "PARQUET_HINT",
    "ParquetSink",
    "ParquetSource",
    "open_parquet",
    "parquet_column",
    "pyarrow_modules",
]

PARQUET_HINT = install_hint("parquet", "Parquet support")
_DEFAULT_ROW_GROUP = 8192


def pyarrow_modules() -> tuple[ModuleType, ModuleType]:
    """Return ``(pyarrow, pyarrow.parquet)``, or raise InputError saying how to install them.

    >>> pa, pq = pyarrow_modules()
    >>> pq.__name__
    'pyarrow.parquet'
    """
    try:
        import pyarrow as pa  # noqa: PLC0415 - optional extra, loaded on first use
        import pyarrow.compute  # noqa: PLC0415 - registers pa.compute
        import pyarrow.parquet as pq  # noqa: PLC0415 - optional extra, loaded on first use
    except ImportError as error:
        raise InputError(PARQUET_HINT) from error
    return pa, pq


def parquet_column(schema: object, path: str, name: str, what: str, option: str) -> int:
    """Return the index of a Parquet string column; raise InputError saying what is wrong.

    A missing column names those there are; a column that holds no strings
    (binary, numbers, nulls only) would make every row a reject, so it is
    refused before any row is read.

    >>> import pyarrow as pa
    >>> schema = pa.schema([("url", pa.string()), ("body", pa.binary())])
    >>> parquet_column(schema, "x.parquet", "url", "site", "--site-field")
    0
    >>> parquet_column(schema, "x.parquet", "body", "text", "--field")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    dedup.corpus.errors.InputError: x.parquet: column 'body' holds binary, not strings; ...
    """
    pa, _ = pyarrow_modules()
    names: list[str] = schema.names  # type: ignore[attr-defined]
    if name not in names:
        nested = " (a nested field is for JSONL; Parquet names a top-level column)"
        raise InputError(
            f"{path} has no column {name!r}; its columns are: {', '.join(names)}. "
            f"Name the {what} column with {option}" + (nested if "." in name else "")
        )
    kind = schema.field(name).type  # type: ignore[attr-defined]
    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
        raise InputError(
            f"{path}: column {name!r} holds {kind}, not strings; "
            f"name the {what} column with {option}"
        )
    index: int = schema.get_field_index(name)  # type: ignore[attr-defined]
    return index


@dataclass(slots=True)
class ParquetSource:
    """An open Parquet input: the file, its size, and how it was written."""

    file: object
    """A ``pyarrow.parquet.ParquetFile``."""
    path: str
    size: int
    rows: int
    compression: str
    row_group_rows: int

    @property
    def schema(self) -> object:
        """The file's Arrow schema."""
        return self.file.schema_arrow  # type: ignore[attr-defined]

    def batches(self, *, batch_size: int, columns: list[str] | None = None) -> Iterator[object]:
        """Yield record batches; a read error becomes InputError."""
        pa, _ = pyarrow_modules()
        try:
            yield from self.file.iter_batches(  # type: ignore[attr-defined]
                batch_size=batch_size, columns=columns
            )
        except (OSError, pa.ArrowException) as error:
            raise InputError(f"cannot read {self.path}: {error}") from error


def open_parquet(path: str, stack: contextlib.ExitStack) -> ParquetSource:
    """Open a Parquet file for reading; stdin cannot be, as Parquet's index is at its end.

    >>> import contextlib
    >>> open_parquet("-", contextlib.ExitStack())
    Traceback (most recent call last):
    ...
    dedup.corpus.errors.InputError: Parquet cannot be read from stdin (its index is at the \
end of the file): pass the file's path
    """
    if path == "-":
        raise InputError(
            "Parquet cannot be read from stdin (its index is at the end of the file): "
            "pass the file's path"
        )
    pa, pq = pyarrow_modules()
    try:
        source = stack.enter_context(pq.ParquetFile(path))
        size = os.path.getsize(path)
    except (OSError, pa.ArrowException) as error:
        raise InputError(f"cannot read {path} as Parquet: {error}") from error
    meta = source.metadata
    first = meta.row_group(0) if meta.num_row_groups else None
    compression = (
        str(first.column(0).compression).lower() if first and first.num_columns else "snappy"
    )
    rows = first.num_rows if first else _DEFAULT_ROW_GROUP
    return ParquetSource(source, path, size, meta.num_rows, compression, max(rows, 1))


class ParquetSink:
    """Write record batches (or rows) to a stream as Parquet, in row groups of a fixed size.

    Row groups depend only on the input, so any ``--workers`` gives the same
    file. With no ``schema``, the first rows written decide it.
    """

    def __init__(
        self, stream: IO[bytes], schema: object | None, *, compression: str, row_group_rows: int
    ) -> None:
        self._pa, self._pq = pyarrow_modules()
        self.stream = stream
        self.schema = schema
        self.compression = compression
        self.rows = row_group_rows
        self.writer: Any = None
        self.pending: list[object] = []
        self.pending_rows = 0

    def write(self, batch: object) -> None:
        """Add a record batch; full row groups are written out."""
        if self.schema is None:
            self.schema = batch.schema  # type: ignore[attr-defined]
        self.pending.append(batch)
        self.pending_rows += batch.num_rows  # type: ignore[attr-defined]
        if self.pending_rows >= self.rows:
            self._flush()

    def write_rows(self, rows: list[dict[str, object]], first: int) -> None:
        """Add rows given as dicts (records from JSONL); ``first`` numbers them for errors."""
        if not rows:
            return
        pa = self._pa
        try:
            batch = pa.RecordBatch.from_pylist(rows, schema=self.schema)
        except (pa.ArrowException, TypeError, ValueError) as error:
            raise InputError(
                f"records from {first} on do not fit the Parquet schema of the records "
                f"before them ({error}); write JSON Lines instead (name the output .jsonl)"
            ) from error
        if self.schema is None:
            self.schema = batch.schema
        self.write(batch)

    def _flush(self, *, last: bool = False) -> None:
        """Write every full row group; the rest waits for more rows, or for ``last``."""
        if not self.pending:
            return
        if self.writer is None:
            self.writer = self._pq.ParquetWriter(
                self.stream, self.schema, compression=self.compression
            )
        table = self._pa.Table.from_batches(self.pending, schema=self.schema)
        full = table.num_rows if last else table.num_rows // self.rows * self.rows
        if full:
            self.writer.write_table(table.slice(0, full), row_group_size=self.rows)
        rest = table.slice(full)
        self.pending, self.pending_rows = rest.to_batches(), rest.num_rows

    def close(self) -> None:
        """Write what is pending and the file's footer."""
        if self.writer is None and self.schema is None:
            self.schema = self._pa.schema([])  # no row at all: an empty, valid file
        self._flush(last=True)
        if self.writer is None:
            self.writer = self._pq.ParquetWriter(
                self.stream, self.schema, compression=self.compression
            )
        self.writer.close()

    def abandon(self) -> None:
        """Close without caring about errors: the run has failed already.

        Without this, pyarrow complains from ``__del__`` about writing to a
        file that is gone.
        """
        with contextlib.suppress(Exception):
            if self.writer is not None:
                self.writer.close()
