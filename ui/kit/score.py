"""The score of a game as words: a side's objectives and points, the victory condition, the record's
points on the same day (the ghost front) and the computer's games from the same start; civilian harm
beside it, as a consequence, never as points. The play screen's score panel and the after-action
report both compose it.
"""

from __future__ import annotations

import pygame

from engine.game import Game

from .. import colours as C
from .metrics import px
from .sheet import Sheet
from .text import line_height

GOOD = (120, 210, 120)
BAD = (235, 120, 100)


def outcome(game: Game, side: str) -> tuple[str, tuple[int, int, int]]:
    """The side's standing in one phrase: a victory or defeat at the end, on course for one before."""
    st = game.standing(side)
    if not st.objectives:
        return "no objectives in this game", C.TEXT_DIM
    won = st.winning
    if game.over:
        return ("VICTORY" if won else "DEFEAT"), GOOD if won else BAD
    return ("on course for victory" if won else "short of victory"), GOOD if won else BAD


def victory_text(game: Game, side: str) -> str:
    """The victory condition in plain words."""
    st = game.standing(side)
    setup = game.setup
    return (
        f"Victory: {st.needed} of the side's 100 objective points at the end of "
        f"{setup.end_date.day} {setup.end_date:%B %Y} "
        f"(turn {setup.turns}); objectives with a date count on that date."
    )


def score_lines(game: Game, side: str, detail: bool = True) -> list[tuple[str, int, tuple, bool]]:
    """(text, size, colour, bold) lines of a side's score."""
    st = game.standing(side)
    if not st.objectives:
        return [("This game has no objectives: the report compares dates with the record.", 12, C.TEXT_DIM, False)]
    phrase, colour = outcome(game, side)
    out = [(f"{side.capitalize()}: {st.points:.0f} of 100 points · {phrase}", 14, colour, True)]
    out.append((victory_text(game, side), 11, C.TEXT_DIM, False))
    if detail:
        for o in st.objectives:
            obj = o.objective
            when = f"on {obj.date.day} {obj.date:%b}" if obj.date else "at the end"
            state = "settled" if o.settled else "so far"
            held = f"{o.held} of {len(obj.places)} held" if obj.need == "all" else ("held" if o.held else "none held")
            mark = "✓" if o.points >= obj.weight - 1e-9 else "·" if o.points > 0 else "✗"
            text = f"{mark} {obj.label} ({when}): {o.points:.0f}/{obj.weight} ({held}, {state})"
            out.append((text, 12, C.TEXT, False))
    record = game.record_standing(side)
    out.append((f"The record on the same day (the ghost front): {record.points:.0f} points", 12, C.TEXT, False))
    versus = game.against_computer(side)
    if versus is None:
        out.append(("The computer's games from the same start are being played…", 12, C.TEXT_DIM, False))
    else:
        out.append(
            (
                f"The computer playing this side from the same start ({len(versus.computer)} games): median "
                f"{versus.median:.0f} points; you scored above {versus.percentile:.0f} % of them",
                12,
                C.TEXT,
                False,
            )
        )
    harmed, displaced = game.civilian_harm()
    out.append(
        (
            f"Civilian harm in this game (a consequence, never points): {harmed:,} killed or injured, "
            f"{displaced:,} displaced",
            11,
            C.TEXT_DIM,
            False,
        )
    )
    return out


def compose_score(sheet: Sheet, rect: pygame.Rect, game: Game, side: str, detail: bool = True) -> int:
    """The side's score in ``rect`` from its top; return the height used."""
    y = rect.y
    for text, size, colour, bold in score_lines(game, side, detail):
        if rect.bottom - y < line_height(size, bold):
            break
        y += sheet.lines(text, (rect.x, y, rect.w, rect.bottom - y), size, colour, bold) + px(3)
    return y - rect.y
