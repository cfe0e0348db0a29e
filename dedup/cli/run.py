"""``dedup run``: clean one text field of every record of JSONL or Parquet corpora.

One input to ``-o OUTPUT`` (``-`` is stdout), or many (files, globs,
``--input-dir``) to ``--output-dir`` with the same relative names: whole
files per worker when there are at least as many files as workers, else
one file at a time with its records spread over the workers. A
finished output has a completion marker, so a rerun skips it; each file
fails or succeeds on its own, and any failure makes the exit code 1.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dedup.atomic import write_atomically
from dedup.cli.options import (
    PROG,
    add_config_options,
    add_parallel_options,
    add_profile_options,
    config_from,
    progress_wanted,
    workers_from,
)
from dedup.cli.progress import Bar
from dedup.cli.summary import summary
from dedup.corpus.clean import CleanSpec
from dedup.corpus.errors import InputError, UsageError
from dedup.corpus.formats import FORMATS, corpus_format, is_gzip_name
from dedup.corpus.jsonl import field_path
from dedup.corpus.many import FileOutcome, run_files, run_one
from dedup.corpus.plan import RunPlan
from dedup.corpus.profile import load_hook
from dedup.corpus.records import Tally
from dedup.corpus.resume import clear_marker, is_finished, mark_finished
from dedup.corpus.shards import expand_inputs, output_path

__all__ = ["add_run_command", "command_run"]


def add_run_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``dedup run`` to the command's subparsers."""
    run = commands.add_parser(
        "run",
        help="clean one text field of every record of JSONL or Parquet corpora",
        description="Clean the --field of every record; every other field passes through "
        "untouched and records keep their order. A record that cannot be cleaned (bad JSON, "
        "missing or non-string field) is written through unchanged, or to --rejects. A run "
        "where every record is rejected (or more than --max-reject-rate) fails.",
    )
    run.add_argument(
        "inputs", nargs="*", metavar="INPUT",
        help=".jsonl, .jsonl.gz or .parquet files or globs; '-' is stdin",
    )  # fmt: skip
    where = run.add_mutually_exclusive_group()
    where.add_argument("-o", "--output", metavar="OUTPUT", help="output file; '-' is stdout")
    where.add_argument(
        "--output-dir", metavar="DIR", help="one output per input, with its relative name"
    )
    run.add_argument("--input-dir", metavar="DIR", help="clean every corpus file under DIR")
    run.add_argument("--glob", metavar="PATTERN", help="with --input-dir: only files matching")
    run.add_argument(
        "--field", default="text",
        help="the field holding page text; doc.text for a nested one (default text)",
    )  # fmt: skip
    run.add_argument(
        "--format", choices=FORMATS,
        help="input format (default: from its name; gzip is found by its bytes)",
    )  # fmt: skip
    run.add_argument(
        "--output-format", choices=FORMATS,
        help="output format (default: from the output's name; for '-', the input's)",
    )  # fmt: skip
    run.add_argument(
        "--compression", metavar="CODEC",
        help="Parquet codec: snappy, zstd, gzip, none... (default: the input's)",
    )  # fmt: skip
    run.add_argument(
        "--rejects", metavar="FILE",
        help="write records not cleaned here (with several inputs: a folder, one file each)",
    )  # fmt: skip
    run.add_argument(
        "--explain", metavar="FILE",
        help="write one JSON line per record listing removed blocks (with several inputs: a "
        "folder, one file each)",
    )  # fmt: skip
    run.add_argument(
        "--max-reject-rate", type=float, metavar="X",
        help="fail when more than this share of records is rejected (default: fail only "
        "when every record is)",
    )  # fmt: skip
    run.add_argument("--stats", metavar="FILE", help="write a JSON summary of the run")
    run.add_argument(
        "--add-stats", action="store_true",
        help="add {blocks, kept, removed_by_reason, bytes_saved} to each record as dedup_stats",
    )  # fmt: skip
    run.add_argument(
        "--force", action="store_true", help="clean again outputs a previous run finished"
    )
    add_parallel_options(run)
    add_config_options(run)
    add_profile_options(run)
    run.set_defaults(handler=command_run, usage_of=run)


def _output_format(args: argparse.Namespace, output: str, input_format: str) -> str:
    if args.output_format:
        return str(args.output_format)
    if output == "-":
        return "jsonl" if input_format == "jsonl.gz" else input_format
    return corpus_format(output, option="--output-format")


def _input_format(args: argparse.Namespace, path: str) -> str:
    if args.format:
        return str(args.format)
    return corpus_format(path)


@dataclass(frozen=True, slots=True)
class _Job:
    """One input and the files its run writes."""

    source: str
    target: str
    rejects: str | None
    explain: str | None


def _side(folder: str | None, relative: str) -> str | None:
    """With several inputs, a side file per input, named like it, in ``folder``."""
    if folder is None:
        return None
    return output_path(relative, folder, "jsonl.gz" if is_gzip_name(relative) else "jsonl")


def _jobs(args: argparse.Namespace) -> list[_Job]:
    """Every input of the run and its outputs, checked before any is read."""
    if args.input_dir and args.inputs:
        raise UsageError("pass input files or --input-dir, not both")
    if args.glob and not args.input_dir:
        raise UsageError("--glob filters --input-dir; quote a glob as an INPUT instead")
    if not args.input_dir and not args.inputs:
        raise UsageError("name an INPUT ('-' for stdin) or an --input-dir")
    shards = expand_inputs(args.inputs, args.input_dir, args.glob)
    several = len(shards) > 1 or args.input_dir is not None
    if several and args.output_dir is None:
        raise UsageError(f"{len(shards)} inputs need --output-dir DIR, not -o")
    if not several and args.output is None and args.output_dir is None:
        raise UsageError("name the output with -o OUTPUT ('-' for stdout) or --output-dir DIR")
    if args.output_dir is None:
        return [_Job(shards[0][0], args.output, args.rejects, args.explain)]
    if shards[0][0] == "-":
        raise UsageError("stdin has no name to keep in --output-dir: use -o OUTPUT")
    if not several:
        path, relative = shards[0]
        target = output_path(relative, args.output_dir, args.output_format)
        return [_Job(path, target, args.rejects, args.explain)]
    jobs = [
        _Job(
            path,
            output_path(relative, args.output_dir, args.output_format),
            _side(args.rejects, relative),
            _side(args.explain, relative),
        )
        for path, relative in shards
    ]
    targets = [job.target for job in jobs]
    if len(set(targets)) < len(targets):
        raise UsageError("two inputs would write the same output; keep them in subfolders")
    sides = {side for job in jobs for side in (job.rejects, job.explain) if side}
    if sides & set(targets) or (args.rejects and args.rejects == args.explain):
        raise UsageError("--rejects and --explain each need a folder of their own")
    return jobs


def _digest(args: argparse.Namespace, spec: CleanSpec) -> str:
    """Digest what decides an output's bytes, so a rerun with other options cleans again."""
    options = {
        "config": dataclasses.asdict(spec.config),
        "field": args.field,
        "site_field": args.site_field,
        "profile": spec.hook.sha256 if spec.hook else None,
        "keep_first": args.keep_first,
        "add_stats": args.add_stats,
        "output_format": args.output_format,
        "compression": args.compression,
        # A rerun that asks for a rejects or explain file must write it.
        "rejects": args.rejects,
        "explain": args.explain,
    }
    return hashlib.sha256(json.dumps(options, sort_keys=True).encode()).hexdigest()


def _plans(
    args: argparse.Namespace, jobs: list[_Job], spec: CleanSpec, workers: int, digest: str
) -> tuple[list[RunPlan], list[_Job]]:
    """Plan every job not finished by an earlier run; return the plans and the skipped jobs."""
    plans: list[RunPlan] = []
    skipped: list[_Job] = []
    for job in jobs:
        if (
            _resumable(job.source, job.target)
            and not args.force
            and is_finished(job.source, job.target, digest)
        ):
            skipped.append(job)
            continue
        if job.target != "-":
            clear_marker(job.target)
        for path in (job.target, job.rejects, job.explain):
            if path not in (None, "-"):
                Path(path).parent.mkdir(parents=True, exist_ok=True)
        kind = _input_format(args, job.source)
        plan = RunPlan(
            job.source, job.target, spec, kind, _output_format(args, job.target, kind),
            workers, job.rejects, job.explain, args.compression, args.max_reject_rate,
        )  # fmt: skip
        plans.append(plan)
    return plans, skipped


def _resumable(source: str, target: str) -> bool:
    """Stdin and stdout leave nothing to mark finished."""
    return source != "-" and target != "-"


def _outcomes(
    plans: list[RunPlan], workers: int, bar: Bar, *, several: bool
) -> Iterator[FileOutcome]:
    """Run the plans: whole files on each worker when there are enough, else records."""
    if len(plans) > 1 and 1 < workers <= len(plans):
        sizes = {plan.input: Path(plan.input).stat().st_size for plan in plans}
        bar.start(sum(sizes.values()), f"{len(plans):,} files")
        alone = [dataclasses.replace(plan, workers=1) for plan in plans]
        for outcome in run_files(alone, workers=workers):
            records = outcome.result.tally.records if outcome.result else 0
            bar.update(records, sizes[outcome.plan.input])
            yield outcome
        return
    for plan in plans:
        outcome = run_one(plan, bar)
        if outcome.error is not None and not several:
            raise InputError(outcome.error)
        yield outcome


def command_run(args: argparse.Namespace) -> int:
    """Run ``dedup run``; return the exit code (1 if any file failed)."""
    config = config_from(args)
    workers = workers_from(args)
    if args.max_reject_rate is not None and not 0 <= args.max_reject_rate <= 1:
        raise UsageError(f"--max-reject-rate must be between 0 and 1, not {args.max_reject_rate}")
    jobs = _jobs(args)
    # A bad profile fails here, before any output file is opened.
    hook = load_hook(args.profile, keep_first=args.keep_first) if args.profile else None
    spec = CleanSpec(
        field_path(args.field), config, bool(args.explain), args.add_stats,
        field_path(args.site_field), hook,
    )  # fmt: skip
    digest = _digest(args, spec)
    plans, skipped = _plans(args, jobs, spec, workers, digest)
    bar = Bar(enabled=progress_wanted(args), asked=bool(args.progress))
    start = time.perf_counter()
    total, read = Tally(), 0
    went = f"written to {args.rejects}" if args.rejects else "written through unchanged"
    files: list[dict[str, object]] = [
        {"input": job.source, "output": job.target, "skipped": True} for job in skipped
    ]
    failed: list[str] = []
    try:
        for outcome in _outcomes(plans, workers, bar, several=len(jobs) > 1):
            plan, result = outcome.plan, outcome.result
            where = {"input": plan.input, "output": plan.output}
            if result is None:
                failed.append(f"{plan.input}: {outcome.error}")
                files.append({**where, "error": outcome.error})
                continue
            for note in result.notes:
                print(f"{PROG} run: {note}", file=sys.stderr)
            if _resumable(plan.input, plan.output):
                mark_finished(plan.input, plan.output, digest)
            total.add(result.tally)
            read += result.input_bytes
            went = result.rejects_went
            files.append({**where, **result.tally.as_dict()})
    finally:
        bar.close()
    elapsed = time.perf_counter() - start
    if args.stats:
        report = {
            "files": files,
            "skipped": len(skipped),
            "failed": len(failed),
            "seconds": round(elapsed, 3),
            **total.as_dict(),
        }
        try:
            write_atomically(args.stats, (json.dumps(report, indent=1) + "\n").encode())
        except OSError as error:
            raise InputError(
                f"cannot write --stats {args.stats}: {error.strerror or error}"
            ) from error
    if not args.quiet:
        print(
            summary(total, elapsed=elapsed, input_bytes=read, rejects=went, command="run"),
            file=sys.stderr,
        )
        if skipped:
            print(
                f"  skipped {len(skipped):,} finished output(s); --force cleans them again",
                file=sys.stderr,
            )
    for failure in failed:
        print(f"{PROG} run: error: {failure}", file=sys.stderr)
    return 1 if failed else 0
