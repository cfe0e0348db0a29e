"""Which corpus format a path names: the one place suffixes are read."""

from __future__ import annotations

from dedup.corpus.errors import UsageError

__all__ = ["FORMATS", "corpus_format", "is_gzip_name", "is_parquet_name"]

FORMATS = ("jsonl", "jsonl.gz", "parquet")
"""Every format a corpus file can have; ``--format`` and ``--output-format`` take these."""


def is_gzip_name(path: str) -> bool:
    """Say whether a file name asks for gzip (``.gz``).

    >>> is_gzip_name("rejects.jsonl.gz"), is_gzip_name("rejects.jsonl")
    (True, False)
    """
    return path.lower().endswith(".gz")


def is_parquet_name(path: str) -> bool:
    """Say whether a file name asks for Parquet (``.parquet`` or ``.pq``, in any case).

    >>> is_parquet_name("rejects.PQ"), is_parquet_name("rejects.parquet.jsonl")
    (True, False)
    """
    return path.lower().endswith((".parquet", ".pq"))


def corpus_format(path: str, *, option: str | None = "--format") -> str:
    """Name the format of a corpus file from its suffix: jsonl, jsonl.gz or parquet.

    ``option`` is the flag that overrides the guess, named in the error (None
    for a command that has none). An unknown suffix is the user's to fix: a
    UsageError.

    >>> corpus_format("crawl/part-0001.jsonl.gz"), corpus_format("x.PARQUET")
    ('jsonl.gz', 'parquet')
    >>> corpus_format("pages.csv", option="--output-format")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    dedup.corpus.errors.UsageError: cannot tell the format of 'pages.csv' ... pass --output-format
    """
    name = path.lower()
    if name.endswith((".jsonl.gz", ".ndjson.gz", ".json.gz")):
        return "jsonl.gz"
    if name.endswith((".jsonl", ".ndjson", ".json")) or path == "-":
        return "jsonl"
    if is_parquet_name(name):
        return "parquet"
    override = f", or pass {option}" if option else ""
    raise UsageError(
        f"cannot tell the format of {path!r} from its name; use a .jsonl, .jsonl.gz, "
        f".ndjson or .parquet suffix{override}"
    )
