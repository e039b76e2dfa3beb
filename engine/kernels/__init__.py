"""Compiled kernels for the rules' phases, their searches and the historical policy, over the batch.

numba compiles each kernel once per machine (``cache=True`` keeps the machine code beside its
module, so later processes only load it). Every kernel gives exactly what the numpy code it stands
for gives, float sums included (they add in numpy's order), so events digests do not depend on
which path ran. Without numba, or with ``IDLIB_WARGAME_NUMPY=1`` in the environment, the engine
takes its numpy paths; ``numpy_only()`` switches to them for a test.

The kernels loop over worlds one after another: a batch already runs in one process per core, so
threads inside a process (numba's ``prange``) would only compete with the other workers.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from collections.abc import Iterator
from contextlib import contextmanager

from .jit import njit, segment_sum
from .rules import hex_defence_sums, sides_held, supplied_places

_enabled = njit is not None and not os.environ.get("IDLIB_WARGAME_NUMPY")


def compiled() -> bool:
    """True when the engine uses the compiled kernels."""
    return _enabled


def uncompiled() -> bool:
    """True while numba has cached fewer than half of the kernels on this machine (a new install, or one
    whose game has only been set up): the first day resolved then compiles them, about a minute; later
    processes load them in half a second."""
    if not compiled():
        return False
    from numba.core.dispatcher import Dispatcher

    kernels, cached = 0, 0
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for value in vars(module).values():
            if isinstance(value, Dispatcher) and value.__module__ == module.__name__:  # each kernel once
                kernels += 1
                cached += os.path.exists(value._cache._cache_file._index_path)  # type: ignore[attr-defined]
    return cached < kernels / 2


@contextmanager
def numpy_only() -> Iterator[None]:
    """Run the engine on its numpy paths inside the block (to check both give the same)."""
    global _enabled
    before, _enabled = _enabled, False
    try:
        yield
    finally:
        _enabled = before


__all__ = [
    "compiled",
    "hex_defence_sums",
    "numpy_only",
    "segment_sum",
    "sides_held",
    "supplied_places",
    "uncompiled",
]
