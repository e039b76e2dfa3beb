"""Deaths among losses, as ``step.Day.add_losses`` and ``add_garrison_losses`` count them, for kernels."""

from __future__ import annotations

import numpy as np

from .jit import jit


@jit
def add_losses(formation_side, w, losses, killed_share, killed_by_formation, day_killed, killed, killed_by_turkey,
               government):  # fmt: skip
    """Count the deaths among world w's (F,) strength losses (one call of ``Day.add_losses``): by formation,
    by side today and in total, and, when ``government`` >= 0 (fire Turkey delivered), among the government's."""
    for f in range(losses.size):
        dead = np.int64(np.floor(losses[f] * killed_share + 0.5))
        killed_by_formation[w, f] += dead
        side = formation_side[f]
        day_killed[w, side] += dead
        killed[w, side] += dead
        if side == government:
            killed_by_turkey[w] += dead


@jit
def add_garrison_losses(w, side, losses, killed_share, day_killed, killed):
    """Count the deaths among the losses of a hex's local defenders (``Day.add_garrison_losses``)."""
    dead = np.int64(np.floor(losses * killed_share + 0.5))
    day_killed[w, side] += dead
    killed[w, side] += dead
