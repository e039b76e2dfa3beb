"""Random numbers for B worlds: one generator per world, derived from the run seed and the world's index.

World k draws the same numbers whether it runs alone or in any batch, on any worker: its stream
is ``SeedSequence(seed, spawn_key=(k,))``, the k-th child of the run seed. Each day every world
draws one fixed-size block of uniforms that the phases consume in a fixed order.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


class Streams:
    def __init__(self, seed: int, worlds: Sequence[int] | int = 1):
        if isinstance(worlds, int):
            worlds = range(worlds)
        self.seed, self.worlds = int(seed), tuple(int(w) for w in worlds)
        self.generators = [
            np.random.Generator(np.random.PCG64(np.random.SeedSequence(self.seed, spawn_key=(w,)))) for w in self.worlds
        ]

    @property
    def batch(self) -> int:
        return len(self.generators)

    def block(self, n: int) -> np.ndarray:
        """(B, n) uniforms in [0, 1), one row per world."""
        out = np.empty((len(self.generators), n))
        for row, g in zip(out, self.generators):
            g.random(out=row)
        return out


class Draws:
    """A day's block of uniforms, handed out in slices to the phases in a fixed order."""

    def __init__(self, block: np.ndarray):
        self.block, self.used = block, 0

    def uniform(self, *shape: int) -> np.ndarray:
        n = int(np.prod(shape))
        if self.used + n > self.block.shape[1]:
            raise RuntimeError("the day's random block is too small; raise draws_per_day()")
        out = self.block[:, self.used : self.used + n].reshape(self.block.shape[0], *shape)
        self.used += n
        return out

    def normal(self, *shape: int) -> np.ndarray:
        """Standard normals by Box-Muller from two uniforms each."""
        u1, u2 = self.uniform(*shape), self.uniform(*shape)
        return np.sqrt(-2.0 * np.log1p(-u1)) * np.cos(2.0 * np.pi * u2)
