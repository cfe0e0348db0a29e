"""Clean many pages: lazily, in input order, on all cores.

:func:`clean_many` is the Python entry point; :func:`ordered_map` is the engine
it shares with the ``dedup run`` command. Work goes to a process pool in
chunks, and only a bounded window of chunks is ever in flight, so a corpus of
any size streams through in constant memory.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial
from itertools import islice
from typing import TypeVar

from dedup.analysis import clean
from dedup.config import CleanConfig, resolve_config

__all__ = ["clean_many", "default_workers", "ordered_map"]

T = TypeVar("T")
R = TypeVar("R")

#: Chunks in flight per worker: enough to keep every worker busy while the
#: main process reads and writes, few enough to keep memory flat.
WINDOW_PER_WORKER = 4


def default_workers() -> int:
    """Return how many cores this process may use (what ``workers=None`` means).

    >>> default_workers() >= 1
    True
    """
    try:
        # The affinity mask, not cpu_count(): containers and taskset limit it.
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def check_workers(workers: object) -> int:
    """Validate a ``workers`` argument; ``None`` means every core.

    >>> check_workers(None) == default_workers()
    True
    >>> check_workers(0)
    Traceback (most recent call last):
    ...
    ValueError: workers must be a whole number of at least 1 (or None for every core), not 0
    """
    if workers is None:
        return default_workers()
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(
            f"workers must be a whole number of at least 1 (or None for every core), "
            f"not {workers!r}"
        )
    return workers


#: How often a worker checks that its parent is alive, where the kernel cannot
#: tell it (not Linux), in seconds.
PARENT_POLL_SECONDS = 1.0

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _die_with_parent(parent: int) -> None:
    """Make this worker exit when ``parent`` does, so no worker outlives a killed run.

    On Linux the kernel sends SIGTERM when the parent thread dies; a thread
    polling the parent's id covers every system (and the moment before the
    prctl call, when the parent may already be gone).
    """
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_SECONDS)
        os._exit(1)  # the parent is gone: nobody will read what this worker makes

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _worker_init(parent: int | None) -> None:
    # Ctrl-C reaches the whole process group. Only the parent should react, by
    # cancelling the pool and removing its temporary output; workers that died
    # on their own would print tracebacks and break the pool mid-chunk.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A forked worker inherits the parent's SIGTERM handler, which turns the
    # signal into an exception the pool sends back as a result: the worker
    # would live on. The default handler ends it.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # Forked by this process, the parent is known even if it died already;
    # from a fork server, the server is the parent.
    _die_with_parent(os.getppid() if parent is None else parent)


def _pool_context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    # fork() is fastest and needs no `if __name__ == "__main__":` guard in the
    # caller's script, but forking a process that runs threads (a progress
    # bar, a Dask client) can deadlock on a lock some thread held. Then a fork
    # server, started clean, forks the workers instead.
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["dedup.batch", "dedup.corpus.clean"])
        return context
    return multiprocessing.get_context("spawn")  # pragma: no cover - Windows


def ordered_map(
    func: Callable[[T], R], tasks: Iterable[T], *, workers: int, window: int | None = None
) -> Iterator[R]:
    """Yield ``func(task)`` for every task, in order, using ``workers`` processes.

    With one worker everything runs in this process. Otherwise at most
    ``window`` tasks (default: 4 per worker) are read ahead of the last result
    yielded. ``func`` and the tasks must pickle. Closing the iterator early, or
    an exception, cancels the pending tasks and shuts the pool down.

    >>> list(ordered_map(len, ["a", "bb", "ccc"], workers=1))
    [1, 2, 3]
    """
    if workers == 1:
        yield from map(func, tasks)
        return
    limit = window or workers * WINDOW_PER_WORKER
    source = iter(tasks)
    pending: deque[Future[R]] = deque()
    context = _pool_context()
    # A fork server stands between this process and the workers: they watch it,
    # and it exits when this process does.
    parent = os.getpid() if context.get_start_method() == "fork" else None
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_worker_init, initargs=(parent,)
    )
    before = set(multiprocessing.active_children())
    finished = False
    try:
        for task in islice(source, limit):
            pending.append(pool.submit(func, task))
        while pending:
            result = pending.popleft().result()
            for task in islice(source, 1):
                pending.append(pool.submit(func, task))
            yield result
        finished = True
    finally:
        if not finished:
            # An error, Ctrl-C, SIGTERM or a consumer that stopped early: the
            # results in flight are not wanted, and a task may run for long
            # (a whole file), so the workers are ended, not waited for.
            for worker in set(multiprocessing.active_children()) - before:
                worker.terminate()
        pool.shutdown(wait=True, cancel_futures=True)


def _clean_chunk(config: CleanConfig, texts: list[str]) -> list[str]:
    return [clean(text, config=config) for text in texts]


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def clean_many(
    texts: Iterable[str],
    *,
    workers: int | None = None,
    config: CleanConfig | None = None,
    chunk_size: int = 32,
    **options: object,
) -> Iterator[str]:
    r"""Clean every text of a stream, in order, on ``workers`` processes.

    The result is lazy: pages are read from ``texts`` only as results are
    consumed, a few chunks ahead, so a generator over a corpus larger than
    memory is fine. Each output equals ``clean(text, config=config)``.
    ``workers=None`` uses every core, ``workers=1`` stays in this process.
    Options are checked now, not at the first ``next()``.

    >>> pages = ["Same caption here\nSame caption here\n", "Wait…\n"]
    >>> list(clean_many(pages, workers=1))
    ['Same caption here\n', 'Wait...\n']
    >>> list(clean_many(pages, workers=2, fold=False))
    ['Same caption here\n', 'Wait…\n']
    >>> clean_many(pages, worker=2)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: unknown option 'worker'; valid options are: fold, ...
    """
    settings = resolve_config(config, options)
    count = check_workers(workers)
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise ValueError(f"chunk_size must be a whole number of at least 1, not {chunk_size!r}")
    if isinstance(texts, (str, bytes)):
        raise TypeError(
            "clean_many() takes an iterable of page texts, not one "
            f"{type(texts).__name__}; use clean() for a single page, or wrap it: [page]"
        )
    return _stream(texts, settings, count, chunk_size)


def _stream(
    texts: Iterable[str], settings: CleanConfig, workers: int, chunk_size: int
) -> Iterator[str]:
    work = partial(_clean_chunk, settings)
    for cleaned in ordered_map(work, _chunks(texts, chunk_size), workers=workers):
        yield from cleaned
