"""Events written by kernels: rows of (world, kind, side, actor, place, hex, value, value2, flag), in
the order they happen within each world (``EventLog.add_rows`` turns them into the log's records)."""

from __future__ import annotations

import numpy as np

from .jit import jit

COLUMNS = ("world", "kind", "side", "actor", "place", "hex", "value", "value2", "flag")


@jit
def new_events(capacity):
    return np.empty((max(capacity, 16), 9), np.int64)


@jit
def add_event(ev, n, world, kind, side=-1, actor=-1, place=-1, hex=-1, value=0, value2=0, flag=0):
    """Append one event to the rows ``ev`` holding n events; return the rows (grown when full) and n + 1."""
    if n == ev.shape[0]:
        grown = np.empty((2 * n, 9), np.int64)
        grown[:n] = ev
        ev = grown
    ev[n, 0], ev[n, 1], ev[n, 2], ev[n, 3], ev[n, 4] = world, kind, side, actor, place
    ev[n, 5], ev[n, 6], ev[n, 7], ev[n, 8] = hex, value, value2, flag
    return ev, n + 1
