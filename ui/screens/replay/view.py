"""What the replay draws besides the map: the figures and events of the day in the panel, the
scrubber and buttons at the bottom, the legend, and a place's tooltip."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass

import pygame

from ... import colours as C
from ...kit.mapshell import LegendItem
from ...kit.mapview import draw_lifted_ring
from ...kit.markers import legend_entries as marker_legend
from ...kit.metrics import px, scale
from ...kit.sheet import Sheet, draw_box
from ...kit.terrain import legend_entries
from ...kit.text import Ink, TextItem, line_height, wrap
from ...kit.widgets import Scrubber, tooltip
from .controller import ReplayController
from .describe import day_month, describe, figures_text, population_text, short_source


@dataclass(frozen=True)
class Scrub:
    """The scrubber: a click or a drag there picks the day."""


def compose_panel(sheet: Sheet, r: pygame.Rect, c: ReplayController, events: EventCards) -> None:
    sheet.fill(r, C.PANEL)
    sheet.fill((r.x, r.y, 1, r.h), C.PANEL_EDGE)
    x, y, room = r.x + px(14), r.y + px(8), r.w - px(28)
    area = c.data.area_km2(c.date)
    sheet.text("Area held (km², hexes × hex area)", (x, y), 12, C.TEXT_DIM)
    y += px(18)
    cx = x
    for side in c.scenario.sides:
        if area.get(side, 0) <= 0:
            continue
        colour = C.MARKER[C.family_of_side(side)]
        sheet.paint(
            pygame.Rect(cx, y + px(3), px(10), px(10)), lambda s, rect, col=colour: pygame.draw.rect(s, col, rect)
        )
        cx = sheet.text(
            f"{side} {area[side]:,.0f}", (cx + px(14), y), 14, C.TEXT, True, room=r.right - cx - px(28)
        ).right
        cx += px(14)
    y += px(24)
    sheet.text("Displaced since December (latest total in the record)", (x, y), 12, C.TEXT_DIM, room=room)
    y += px(18)
    report = c.data.displaced(c.date)
    if report is None:
        sheet.text("no total reported yet", (x, y), 14, C.TEXT)
    else:
        qual = {"over": "over ", "about": "about ", "at_least": "at least ", "up_to": "up to "}.get(
            report.qualifier or "", ""
        )
        rect = sheet.text(f"{qual}{report.value:,}", (x, y - px(2)), 18, C.CHART_DISPLACED, True)
        sheet.text(
            f"{report.entry.source.name}, {report.date:%d %b %Y}",
            (rect.right + px(10), y + px(3)),
            11,
            C.TEXT_DIM,
            room=r.right - rect.right - px(24),
        )
    y += px(26)
    chart_h, half = px(122), (room - px(10)) // 2
    displaced_chart(sheet, pygame.Rect(x, y, half, chart_h), c)
    area_chart(sheet, pygame.Rect(x + half + px(10), y, half, chart_h), c)
    y += chart_h + px(8)
    sheet.fill((r.x + px(8), y, r.w - px(16), 1), C.PANEL_EDGE)
    events.compose(sheet, pygame.Rect(r.x + px(8), y + px(4), r.w - px(16), r.bottom - y - px(8)), c)


def chart_range(c: ReplayController) -> tuple[dt.date, dt.date]:
    reports = c.data.displaced_reports
    last_report = reports[-1].date if reports else c.scenario.end_date
    return c.data.first, min(c.data.last, max(c.scenario.end_date, last_report) + dt.timedelta(days=10))


def chart_frame(sheet: Sheet, rect: pygame.Rect, title: str, c: ReplayController):
    """A chart's box, title, month lines and the cursor on today; return the plot area and x of a date."""
    sheet.box(rect, C.PANEL_LIGHT, C.PANEL_EDGE, 255, 4)
    sheet.text(title, (rect.x + px(6), rect.y + px(4)), 11, C.TEXT_DIM, room=rect.w - px(12))
    plot = pygame.Rect(rect.x + px(8), rect.y + px(22), rect.w - px(16), rect.h - px(40))
    first, last = chart_range(c)
    span = max(1, (last - first).days)

    def xof(d: dt.date) -> float:
        return plot.x + min(max((d - first).days, 0), span) / span * plot.w

    d = dt.date(first.year, first.month, 1)
    while d <= last:
        if first < d:
            mx = round(xof(d))
            sheet.fill((mx, plot.y, 1, plot.h), C.PANEL_EDGE)
            sheet.text(d.strftime("%b"), (mx + px(2), plot.bottom + px(2)), 10, C.TEXT_DIM)
        d = dt.date(d.year + d.month // 12, d.month % 12 + 1, 1)
    sheet.fill((round(xof(c.date)), plot.y - px(2), 1, plot.h + px(4)), C.TEXT)
    return plot, xof


def displaced_chart(sheet: Sheet, rect: pygame.Rect, c: ReplayController) -> None:
    plot, xof = chart_frame(sheet, rect, "Displaced (dots: UN figures)", c)
    reports = c.data.displaced_reports
    if not reports:
        return
    top = max(r.value for r in reports) * 1.08
    end = xof(chart_range(c)[1])

    def paint(surface, _):
        points = []
        for rep in reports:
            x, y = xof(rep.date), plot.bottom - rep.value / top * plot.h
            if points:
                points.append((x, points[-1][1]))
            points.append((x, y))
        points.append((end, points[-1][1]))
        pygame.draw.lines(surface, C.CHART_DISPLACED, False, points, 2)
        for rep in reports:
            x, y = xof(rep.date), plot.bottom - rep.value / top * plot.h
            pygame.draw.circle(surface, C.CHART_UN if rep.is_un else C.CHART_DISPLACED, (x, y), 4 if rep.is_un else 2)

    sheet.paint(plot, paint)
    sheet.text(f"{reports[-1].value / 1e6:.2f} M", (plot.x, plot.y - px(1)), 10, C.TEXT_DIM)


def area_chart(sheet: Sheet, rect: pygame.Rect, c: ReplayController) -> None:
    plot, xof = chart_frame(sheet, rect, "Area held, km²", c)
    series = c.data.area_series
    first, last = chart_range(c)
    idx = list(range(c.data.index(first), c.data.index(last) + 1))
    top = max(float(series[s][idx].max()) for s in c.scenario.playable) * 1.08

    def paint(surface, _):
        for side in c.scenario.playable:
            pts = [(xof(c.data.dates[i]), plot.bottom - series[side][i] / top * plot.h) for i in idx]
            pygame.draw.lines(surface, C.MARKER[C.family_of_side(side)], False, pts, 2)

    sheet.paint(plot, paint)


class EventCards:
    """The day's claims as cards, on a surface made once per day and width (claims about one event side by
    side; a sentence the record repeats under several sources is one card naming them all). A click on a
    card opens it whole (``card.py``)."""

    def __init__(self) -> None:
        self._cache: OrderedDict[tuple, tuple[pygame.Surface, list[TextItem], list]] = OrderedDict()

    def surface(self, c: ReplayController, width: int) -> tuple[pygame.Surface, list[TextItem], list]:
        key = (c.date, width, scale())
        if key not in self._cache:
            self._cache[key] = self._make(c, width)
            while len(self._cache) > 16:
                self._cache.popitem(last=False)
        return self._cache[key]

    def _make(self, c: ReplayController, width: int) -> tuple[pygame.Surface, list[TextItem], list]:
        groups = [self._cards(group, width) for group in c.data.claims(c.date)]
        boxes: list[tuple[pygame.Rect, tuple[int, int]]] = []  # each card and (group, claim) it shows
        gap = px(6)
        rows = []
        height = px(30)
        for cards in groups:
            per_row = min(len(cards), 3)
            heights = [max(h for _, h in cards[k : k + per_row]) for k in range(0, len(cards), per_row)]
            label = px(16) if len(cards) > 1 else 0
            rows.append((cards, per_row, heights, label))
            height += sum(heights) + gap * len(heights) + label + px(4)
        surface = pygame.Surface((width, max(height, px(60))))
        surface.fill(C.PANEL)
        ink = Ink("events")
        n = len(c.data.entries(c.date))
        title = (
            f"Events of {day_month(c.date)} {c.date.year}: {n} " + ("entry" if n == 1 else "entries")
            if n
            else f"No events recorded on {day_month(c.date)} {c.date.year}"
        )
        ink.text(surface, title, (px(4), px(4)), 13, C.TEXT, True)
        y = px(28)
        for g, (cards, per_row, heights, label) in enumerate(rows):
            if label:
                ink.text(surface, f"{len(cards)} claims about one event, side by side:", (px(4), y), 11, C.TEXT_DIM)
                y += label
            col_w = width if per_row == 1 else (width - gap * (per_row - 1)) // per_row
            for k, row_h in zip(range(0, len(cards), per_row), heights):
                for j, (lines, _) in enumerate(cards[k : k + per_row]):
                    box = pygame.Rect(j * (col_w + gap), y, col_w, row_h)
                    boxes.append((box, (g, k + j)))
                    draw_box(surface, box, C.PANEL_LIGHT, C.TEXT_ACCENT if per_row > 1 else C.PANEL_EDGE, 255, 4)
                    ty = box.y + px(5)
                    for text, size, bold, colour in lines:
                        ink.text(surface, text, (box.x + px(6), ty), size, colour, bold)
                        ty += line_height(size, bold)
                y += row_h + gap
            y += px(4)
        return surface, ink.items, boxes

    @staticmethod
    def _cards(group, width: int) -> list[tuple[list, int]]:
        columns = min(len(group), 3)
        col_w = width if columns == 1 else (width - px(6) * (columns - 1)) // columns
        room = col_w - px(12)
        out = []
        for claim in group:
            e = claim.entry
            sources = " · ".join(s.name for s in claim.sources)
            lines = [(t, 12, True, C.TEXT_ACCENT) for t in wrap(sources, 12, room, True)]
            flags = [
                f
                for f, on in (("inferred", e.inferred), ("claim only", e.claim_only), (e.date_note, e.date_note))
                if on
            ]
            head = describe(e) + (f" [{', '.join(flags)}]" if flags else "")
            lines += [(t, 11, False, C.TEXT_DIM) for t in wrap(head, 11, room)]
            quote = wrap(f"\u201c{e.quote}\u201d", 12, room)
            lines += [(t, 12, False, C.TEXT) for t in quote[:6]]
            if len(quote) > 6:
                lines.append(("… click the card for the whole quote", 11, False, C.TEXT_DIM))
            fig = figures_text(e)
            if fig:
                lines += [(t, 11, False, C.CHART_DISPLACED) for t in wrap(fig, 11, room)]
            out.append((lines, sum(line_height(s, b) for _, s, b, _ in lines) + px(10)))
        return out

    def compose(self, sheet: Sheet, rect: pygame.Rect, c: ReplayController) -> None:
        content, items, boxes = self.surface(c, rect.w - px(6))  # room for the scroll bar
        overflow = content.get_height() > rect.h
        if overflow:  # a line under the cards says there is more
            rect = pygame.Rect(rect.x, rect.y, rect.w, rect.h - line_height(10) - px(2))
        c.scroll = max(0, min(c.scroll, content.get_height() - rect.h))
        scroll = c.scroll
        sheet.paint(rect, lambda s, r: s.blit(content, r.topleft, pygame.Rect(0, scroll, r.w, r.h)))
        view = pygame.Rect(0, scroll, rect.w, rect.h)
        for item in items:
            if view.contains(item.rect):
                sheet.record(TextItem(item.text, item.rect.move(rect.x, rect.y - scroll), "events"))
        for box, (g, k) in boxes:
            shown = box.move(rect.x, rect.y - scroll).clip(rect)
            if shown.h > 0:
                sheet.hit(shown, lambda g=g, k=k: c.open_card(g, k))
        if overflow:
            bar_h = max(px(20), rect.h * rect.h / content.get_height())
            bar_y = rect.y + (rect.h - bar_h) * scroll / max(1, content.get_height() - rect.h)
            sheet.fill((rect.right - px(3), round(bar_y), px(3), round(bar_h)), C.PANEL_EDGE)
            more = "more below: the wheel scrolls" if scroll < content.get_height() - rect.h else "the end of the day"
            sheet.text(more, (rect.right - px(8), rect.bottom + px(2)), 10, C.TEXT_DIM, anchor="topright")


def compose_bottom(sheet: Sheet, b: pygame.Rect, c: ReplayController, buttons, scrubber: Scrubber) -> None:
    sheet.fill(b, C.PANEL_LIGHT)
    sheet.fill((b.x, b.y, b.w, 1), C.PANEL_EDGE)
    scrubber.rect = pygame.Rect(b.x + px(12), b.y + px(8), b.w - px(24), px(26))
    index = c.data.index(c.date)
    sheet.paint(scrubber.rect, lambda s, r: scrubber.paint(s, index))
    sheet.hit(scrubber.rect.inflate(0, px(10)), Scrub())
    for d in c.data.dates:
        if d.day == 1:
            sheet.text(
                d.strftime("%b"),
                (scrubber.x_of(c.data.index(d)), scrubber.rect.bottom - px(6)),
                10,
                C.TEXT_DIM,
                anchor="midtop",
            )
    x, y = b.x + px(12), b.y + px(44)
    for label, action in buttons:
        w = px(64) if len(label) > 2 else px(34)
        sheet.button((x, y, w, px(30)), label, action)
        x += w + px(6)
    speed = sheet.text(f"speed {c.speed:g} day/s", (x + px(10), y + px(15)), 12, C.TEXT_DIM, anchor="midleft")
    first, last = c.data.first, c.data.last
    sheet.text(
        f"record {first:%d %b %Y} – {last:%d %b %Y}; marks: days with events; red: the offensive",
        (b.right - px(12), y + px(15)),
        11,
        C.TEXT_DIM,
        anchor="midright",
        room=b.right - speed.right - px(36),
    )


def legend(c: ReplayController) -> list[LegendItem]:
    data = c.data
    present = set()
    for d in (data.first, data.start, c.scenario.end_date, data.last):
        present |= set(data.families(data.clamp(d)).values())

    def area(fam):
        def paint(s, p):
            pygame.draw.rect(s, C.AREA[fam], (p[0] - 9, p[1] - 5, 18, 11))
            pygame.draw.circle(s, C.MARKER[fam], p, 3)

        return paint

    def road(casing, fill, w):
        def paint(s, p):
            pygame.draw.line(s, casing, (p[0] - 9, p[1]), (p[0] + 9, p[1]), w + 2)
            pygame.draw.line(s, fill, (p[0] - 9, p[1]), (p[0] + 9, p[1]), w)

        return paint

    def border(s, p):
        for x in range(p[0] - 9, p[0] + 9, 6):
            pygame.draw.line(s, C.BORDER, (x, p[1]), (x + 3, p[1]), 3)

    def post(state):
        def paint(s, p):
            cx, cy = p
            pygame.draw.polygon(s, C.MARKER["turkey"], [(cx, cy - 4), (cx + 4, cy), (cx, cy + 4), (cx - 4, cy)])
            if state == "encircled":
                pygame.draw.circle(s, C.POST_ENCIRCLED, p, 7, 2)
            elif state == "lifted":
                draw_lifted_ring(s, p, 7)

        return paint

    def dots(s, p):
        for dx, r in ((-7, 2), (-1, 3), (7, 5)):
            pygame.draw.circle(s, (200, 200, 200), (p[0] + dx, p[1]), r)

    return (
        [LegendItem(C.FAMILY_LABEL[f], area(f)) for f in C.FAMILIES if f in present]
        + [
            LegendItem("front line", lambda s, p: pygame.draw.line(s, C.FRONT, (p[0] - 9, p[1]), (p[0] + 9, p[1]), 3)),
            LegendItem("changed hands today", lambda s, p: pygame.draw.circle(s, C.TEXT_ACCENT, p, 6, 2)),
            LegendItem("M4 / M5 highway", road(C.HIGHWAY_CASING, C.HIGHWAY, 4)),
            LegendItem("road", road(C.ROAD_CASING, C.ROAD, 3)),
            LegendItem("Turkish border", border),
            LegendItem("Turkish observation post", post("standing")),
            LegendItem("post encircled", post("encircled")),
            LegendItem("post: encirclement lifted", post("lifted")),
            LegendItem("dot size: population", dots),
        ]
        + [
            LegendItem(text, symbol)
            for text, symbol in [*marker_legend(), *legend_entries(c.scenario.map.terrain_types)]
        ]
    )


def place_tooltip(sheet: Sheet, c: ReplayController, view, place_id: str) -> None:
    p = c.scenario.places[place_id]
    control = c.data.control(c.date)
    lines: list[tuple[str, int, bool]] = [(p.name, 15, True)]
    if p.aliases:
        lines.append(("also: " + ", ".join(p.aliases), 11, False))
    kind = p.kind
    if p.population is not None:
        pop = p.population
        how = "estimate" if pop.is_estimate or pop.estimate else pop.source
        kind += f" · population {population_text(pop.value)} ({how})"
    lines.append((kind, 12, False))
    lines.append((f"held by {control[place_id]} on {c.date:%d %b %Y}", 12, True))
    changes = c.place_changes(place_id)
    if changes:
        lines.append(("changed hands: " + "; ".join(f"{d:%d %b} to {s}" for d, s in changes), 11, False))
    for state in c.data.post_states(c.date):
        if state.post.place.id == place_id:
            how = "encircled since" if state.encircled else "encirclement lifted on" if state.lifted else ""
            lines.append((f"{state.post.name}" + (f" - {how} {state.since:%d %b}" if how else ""), 11, False))
    entries = c.data.place_entries.get(place_id, [])
    if entries:
        lines.append((f"in the record: {len(entries)} entries", 12, True))
        near = sorted(entries, key=lambda e: (abs((e.date - c.date).days), e.date))[:6]
        for e in sorted(near, key=lambda e: e.date):
            mark = "> " if e.date == c.date else ""
            lines.append((f"{mark}{e.date:%d %b %Y}: {describe(e)} ({short_source(e)})", 11, False))
    tooltip(sheet, lines, view.place_position(place_id), 340, view.rect)
