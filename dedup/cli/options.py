"""Options shared by the commands: one per CleanConfig field, workers, progress, site profile.

The help text and default of every cleaning option is its
:class:`~dedup.config.CleanConfig` field's own (:func:`~dedup.config.option_help`).
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
import typing

from dedup.batch import check_workers
from dedup.config import CleanConfig, ProfileConfig, option_help, resolve_config
from dedup.corpus.errors import UsageError

__all__ = [
    "PROG",
    "add_config_options",
    "add_parallel_options",
    "add_profile_options",
    "as_flags",
    "config_from",
    "progress_wanted",
    "workers_from",
]

PROG = "dedup"


def add_config_options(parser: argparse.ArgumentParser) -> None:
    """Add one option per CleanConfig field, with the field's help and default.

    >>> parser = argparse.ArgumentParser()
    >>> add_config_options(parser)
    >>> parser.parse_args(["--label-chars", "12", "--no-fold"]).label_chars
    12
    """
    group = parser.add_argument_group(
        "cleaning options", "One per field of dedup.CleanConfig; defaults in brackets."
    )
    helps = {name: text.replace("%", "%%") for name, text in option_help(CleanConfig).items()}
    hints = typing.get_type_hints(CleanConfig)
    for spec in dataclasses.fields(CleanConfig):
        flag = "--" + spec.name.replace("_", "-")
        kind = hints[spec.name]
        text = f"{helps[spec.name]} [{spec.default}]"
        if kind is bool:
            group.add_argument(
                flag, dest=spec.name, action=argparse.BooleanOptionalAction, default=None, help=text
            )
        else:
            metavar = "N" if kind is int else "X"
            group.add_argument(
                flag, dest=spec.name, type=kind, default=None, metavar=metavar, help=text
            )


def config_from(args: argparse.Namespace) -> CleanConfig:
    """Build the CleanConfig the options ask for; a bad value is a UsageError naming the flag.

    >>> config_from(argparse.Namespace(label_chars=-1))
    Traceback (most recent call last):
    ...
    dedup.corpus.errors.UsageError: --label-chars must be a whole number of at least 1, not -1
    """
    given = {
        spec.name: getattr(args, spec.name)
        for spec in dataclasses.fields(CleanConfig)
        if getattr(args, spec.name, None) is not None
    }
    try:
        return resolve_config(None, given)
    except (TypeError, ValueError) as error:
        raise UsageError(as_flags(str(error), CleanConfig)) from error


def as_flags(text: str, cls: type[CleanConfig] | type[ProfileConfig]) -> str:
    """Name a config's fields in ``text`` as the command line spells them.

    >>> as_flags("min_pages must be at least 2", ProfileConfig)
    '--min-pages must be at least 2'
    """
    for spec in dataclasses.fields(cls):
        text = re.sub(rf"\b{spec.name}\b", "--" + spec.name.replace("_", "-"), text)
    return text


def add_parallel_options(sub: argparse.ArgumentParser) -> None:
    """Add ``-j/--workers``, ``--progress`` and ``--quiet`` to a subcommand.

    >>> sub = argparse.ArgumentParser()
    >>> add_parallel_options(sub)
    >>> args = sub.parse_args(["-j", "2", "--no-progress", "-q"])
    >>> args.workers, args.progress, args.quiet
    (2, False, True)
    """
    sub.add_argument(
        "-j", "--workers", type=int, default=None, metavar="N",
        help="processes to use (default: every core)",
    )  # fmt: skip
    sub.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar on stderr (default: when stderr is a terminal)",
    )
    sub.add_argument("-q", "--quiet", action="store_true", help="print no summary")


def workers_from(args: argparse.Namespace) -> int:
    """Check ``--workers``; None means every core.

    >>> workers_from(argparse.Namespace(workers=0))
    Traceback (most recent call last):
    ...
    dedup.corpus.errors.UsageError: --workers: workers must be a whole number of at least 1 \
(or None for every core), not 0
    """
    try:
        return check_workers(args.workers)
    except ValueError as error:
        raise UsageError(f"--workers: {error}") from error


def progress_wanted(args: argparse.Namespace) -> bool:
    """``--progress``/``--no-progress``, or a bar when stderr is a terminal.

    >>> progress_wanted(argparse.Namespace(progress=False))
    False
    """
    wanted: bool | None = getattr(args, "progress", None)
    return sys.stderr.isatty() if wanted is None else wanted


def add_profile_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--profile``, ``--site-field`` and ``--keep-first``.

    >>> parser = argparse.ArgumentParser()
    >>> add_profile_options(parser)
    >>> args = parser.parse_args(["--profile", "profile.json"])
    >>> args.profile, args.site_field, args.keep_first
    ('profile.json', 'url', False)
    """
    group = parser.add_argument_group(
        "site profile", "Remove site boilerplate learned by dedup fit."
    )
    group.add_argument("--profile", metavar="FILE", help="a profile written by dedup fit")
    group.add_argument(
        "--site-field",
        default="url",
        help="the field (JSONL, doc.url for a nested one) or column (Parquet) holding each "
        "record's URL or site key (default url)",
    )
    group.add_argument(
        "--keep-first",
        action="store_true",
        help="keep each boilerplate block on one page of its site (see dedup.site)",
    )
