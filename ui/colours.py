"""Colours of the map and the panels, after the convention of the well-known Syrian civil war maps.

Control families (``factions.map_colour`` in forces.yaml): government red, opposition green,
HTS grey, Turkish forces and Turkish-backed a distinct blue-green, SDF yellow. Each family has a
light *area* tint for hexes and a saturated *marker* colour for places and the legend.
"""

from __future__ import annotations

FAMILIES = ("government", "opposition", "hts", "turkey", "sdf")

AREA = {
    "government": (238, 146, 146),
    "opposition": (150, 206, 138),
    "hts": (206, 206, 200),
    "turkey": (96, 206, 182),
    "sdf": (246, 222, 108),
}
MARKER = {
    "government": (196, 24, 32),
    "opposition": (28, 128, 44),
    "hts": (88, 88, 88),
    "turkey": (0, 138, 118),
    "sdf": (196, 150, 0),
}
# The fill of a counter's APP-6 frame: between the ground's tint and the marker, so the symbol reads on its card.
COUNTER = {f: tuple((a + 2 * m) // 3 for a, m in zip(AREA[f], MARKER[f])) for f in AREA}
COUNTER = {f: tuple(min(255, c + 40) for c in COUNTER[f]) for f in COUNTER}
FAMILY_LABEL = {
    "government": "Syrian government and allies",
    "opposition": "Opposition (NFL/SNA and others)",
    "hts": "HTS and allied jihadist factions",
    "turkey": "Turkish forces and Turkish-backed",
    "sdf": "SDF",
}

OUTSIDE = (214, 210, 198)  # beyond the Turkish border: not part of the theatre
OUTSIDE_TEXT = (120, 116, 104)
OFF_MAP = (58, 62, 72)  # beyond the edge of the scenario's map

# Terrain is drawn as neutral marks over the faction's tint (kit/terrain.py), never as a shade of it
# (Wesnoth style: how terrain looks is kept apart from how it works).
TERRAIN_LABEL = {
    "open": "open ground",
    "farmland": "farmland (al-Ghab)",
    "hills": "hills",
    "mountains": "mountains",
    "urban": "urban area",
}

FRONT = (28, 22, 22)
BORDER = (70, 60, 90)
RIVER = (70, 130, 200)
HIGHWAY_CASING = (70, 50, 20)
HIGHWAY = (255, 196, 64)
ROAD = (250, 246, 232)
ROAD_CASING = (120, 110, 96)
GRID_DARKEN = 0.93  # hex outlines: the fill a little darker
LABEL = (24, 24, 28)
LABEL_HALO = (255, 255, 250)
POST = (0, 92, 140)
POST_ENCIRCLED = (220, 40, 40)
POST_LIFTED = (20, 150, 60)  # a post's encirclement lifted: a broken green ring

PANEL = (30, 33, 40)
PANEL_LIGHT = (44, 48, 58)
PANEL_EDGE = (70, 76, 90)
TEXT = (230, 232, 236)
TEXT_DIM = (160, 166, 178)
TEXT_ACCENT = (255, 206, 96)
BUTTON = (58, 64, 78)
BUTTON_HOVER = (78, 86, 104)
BUTTON_ACTIVE = (104, 120, 150)
TOOLTIP = (250, 248, 238)
TOOLTIP_TEXT = (20, 20, 24)
TOOLTIP_EDGE = (90, 90, 90)
SCRUB_MARK = (255, 196, 64)
SCRUB_TRACK = (90, 96, 110)
SCRUB_KNOB = (255, 255, 255)
CHART_DISPLACED = (120, 180, 255)
CHART_UN = (255, 206, 96)


def shade(colour: tuple[int, int, int], factor: float) -> tuple[int, int, int]:
    """Scale a colour's brightness, clipped to 0..255."""
    return tuple(max(0, min(255, round(c * factor))) for c in colour)


def family_of_side(side: str) -> str:
    """Colour family of a side name (sides and families share names; unknown sides fall back to grey)."""
    return side if side in AREA else "hts"
