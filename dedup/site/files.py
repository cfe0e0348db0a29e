"""Profile files: one JSON writer, one reader, and the checks every profile file shares.

Profiles are JSON, never pickle: a file from elsewhere can be read without
running anything in it.
"""

from __future__ import annotations

import json
import os
from typing import Any

from dedup.atomic import write_atomically
from dedup.config import is_whole_number

__all__ = [
    "MALFORMED",
    "ProfileError",
    "check_header",
    "corrupt",
    "parse_json",
    "read_json",
    "write_json",
]

#: What reading a well-formed JSON document of the wrong shape can raise.
MALFORMED = (KeyError, IndexError, TypeError, ValueError, AttributeError)


class ProfileError(ValueError):
    """A profile file that cannot be used; the message says what to do."""


def write_json(path: str | os.PathLike[str], data: dict[str, Any]) -> None:
    """Write ``data`` to ``path`` as one line of JSON; the file appears only when complete.

    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "p.json")
    >>> write_json(path, {"a": "\\ud800"})
    >>> open(path, encoding="utf-8").read()
    '{"a": "\\\\ud800"}\\n'
    """
    # ASCII escapes: a page may carry a lone surrogate, which UTF-8 cannot write.
    text = json.dumps(data, ensure_ascii=True, indent=None)
    write_atomically(path, (text + "\n").encode("ascii"))


def parse_json(data: bytes, name: str, remedy: str) -> object:
    """Parse a profile file's bytes; every failure is a ProfileError saying how to re-create it.

    >>> parse_json(b'{"sites": {}}', "p.json", "fit again")
    {'sites': {}}
    >>> parse_json(b'{"sites":\\r\\n', "p.json", "fit again")
    Traceback (most recent call last):
    ...
    dedup.site.files.ProfileError: p.json is not valid JSON (line 2, column 1: Expecting value); \
re-create it with fit again
    """
    try:
        # Line ends as a file opened as text reads them, so an error names
        # the line an editor shows.
        text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        return json.loads(text)
    except UnicodeDecodeError as error:
        raise ProfileError(
            f"{name} is not a profile (not UTF-8 text); re-create it with {remedy}"
        ) from error
    except json.JSONDecodeError as error:
        raise ProfileError(
            f"{name} is not valid JSON (line {error.lineno}, column {error.colno}: "
            f"{error.msg}); re-create it with {remedy}"
        ) from error


def read_json(path: str | os.PathLike[str], remedy: str) -> object:
    """Read a profile file's JSON; every failure is a ProfileError saying how to re-create it.

    >>> read_json("/nonexistent/p.json", "fit again")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    dedup.site.files.ProfileError: cannot read profile /nonexistent/p.json: No such file...
    """
    name = os.fspath(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise ProfileError(f"cannot read profile {name}: {error.strerror or error}") from error
    return parse_json(data, name, remedy)


def check_header(
    data: object, name: str, newest: int, where: str, remedy: str
) -> tuple[dict[str, Any], int]:
    """Check a profile's format name and version; return the data and the version.

    >>> check_header({"format": "f", "version": 1}, "f", 2, "x ", "fit")
    ({'format': 'f', 'version': 1}, 1)
    >>> check_header({"format": "f", "version": 0}, "f", 2, "x ", "fit")
    Traceback (most recent call last):
    ...
    dedup.site.files.ProfileError: x has no valid format version (0); re-create it
    """
    if not isinstance(data, dict) or data.get("format") != name:
        raise ProfileError(
            f"{where}is not a pagededup {name.removeprefix('pagededup-').replace('-', ' ')} "
            f'(no "format": "{name}"); create one with {remedy}'
        )
    version = data.get("version")
    if not is_whole_number(version, 1):
        raise ProfileError(f"{where}has no valid format version ({version!r}); re-create it")
    assert isinstance(version, int)  # for the type checker: is_whole_number said so
    if version > newest:
        raise ProfileError(
            f"{where}was written in format version {version} by a newer pagededup; "
            f"this one reads versions up to {newest}. Upgrade: git pull in the pagededup "
            "clone, then pip install ."
        )
    return data, version


def corrupt(where: str, error: Exception, remedy: str) -> ProfileError:
    """Return the ProfileError for a file whose JSON has the wrong shape.

    >>> corrupt("p.json ", KeyError("sites"), "fit again")
    ProfileError("p.json is corrupt (KeyError: 'sites'); fit again")
    """
    return ProfileError(f"{where}is corrupt ({type(error).__name__}: {error}); {remedy}")
