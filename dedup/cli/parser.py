"""The ``dedup`` parser, dispatch to one module per command, and exit codes.

Exit codes: 0 done; 1 an input could not be read, an output could not be
written, or the run cleaned nothing useful (every record rejected, more than
``--max-reject-rate``, a profile that matched no site); 2 a bad option; 130
interrupted (Ctrl-C) and 143 terminated (SIGTERM), with no output file left
behind.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from dedup._version import __version__
from dedup.cli.clean import add_clean_command
from dedup.cli.explain import add_explain_command
from dedup.cli.fit import add_fit_command
from dedup.cli.options import PROG
from dedup.cli.run import add_run_command
from dedup.cli.signals import EXIT_CODE, Terminated, sigterm_raises
from dedup.corpus.errors import InputError, UsageError
from dedup.site import ProfileError

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """Build the ``dedup`` argument parser, one option per CleanConfig field.

    >>> parser = build_parser()
    >>> args = parser.parse_args(["run", "in.jsonl", "-o", "out.jsonl", "--label-chars", "12"])
    >>> args.label_chars, args.fold, args.field
    (12, None, 'text')
    """
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Fold typography and remove repeated blocks from scraped page text, "
        "losing no unique content.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    add_clean_command(commands)
    add_run_command(commands)
    add_explain_command(commands)
    add_fit_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``dedup`` command and return its exit code.

    >>> main(["run", "missing.jsonl", "-o", "out.jsonl", "--workers", "1"])
    1
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        with sigterm_raises():
            code: int = args.handler(args)
        return code
    except UsageError as error:
        args.usage_of.print_usage(sys.stderr)
        print(f"{PROG} {args.command}: error: {error}", file=sys.stderr)
        return 2
    except (InputError, ProfileError) as error:
        print(f"{PROG} {args.command}: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"\n{PROG} {args.command}: interrupted; no output file written", file=sys.stderr)
        return 130
    except Terminated:
        print(f"{PROG} {args.command}: terminated; no output file written", file=sys.stderr)
        return EXIT_CODE
    except BrokenPipeError:
        # The reader went away (| head): not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
