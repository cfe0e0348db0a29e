"""``dedup explain``: which blocks of one page go, why, and what covers them.

The page is a text file, or one record of a corpus: ``--record N`` (numbered
from 0, as rejects and explain lines number them) or ``--id VALUE`` of
``--id-field``. ``--profile`` removes the site's boilerplate too. A near
repeat is shown with a word diff against the block that covers it.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import difflib
import sys
from pathlib import Path

from dedup.analysis import Analysis, BlockReport
from dedup.cli.options import PROG, add_config_options, add_profile_options, config_from
from dedup.cli.text import read_text
from dedup.config import CleanConfig
from dedup.corpus.errors import InputError, UsageError
from dedup.corpus.formats import corpus_format
from dedup.corpus.jsonl import field_path, lookup, open_jsonl, read_chunks
from dedup.corpus.outputs import open_output
from dedup.corpus.parquet import open_parquet
from dedup.corpus.profile import analyze_page, load_hook

__all__ = ["add_explain_command", "command_explain", "near_diff"]


def add_explain_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``dedup explain`` to the command's subparsers."""
    explain = commands.add_parser(
        "explain",
        help="show which blocks of one page go, why, and what covers them",
        description="List every block of PAGE by input line (from 1, as an editor numbers "
        "it) with its fate, or write an HTML report with --html: kept and removed blocks side "
        "by side, each removal linked to its cover. PAGE is a text file, or a JSONL or Parquet "
        "corpus with --record N or --id VALUE.",
    )
    explain.add_argument("page", metavar="PAGE", help="a text file or corpus; '-' is stdin")
    explain.add_argument("--html", metavar="REPORT", help="write a self-contained HTML report")
    explain.add_argument(
        "--removed-only", action="store_true",
        help="in the HTML report, show only removed blocks and the blocks that cover them",
    )  # fmt: skip
    explain.add_argument("--encoding", default="utf-8", help="encoding of PAGE (default utf-8)")
    explain.add_argument("--record", type=int, metavar="N", help="the corpus record N, from 0")
    explain.add_argument(
        "--id", metavar="VALUE", help="the corpus record whose --id-field is VALUE"
    )
    explain.add_argument("--id-field", default="id", help="the field --id matches (default id)")
    explain.add_argument("--field", default="text", help="the field holding page text")
    add_config_options(explain)
    add_profile_options(explain)
    explain.set_defaults(handler=command_explain, usage_of=explain)


def _matches(record: object, args: argparse.Namespace, number: int) -> bool:
    if args.record is not None:
        return bool(number == args.record)
    return bool(str(lookup(record, field_path(args.id_field))) == args.id)


def _find_jsonl(args: argparse.Namespace) -> tuple[str, object]:
    import json  # noqa: PLC0415 - only this path parses whole records

    with contextlib.ExitStack() as stack:
        number = 0
        for chunk in read_chunks(open_jsonl(args.page, stack)):
            for line in chunk:
                if args.record is not None and number != args.record:
                    number += 1
                    continue
                try:
                    record = json.loads(line)
                except ValueError:
                    record = None
                if _matches(record, args, number):
                    return _text_of(record, args, number), lookup(
                        record, field_path(args.site_field)
                    )
                number += 1
    raise InputError(f"{args.page} has no {_wanted(args)} ({number:,} records read)")


def _find_parquet(args: argparse.Namespace) -> tuple[str, object]:
    with contextlib.ExitStack() as stack:
        source = open_parquet(args.page, stack)
        number = 0
        for batch in source.batches(batch_size=1024):
            for row in batch.to_pylist():  # type: ignore[attr-defined]
                if _matches(row, args, number):
                    return _text_of(row, args, number), row.get(args.site_field)
                number += 1
    raise InputError(f"{args.page} has no {_wanted(args)} ({number:,} records read)")


def _wanted(args: argparse.Namespace) -> str:
    return (
        f"record {args.record}"
        if args.record is not None
        else f"record with {args.id_field} {args.id!r}"
    )


def _text_of(record: object, args: argparse.Namespace, number: int) -> str:
    text = lookup(record, field_path(args.field))
    if not isinstance(text, str):
        raise InputError(
            f"record {number} has no string field {args.field!r}; name it with --field"
        )
    return text


def _page(args: argparse.Namespace) -> tuple[str, object, str]:
    """Return the page's text, its site (URL or key, if any) and a title for the report."""
    if args.record is None and args.id is None:
        text, _ = read_text(args.page, args.encoding)
        return text, None, "stdin" if args.page == "-" else Path(args.page).name
    if args.record is not None and args.id is not None:
        raise UsageError("pass --record or --id, not both")
    kind = corpus_format(args.page, option=None)
    text, site = _find_parquet(args) if kind == "parquet" else _find_jsonl(args)
    return text, site, f"{Path(args.page).name}, {_wanted(args)}"


def _analyze(text: str, site: object, args: argparse.Namespace, config: CleanConfig) -> Analysis:
    hook = load_hook(args.profile, keep_first=args.keep_first) if args.profile else None
    result, _ = analyze_page(hook, site, text, config)
    return result


def near_diff(block: str, cover: str) -> str:
    """Show how a near repeat differs from its cover, word by word: [-gone-] {+new+}.

    >>> near_diff("Storm hits the coast tonight", "Storm hits the coast today")
    'Storm hits the coast [-tonight-] {+today+}'
    """
    words, cover_words = block.split(), cover.split()
    parts: list[str] = []
    matcher = difflib.SequenceMatcher(a=words, b=cover_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.extend(words[a1:a2])
            continue
        if a2 > a1:
            parts.append("[-" + " ".join(words[a1:a2]) + "-]")
        if b2 > b1:
            parts.append("{+" + " ".join(cover_words[b1:b2]) + "+}")
    return " ".join(parts)


def _fate(block: BlockReport) -> str:
    if block.kept:
        return "kept"
    lines = block.covered_by_lines
    if not lines:
        return f"{block.reason} <- ?" if block.site is None else f"{block.reason} <- site"
    return f"{block.reason} <- line{'s' if len(lines) > 1 else ''} {','.join(map(str, lines))}"


def _only_removed(result: Analysis) -> Analysis:
    covers = {line for block in result.removed for line in block.covered_by_lines}
    kept = tuple(block for block in result.blocks if not block.kept or block.line in covers)
    return dataclasses.replace(result, blocks=kept)


def command_explain(args: argparse.Namespace) -> int:
    """Run ``dedup explain``; return the exit code."""
    config = config_from(args)
    text, site, title = _page(args)
    result = _analyze(text, site, args, config)
    if args.html:
        from dedup.report import render_report  # noqa: PLC0415 - the one import of it

        shown = _only_removed(result) if args.removed_only else result
        page = render_report(shown, title=title, config=config)
        with contextlib.ExitStack() as stack:
            output = open_output(args.html, gzipped=False, notes=[])
            stack.callback(output.discard)
            output.write(page.encode("utf-8", "surrogateescape"))
            output.commit()
        print(f"{PROG} explain: {result.summary()}; report written to {args.html}", file=sys.stderr)
        return 0
    # The first column is the input line, from 1, as an editor numbers it.
    width = len(str(result.blocks[-1].line)) if result.blocks else 1
    fates = [_fate(block) for block in result.blocks]
    # A long list of covers (a merged line) may push its own text right, not every row's.
    pad = min(max((len(fate) for fate in fates), default=0), 24)
    for block, fate in zip(result.blocks, fates, strict=True):
        sys.stdout.write(f"{block.line:>{width}}  {fate:<{pad}} {block.original}\n")
        if str(block.reason) == "near" and block.covered_by_line is not None:
            cover = result.at_line(block.covered_by_line).original
            sys.stdout.write(f"{'':>{width}}  {'diff':<{pad}} {near_diff(block.original, cover)}\n")
    print(result.summary(), file=sys.stderr)
    return 0
