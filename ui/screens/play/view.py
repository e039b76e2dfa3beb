"""The play screen's map layers: the record's front, yesterday's results, the hexes a formation may
reach and attack with the chance of each attack, the orders given, the counters, the air target
under the mouse, and the tooltip of what is under the mouse.

Each layer composes its hit regions and labels from the controller and the map view (no pixels),
then paints; the counters' rectangles come from :func:`counter_rects`, for both.
"""

from __future__ import annotations

import numpy as np
import pygame

from engine.game import AirMission, Attack, Move

from ... import colours as C
from ...kit.counters import CounterFace, arrow, draw_counter
from ...kit.gamemap import GHOST
from ...kit.mapshell import LegendItem
from ...kit.mapview import MapView, draw_lifted_ring
from ...kit.markers import legend_entries as marker_legend
from ...kit.metrics import px
from ...kit.sheet import Sheet
from ...kit.terrain import legend_entries
from ...kit.text import width
from ...kit.widgets import tooltip
from .controller import PlayController
from .describe import MISSION_LABEL, MISSIONS, formation_lines, hex_name, ratio_text
from .targets import Counter

REACH = (255, 255, 255)
ATTACK_COLOUR = (225, 40, 40)
AIR_MARK = (30, 60, 160)
READABLE_HEX = 26  # design pixels a hex needs for its counters and the chance of an attack to be read


def side_family(side: str) -> str:
    return C.family_of_side(side)


def formation_family(game, f: int) -> str:
    faction = game.board.scenario.formations[f].faction
    return C.family_of_side(faction.map_colour if faction.map_colour in C.AREA else faction.side)


def formation_colour(game, f: int):
    return C.MARKER[formation_family(game, f)]


def counter_face(c: PlayController, f: int) -> CounterFace:
    """What the counter of formation ``f`` shows the player: its APP-6 symbol (a friend's frame or a
    hostile one), echelon, strength (a band for the enemy under fog of war) and, for the player's own,
    hexes a day off roads and on them."""
    g = c.game
    formation, rules = g.board.scenario.formations[f], g.board.rules
    mine = c.is_mine(f)
    move = (int(rules["ground.move_hexes_open"]), int(rules["ground.move_hexes_road"])) if mine else None
    return CounterFace(
        formation.type,
        formation.echelon,
        "friend" if mine else "hostile",
        C.COUNTER[formation_family(g, f)],
        g.strength_estimate(f, fog=c.fog),
        move,
    )


def screen_poly(view: MapView, h: int) -> list[tuple[float, float]]:
    polys = view.geometry()["polys"]
    ox, oy = round(view.offset[0]) - view.rect.x, round(view.offset[1]) - view.rect.y
    return [(x - ox, y - oy) for x, y in polys[h]]


def hex_point(view: MapView, h: int) -> tuple[float, float]:
    x, y = view.world_to_screen(view.cx[h], view.cy[h])
    return float(x), float(y)


def counter_rects(c: PlayController, view: MapView) -> list[tuple[pygame.Rect, int, int]]:
    """(rectangle, formation, hex) of every counter in view, in drawing order (a stack's top last; the
    selected formation tops its stack)."""
    w = max(px(18), min(px(52), round(view.hex_px * 1.2)))
    h = round(w * 0.82)
    step = max(2, w // 7)
    out, stacked = [], {}
    shown = c.shown()
    if c.selected in shown:  # the selected formation on top of its stack
        shown = [f for f in shown if f != c.selected] + [c.selected]
    for f in shown:
        here = c.hex_of(f)
        if here < 0:
            continue
        k = stacked.get(here, 0)
        stacked[here] = k + 1
        x, y = hex_point(view, here)
        rect = pygame.Rect(0, 0, w, h)
        rect.center = (round(x) + step * k, round(y) - step * k)
        if view.rect.colliderect(rect):
            out.append((rect, f, here))
    return out


class Results:
    """Yesterday's attacks (red: the hex was taken); its air strikes, civilian harm and aircraft lost are
    the markers' layer (kit/markers.py)."""

    def __init__(self, c: PlayController):
        self.c = c

    def compose(self, sheet, view) -> None:
        pass

    def paint(self, surface, view: MapView) -> None:
        game = self.c.game
        if game.day <= game.start_day:
            return
        r = game.day_results(game.day - 1)
        radius = max(5, round(view.scale * 0.9))
        s = max(3, radius // 2)
        for h, took in r.attacks:
            x, y = hex_point(view, h)
            colour = ATTACK_COLOUR if took else (20, 20, 20)
            pygame.draw.line(surface, colour, (x - s, y - s), (x + s, y + s), 2)
            pygame.draw.line(surface, colour, (x - s, y + s), (x + s, y - s), 2)


class Reach:
    """The hexes the selected formation may move to (white) and attack (red, with the chance of taking them)."""

    def __init__(self, c: PlayController):
        self.c = c

    def compose(self, sheet: Sheet, view: MapView) -> None:
        c = self.c
        legal = c.legal(c.selected)
        if c.air_mode or not legal.attacks or view.hex_px < px(READABLE_HEX) * 0.75:
            return  # too small to label: the panel lists the odds, the tooltip gives them
        taken = [r for r, _, _ in counter_rects(c, view)]
        origin = hex_point(view, c.hex_of(c.selected))
        for a in legal.attacks:
            x, y = hex_point(view, a.hex)
            x, y = x + (x - origin[0]) * 0.5, y + (y - origin[1]) * 0.5  # beyond the hex, away from the counter
            text = f"{a.chance:.0%}"
            box = pygame.Rect(0, 0, width(text, 11, True) + px(6), px(15))
            box.center = (round(x), round(y))
            if box.collidelist(taken) == -1 and view.rect.contains(box):
                sheet.box(box, (150, 20, 20), (255, 255, 255), 255, 3)
                sheet.text(text, box.center, 11, (255, 255, 255), True, anchor="center")
                taken.append(box)

    def paint(self, surface, view: MapView) -> None:
        c = self.c
        legal = c.legal(c.selected)
        if c.air_mode or not (legal.moves or legal.attacks):
            return
        overlay = pygame.Surface(view.rect.size, pygame.SRCALPHA)
        dx, dy = -view.rect.x, -view.rect.y
        for h in legal.moves:
            poly = [(x + dx, y + dy) for x, y in screen_poly(view, h)]
            pygame.draw.polygon(overlay, (*REACH, 120), poly)
            pygame.draw.polygon(overlay, (*REACH, 220), poly, 1)
        for a in legal.attacks:
            poly = [(x + dx, y + dy) for x, y in screen_poly(view, a.hex)]
            pygame.draw.polygon(overlay, (*ATTACK_COLOUR, 80), poly)
            pygame.draw.polygon(overlay, (*ATTACK_COLOUR, 255), poly, 2)
        surface.blit(overlay, view.rect.topleft)


class Orders:
    """Today's orders: arrows for moves (white) and attacks (red), crosshairs on air targets."""

    def __init__(self, c: PlayController):
        self.c = c

    def compose(self, sheet, view) -> None:
        pass

    def paint(self, surface, view: MapView) -> None:
        b = self.c.game.board
        for o in self.c.game.pending:
            if isinstance(o, (Move, Attack)):
                here = self.c.hex_of(b.formation_index(o.formation))
                if here >= 0:
                    target = o.to if isinstance(o, Move) else o.target
                    colour = (255, 255, 255) if isinstance(o, Move) else ATTACK_COLOUR
                    arrow(surface, hex_point(view, here), hex_point(view, target), colour)
            elif isinstance(o, AirMission):
                x, y = hex_point(view, o.hex)
                pygame.draw.circle(surface, AIR_MARK, (x, y), 9, 2)
                pygame.draw.line(surface, AIR_MARK, (x - 12, y), (x + 12, y), 2)
                pygame.draw.line(surface, AIR_MARK, (x, y - 12), (x, y + 12), 2)


class Counters:
    """The formations on the map as APP-6 counters; the selected one ringed, those with an order dotted."""

    def __init__(self, c: PlayController):
        self.c = c

    def compose(self, sheet: Sheet, view: MapView) -> None:
        for rect, f, h in counter_rects(self.c, view):
            sheet.hit(rect, Counter(f, h))

    def paint(self, surface, view: MapView) -> None:
        c, g = self.c, self.c.game
        ordered = {o.formation for o in g.pending if hasattr(o, "formation")}
        for rect, f, _ in counter_rects(c, view):
            draw_counter(surface, rect, counter_face(c, f))
            if f == c.selected:
                pygame.draw.rect(surface, C.TEXT_ACCENT, rect.inflate(6, 6), 2, border_radius=3)
            elif c.fid(f) in ordered:
                pygame.draw.circle(surface, (255, 255, 255), rect.topright, 4)
                pygame.draw.circle(surface, (30, 30, 30), rect.topright, 4, 1)


class Marks:
    """The air target under the mouse (air panel open) and the place of the log entry jumped to."""

    def __init__(self, c: PlayController, mouse):
        self.c, self.mouse = c, mouse

    def compose(self, sheet, view) -> None:
        pass

    def paint(self, surface, view: MapView) -> None:
        if self.c.air_mode and view.rect.collidepoint(self.mouse()):
            h = view.hex_at_screen(self.mouse())
            if 0 <= h < view.grid.count:
                pygame.draw.polygon(surface, AIR_MARK, screen_poly(view, h), 3)
        if self.c.flash is not None:
            pygame.draw.circle(surface, C.TEXT_ACCENT, hex_point(view, self.c.flash), px(16), 3)


def hover(sheet: Sheet, c: PlayController, view: MapView, counter: Counter | None, h: int, mouse) -> None:
    """The tooltip of the counter or hex under the mouse: a formation, an attack's odds, an air mission's risk."""
    game = c.game
    if counter is not None:
        lines = formation_lines(game, game.status(counter.formation), short=True)
        if counter.formation == c.selected and len(c.formations_at(counter.hex)) > 1:
            lines.append("click again: the next counter in this stack")
        tooltip(sheet, [(lines[0], 13, True)] + [(t, 11, False) for t in lines[1:]], mouse, 290, view.rect)
        return
    if h < 0:
        return
    option = next((a for a in c.legal(c.selected).attacks if a.hex == h), None)
    if option is not None and not c.air_mode:
        lines = [
            (f"Attack {hex_name(game, h)}", 13, True),
            (f"force ratio {ratio_text(option.ratio)}, chance of taking the hex {option.chance:.0%}", 11, False),
            ("click to order the attack", 11, False),
        ]
        tooltip(sheet, lines, mouse, 290, view.rect)
    elif c.air_mode:
        sorties = c.air_sorties()
        residents, harmed = game.civilian_risk(h, sorties)
        text = (
            f"{sorties} sorties; residents on and beside the hex {residents:,}; "
            f"expected civilians killed or injured {harmed:,}"
        )
        lines = [
            (f"{MISSION_LABEL[MISSIONS[c.air.kind]]}: {hex_name(game, h)}", 13, True),
            (text, 11, False),
            ("click to review and confirm", 11, False),
        ]
        tooltip(sheet, lines, mouse, 310, view.rect)


def ground_legend(scenario) -> list[LegendItem]:
    """Who holds the ground (each faction colour of the scenario) and the terrain marks."""

    def area(fam):
        def paint(s, p):
            pygame.draw.rect(s, C.AREA[fam], (p[0] - 9, p[1] - 5, 18, 11))
            pygame.draw.circle(s, C.MARKER[fam], p, 3)

        return paint

    present = {C.family_of_side(f.map_colour) for f in scenario.factions}
    families = [LegendItem(C.FAMILY_LABEL[f], area(f)) for f in C.FAMILIES if f in present]
    return families + [LegendItem(text, symbol) for text, symbol in legend_entries(scenario.map.terrain_types)]


def legend(c: PlayController) -> list[LegendItem]:
    """What the symbols on the play map mean."""

    def counter(enemy: bool):
        def paint(surface, centre):
            side = c.game.enemy_side if enemy else c.game.side
            rect = pygame.Rect(0, 0, px(22), px(18))
            rect.center = centre
            face = CounterFace(
                "infantry", "battalion", "hostile" if enemy else "friend", C.COUNTER[side_family(side)], (0, 0)
            )
            draw_counter(surface, rect, face)

        return paint

    def ring(colour, r=6):
        return lambda s, p: pygame.draw.circle(s, colour, p, px(r), 2)

    def post(s, p):
        cx, cy = p
        pygame.draw.polygon(s, C.MARKER["turkey"], [(cx, cy - 4), (cx + 4, cy), (cx, cy + 4), (cx - 4, cy)])
        draw_lifted_ring(s, p, 7)

    def cross(s, p):
        x, y = p
        pygame.draw.line(s, ATTACK_COLOUR, (x - 4, y - 4), (x + 4, y + 4), 2)
        pygame.draw.line(s, ATTACK_COLOUR, (x - 4, y + 4), (x + 4, y - 4), 2)

    def line(colour):
        return lambda s, p: pygame.draw.line(s, colour, (p[0] - 9, p[1]), (p[0] + 9, p[1]), 3)

    def hexagon(fill, edge):
        def paint(s, p):
            pts = [(p[0] + 8 * np.cos(a), p[1] + 8 * np.sin(a)) for a in np.radians(30 + 60 * np.arange(6))]
            pygame.draw.polygon(s, fill, pts)
            pygame.draw.polygon(s, edge, pts, 2)

        return paint

    return [
        LegendItem("your formation (APP-6: type, echelon; strength, hexes a day off/on roads)", counter(False)),
        LegendItem("enemy formation seen (strength: a band under fog)", counter(True)),
        LegendItem("may move there", hexagon((235, 235, 235), REACH)),
        LegendItem("may attack (chance)", hexagon((200, 120, 120), ATTACK_COLOUR)),
        LegendItem("attack yesterday (red: took the hex)", cross),
        *[LegendItem(text, symbol) for text, symbol in marker_legend()],
        LegendItem("Turkish post (ring: encircled; broken green ring: lifted)", post),
        LegendItem("place taken yesterday", ring(C.TEXT_ACCENT)),
        LegendItem("the record's front line (G)", line(GHOST)),
        LegendItem("front line", line(C.FRONT)),
        *ground_legend(c.game.board.scenario),
    ]
