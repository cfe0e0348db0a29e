"""Corpus files in and out: the plumbing under ``dedup run`` and ``dedup fit``.

One module per job, in the order data flows::

    errors       the two ways a run fails (a bad option, an unreadable input)
    shards       many inputs, and where each one's output goes
    formats      which format a path names (jsonl, jsonl.gz, parquet)
    jsonl        the one JSONL reader: gzip by magic bytes, BOM, a field by its path
    parquet      the one Parquet reader and writer (pyarrow)
    records      a record's fate: tallies, rejects, explain lines, per-record stats
    clean        the work a process does on one chunk of records
    profile      the site-profile hook a worker applies
    outputs      a run's output, rejects and explain files, by their names
                 (written through dedup.atomic, which the site profiles share)
    resume       completion markers, so a rerun skips finished outputs
    plan         one file's run, and the check that it cleaned something
    run          one JSONL input to one output
    run_parquet  one Parquet input to one output
    many         many files at once, a whole file per worker
"""
