"""One input file to one output file: read, clean on a pool, write, check, commit."""

from __future__ import annotations

import contextlib
import json
from collections import deque
from collections.abc import Iterator

from dedup.batch import ordered_map
from dedup.corpus.clean import JsonlTask, clean_jsonl_chunk
from dedup.corpus.jsonl import open_jsonl, read_chunks
from dedup.corpus.outputs import Outputs, open_output, side_file
from dedup.corpus.parquet import ParquetSink
from dedup.corpus.plan import Progress, RunPlan, RunResult, check_tally
from dedup.corpus.records import Tally
from dedup.corpus.run_parquet import run_parquet

__all__ = ["run_file"]

_ROW_GROUP_FROM_JSONL = 8192


def _rejects_went(plan: RunPlan) -> str:
    if plan.rejects:
        return f"written to {plan.rejects}"
    if plan.output_format == "parquet" and plan.input_format != "parquet":
        return "dropped (a Parquet output holds records only: --rejects FILE keeps them)"
    return "written through unchanged"


def run_file(plan: RunPlan, progress: Progress) -> RunResult:
    """Clean ``plan.input`` into ``plan.output``; raise InputError if the run failed."""
    if plan.input_format == "parquet":
        tally, nbytes, notes = run_parquet(plan, progress)
    else:
        tally, nbytes, notes = _run_jsonl(plan, progress)
    return RunResult(tally, nbytes, _rejects_went(plan), notes)


def _run_jsonl(plan: RunPlan, progress: Progress) -> tuple[Tally, int, list[str]]:
    notes: list[str] = []
    tally = Tally()
    sizes: deque[int] = deque()
    to_parquet = plan.output_format == "parquet"
    with contextlib.ExitStack() as stack:
        source = open_jsonl(plan.input, stack)
        # Compressed input: progress counts what is decompressed, with no total.
        progress.start(None if source.gzipped else source.size, plan.input)
        outputs = Outputs(
            open_output(plan.output, gzipped=plan.output_format == "jsonl.gz", notes=notes),
            side_file(plan.rejects, "--rejects", parquet_ok=False, notes=notes),
            side_file(plan.explain, "--explain", parquet_ok=False, notes=notes),
        )
        sink = (
            ParquetSink(
                outputs.main.stream,
                None,
                compression=plan.compression or "snappy",
                row_group_rows=_ROW_GROUP_FROM_JSONL,
            )
            if to_parquet
            else None
        )

        def tasks() -> Iterator[JsonlTask]:
            first = 0
            for lines in read_chunks(source):
                sizes.append(sum(map(len, lines)))
                yield JsonlTask(lines, first, plan.spec)
                first += len(lines)

        done = read = 0
        with outputs.all_or_nothing(plan.output, sink):
            for result in ordered_map(clean_jsonl_chunk, tasks(), workers=plan.workers):
                kept = [
                    line
                    for line, bad in zip(result.output, result.rejected, strict=True)
                    if not (bad and (plan.rejects or to_parquet))
                ]
                if sink is not None:
                    sink.write_rows([json.loads(line) for line in kept], done)
                else:
                    outputs.main.write(b"".join(kept))
                if outputs.rejects is not None:
                    outputs.rejects.write(result.rejects)
                if outputs.explain is not None:
                    outputs.explain.write(result.explain)
                tally.add(result.tally)
                done += len(result.output)
                nbytes = sizes.popleft()
                read += nbytes
                progress.update(result.tally.records, nbytes)
            check_tally(tally, plan)
            if sink is not None:
                sink.close()
            outputs.commit()
    return tally, read, notes
