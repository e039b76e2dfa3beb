"""numba's just-in-time compiler, when it is installed, and float sums in numpy's order."""

from __future__ import annotations

import numpy as np


def _host_features_without_avx512() -> str | None:
    """The host CPU's features with AVX-512 turned off, for LLVM 22 and later: its X86 back end folds
    AVX-512 mask moves into instructions that may read the wrong registers (llvm/llvm-project#174871,
    #191304, #198197), and compiled some of these kernels' conditional updates of int8 arrays into
    stores of zeros. The kernels are branchy loops over a few hundred items: AVX2 serves them as well."""
    try:
        from llvmlite import binding
    except ImportError:
        return None
    if binding.llvm_version_info < (22,):
        return None
    features = binding.get_host_cpu_features().flatten().split(",")
    return ",".join("-" + f[1:] if f[1:].startswith(("avx512", "avx10", "amx-avx512")) else f for f in features)


try:
    import numba
    from numba import njit
except ImportError:  # a platform without numba: the rules take their numpy paths
    njit = None  # type: ignore[assignment]
else:
    if getattr(numba.config, "CPU_FEATURES", None) is None:  # not chosen by the user (NUMBA_CPU_FEATURES)
        # read when numba first compiles or loads (numba.config sets its attributes at run time)
        setattr(numba.config, "CPU_FEATURES", _host_features_without_avx512())  # noqa: B010


def jit(function):
    """Compile ``function`` once per machine (numba caches the machine code beside its module); without
    numba, leave it a Python function (the rules then take their numpy paths)."""
    return njit(cache=True, nogil=True)(function) if njit is not None else function


# -- float sums in numpy's order ---------------------------------------------------------
@jit
def _pairwise_block(values, start, n):
    """numpy's pairwise sum of a block of at most 128 values: eight running sums for n >= 8."""
    if n < 8:
        total = 0.0
        for i in range(start, start + n):
            total += values[i]
        return total
    r0, r1, r2, r3 = values[start], values[start + 1], values[start + 2], values[start + 3]
    r4, r5, r6, r7 = values[start + 4], values[start + 5], values[start + 6], values[start + 7]
    i = 8
    while i < n - n % 8:
        r0 += values[start + i]
        r1 += values[start + i + 1]
        r2 += values[start + i + 2]
        r3 += values[start + i + 3]
        r4 += values[start + i + 4]
        r5 += values[start + i + 5]
        r6 += values[start + i + 6]
        r7 += values[start + i + 7]
        i += 8
    total = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while i < n:
        total += values[start + i]
        i += 1
    return total


@jit
def _pairwise(values, start, n):
    """numpy's pairwise sum of values[start : start + n] (its add.reduce for float64): blocks of at
    most 128 values, halved (at a multiple of 8) above that. Written with an explicit stack, since
    numba's cache cannot reload a recursive function."""
    if n <= 128:
        return _pairwise_block(values, start, n)
    frame_start = np.empty(64, np.int64)
    frame_n = np.empty(64, np.int64)
    frame_stage = np.empty(64, np.int64)
    sums = np.empty(64)
    done = 0
    frame_start[0], frame_n[0], frame_stage[0] = start, n, 0
    top = 1
    while top:
        at, m, stage = frame_start[top - 1], frame_n[top - 1], frame_stage[top - 1]
        if m <= 128:
            sums[done] = _pairwise_block(values, at, m)
            done += 1
            top -= 1
            continue
        half = m // 2
        half -= half % 8
        if stage == 0:
            frame_stage[top - 1] = 1
            frame_start[top], frame_n[top], frame_stage[top] = at, half, 0
            top += 1
        elif stage == 1:
            frame_stage[top - 1] = 2
            frame_start[top], frame_n[top], frame_stage[top] = at + half, m - half, 0
            top += 1
        else:
            sums[done - 2] = sums[done - 2] + sums[done - 1]
            done -= 1
            top -= 1
    return sums[0]


@jit
def segment_sum(values, n):
    """The sum of values[:n] as ``np.add.reduceat`` gives it for one segment: the first value plus
    the pairwise sum of the rest (0.0 when n is 0)."""
    if n == 0:
        return 0.0
    return values[0] + _pairwise(values, 1, n - 1)
