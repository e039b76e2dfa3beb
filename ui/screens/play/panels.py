"""The play screen's side panel (formation, air, diplomacy, event log) and its bar of controls."""

from __future__ import annotations

import pygame

from engine.game import AirMission

from ... import colours as C
from ...kit.counters import draw_counter
from ...kit.metrics import px
from ...kit.score import compose_score
from ...kit.sheet import Sheet
from ...kit.text import line_height, width
from ...kit.widgets import button_row
from .controller import TABS, PlayController
from .describe import (
    MISSION_HELP,
    MISSION_SHORT,
    MISSIONS,
    arm_name,
    formation_lines,
    hex_name,
    order_text,
    order_word,
    ratio_text,
)
from .targets import ArmRow, ListedFormation, LogEntry, SearchBox, Tab
from .view import counter_face


class Column:
    """A running position down a panel's body: lines of text and rows added one under another."""

    def __init__(self, sheet: Sheet, rect: pygame.Rect):
        self.sheet, self.rect, self.y = sheet, rect, rect.y

    @property
    def room(self) -> int:
        return self.rect.bottom - self.y

    def line(self, text: str, size: int = 12, colour=C.TEXT, bold: bool = False, gap: int = 4) -> None:
        """A paragraph, wrapped to the panel's width (and cut at its bottom)."""
        if self.room >= line_height(size, bold):
            self.y += self.sheet.lines(text, (self.rect.x, self.y, self.rect.w, self.room), size, colour, bold)
            self.y += px(gap)

    def space(self, n: int) -> None:
        self.y += px(n)


def compose_panel(sheet: Sheet, rect: pygame.Rect, c: PlayController) -> None:
    sheet.fill(rect, C.PANEL)
    sheet.fill((rect.x, rect.y, 1, rect.h), C.PANEL_EDGE)
    tab_w = rect.w // len(TABS)
    for i, name in enumerate(TABS):
        sheet.button(
            (rect.x + i * tab_w + px(2), rect.y + px(4), tab_w - px(4), px(28)),
            f"{i + 1} {name}",
            Tab(i),
            active=i == c.tab,
            size=11 if len(TABS) > 4 else 13,
        )
    body = pygame.Rect(rect.x + px(12), rect.y + px(42), rect.w - px(24), rect.h - px(50))
    (formation_tab, air_tab, diplomacy_tab, log_tab, score_tab)[c.tab](Column(sheet, body), c)


def score_tab(col: Column, c: PlayController) -> None:
    """The player's objectives and points, against the record and the computer; civilian harm beside."""
    g = c.game
    col.line(g.setup.name, 13, C.TEXT_ACCENT, True, 6)
    sides = g.board.scenario.playable if g.hot_seat and g.over else (g.side,)
    for side in sides:
        col.y += compose_score(col.sheet, pygame.Rect(col.rect.x, col.y, col.rect.w, col.room), g, side) + px(8)


def formation_tab(col: Column, c: PlayController) -> None:
    g, sheet, body = c.game, col.sheet, col.rect
    if c.selected is None:
        mine = g.my_formations()
        col.line(f"Your formations ({len(mine)}): click one, or Tab", 13, C.TEXT, True, 8)
        row_h, footer = px(21), 2 * line_height(11) + px(12)
        for k, m in enumerate(mine):
            if col.room < row_h + footer + (row_h if k < len(mine) - 1 else 0):
                col.line(f"… and {len(mine) - k} more (Tab cycles through all)", 11, C.TEXT_DIM)
                break
            st = g.status(m)
            row = pygame.Rect(body.x, col.y, body.w, row_h - px(1))
            sheet.hover(row)
            frac = st.strength / max(1, st.full_strength)
            icon = pygame.Rect(body.x, 0, px(20), px(17))
            icon.centery = row.centery
            sheet.paint(icon, lambda s, r, face=counter_face(c, m): draw_counter(s, r, face))
            status = f"{frac:.0%} · " + (order_word(st.order) if st.order else "holds")
            right = sheet.text(status, (row.right, row.centery), 11, C.TEXT_DIM, anchor="midright")
            sheet.text(
                st.name, (body.x + px(26), row.centery), 12, C.TEXT, anchor="midleft", room=right.x - body.x - px(34)
            )
            sheet.hit(row, ListedFormation(m))
            col.y += row_h
        col.y = max(col.y + px(8), body.bottom - footer)
        col.line("A formation given no order holds its ground.", 11, C.TEXT_DIM, gap=2)
        col.line("Enter ends the turn; the computer then gives its orders.", 11, C.TEXT_DIM)
        return
    st = g.status(c.selected)
    lines = formation_lines(g, st)
    col.line(lines[0], 15, C.TEXT_ACCENT, True, 6)
    for text in lines[1:]:
        col.line(text, 12, C.TEXT, gap=2)
    col.space(6)
    if not st.mine:
        col.line("an enemy formation seen by your units", 12, C.TEXT_DIM)
        return
    col.line(
        "Order today: " + (order_text(g, st.order).split(": ", 1)[-1] if st.order else "none (holds)"),
        13,
        C.TEXT,
        True,
        8,
    )
    bw = (body.w - px(12)) // 3
    for i, (label, action, enabled) in enumerate(
        (("Dig in (D)", c.dig_in, True), ("Refit (R)", c.refit, True), ("Cancel (Del)", c.cancel_order, bool(st.order)))
    ):
        sheet.button((body.x + i * (bw + px(6)), col.y, bw, px(28)), label, action, enabled=enabled)
    col.space(40)
    legal = c.legal(c.selected)
    col.line(f"Can move to {len(legal.moves)} hex(es) today (lit white on the map)", 12)
    if legal.attacks:
        col.line("Can attack (red on the map): force ratio, chance of taking the hex", 12)
        for a in sorted(legal.attacks, key=lambda a: -a.chance):
            col.line(f"{hex_name(g, a.hex)}: {ratio_text(a.ratio)}, {a.chance:.0%}", 12, C.TEXT_ACCENT, gap=1)
    elif legal.no_attack:
        col.line(legal.no_attack, 12, C.TEXT_ACCENT)
    else:
        col.line("no enemy-held hex adjacent", 12, C.TEXT_DIM)


def air_tab(col: Column, c: PlayController) -> None:
    g, sheet, body = c.game, col.sheet, col.rect
    yesterday, chances = g.weather_outlook()
    col.line(f"Weather yesterday: {yesterday}", 13, C.TEXT, True, 2)
    outlook = ", ".join(f"{w} {p:.0%}" for w, p in chances)
    col.line(f"Today's is drawn at dawn: {outlook} (rain cuts sorties, storms ground aircraft).", 11, C.TEXT_DIM, gap=8)
    sorties = g.sorties()
    if not sorties:
        col.line("Your side has no air arm in this scenario.", 12, C.TEXT_DIM)
        return
    col.line("Air arms (click one, or A): sorties left today", 12, C.TEXT_DIM)
    for arm, left in sorties.items():
        row = pygame.Rect(body.x, col.y, body.w, px(22))
        on = arm == c.air.arm
        sheet.box(row, C.BUTTON_ACTIVE if on else C.PANEL_LIGHT, C.TEXT_ACCENT if on else None, 255, 3)
        right = sheet.text(f"{left} sorties", (row.right - px(8), row.centery), 12, C.TEXT, on, anchor="midright")
        sheet.text(
            arm_name(g, arm),
            (row.x + px(8), row.centery),
            12,
            C.TEXT,
            on,
            anchor="midleft",
            room=right.x - row.x - px(20),
        )
        sheet.hit(row, ArmRow(arm))
        col.y += px(25)
    col.space(4)
    col.line("Mission (K):", 12, C.TEXT_DIM)
    bw = (body.w - px(12)) // 3
    for i, kind in enumerate(MISSIONS):
        sheet.button(
            (body.x + i * (bw + px(6)), col.y, bw, px(28)),
            MISSION_SHORT[kind],
            lambda i=i: c.set_kind(i),
            active=i == c.air.kind,
        )
    col.space(34)
    col.line(MISSION_HELP[MISSIONS[c.air.kind]], 11, C.TEXT_DIM, gap=6)
    y = col.y
    sheet.button((body.x, y, px(34), px(28)), "−", lambda: c.more_sorties(-1))
    sheet.text(f"{c.air.sorties} sorties", (body.x + px(90), y + px(14)), 14, C.TEXT, True, anchor="center")
    sheet.button((body.x + px(146), y, px(34), px(28)), "+", lambda: c.more_sorties(1))
    sheet.text(
        "[ / ] fewer, more",
        (body.x + px(192), y + px(14)),
        11,
        C.TEXT_DIM,
        anchor="midleft",
        room=body.right - body.x - px(192),
    )
    col.space(38)
    col.line(
        "Click a hex on the map to choose the target. The people living there and the harm the model "
        "expects are shown before you confirm.",
        12,
        C.TEXT_ACCENT,
        gap=8,
    )
    missions = [o for o in g.pending if isinstance(o, AirMission)]
    col.line(f"Missions ordered today ({len(missions)}):", 12, C.TEXT_DIM)
    for o in missions:
        residents, harmed = g.civilian_risk(o.hex, o.sorties)
        col.line(f"{order_text(g, o)} — residents {residents:,}, expected harm {harmed:,}", 11)


def diplomacy_tab(col: Column, c: PlayController) -> None:
    g, sheet, body = c.game, col.sheet, col.rect
    d = g.diplomacy()
    if d.ceasefire_days is not None:
        col.line(f"Ceasefire in force for {d.ceasefire_days} day(s)", 14, C.TEXT_ACCENT, True)
        col.line(
            "Terms: offensive operations halt; an attack ordered during the truce is called off and counted "
            "as a violation, which raises the chance it collapses.",
            11,
            C.TEXT_DIM,
            gap=6,
        )
    else:
        col.line("No ceasefire in force", 14, C.TEXT, True)
    col.line(f"Violations counted so far: {d.violations}", gap=2)
    col.line(f"Tension between Turkey and the government: {d.tension:.2f}", gap=2)
    col.line(f"Turkish escalation: {d.escalation}", gap=2)
    if d.scheduled:
        col.line("Scheduled in the scenario: " + ", ".join(f"{x.day} {x:%b %Y}" for x in d.scheduled), 11, C.TEXT_DIM)
    col.space(6)
    col.line("Pressure on the sides (last 7 days · since the start)", 13, C.TEXT, True)
    col.line(f"Turkish soldiers killed: {d.turkish_deaths_week:,} · {d.turkish_deaths:,}", gap=2)
    col.line(f"People displaced: {d.displaced_week:,} · {d.displaced:,}", gap=2)
    col.line(f"Civilians killed or injured (since the start): {d.civilian_casualties:,}")
    col.space(6)
    col.line("Proposals", 13, C.TEXT, True)
    for side, open_ in d.proposals.items():
        text = "a ceasefire proposal is open" if open_ else "no proposal open"
        col.line(f"{side}: {text}", 12, C.TEXT_ACCENT if open_ else C.TEXT_DIM, gap=2)
    if d.ordered:
        col.line("Ordered today: " + order_text(g, d.ordered), 12, C.TEXT, True)
    col.space(6)
    bw = (body.w - px(8)) // 2
    sheet.button((body.x, col.y, bw, px(30)), "Propose ceasefire (P)", c.propose)
    sheet.button(
        (body.x + bw + px(8), col.y, bw, px(30)),
        "Accept theirs (Y)",
        c.accept,
        enabled=d.proposals.get(g.enemy_side, False),
    )
    col.space(40)
    col.line(
        "Pressure from casualties, Turkish losses and displacement makes a negotiated truce more likely; "
        "the rules decide whether one takes effect.",
        11,
        C.TEXT_DIM,
    )


def log_tab(col: Column, c: PlayController) -> None:
    g, sheet, body, log = c.game, col.sheet, col.rect, c.log
    search = pygame.Rect(body.x, col.y, body.w, px(26))
    sheet.box(search, C.PANEL_LIGHT, C.TEXT_ACCENT if log.typing else C.PANEL_EDGE, 255, 4)
    if log.filter or log.typing:
        text, colour = f"Filter: {log.filter}" + ("_" if log.typing else ""), C.TEXT
    else:
        text, colour = "Filter: click or press / and type (e.g. Saraqib, taken)", C.TEXT_DIM
    sheet.text(text, (search.x + px(8), search.centery), 12, colour, anchor="midleft", room=search.w - px(16))
    sheet.hit(search, SearchBox())
    col.space(32)
    rows = log.filtered(g, c.fog, c.version)
    row_h = px(18)
    capacity = max(1, (body.bottom - col.y - px(14)) // row_h)
    log.scroll = max(0, min(log.scroll, max(0, len(rows) - capacity)))
    if not rows:
        col.line("no event matches the filter" if log.filter else "no events yet", 12, C.TEXT_DIM)
        return
    date_w = width("30 Dec", 11) + px(8)
    last_day = None
    for e in rows[log.scroll : log.scroll + capacity]:
        row = pygame.Rect(body.x, col.y, body.w, row_h)
        sheet.hover(row)
        d = g.board.date(e.day)
        if e.day != last_day:
            sheet.text(f"{d.day} {d:%b}", (row.x, row.centery), 11, C.TEXT_ACCENT, anchor="midleft")
        last_day = e.day
        located = e.place >= 0 or e.hex >= 0
        sheet.text(
            e.text,
            (row.x + date_w, row.centery),
            11,
            C.TEXT if located else C.TEXT_DIM,
            anchor="midleft",
            room=row.w - date_w,
        )
        sheet.hit(row, LogEntry(e))
        col.y += row_h
    if len(rows) > capacity:
        last = min(len(rows), log.scroll + capacity)
        sheet.text(
            f"{log.scroll + 1}–{last} of {len(rows)}; the wheel scrolls",
            (body.right, body.bottom),
            10,
            C.TEXT_DIM,
            anchor="bottomright",
        )


def compose_bottom(sheet: Sheet, rect: pygame.Rect, c: PlayController, shell) -> None:
    sheet.fill(rect, C.PANEL_LIGHT)
    sheet.fill((rect.x, rect.y, rect.w, 1), C.PANEL_EDGE)
    row = pygame.Rect(rect.x + px(10), rect.y + px(8), rect.w - px(20), rect.h - px(16))
    used = button_row(
        sheet,
        row,
        [
            ("End turn (Enter)", c.request_end_turn),
            ("Undo (U)", c.undo),
            ("Save", c.open_save),
            ("Load", c.open_load),
            ("Fog (F)", c.toggle_fog, c.fog),
            ("Record's front (G)", c.toggle_ghost, c.ghost),
            ("Legend (L)", shell.toggle_legend, shell.show_legend),
            ("Finish (F10)", c.ask_finish),
            ("Help (H)", shell.toggle_help),
            ("Menu (Q)", c.to_menu),
        ],
        size=12,
        gap=5,
    )
    sheet.text(
        f"zoom {shell.map.zoom:g}×",
        (row.right, row.centery),
        12,
        C.TEXT_DIM,
        anchor="midright",
        room=max(0, row.right - used.right - px(12)),
    )
