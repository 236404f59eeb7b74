"""The worker pool: starting it, handing it chunks of work, the progress bar.

The main process's garbage collector is tuned for the build here too, as it
is what keeps the pool's results.
"""
from __future__ import annotations

import collections
import gc
import itertools
import sys
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_context

from . import worker

# Python's cyclic collector at its defaults runs every 700 allocations and at
# times walks every object alive. The main process keeps what it makes to the
# end of the build (an entry per document), so those walks find almost
# nothing to free yet took a fifth of its CPU; collecting less often brings
# that to a twentieth or less. Reference counting still frees all but cycles
# at once.
# The workers keep the defaults: what they make dies with each chunk, and
# fewer collections there would raise their peak memory for little gain.
_COLLECTOR = (20_000, 20, 100)


@contextmanager
def collector():
    """The main process's collector tuned for a build, and put back after it."""
    before = gc.get_threshold()
    gc.set_threshold(*_COLLECTOR)
    try:
        yield
    finally:
        gc.set_threshold(*before)


# A worker process costs a fresh interpreter, the package's imports and its
# schemas and stylesheets compiled (1 to 3 s on the development machine, per
# worker, with the main process's own work on the same two cores), while a
# document costs about 10 ms: a batch smaller than this is done sooner in
# this process alone (a one-edit rebuild, the common case while editing).
SMALL_BATCH = 100


def start_pool(jobs: int, documents: int, init: tuple) -> tuple[ProcessPoolExecutor | None, worker.Worker]:
    """The pool, when there are jobs and documents enough, and this process's
    worker (``init``: its arguments, as for ``worker.start``)."""
    pool = None
    if jobs > 1 and documents >= SMALL_BATCH:
        # a clean build starts it before the staging folder is made, so that
        # the workers load their schemas and stylesheets meanwhile; fresh
        # interpreters, as compiled stylesheets must not be inherited through fork
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn"),
                                   initializer=worker.start, initargs=init)
        pool.submit(int)  # the pool starts its processes at its first task
    return pool, worker.start(*init, worker=False)


def _progress(total: int, label: str):
    if not sys.stderr.isatty() or total < 50:
        return None
    from tqdm import tqdm
    return tqdm(total=total, desc=label, unit="doc", file=sys.stderr, leave=False)


def imap(fn, items, jobs: int, progress_label: str, pool, total: int | None = None):
    """``fn`` over ``items`` in chunks (``fn`` takes a chunk, gives its results),
    in the pool if there is one; results in order, as they come. A few chunks
    at a time are handed to the pool, so that other work given to it meanwhile
    (a finished volume's file) runs between them. ``items`` may be an iterator
    of ``total`` items: it is read a chunk at a time, never held whole."""
    total = len(items) if total is None else total
    bar = _progress(total, progress_label)
    size = max(1, min(32, total // (jobs * 8) or 1))
    items = iter(items)
    chunks = iter(lambda: list(itertools.islice(items, size)), [])
    batches = map(fn, chunks) if pool is None else _windowed(pool, fn, chunks, 2 * jobs)
    for batch in batches:
        for result in batch:
            if bar:
                bar.update()
            yield result
    if bar:
        bar.close()


def _windowed(pool, fn, chunks: list, window: int):
    """Each chunk's results, in order, with at most ``window`` chunks in the pool."""
    pending = collections.deque()
    for chunk in chunks:
        pending.append(pool.submit(fn, chunk))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


class Done:
    """A finished result, shaped like a future's."""

    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


def submit(pool, fn, args):
    """``fn(args)`` in the pool, or here and now if there is none; a future of its result."""
    return pool.submit(fn, args) if pool else Done(fn(args))
