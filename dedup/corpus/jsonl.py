"""The one JSONL reader: open a file or stdin, check it is JSON Lines, find a field.

What the bytes are decides how they are read, not the file's name: gzip is
found by its magic bytes (stdin too), a UTF-8 byte order mark is skipped, and
a binary file, a Parquet file or a JSON array is refused with a message
saying what to pass instead, so a mistake never turns into a run of rejects.

A field is named by its path, ``text`` or ``doc.text`` for a nested object.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import re
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from json.decoder import scanstring  # type: ignore[attr-defined]  # untyped, but public since 2.6
from typing import IO

from dedup.corpus.errors import InputError
from dedup.corpus.records import RecordError, field_text

__all__ = [
    "JsonlSource",
    "field_path",
    "locate_field",
    "lookup",
    "member_span",
    "open_jsonl",
    "parse_record",
    "read_chunks",
]

GZIP_MAGIC = b"\x1f\x8b"
BOM = b"\xef\xbb\xbf"
_SNIFF = 4096
_NOT_TEXT = {
    b"\x7fELF": "an executable (ELF) file",
    b"PAR1": "a Parquet file; pass --format parquet, or name it .parquet",
    b"PK\x03\x04": "a zip archive; unzip it first",
    b"BZh": "a bzip2 file; decompress it first (bzcat FILE | dedup ...)",
    b"\xfd7zXZ": "an xz file; decompress it first (xzcat FILE | dedup ...)",
    b"\x28\xb5\x2f\xfd": "a zstd file; decompress it first (zstdcat FILE | dedup ...)",
}
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


@dataclass(slots=True)
class JsonlSource:
    """An open JSONL input: its decoded byte stream, and its size on disk when known."""

    stream: IO[bytes]
    size: int | None
    gzipped: bool
    name: str


def _check_start(head: bytes, name: str) -> None:
    """Refuse input that is not JSON Lines, saying what it is and what to do."""
    for magic, what in _NOT_TEXT.items():
        if head.startswith(magic):
            raise InputError(f"{name} is {what}, not JSON Lines; nothing was cleaned")
    if b"\x00" in head:
        raise InputError(
            f"{name} holds binary data (NUL bytes), not JSON Lines; nothing was cleaned"
        )
    if head.removeprefix(BOM).lstrip().startswith(b"["):
        raise InputError(
            f"{name} is a JSON array, not JSON Lines (one object per line); convert it "
            f"first, e.g. jq -c '.[]' {name} > pages.jsonl"
        )


def open_jsonl(path: str, stack: contextlib.ExitStack) -> JsonlSource:
    r"""Open ``path`` ('-' is stdin) as JSON Lines, gunzipping it if its bytes are gzip.

    ``stack`` closes what is opened. Raise :class:`InputError` for a file that
    cannot be read or is not JSON Lines.

    >>> import contextlib, gzip, os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "pages.jsonl")  # gzip, whatever its name
    >>> _ = open(path, "wb").write(gzip.compress(b'{"text": "a"}\n'))
    >>> with contextlib.ExitStack() as stack:
    ...     source = open_jsonl(path, stack)
    ...     source.gzipped, source.stream.read()
    (True, b'{"text": "a"}\n')
    """
    name = "stdin" if path == "-" else path
    try:
        raw: IO[bytes] = (
            sys.stdin.buffer if path == "-" else stack.enter_context(open(path, "rb"))  # noqa: SIM115 - the stack closes it
        )
        size = None if path == "-" else os.fstat(raw.fileno()).st_size
        head = raw.peek(_SNIFF)[:_SNIFF]  # type: ignore[attr-defined]
    except OSError as error:
        raise InputError(f"cannot read {name}: {error.strerror or error}") from error
    stream = raw
    gzipped = head.startswith(GZIP_MAGIC)
    if gzipped:
        # typeshed types GzipFile as a BufferedIOBase, which it is not quite.
        stream = stack.enter_context(gzip.GzipFile(fileobj=raw, mode="rb"))  # type: ignore[arg-type]
        try:
            head = stream.peek(_SNIFF)[:_SNIFF]  # type: ignore[attr-defined]
        except (OSError, EOFError, zlib.error) as error:
            raise InputError(f"cannot read {name}: {error}") from error
    _check_start(head, name)
    return JsonlSource(stream, size, gzipped, name)


def read_chunks(
    source: JsonlSource, *, chunk_bytes: int = 1 << 17, chunk_records: int = 64
) -> Iterator[list[bytes]]:
    r"""Group the lines of a source into chunks of about ``chunk_bytes``; skip a leading BOM.

    >>> import io
    >>> source = JsonlSource(io.BytesIO(b"\xef\xbb\xbfa\nb\nc"), None, False, "x")
    >>> list(read_chunks(source, chunk_records=2))
    [[b'a\n', b'b\n'], [b'c']]
    """
    chunk: list[bytes] = []
    size = 0
    lines = iter(source.stream)
    try:
        first = next(lines, b"")
        for line in _chain_first(first.removeprefix(BOM), lines):
            chunk.append(line)
            size += len(line)
            if size >= chunk_bytes or len(chunk) >= chunk_records:
                yield chunk
                chunk, size = [], 0
    except (OSError, EOFError, zlib.error) as error:
        raise InputError(f"cannot read {source.name}: {error}") from error
    if chunk:
        yield chunk


def _chain_first(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    if first:
        yield first
    yield from rest


def field_path(name: str) -> tuple[str, ...]:
    """Split a field name into its path: ``doc.text`` is key ``text`` of object ``doc``.

    >>> field_path("doc.text"), field_path("text")
    (('doc', 'text'), ('text',))
    """
    return tuple(name.split("."))


def lookup(record: object, path: tuple[str, ...]) -> object:
    """Return the value at ``path`` in a parsed record, or None where it is missing.

    >>> lookup({"doc": {"url": "u"}}, ("doc", "url")), lookup({"doc": 1}, ("doc", "url"))
    ('u', None)
    """
    for key in path:
        if not isinstance(record, dict):
            return None
        record = record.get(key)
    return record


def member_span(line: str, index: int, name: str) -> tuple[int, int]:
    """Offsets of the value of key ``name`` in the JSON object starting at ``index``.

    The object must be valid JSON (json.loads accepted it); a duplicate key
    resolves to its last occurrence, as json.loads does; (0, 0) if absent.

    >>> line = '{"a": 1, "b": {"c": 2}}'
    >>> start, end = member_span(line, 0, "b")
    >>> line[start:end]
    '{"c": 2}'
    """
    index = _WHITESPACE.match(line, index).end() + 1  # type: ignore[union-attr]
    span = (0, 0)
    while True:
        index = _WHITESPACE.match(line, index).end()  # type: ignore[union-attr]
        if line[index] == "}":
            return span
        key, index = scanstring(line, index + 1)
        index = _WHITESPACE.match(line, index).end() + 1  # type: ignore[union-attr]
        start = _WHITESPACE.match(line, index).end()  # type: ignore[union-attr]
        _, index = _DECODER.raw_decode(line, start)
        if key == name:
            span = (start, index)
        index = _WHITESPACE.match(line, index).end()  # type: ignore[union-attr]
        if line[index] == "}":
            return span
        index += 1  # the comma


def parse_record(raw: bytes, path: tuple[str, ...]) -> tuple[str, dict[str, object], str]:
    r"""Decode and parse one JSONL line; return the line, the record and the string at ``path``.

    Raise :class:`RecordError` saying, in a few words, why the record cannot
    be cleaned. ``dedup run`` and ``dedup fit`` name bad records with these.

    >>> parse_record(b'{"doc": {"text": "Hi"}}\n', ("doc", "text"))[2]
    'Hi'
    >>> parse_record(b'{"text": null}', ("text",))
    Traceback (most recent call last):
    ...
    dedup.corpus.records.RecordError: field is null
    """
    try:
        line = raw.decode("utf-8").removesuffix("\n")
    except UnicodeDecodeError as error:
        raise RecordError("not UTF-8") from error
    if not line.strip():
        raise RecordError("blank line")
    try:
        record = json.loads(line)
    except (ValueError, RecursionError) as error:
        raise RecordError("malformed JSON") from error
    if not isinstance(record, dict):
        raise RecordError("not a JSON object")
    value: object = record
    for key in path:
        if not isinstance(value, dict) or key not in value:
            raise RecordError("field missing")
        value = value[key]
    return line, record, field_text(value)


def locate_field(raw: bytes, path: tuple[str, ...]) -> tuple[str, dict[str, object], str, int, int]:
    r"""Parse one JSONL line; find the string at ``path`` and its offsets in the line.

    Return the decoded line (without its newline), the parsed record, the
    value, and its start and end offsets, so the caller can replace exactly
    those characters and keep every other byte.

    >>> raw = b'{"id": 1.50, "doc": {"text": "a\\u00e9b"}, "n": [1]}\n'
    >>> line, _, value, start, end = locate_field(raw, ("doc", "text"))
    >>> value, line[:start] + '"X"' + line[end:]
    ('aéb', '{"id": 1.50, "doc": {"text": "X"}, "n": [1]}')
    """
    line, record, value = parse_record(raw, path)
    start, end = 0, len(line)
    for key in path:
        start, end = member_span(line, _WHITESPACE.match(line, start).end(), key)  # type: ignore[union-attr]
    return line, record, value, start, end
