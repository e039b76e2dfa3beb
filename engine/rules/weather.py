"""Phase 1: the day's weather, a persistent Markov chain over clear, rain and storm."""

from __future__ import annotations

import numpy as np

from ..events import Kind


def resolve(day) -> None:
    s = day.state
    cumulative = np.cumsum(np.array(day.rules["weather.transition"]), axis=1)
    u = day.draws.uniform(1)[:, 0]
    previous = s.weather.copy()
    s.weather = np.minimum((u[:, None] >= cumulative[previous]).sum(axis=1), 2).astype(np.int8)
    changed = np.flatnonzero(s.weather != previous)
    day.log.add(Kind.WEATHER, changed, value=s.weather[changed])
