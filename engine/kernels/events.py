"""Events written by kernels: rows of (world, kind, side, actor, place, hex, value, value2, flag), in
the order they happen within each world (``EventLog.add_rows`` turns them into the log's records).

A kernel makes its rows for as many events as it can write at most, and returns those it wrote: the
rows are never reallocated in its loops (numba would count references to them on every iteration).
"""

from __future__ import annotations

import numpy as np

from .jit import jit

COLUMNS = ("world", "kind", "side", "actor", "place", "hex", "value", "value2", "flag")


@jit
def new_events(capacity):
    """Rows for at most ``capacity`` events."""
    return np.empty((capacity, 9), np.int64)


@jit
def add_event(ev, n, world, kind, side=-1, actor=-1, place=-1, hex=-1, value=0, value2=0, flag=0):
    """Write one event in row n of ``ev`` (the caller made room for it); return n + 1."""
    ev[n, 0], ev[n, 1], ev[n, 2], ev[n, 3], ev[n, 4] = world, kind, side, actor, place
    ev[n, 5], ev[n, 6], ev[n, 7], ev[n, 8] = hex, value, value2, flag
    return n + 1
