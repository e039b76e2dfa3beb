"""The hex map of a scenario, drawn onto any pygame Surface: the window or a PNG.

A :class:`MapView` owns a viewport rectangle, a zoom and a pan offset. It composes the whole map
("the world") once per zoom level and map state into one opaque surface: hexes shaded by terrain
and tinted by controller, the roads with the M4 and M5, the Turkish border, the front line along
control boundaries, places sized by population, Turkish observation posts and labels placed so
they do not collide. Per zoom it caches the geometry (hex outlines, road polylines, the label
layout); per state it caches the composed world. Panning is then one blit of the visible part,
so the map draws far faster than 60 frames per second.

The map state (:class:`MapState`) is plain data — control family per hex and per place, posts —
so the replay fills it from the record and a play screen from the game. Screens draw their layers
(counters, markers) on top with ``world_to_screen``; :meth:`MapView.set_rect` fits the map to a
new viewport when the window changes size.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pygame

from engine.board import post_hexes
from engine.hexgrid import HexGrid
from engine.scenario import ObservationPost, Scenario, Settlement
from engine.territory import beyond_borders

from .. import colours as C
from .maplabels import layout_labels, marker_radius, shield_positions
from .terrain import draw_terrain
from .text import Ink, TextItem, render

ZOOMS = (1.0, 1.25, 1.6, 2.0, 2.5, 3.2, 4.0)
CAMP = {"government": 0, "opposition": 1, "hts": 1, "turkey": 1, "sdf": 2}  # the front runs between camps


@dataclass(frozen=True)
class MapState:
    """What the map shows on one day: the control family of every hex and place, and the posts.

    ``hex_family`` holds indices into ``colours.FAMILIES`` (-1 beyond the border); ``key``
    identifies the state for caching (e.g. the date).
    """

    key: Hashable
    hex_family: np.ndarray
    place_family: dict[str, str]
    posts: Sequence[tuple[ObservationPost, bool | str]] = ()  # encircled (True), or "standing" / "encircled" / "lifted"
    highlight: frozenset[str] = field(default_factory=frozenset)  # places that changed hands that day


def point_in_polygon(x: np.ndarray, y: np.ndarray, poly: np.ndarray) -> np.ndarray:
    """Even-odd test of points against a polygon of (x, y) vertices (vectorised over points)."""
    inside = np.zeros(x.shape, dtype=bool)
    px, py = poly[:, 0], poly[:, 1]
    j = len(poly) - 1
    for i in range(len(poly)):
        crosses = (py[i] > y) != (py[j] > y)
        with np.errstate(divide="ignore", invalid="ignore"):
            xint = (px[j] - px[i]) * (y - py[i]) / (py[j] - py[i]) + px[i]
        inside ^= crosses & (x < xint)
        j = i
    return inside


def hex_terrain(grid: HexGrid, scenario: Scenario) -> np.ndarray:
    """Index into ``scenario.map.terrain_types`` of every hex (regions painted in order, later on top)."""
    types = scenario.map.terrain_types
    out = np.full(
        grid.count,
        types.index(scenario.map.default_terrain) if scenario.map.default_terrain in types else 0,
        dtype=np.int8,
    )
    cx, cy = grid.centre_km(np.arange(grid.count))
    for region in scenario.map.regions:
        if region.terrain not in types or len(region.polygon) < 3:
            continue
        lat, lon = np.array(region.polygon).T
        poly = np.stack(grid.to_km(lat, lon), axis=1)
        out[point_in_polygon(cx, cy, poly)] = types.index(region.terrain)
    return out


class MapView:
    """A zoomable, pannable hex map of one scenario inside ``rect`` of a target surface."""

    def __init__(
        self,
        scenario: Scenario,
        grid: HexGrid,
        rect: pygame.Rect | Sequence[int],
        terrain: np.ndarray | None = None,
        world_cache: int = 3,
    ):
        self.scenario, self.grid = scenario, grid
        self.rect = pygame.Rect(rect)
        self.terrain = hex_terrain(grid, scenario) if terrain is None else terrain
        n = grid.count
        self.cx, self.cy = (np.asarray(a, dtype=float) for a in grid.centre_km(np.arange(n)))
        self.radius_km = grid.size_km / math.sqrt(3)  # circumradius = side of the hexagon
        self.xmin, self.xmax = self.cx.min() - self.radius_km, self.cx.max() + self.radius_km
        self.ymin, self.ymax = self.cy.min() - self.radius_km, self.cy.max() + self.radius_km
        self.places = scenario.settlements
        lat = np.array([p.lat for p in self.places])
        lon = np.array([p.lon for p in self.places])
        self.px_km, self.py_km = (np.asarray(a, dtype=float) for a in grid.to_km(lat, lon))
        self.neighbours = grid.neighbours()
        self.zoom_index = 0
        self.offset = [0.0, 0.0]  # world pixel at the viewport's top-left corner
        self.state: MapState | None = None
        self.selected: str | None = None
        self.hovered: str | None = None
        self._worlds: OrderedDict[tuple, tuple] = OrderedDict()  # (zoom, state key) -> (surface, ink, labels)
        self._world_cache = world_cache
        self._geometry: dict[int, dict] = {}
        self.labels: list[tuple[str, str, pygame.Rect]] = []  # (place id, text, world rect) at this zoom
        self.ink = Ink("map")
        self.set_rect(self.rect)

    def set_rect(self, rect) -> None:
        """Fit the map to a new viewport (the window changed size or the UI scale), keeping its centre."""
        centre = self.screen_to_km(self.rect.center) if hasattr(self, "fit") else None
        self.rect = pygame.Rect(rect)
        self.fit = min(self.rect.w / (self.xmax - self.xmin), self.rect.h / (self.ymax - self.ymin))
        self._worlds.clear()
        self._geometry.clear()
        if centre is None:
            self._centre_offset()
        else:
            self.centre_on_km(*centre)

    # -- scale and coordinates ------------------------------------------------------------------
    @property
    def zoom(self) -> float:
        return ZOOMS[self.zoom_index]

    @property
    def scale(self) -> float:
        """Pixels per km at the current zoom."""
        return self.fit * self.zoom

    @property
    def hex_px(self) -> float:
        """Width of a hex on screen in pixels."""
        return self.scale * self.grid.size_km

    @property
    def world_size(self) -> tuple[int, int]:
        s = self.scale
        return (math.ceil((self.xmax - self.xmin) * s), math.ceil((self.ymax - self.ymin) * s))

    def world_px(self, x_km, y_km):
        """World-surface pixel of a point in km (x east, y north)."""
        s = self.scale
        return (np.asarray(x_km) - self.xmin) * s, (self.ymax - np.asarray(y_km)) * s

    def world_to_screen(self, x_km, y_km) -> tuple[float, float]:
        wx, wy = self.world_px(x_km, y_km)
        return self.rect.x + wx - self.offset[0], self.rect.y + wy - self.offset[1]

    def screen_to_km(self, pos) -> tuple[float, float]:
        s = self.scale
        wx, wy = pos[0] - self.rect.x + self.offset[0], pos[1] - self.rect.y + self.offset[1]
        return self.xmin + wx / s, self.ymax - wy / s

    def place_position(self, place_id: str) -> tuple[int, int]:
        """Screen pixel of a place's centre (may lie outside the viewport when zoomed in)."""
        i = self._place_index(place_id)
        x, y = self.world_to_screen(self.px_km[i], self.py_km[i])
        return int(x), int(y)

    def hex_at_screen(self, pos) -> int:
        x, y = self.screen_to_km(pos)
        return int(self.grid.hex_at(*self.grid.to_latlon(np.array([x]), np.array([y])))[0])

    # -- navigation -----------------------------------------------------------------------------
    def _clamp(self) -> None:
        w, h = self.world_size
        for axis, (world, view) in enumerate(((w, self.rect.w), (h, self.rect.h))):
            if world <= view:
                self.offset[axis] = (world - view) / 2
            else:
                self.offset[axis] = min(max(self.offset[axis], 0), world - view)

    def _centre_offset(self) -> None:
        w, h = self.world_size
        self.offset = [(w - self.rect.w) / 2, (h - self.rect.h) / 2]
        self._clamp()

    def pan(self, dx: float, dy: float) -> None:
        """Move the view by screen pixels (positive dx shows more of the east)."""
        self.offset[0] += dx
        self.offset[1] += dy
        self._clamp()

    def set_zoom(self, index: int, anchor=None) -> None:
        """Zoom to ``ZOOMS[index]`` keeping the point under ``anchor`` (screen pixel) in place."""
        index = max(0, min(len(ZOOMS) - 1, index))
        if index == self.zoom_index:
            return
        anchor = anchor or self.rect.center
        km = self.screen_to_km(anchor)
        self.zoom_index = index
        wx, wy = self.world_px(*km)
        self.offset = [float(wx) - (anchor[0] - self.rect.x), float(wy) - (anchor[1] - self.rect.y)]
        self._clamp()

    def zoom_by(self, steps: int, anchor=None) -> None:
        self.set_zoom(self.zoom_index + steps, anchor)

    def centre_on(self, place_id: str) -> None:
        i = self._place_index(place_id)
        self.centre_on_km(self.px_km[i], self.py_km[i])

    def centre_on_km(self, x_km: float, y_km: float) -> None:
        wx, wy = self.world_px(x_km, y_km)
        self.offset = [float(wx) - self.rect.w / 2, float(wy) - self.rect.h / 2]
        self._clamp()

    def reset_view(self) -> None:
        self.zoom_index = 0
        self._centre_offset()

    def place_at(self, pos) -> Settlement | None:
        """The place whose dot is under (or within a few pixels of) a screen position."""
        if not self.rect.collidepoint(pos):
            return None
        sx, sy = self.world_to_screen(self.px_km, self.py_km)
        d2 = (sx - pos[0]) ** 2 + (sy - pos[1]) ** 2
        i = int(np.argmin(d2))
        reach = marker_radius(self.places[i], self.zoom) + 5
        return self.places[i] if d2[i] <= reach * reach else None

    @cached_property
    def post_hex(self) -> dict[str, int]:
        """The hex of every observation post, as the engine places them."""
        hexes = post_hexes(self.grid, self.scenario, beyond_borders(self.grid, self.scenario))
        return {post.id: int(h) for post, h in zip(self.scenario.observation_posts, hexes)}

    # -- state ----------------------------------------------------------------------------------
    def set_state(self, state: MapState) -> None:
        self.state = state

    # -- geometry per zoom ------------------------------------------------------------------------
    def geometry(self) -> dict:
        """Hex outlines, place positions, roads and the label layout at the current zoom (cached)."""
        g = self._geometry.get(self.zoom_index)
        if g is not None:
            return g
        s = self.scale
        angles = np.radians(30 + 60 * np.arange(6))
        corner_x = self.cx[:, None] + self.radius_km * np.cos(angles)[None, :]
        corner_y = self.cy[:, None] + self.radius_km * np.sin(angles)[None, :]
        wx, wy = self.world_px(corner_x, corner_y)
        polys = np.stack([wx, wy], axis=2).round(2).tolist()
        px, py = self.world_px(self.px_km, self.py_km)
        places = [(float(x), float(y)) for x, y in zip(px, py)]
        roads = []
        for road in self.scenario.map.roads:
            pts = [places[self._place_index(p.id)] for p in road.places]
            roads.append((road, pts))
        border = []
        for b in self.scenario.map.borders:
            lat, lon = np.array(b.points).T
            bx, by = self.world_px(*self.grid.to_km(lat, lon))
            border.append(list(zip(bx.tolist(), by.tolist())))
        rivers = []
        for r in self.scenario.map.rivers:
            lat, lon = np.array(r.points).T
            rx, ry = self.world_px(*self.grid.to_km(lat, lon))
            rivers.append(list(zip(rx.tolist(), ry.tolist())))
        g = {"polys": polys, "places": places, "roads": roads, "border": border, "rivers": rivers, "scale": s}
        g["shields"] = shield_positions(roads, places)
        g["labels"] = layout_labels(self.places, places, g["shields"], self.zoom, self.world_size)
        if len(self._geometry) > 3:
            self._geometry.pop(next(iter(self._geometry)))
        self._geometry[self.zoom_index] = g
        return g

    def _place_index(self, place_id: str) -> int:
        if not hasattr(self, "_index"):
            self._index = {p.id: i for i, p in enumerate(self.places)}
        return self._index[place_id]

    # -- composing the world ----------------------------------------------------------------------
    def world(self) -> pygame.Surface:
        """The whole map at the current zoom and state (cached per (zoom, state key))."""
        key = (self.zoom_index, None if self.state is None else self.state.key)
        cached = self._worlds.get(key)
        if cached is None:
            self.ink = Ink("map")
            cached = (self._compose(), self.ink, list(self.labels))
            self._worlds[key] = cached
            while len(self._worlds) > self._world_cache:
                self._worlds.popitem(last=False)
        self._worlds.move_to_end(key)
        surface, self.ink, self.labels = cached
        return surface

    def _fill_table(self) -> list[list[tuple[int, int, int]]]:
        """Colour of a hex by (family index + 1, terrain index); row 0 is beyond the border."""
        types = self.scenario.map.terrain_types
        rows = [[C.OUTSIDE for _ in types]]
        for fam in C.FAMILIES:
            rows.append([C.AREA[fam] for _ in types])  # one colour per faction whatever the terrain
        return rows

    def _compose(self) -> pygame.Surface:
        g = self.geometry()
        s = self.scale
        surface = pygame.Surface(self.world_size)
        surface.fill(C.OUTSIDE)
        n = self.grid.count
        fam = (self.state.hex_family if self.state is not None else np.zeros(n, dtype=np.int8)).astype(np.int64)
        table = self._fill_table()
        outline_table = [[C.shade(c, C.GRID_DARKEN) for c in row] for row in table]
        hex_px = self.grid.size_km * s
        outlines = hex_px >= 9
        polys, terrain = g["polys"], self.terrain.tolist()
        draw_polygon = pygame.draw.polygon
        for i, f in enumerate((fam + 1).tolist()):
            t = terrain[i]
            draw_polygon(surface, table[f][t], polys[i])
            if outlines and f:
                draw_polygon(surface, outline_table[f][t], polys[i], 1)
        self._draw_terrain_marks(surface, g, fam, hex_px)
        for pts in g["rivers"]:
            pygame.draw.lines(surface, C.RIVER, False, pts, 3)
        self._draw_border(surface, g)
        self._draw_roads(surface, g)
        self._draw_front(surface, fam)
        self._draw_posts(surface, g, outside=True)  # under the places' dots, which they stand beside
        self._draw_places(surface, g)
        self._draw_posts(surface, g, outside=False)
        self._draw_labels(surface, g)
        return surface

    def _draw_terrain_marks(self, surface, g, fam, hex_px) -> None:
        """Terrain as neutral marks over the ground's colour (kit/terrain.py), never as a shade of it."""
        wx, wy = self.world_px(self.cx, self.cy)
        draw_terrain(surface, self.scenario.map.terrain_types, self.terrain, wx, wy, fam >= 0, hex_px)

    def _draw_border(self, surface, g) -> None:
        for pts in g["border"]:
            for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
                length = math.hypot(x1 - x0, y1 - y0)
                steps = max(1, int(length // 9))
                for k in range(steps):
                    if k % 2:
                        continue
                    t0, t1 = k / steps, min(1.0, (k + 1) / steps)
                    pygame.draw.line(
                        surface,
                        C.BORDER,
                        (x0 + (x1 - x0) * t0, y0 + (y1 - y0) * t0),
                        (x0 + (x1 - x0) * t1, y0 + (y1 - y0) * t1),
                        3,
                    )
        # name the far side of the border in its own area
        if self.state is not None and (self.state.hex_family < 0).any():
            outside = np.flatnonzero(self.state.hex_family < 0)
            wx, wy = self.world_px(self.cx[outside], self.cy[outside])
            mx, my = wx.mean(), wy.mean()
            k = int(np.argmin((wx - mx) ** 2 + (wy - my) ** 2))
            self.ink.text(surface, "TURKEY", (float(wx[k]), float(wy[k])), 14, C.OUTSIDE_TEXT, True, anchor="center")

    def _draw_roads(self, surface, g) -> None:
        s = self.scale
        for road, pts in sorted(g["roads"], key=lambda rp: rp[0].kind == "highway"):
            if len(pts) < 2:
                continue
            if road.kind == "highway":
                w = max(3, round(s * 0.55))
                casing, fill = C.HIGHWAY_CASING, C.HIGHWAY
            else:
                w = max(2, round(s * 0.3))
                casing, fill = C.ROAD_CASING, C.ROAD
            pygame.draw.lines(surface, casing, False, pts, w + 2)
            for p in pts:
                pygame.draw.circle(surface, casing, p, (w + 2) / 2)
            pygame.draw.lines(surface, fill, False, pts, w)
            for p in pts:
                pygame.draw.circle(surface, fill, p, w / 2)
        for label, (x, y) in g["shields"]:
            image = render(label, 11, (20, 20, 20), True)
            box = image.get_rect(center=(round(x), round(y))).inflate(6, 2)
            pygame.draw.rect(surface, C.HIGHWAY, box, border_radius=3)
            pygame.draw.rect(surface, C.HIGHWAY_CASING, box, 1, border_radius=3)
            surface.blit(image, image.get_rect(center=box.center))
            self.ink.items.append(_item(label, box))

    def front_edges(self, fam: np.ndarray) -> list[tuple[tuple[float, float], tuple[float, float]]]:
        """Hex edges (in km) between hexes of different camps: the front line."""
        camp = np.array([CAMP.get(f, 1) for f in C.FAMILIES] + [-1])[fam]  # fam -1 -> last entry -> -1
        edges = []
        for d in range(3):  # three directions cover every shared edge once
            j = self.neighbours[:, d]
            ok = (j >= 0) & (fam >= 0)
            i = np.flatnonzero(ok)
            j = j[ok]
            differ = (camp[j] >= 0) & (camp[i] != camp[j])
            i, j = i[differ], j[differ]
            mx, my = (self.cx[i] + self.cx[j]) / 2, (self.cy[i] + self.cy[j]) / 2
            dx, dy = self.cx[j] - self.cx[i], self.cy[j] - self.cy[i]
            norm = np.hypot(dx, dy)
            ux, uy = -dy / norm * self.radius_km / 2, dx / norm * self.radius_km / 2
            for k in range(len(i)):
                edges.append(((mx[k] - ux[k], my[k] - uy[k]), (mx[k] + ux[k], my[k] + uy[k])))
        return edges

    def _draw_front(self, surface, fam) -> None:
        w = max(2, round(self.scale * 0.45))
        for (x0, y0), (x1, y1) in self.front_edges(fam):
            a = tuple(float(v) for v in self.world_px(x0, y0))
            b = tuple(float(v) for v in self.world_px(x1, y1))
            pygame.draw.line(surface, C.FRONT, a, b, w)
            pygame.draw.circle(surface, C.FRONT, a, w / 2)
            pygame.draw.circle(surface, C.FRONT, b, w / 2)

    def _draw_places(self, surface, g) -> None:
        fams = self.state.place_family if self.state is not None else {}
        highlight = self.state.highlight if self.state is not None else frozenset()
        order = sorted(range(len(self.places)), key=lambda i: -marker_radius(self.places[i], 1))
        for i in order:
            p = self.places[i]
            x, y = g["places"][i]
            r = marker_radius(p, self.zoom)
            colour = C.MARKER[fams.get(p.id, "hts")]
            if p.id in highlight:
                pygame.draw.circle(surface, C.TEXT_ACCENT, (x, y), r + 5, 3)
            if p.kind in ("base", "airbase", "facility", "crossing"):
                box = pygame.Rect(0, 0, round(2 * r + 2), round(2 * r + 2))
                box.center = (round(x), round(y))
                pygame.draw.rect(surface, (255, 255, 255), box.inflate(2, 2))
                pygame.draw.rect(surface, colour, box)
            elif p.kind == "hill":
                pts = [(x, y - r - 2), (x - r - 2, y + r), (x + r + 2, y + r)]
                pygame.draw.polygon(surface, (255, 255, 255), [(a, b) for a, b in pts])
                pygame.draw.polygon(surface, colour, [(a, b - 0.5) for a, b in pts], 0)
            else:
                pygame.draw.circle(surface, (255, 255, 255), (x, y), r + 1.3)
                pygame.draw.circle(surface, colour, (x, y), r)

    def _draw_posts(self, surface, g, outside: bool) -> None:
        """The posts outside their places (on their own hexes), or those in them (beside their dots)."""
        if self.state is None:
            return
        seen: dict[str, int] = {}
        for post, encircled in self.state.posts:
            if (post.outside is not None) != outside:
                continue
            if outside:  # on its own hex beside the place (engine.board.post_hexes)
                h = self.post_hex[post.id]
                cx, cy = (float(v) for v in self.world_px(self.cx[h], self.cy[h]))
            else:  # in the place: beside its dot, side by side
                i = self._place_index(post.place.id)
                k = seen.get(post.place.id, 0)
                seen[post.place.id] = k + 1
                x, y = g["places"][i]
                r = marker_radius(self.places[i], self.zoom)
                cx, cy = x + r + 5 + k * 8, y - r - 4
            size = 4 if self.zoom < 2 else 5
            diamond = [(cx, cy - size), (cx + size, cy), (cx, cy + size), (cx - size, cy)]
            pygame.draw.polygon(
                surface,
                (255, 255, 255),
                [(a + da, b + db) for (a, b), (da, db) in zip(diamond, ((0, -1), (1, 0), (0, 1), (-1, 0)))],
            )
            pygame.draw.polygon(surface, C.MARKER["turkey"], diamond)
            if encircled is True or encircled == "encircled":
                pygame.draw.circle(surface, C.POST_ENCIRCLED, (cx, cy), size + 3, 2)
            elif encircled == "lifted":
                draw_lifted_ring(surface, (cx, cy), size + 3)

    def _draw_labels(self, surface, g) -> None:
        self.labels = []  # world rects
        for i, text, size, bold, rect in g["labels"]:
            surface.blit(render(text, size, C.LABEL, bold, C.LABEL_HALO), rect)
            self.labels.append((self.places[i].id, text, rect))
            self.ink.items.append(_item(text, rect))

    # -- drawing onto a target --------------------------------------------------------------------
    def draw(self, target: pygame.Surface) -> None:
        """Blit the visible part of the map into ``rect`` of ``target``, with hover and selection rings."""
        world = self.world()
        clip = target.get_clip()
        target.set_clip(self.rect)
        w, h = world.get_size()
        if w < self.rect.w or h < self.rect.h:
            target.fill(C.OFF_MAP, self.rect)
        ox, oy = round(self.offset[0]), round(self.offset[1])
        target.blit(
            world,
            (self.rect.x + max(0, -ox), self.rect.y + max(0, -oy)),
            pygame.Rect(max(0, ox), max(0, oy), self.rect.w, self.rect.h),
        )
        for place_id, colour in ((self.hovered, (255, 255, 255)), (self.selected, C.TEXT_ACCENT)):
            if place_id:
                i = self._place_index(place_id)
                x, y = self.world_to_screen(self.px_km[i], self.py_km[i])
                pygame.draw.circle(target, colour, (x, y), marker_radius(self.places[i], self.zoom) + 4, 2)
        target.set_clip(clip)

    def visible_labels(self) -> list[tuple[str, str, pygame.Rect]]:
        """Labels at least partly inside the viewport, in screen coordinates."""
        out = []
        for place_id, text, rect in self.labels:
            r = rect.move(self.rect.x - round(self.offset[0]), self.rect.y - round(self.offset[1]))
            if self.rect.colliderect(r):
                out.append((place_id, text, r))
        return out


def draw_lifted_ring(surface: pygame.Surface, centre, radius: int) -> None:
    """A broken ring round a post whose encirclement was lifted."""
    for k in range(0, 360, 60):
        pygame.draw.arc(
            surface,
            C.POST_LIFTED,
            (centre[0] - radius, centre[1] - radius, 2 * radius, 2 * radius),
            math.radians(k),
            math.radians(k + 35),
            2,
        )


def _item(text: str, rect: pygame.Rect) -> TextItem:
    return TextItem(text, rect.copy(), "map")
