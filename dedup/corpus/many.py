"""Many files at once: each file's run in a process of its own.

With more files than workers, a file is the unit of work: every worker
cleans whole files, one after another, so thousands of small shards keep
every core busy (a shard smaller than a chunk could not be split across
workers). Each worker writes its file's outputs itself; the results come
back in input order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from dedup.atomic import remove_stale
from dedup.batch import ordered_map
from dedup.corpus.errors import InputError
from dedup.corpus.plan import Progress, RunPlan, RunResult
from dedup.corpus.run import run_file

__all__ = ["FileOutcome", "run_files", "run_one"]


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """A file's run: its result, or why it failed."""

    plan: RunPlan
    result: RunResult | None
    error: str | None


class _Silent:
    """No progress from a worker: the parent counts whole files."""

    def start(self, total_bytes: int | None, label: str) -> None:
        """Ignore the start of a file."""

    def update(self, records: int, nbytes: int) -> None:
        """Ignore work done."""


def run_one(plan: RunPlan, progress: Progress) -> FileOutcome:
    """Run one plan; a file that cannot be read or written is an outcome, not an exception.

    One bad shard must not stop the others.
    """
    try:
        return FileOutcome(plan, run_file(plan, progress), None)
    except InputError as error:
        return FileOutcome(plan, None, str(error))


def _run_alone(plan: RunPlan) -> FileOutcome:
    return run_one(plan, _Silent())


def run_files(plans: list[RunPlan], *, workers: int) -> Iterator[FileOutcome]:
    """Run every plan (each with one worker) on ``workers`` processes; yield in order.

    If the run stops early (an error, Ctrl-C, SIGTERM), the workers are
    ended and the temporary files they leave are removed.

    >>> import os, tempfile
    >>> from dedup.config import CleanConfig
    >>> from dedup.corpus.clean import CleanSpec
    >>> folder = tempfile.mkdtemp()
    >>> plans = []
    >>> for name in ("a", "b"):
    ...     _ = open(os.path.join(folder, name + ".jsonl"), "w").write('{"text": "Hi\\\\nHi"}\\n')
    ...     plans.append(RunPlan(os.path.join(folder, name + ".jsonl"),
    ...                          os.path.join(folder, name + ".out.jsonl"),
    ...                          CleanSpec(("text",), CleanConfig()), "jsonl", "jsonl"))
    >>> [outcome.result.tally.cleaned for outcome in run_files(plans, workers=2)]
    [1, 1]
    """
    done = 0
    try:
        for outcome in ordered_map(_run_alone, plans, workers=workers):
            done += 1
            yield outcome
    finally:
        for plan in plans[done:]:
            for path in (plan.output, plan.rejects, plan.explain):
                if path is not None:
                    remove_stale(path)
