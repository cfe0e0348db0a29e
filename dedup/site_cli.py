"""The command line of site profiles: ``dedup fit``, and ``dedup run --profile``.

::

    dedup fit pages.jsonl --site-field url -o profile.json
    dedup run pages.jsonl -o out.jsonl --profile profile.json

:mod:`dedup.cli` calls the three hooks here (:func:`add_fit_command`,
:func:`add_run_options`, :func:`run_hook`), so the profile code lives in one
place.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from dedup.analysis import Analysis
from dedup.config import CleanConfig
from dedup.site import ProfileError, SiteProfile

__all__ = ["ProfileHook", "add_fit_command", "add_run_options", "command_fit", "run_hook"]


def _errors() -> tuple[type[Exception], type[Exception]]:
    # dedup.cli imports this module inside its functions; import it back the same way.
    from dedup.cli import InputError, UsageError  # noqa: PLC0415

    return UsageError, InputError


def add_run_options(run: argparse.ArgumentParser) -> None:
    """Add ``--profile``, ``--site-field`` and ``--keep-first`` to ``dedup run``.

    >>> parser = argparse.ArgumentParser()
    >>> add_run_options(parser)
    >>> args = parser.parse_args(["--profile", "profile.json"])
    >>> args.profile, args.site_field, args.keep_first
    ('profile.json', 'url', False)
    """
    group = run.add_argument_group("site profile", "Remove site boilerplate learned by dedup fit.")
    group.add_argument("--profile", metavar="FILE", help="a profile written by dedup fit")
    group.add_argument(
        "--site-field",
        default="url",
        help="the field holding each record's URL or site key (default url)",
    )
    group.add_argument(
        "--keep-first",
        action="store_true",
        help="keep each boilerplate block on one page of its site (see dedup.site)",
    )


def add_fit_command(commands: Any) -> argparse.ArgumentParser:
    """Add ``dedup fit`` to the command's subparsers and return its parser.

    >>> commands = argparse.ArgumentParser().add_subparsers()
    >>> args = add_fit_command(commands).parse_args(["pages.jsonl", "-o", "profile.json"])
    >>> args.min_pages, args.min_text_pages, args.min_fraction, args.site_field
    (3, 3, 0.5, 'url')
    """
    fit: argparse.ArgumentParser = commands.add_parser(
        "fit",
        help="learn the blocks each site repeats across its pages (a site profile)",
        description="Count, per site, on how many pages each block appears, and write a "
        "profile for dedup run --profile. A summary lists the top boilerplate blocks per site.",
    )
    fit.add_argument("input", metavar="INPUT", help=".jsonl or .jsonl.gz; '-' is stdin")
    fit.add_argument("-o", "--output", required=True, metavar="PROFILE", help="profile file")
    fit.add_argument("--field", default="text", help="the field holding page text (default text)")
    fit.add_argument(
        "--site-field",
        default="url",
        help="the field holding the URL (site = its host) or site key (default url)",
    )
    fit.add_argument("--min-pages", type=int, default=3, metavar="N", help="[3]")
    fit.add_argument(
        "--min-text-pages",
        type=int,
        default=3,
        metavar="N",
        help="pages a block of text (not a label) needs; the larger of this and --min-pages "
        "applies [3]",
    )
    fit.add_argument("--min-fraction", type=float, default=0.5, metavar="X", help="[0.5]")
    fit.add_argument(
        "--complete",
        action="store_true",
        help="save every count, so the profile can be fitted further",
    )
    fit.add_argument(
        "--top", type=int, default=5, metavar="N", help="blocks listed per site (default 5)"
    )
    fit.add_argument(
        "--sites", type=int, default=20, metavar="N", help="sites listed, largest first [20]"
    )
    return fit


@dataclass(slots=True)
class _FitTally:
    records: int = 0
    rejected: dict[str, int] = field(default_factory=dict)

    def reject(self, reason: str) -> None:
        self.rejected[reason] = self.rejected.get(reason, 0) + 1


def _site_of(record: dict[str, Any], site_field: str) -> str | None:
    value = record.get(site_field)
    return value if isinstance(value, str) else None


def _read_records(stream: IO[bytes], text_field: str, site_field: str, tally: _FitTally) -> Any:
    for raw in stream:
        tally.records += 1
        try:
            record = json.loads(raw)
        except (ValueError, RecursionError):
            tally.reject("malformed JSON")
            continue
        if not isinstance(record, dict):
            tally.reject("not a JSON object")
            continue
        text = record.get(text_field)
        if not isinstance(text, str):
            tally.reject("field missing" if text is None else "field is not a string")
            continue
        yield _site_of(record, site_field), text


def fit_summary(profile: SiteProfile, *, top: int, sites: int) -> str:
    r"""List the top boilerplate blocks of the largest sites, for eyeballing.

    >>> profile = SiteProfile(min_pages=2).fit([("x", "Menu\nA"), ("x", "Menu\nB"), (None, "C")])
    >>> print(fit_summary(profile, top=3, sites=5))
    1 site, 2 pages with a site, 1 without; boilerplate blocks: 1
      x (2 pages, 1 boilerplate block)
           2 pages  Menu
    """
    names = sorted(profile.sites, key=lambda name: (-profile.site_pages(name), name))
    found = {name: profile.boilerplate(name) for name in names}
    total = sum(len(blocks) for blocks in found.values())
    with_site = profile.pages - profile.pages_without_site
    lines = [
        f"{len(names):,} site{'' if len(names) == 1 else 's'}, {with_site:,} pages with a site, "
        f"{profile.pages_without_site:,} without; boilerplate blocks: {total:,}"
    ]
    for name in names[:sites]:
        blocks = found[name]
        lines.append(
            f"  {name} ({profile.site_pages(name):,} pages, {len(blocks):,} boilerplate "
            f"block{'' if len(blocks) == 1 else 's'})"
        )
        for block in blocks[:top]:
            text = block.text if block.text is not None else f"#{block.key_hash:016x}"
            text = text if len(text) <= 80 else text[:77] + "..."
            lines.append(f"    {block.pages:>4,} pages  {text}")
    if len(names) > sites:
        lines.append(f"  ... and {len(names) - sites:,} more sites (--sites N lists more)")
    return "\n".join(lines)


def command_fit(args: argparse.Namespace) -> int:
    """Run ``dedup fit``: count the pages of a JSONL corpus and save the profile.

    >>> import contextlib, io, os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> pages = os.path.join(folder, "pages.jsonl")
    >>> with open(pages, "w") as out:
    ...     for n in range(3):
    ...         _ = out.write(json.dumps({"url": f"https://a.example/{n}",
    ...                                   "text": f"Menu\\nStory {n}"}) + "\\n")
    >>> commands = argparse.ArgumentParser().add_subparsers()
    >>> args = add_fit_command(commands).parse_args(
    ...     [pages, "-o", os.path.join(folder, "profile.json")])
    >>> with contextlib.redirect_stderr(io.StringIO()):
    ...     command_fit(args)
    0
    >>> SiteProfile.load(args.output).clean("Menu\\nNew story\\n", site="a.example")
    'New story\\n'
    """
    usage_error, input_error = _errors()
    try:
        profile = SiteProfile(
            min_pages=args.min_pages,
            min_text_pages=args.min_text_pages,
            min_fraction=args.min_fraction,
        )
    except ValueError as error:
        message = str(error)
        for name in ("min_pages", "min_text_pages", "min_fraction"):
            message = message.replace(name, "--" + name.replace("_", "-"))
        raise usage_error(message) from error
    start = time.perf_counter()
    tally = _FitTally()
    try:
        raw: IO[bytes] = sys.stdin.buffer if args.input == "-" else open(args.input, "rb")  # noqa: SIM115
    except OSError as error:
        raise input_error(f"cannot read {args.input}: {error.strerror or error}") from error
    try:
        gzipped = args.input.lower().endswith(".gz")
        stream: IO[bytes] = gzip.GzipFile(fileobj=raw, mode="rb") if gzipped else raw  # type: ignore[assignment]
        profile.fit(_read_records(stream, args.field, args.site_field, tally))
    except (OSError, EOFError, zlib.error) as error:
        raise input_error(f"cannot read {args.input}: {error}") from error
    finally:
        if raw is not sys.stdin.buffer:
            raw.close()
    try:
        profile.save(args.output, complete=args.complete)
    except OSError as error:
        raise input_error(f"cannot write {args.output}: {error.strerror or error}") from error
    elapsed = max(time.perf_counter() - start, 1e-9)
    rejected = sum(tally.rejected.values())
    reasons = ", ".join(f"{n:,} {why}" for why, n in sorted(tally.rejected.items()))
    print(
        f"dedup fit: {tally.records:,} records in {elapsed:,.1f} s "
        f"({tally.records / elapsed:,.1f} pages/s); profile written to {args.output}",
        file=sys.stderr,
    )
    if rejected:
        print(f"  skipped {rejected:,} ({reasons})", file=sys.stderr)
    print(fit_summary(profile, top=args.top, sites=args.sites), file=sys.stderr)
    return 0


# Profiles loaded in this process, by content hash: a worker reads the file
# once, not once per chunk. The hash names the file's exact bytes, so an
# entry can never stand for a different profile; this changes speed only.
_LOADED: dict[str, SiteProfile] = {}


@dataclass(frozen=True, slots=True)
class ProfileHook:
    """What a ``dedup run`` worker needs to apply a profile: small enough to send per chunk."""

    path: str
    sha256: str
    site_field: str
    keep_first: bool

    def profile(self) -> SiteProfile:
        """Return the profile, read once per process and checked against its hash.

        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "profile.json")
        >>> SiteProfile(min_pages=2).fit([("a.example", "Menu\\nOne"),
        ...                               ("a.example", "Menu\\nTwo")]).save(path)
        >>> digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        >>> hook = ProfileHook(path, digest, "url", keep_first=False)
        >>> hook.profile().clean("Menu\\nThree\\n", site="a.example")
        'Three\\n'
        >>> record = '{"url": "https://a.example/3"}'
        >>> result, sited = hook.analyze(record, "Menu\\nThree", CleanConfig())
        >>> result.text, sited
        ('Three\\n', True)
        """
        loaded = _LOADED.get(self.sha256)
        if loaded is None:
            data = Path(self.path).read_bytes()
            if hashlib.sha256(data).hexdigest() != self.sha256:
                raise ProfileError(f"{self.path} changed while the run was going; run it again")
            loaded = SiteProfile.from_json(json.loads(data), source=self.path)
            _LOADED.clear()
            _LOADED[self.sha256] = loaded
        return loaded

    def analyze(self, line: str, text: str, config: CleanConfig) -> tuple[Analysis, bool]:
        """Clean one record's text with its site's boilerplate; say whether it had a site.

        See :meth:`profile` for an example.
        """
        record = json.loads(line)
        where = _site_of(record, self.site_field) if isinstance(record, dict) else None
        profile = self.profile()
        site = profile.site_key(where)
        return profile.analyze(text, site=site, keep_first=self.keep_first, config=config), (
            site is not None
        )


def run_hook(args: argparse.Namespace) -> ProfileHook | None:
    """Load and check ``--profile`` before any output is opened; None without one.

    >>> run_hook(argparse.Namespace(profile=None)) is None
    True
    """
    if not getattr(args, "profile", None):
        return None
    usage_error, input_error = _errors()
    if args.format == "parquet":
        raise usage_error("--profile works on JSONL input; convert the Parquet corpus to JSONL")
    try:
        data = Path(args.profile).read_bytes()
    except OSError as error:
        raise input_error(
            f"cannot read profile {args.profile}: {error.strerror or error}"
        ) from error
    try:
        SiteProfile.load(args.profile)
    except ProfileError as error:
        raise input_error(str(error)) from error
    return ProfileHook(
        str(Path(args.profile).resolve()),
        hashlib.sha256(data).hexdigest(),
        args.site_field,
        args.keep_first,
    )
