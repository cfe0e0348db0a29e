"""A Parquet input to a Parquet or JSONL output, row for row.

The text column's values go to the pool in batches; every other column, and
the schema, pass through. A Parquet output keeps the input's compression
and row-group size unless ``--compression`` is given.
"""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Iterator

from dedup.batch import ordered_map
from dedup.corpus.clean import STATS_KEY, ValuesResult, ValuesTask, clean_values_chunk
from dedup.corpus.formats import is_parquet_name
from dedup.corpus.outputs import Outputs, open_output, side_file
from dedup.corpus.parquet import ParquetSink, open_parquet, parquet_column, pyarrow_modules
from dedup.corpus.plan import Progress, RunPlan, check_tally
from dedup.corpus.records import Tally, json_line, reject_line

__all__ = ["run_parquet"]

_BATCH_ROWS = 64


def _cleaned_batch(
    batch: object, column: int, original: list[object], result: ValuesResult, spec_stats: bool
) -> object:
    """Return the batch with the text column's cleaned values (and a stats column when asked).

    ``original`` is the column's values as the chunk was sent: a rejected
    row keeps its own.
    """
    pa, _ = pyarrow_modules()
    arrays = list(batch.columns)  # type: ignore[attr-defined]
    schema = batch.schema  # type: ignore[attr-defined]
    values = [
        new if new is not None else old for new, old in zip(result.cleaned, original, strict=True)
    ]
    arrays[column] = pa.array(values, type=schema.field(column).type)
    if spec_stats:
        arrays.append(pa.array(result.stats, type=pa.string()))
        schema = schema.append(pa.field(STATS_KEY, pa.string()))
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def _reject_rows(batch: object, result: ValuesResult, first: int) -> object:
    """Return the rejected rows, with their record number and reason as two more columns."""
    pa, _ = pyarrow_modules()
    mask = pa.array([reason is not None for reason in result.reasons])
    rows = batch.filter(mask)  # type: ignore[attr-defined]
    numbers = [first + i for i, reason in enumerate(result.reasons) if reason is not None]
    reasons = [reason for reason in result.reasons if reason is not None]
    return rows.append_column("reject_record", pa.array(numbers, pa.int64())).append_column(
        "reject_reason", pa.array(reasons, pa.string())
    )


def run_parquet(plan: RunPlan, progress: Progress) -> tuple[Tally, int, list[str]]:
    """Clean one Parquet file's text column into ``plan.output``; return tally, bytes, notes."""
    pa, _ = pyarrow_modules()
    notes: list[str] = []
    tally = Tally()
    # Each batch in flight, its first row's number, and its text column as
    # Python values: converted once, for the worker and for writing back.
    batches: deque[tuple[object, int, list[object]]] = deque()
    spec = plan.spec
    with contextlib.ExitStack() as stack:
        source = open_parquet(plan.input, stack)
        schema = source.schema
        column = parquet_column(schema, plan.input, spec.field_name, "text", "--field")
        site = (
            parquet_column(schema, plan.input, spec.site_name, "site", "--site-field")
            if spec.hook is not None
            else None
        )
        progress.start(source.size, plan.input)
        to_parquet = plan.output_format == "parquet"
        parquet_rejects = bool(plan.rejects and is_parquet_name(plan.rejects))
        outputs = Outputs(
            open_output(plan.output, gzipped=plan.output_format == "jsonl.gz", notes=notes),
            side_file(plan.rejects, "--rejects", parquet_ok=True, notes=notes),
            side_file(plan.explain, "--explain", parquet_ok=False, notes=notes),
        )
        options = {
            "compression": plan.compression or source.compression,
            "row_group_rows": source.row_group_rows,
        }
        sink = ParquetSink(outputs.main.stream, None, **options) if to_parquet else None  # type: ignore[arg-type]
        rejects_sink = (
            ParquetSink(outputs.rejects.stream, None, **options)  # type: ignore[arg-type, union-attr]
            if parquet_rejects
            else None
        )

        def tasks() -> Iterator[ValuesTask]:
            first = 0
            for batch in source.batches(batch_size=_BATCH_ROWS):
                values = batch.column(column).to_pylist()  # type: ignore[attr-defined]
                batches.append((batch, first, values))
                sites = None if site is None else batch.column(site).to_pylist()  # type: ignore[attr-defined]
                yield ValuesTask(values, sites, first, spec)
                first += batch.num_rows  # type: ignore[attr-defined]

        with outputs.all_or_nothing(plan.output, sink, rejects_sink):
            for result in ordered_map(clean_values_chunk, tasks(), workers=plan.workers):
                batch, first, original = batches.popleft()
                cleaned = _cleaned_batch(batch, column, original, result, spec.add_stats)
                if plan.rejects and result.tally.rejected:
                    if rejects_sink is not None:
                        rejects_sink.write(_reject_rows(batch, result, first))
                    else:
                        rows = batch.to_pylist()  # type: ignore[attr-defined]
                        for offset, reason in enumerate(result.reasons):
                            if reason is not None:
                                line = reject_line(first + offset, reason, rows[offset])
                                outputs.rejects.write(line)  # type: ignore[union-attr]
                    keep = pa.array([reason is None for reason in result.reasons])
                    cleaned = cleaned.filter(keep)  # type: ignore[attr-defined]
                if sink is not None:
                    sink.write(cleaned)
                else:
                    outputs.main.write(b"".join(map(json_line, cleaned.to_pylist())))  # type: ignore[attr-defined]
                if outputs.explain is not None:
                    outputs.explain.write(result.explain)
                tally.add(result.tally)
                progress.update(
                    result.tally.records,
                    source.size * result.tally.records // max(source.rows, 1),
                )
            check_tally(tally, plan)
            for open_sink in (sink, rejects_sink):
                if open_sink is not None:
                    open_sink.close()
            outputs.commit()
    return tally, source.size, notes
