"""A playable scenario as the start screen presents it: what it covers, the chosen side's briefing (in
plain words, then the record's own words with their sources), its objectives and the victory condition."""

from __future__ import annotations

import pygame

from engine.scenario import PlayableScenario, Scenario

from ... import colours as C
from ...kit.metrics import px
from ...kit.sheet import Sheet
from ...kit.text import line_height


def victory_lines(setup: PlayableScenario, side: str, other: str) -> list[str]:
    """The victory condition in plain words."""
    if not setup.objectives:
        return ["No objectives: play to the end; the report compares your dates with the record's."]
    end = f"{setup.end_date.day} {setup.end_date:%B %Y}"
    return [
        f"You win with {setup.victory.get(side, 0)} or more of your 100 points at the end of {end}, after "
        f"{setup.turns} turns (one a day); the {other} side needs {setup.victory.get(other, 0)} of its own.",
        "You are also scored against the record (who held the same places that day) and against the "
        "computer playing your side from the same start.",
        "Civilian harm is shown beside the score as a consequence of the fighting; it is never counted.",
    ]


def compose_briefing(sheet: Sheet, rect: pygame.Rect, scenario: Scenario, setup: PlayableScenario, side: str) -> None:
    sheet.box(rect, C.PANEL_LIGHT, C.PANEL_EDGE, 255, 6)
    x, w = rect.x + px(14), rect.w - px(28)
    y = rect.y + px(10)
    other = next(s for s in scenario.playable if s != side)

    def para(text: str, size: int = 12, colour=C.TEXT, bold: bool = False, gap: int = 4) -> None:
        nonlocal y
        if rect.bottom - px(8) - y >= line_height(size, bold):
            y += sheet.lines(text, (x, y, w, rect.bottom - px(8) - y), size, colour, bold) + px(gap)

    para(setup.name, 16, C.TEXT_ACCENT, True, 2)
    start, end = setup.start_date, setup.end_date
    para(f"{start.day} {start:%B %Y} to {end.day} {end:%B %Y} · {setup.turns} turns, one a day", 11, C.TEXT_DIM)
    para(setup.summary.strip(), 12, C.TEXT, gap=8)
    briefing = setup.briefings.get(side)
    if briefing is not None:
        para(f"Briefing for the {side} side", 13, C.TEXT, True, 2)
        para(briefing.situation.strip(), 12, C.TEXT, gap=4)
        for q in briefing.quotes:
            para(f"\u201c{q.text}\u201d", 11, C.TEXT, gap=0)
            para(f"\u2014 {q.source.name}, {q.date.day} {q.date:%B %Y}", 10, C.TEXT_DIM, gap=4)
    objectives = setup.objectives_of(side)
    if objectives:
        y += px(4)
        para("Your objectives (100 points)", 13, C.TEXT, True, 2)
        for o in objectives:
            when = f"on {o.date.day} {o.date:%B}" if o.date else "at the end"
            names = ", ".join(p.name for p in o.places[:4]) + (" …" if len(o.places) > 4 else "")
            if len(o.places) == 1:
                how = when
            elif o.need == "any":
                how = f"{when}; any one of: {names}"
            else:
                how = f"{when}; a share for each of its {len(o.places)} places: {names}"
            para(f"{o.weight:>3} · {o.label} ({how})", 11, C.TEXT, gap=1)
    y += px(6)
    for i, line in enumerate(victory_lines(setup, side, other)):
        para(line, 12 if i == 0 else 11, C.TEXT_ACCENT if i == 0 else C.TEXT_DIM, i == 0, 3)
