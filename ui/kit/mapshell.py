"""The frame shared by the map screens (play, replay, the after-action report).

A title bar across the top; under it a banner for the screen's message (results of a turn, a
date being typed) so it never covers the map; the map with the screen's layers over it; a legend
strip under the map (L hides it); a side panel and a bar of controls at the bottom. The shell lays
these out for any window size and UI scale, pans the map by dragging or with held keys, zooms
with the wheel at the mouse and with + and - at the screen's focus (the selection), and draws the
help overlay from the screen's key table.

A screen adds map layers (:class:`MapLayer`) and legend items (:class:`LegendItem`); it fills
the panel and the bottom bar itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import pygame

from .. import colours as C
from .keys import KeyTable, Row, bind, keys
from .mapview import MapView
from .metrics import px
from .sheet import Sheet
from .text import line_height, width
from .widgets import help_overlay

DRAG_SLOP = 4  # pixels a press may move and still be a click
PAN_SPEED = 700  # pixels a second while a pan key is held


@dataclass(frozen=True)
class ShellLayout:
    window: pygame.Rect
    top: pygame.Rect  # title bar
    banner: pygame.Rect  # the screen's message, above the map
    map: pygame.Rect
    legend: pygame.Rect  # under the map (empty when hidden)
    panel: pygame.Rect  # at the right
    bottom: pygame.Rect  # controls


@dataclass(frozen=True)
class LegendItem:
    text: str
    symbol: Callable[[pygame.Surface, tuple[int, int]], None]  # draws the symbol centred on a point


@dataclass(frozen=True)
class MapClick:
    """A press and release on the map without dragging it."""

    pos: tuple[int, int]


class MapLayer(Protocol):
    """Something drawn over the map: counters, markers, a front line."""

    def compose(self, sheet: Sheet, view: MapView) -> None:
        """Add the layer's hit regions, labels and tooltips to the frame (no pixels yet)."""

    def paint(self, surface: pygame.Surface, view: MapView) -> None:
        """Draw the layer onto the map (clipped to the map's rectangle)."""


class OnMapShell:
    """The part of the Screen protocol that a screen drawn in a MapShell leaves to it: layout, size and
    the texts of the last frame."""

    shell: MapShell
    frame: Sheet

    def texts(self) -> list[str]:
        return self.shell.texts(self.frame)

    def resize(self, size: tuple[int, int]) -> None:
        self.shell.relayout(size)

    @property
    def size(self) -> tuple[int, int]:
        return self.shell.layout.window.size


class MapShell:
    def __init__(
        self,
        view: MapView,
        size: tuple[int, int],
        panel: int | float = 420,
        bottom: int = 48,
        legend: Sequence[LegendItem] = (),
        banner_lines: int = 2,
    ):
        self.map = view
        self.panel_size = panel  # design pixels, or a share of the window's width when below 1
        self.bottom_size = bottom
        self.banner_lines = banner_lines
        self.legend_items = list(legend)
        self.show_legend = True
        self.show_help = False
        self.mouse = (-1, -1)
        self._press: tuple[int, int] | None = None
        self._dragged = False
        self.relayout(size)

    # -- layout -------------------------------------------------------------------------------------
    def relayout(self, size: tuple[int, int]) -> None:
        w, h = size
        panel_w = round(w * self.panel_size) if self.panel_size < 1 else min(px(self.panel_size), w * 45 // 100)
        top_h = px(40)
        banner_h = line_height(13) * self.banner_lines + px(10) if self.banner_lines else 0
        bottom_h = px(self.bottom_size)
        map_w = w - panel_w
        legend_h = self._legend_height(map_w) if self.show_legend and self.legend_items else 0
        map_y = top_h + banner_h
        map_h = max(px(100), h - map_y - bottom_h - legend_h)
        self.layout = ShellLayout(
            window=pygame.Rect(0, 0, w, h),
            top=pygame.Rect(0, 0, w, top_h),
            banner=pygame.Rect(0, top_h, map_w, banner_h),
            map=pygame.Rect(0, map_y, map_w, map_h),
            legend=pygame.Rect(0, map_y + map_h, map_w, legend_h),
            panel=pygame.Rect(map_w, top_h, panel_w, h - top_h - bottom_h),
            bottom=pygame.Rect(0, h - bottom_h, w, bottom_h),
        )
        self.map.set_rect(self.layout.map)

    def _legend_flow(self, room: int) -> list[list[tuple[LegendItem, int]]]:
        """The legend's items in rows no wider than ``room``, each with its width."""
        rows: list[list[tuple[LegendItem, int]]] = [[]]
        x = px(8)
        for item in self.legend_items:
            w = px(30) + width(item.text, 11) + px(16)
            if rows[-1] and x + w > room:
                rows.append([])
                x = px(8)
            rows[-1].append((item, w))
            x += w
        return rows

    def _legend_height(self, room: int) -> int:
        return len(self._legend_flow(room)) * px(18) + px(8)

    def set_legend(self, items: Sequence[LegendItem]) -> None:
        self.legend_items = list(items)
        self.relayout(self.layout.window.size)

    def toggle_legend(self) -> None:
        self.show_legend = not self.show_legend
        self.relayout(self.layout.window.size)

    def toggle_help(self) -> None:
        self.show_help = not self.show_help

    # -- navigation ------------------------------------------------------------------------------------
    def zoom(self, steps: int, focus: tuple[float, float] | None = None) -> None:
        """Zoom by ``steps``, keeping ``focus`` (a screen point: the selection) where it is, if it is in view."""
        inside = focus is not None and self.layout.map.collidepoint(focus)
        self.map.zoom_by(steps, (round(focus[0]), round(focus[1])) if inside else None)

    def navigation_rows(self, focus: Callable[[], tuple[float, float] | None], pan_keys="arrows") -> list[Row]:
        """Key-table rows for zooming (at ``focus()``) and panning with held keys."""
        codes = (
            (pygame.K_LEFT, pygame.K_RIGHT, pygame.K_UP, pygame.K_DOWN)
            if pan_keys == "arrows"
            else (pygame.K_a, pygame.K_d, pygame.K_w, pygame.K_s)
        )
        speed = px(PAN_SPEED)
        directions = ((-1, 0), (1, 0), (0, -1), (0, 1))
        return [
            Row(
                "+ / -",
                "zoom in / out at the selection (the wheel zooms at the mouse)",
                bind(lambda: self.zoom(1, focus()), keys(pygame.K_EQUALS, pygame.K_PLUS, pygame.K_KP_PLUS))
                | bind(lambda: self.zoom(-1, focus()), keys(pygame.K_MINUS, pygame.K_KP_MINUS)),
            ),
            Row("0", "the whole map", bind(self.map.reset_view, pygame.K_0)),
            Row(
                "Arrows, drag" if pan_keys == "arrows" else "W A S D, drag",
                "pan the map (hold the keys)",
                hold={
                    c: (lambda s, d=d: self.map.pan(d[0] * speed * s, d[1] * speed * s))
                    for c, d in zip(codes, directions)
                },
            ),
        ]

    def pointer(self, event) -> MapClick | bool:
        """Drag to pan and wheel to zoom over the map. Return a :class:`MapClick` for a press and
        release that did not drag, True for an event used otherwise, False for one left to the screen."""
        if event.type == pygame.MOUSEMOTION:
            self.mouse = event.pos
            if self._press is not None:
                dx, dy = event.pos[0] - self._press[0], event.pos[1] - self._press[1]
                if self._dragged or abs(dx) + abs(dy) > px(DRAG_SLOP):
                    self.map.pan(-dx, -dy)
                    self._press, self._dragged = event.pos, True
                return True
            return False
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self.mouse = event.pos
            if self.layout.map.collidepoint(event.pos):
                self._press, self._dragged = event.pos, False
                return True
            return False
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            pressed, dragged = self._press, self._dragged
            self._press, self._dragged = None, False
            if pressed is not None and not dragged:
                return MapClick(event.pos)
            return pressed is not None
        if event.type == pygame.MOUSEWHEEL and self.layout.map.collidepoint(self.mouse):
            self.map.zoom_by(1 if event.y > 0 else -1, self.mouse)
            return True
        return False

    @property
    def dragging(self) -> bool:
        return self._dragged

    # -- drawing ---------------------------------------------------------------------------------------
    def paint_map(self, surface: pygame.Surface, layers: Sequence[MapLayer]) -> None:
        self.map.draw(surface)
        clip = surface.get_clip()
        surface.set_clip(self.layout.map)
        for layer in layers:
            layer.paint(surface, self.map)
        surface.set_clip(clip)

    def compose_layers(self, sheet: Sheet, layers: Sequence[MapLayer]) -> None:
        for layer in layers:
            layer.compose(sheet, self.map)

    def compose_bars(self, sheet: Sheet, title: str, phase: str, info: str, banner: str = "", colour=C.TEXT):
        """The title bar (a title, a phase after it, information at the right) and the banner under it."""
        top, banner_rect = self.layout.top, self.layout.banner
        sheet.fill(top, C.PANEL_LIGHT)
        sheet.fill((top.x, top.bottom - 1, top.w, 1), C.PANEL_EDGE)
        title_rect = sheet.text(title, (px(14), top.centery), 20, C.TEXT, True, anchor="midleft")
        info_rect = sheet.text(
            info, (top.right - px(14), top.centery), 12, C.TEXT_DIM, anchor="midright", room=top.w // 3
        )
        sheet.text(
            phase,
            (title_rect.right + px(16), top.centery),
            13,
            C.TEXT_DIM,
            anchor="midleft",
            room=info_rect.x - title_rect.right - px(32),
        )
        if banner_rect.h:
            sheet.fill(banner_rect, C.PANEL)
            if banner:
                inner = banner_rect.inflate(-px(16), -px(8))
                sheet.lines(banner, inner, 13, colour, max_lines=self.banner_lines)

    def compose_legend(self, sheet: Sheet) -> None:
        rect = self.layout.legend
        if not rect.h:
            return
        sheet.fill(rect, C.PANEL_LIGHT)
        y = rect.y + px(4)
        for row in self._legend_flow(rect.w):
            x = rect.x + px(8)
            for item, w in row:
                centre = (x + px(12), y + px(9))
                sheet.paint(pygame.Rect(x, y, px(24), px(18)), lambda s, r, item=item, c=centre: item.symbol(s, c))
                sheet.text(item.text, (x + px(28), y + px(9)), 11, C.TEXT_DIM, anchor="midleft", room=w - px(30))
                x += w
            y += px(18)

    def texts(self, frame: Sheet) -> list[str]:
        """Every string on screen: the map's labels in view, its other writing, then the frame's."""
        view = self.map
        labels = {text for _, text, _ in view.labels}
        visible = [text for _, text, _ in view.visible_labels()]
        return visible + [i.text for i in view.ink.items if i.text not in labels] + frame.texts()

    def compose_help(self, sheet: Sheet, table: KeyTable) -> None:
        if self.show_help:
            help_overlay(sheet, self.layout.window, table)
