"""The game in words, for the panels, tooltips and the results line (no pygame)."""

from __future__ import annotations

import datetime as dt

from engine.game import AirMission, Attack, Ceasefire, DayResults, DigIn, FormationStatus, Game, Move, Refit

from ... import colours as C

MISSIONS = ("close_air_support", "interdiction", "strike")
MISSION_LABEL = {
    "close_air_support": "Close air support",
    "interdiction": "Interdiction",
    "strike": "Strike on a position",
}
MISSION_SHORT = {"close_air_support": "Close support", "interdiction": "Interdiction", "strike": "Strike"}
MISSION_HELP = {
    "close_air_support": "adds to your attacks on the target hex today",
    "interdiction": "slows and disrupts enemy formations in and around the hex",
    "strike": "attacks the enemy formations in the hex",
}
TYPE_LABEL = {
    "infantry": "infantry",
    "mechanised": "mechanised infantry",
    "armour": "armour",
    "special_forces": "special forces",
    "militia": "militia",
    "turkish_forces": "Turkish forces",
    "commandos": "commandos",
    "artillery": "artillery",
}


def hex_name(game: Game, h: int) -> str:
    """A hex by the place in it, or the place whose area it is in ("near ...")."""
    b = game.board
    if h < 0:
        return "off the map"
    place = b.hex_place[h] if b.hex_place[h] >= 0 else b.cell[h]
    name = b.scenario.settlements[place].name if place >= 0 else f"hex {h}"
    return name if b.hex_place[h] >= 0 else f"near {name}"


def ratio_text(ratio: float) -> str:
    if ratio >= 1:
        return f"{ratio:.1f}:1" if ratio < 10 else f"{ratio:.0f}:1"
    return f"1:{1 / max(ratio, 1e-9):.1f}" if ratio > 0.1 else "1:10+"


def order_word(order) -> str:
    return {Move: "moves", Attack: "attacks", DigIn: "digs in", Refit: "refits"}.get(type(order), "ordered")


def formation_name(game: Game, formation_id: str) -> str:
    b = game.board
    return b.scenario.formations[b.formation_index(formation_id)].name


def arm_name(game: Game, arm: str) -> str:
    return next((a.name for a in game.board.scenario.air_arms if a.id == arm), arm)


def order_text(game: Game, order) -> str:
    if order is None:
        return ""
    if isinstance(order, Move):
        return f"{formation_name(game, order.formation)}: move to {hex_name(game, order.to)}"
    if isinstance(order, Attack):
        return f"{formation_name(game, order.formation)}: attack {hex_name(game, order.target)}"
    if isinstance(order, DigIn):
        return f"{formation_name(game, order.formation)}: dig in"
    if isinstance(order, Refit):
        return f"{formation_name(game, order.formation)}: refit"
    if isinstance(order, AirMission):
        return (
            f"{arm_name(game, order.arm)}: {order.sorties} sorties, "
            f"{MISSION_LABEL[order.kind].lower()} on {hex_name(game, order.hex)}"
        )
    if isinstance(order, Ceasefire):
        return "accept the other side's ceasefire proposal" if order.accept else "propose a ceasefire"
    return str(order)


def formation_lines(game: Game, st: FormationStatus, short: bool = False) -> list[str]:
    """Name, faction and type, strength, cohesion and posture, where it stands, supply."""
    lines = [
        st.name,
        f"{st.faction} · {TYPE_LABEL.get(st.type, st.type)}",
        f"strength {st.strength:,} of {st.full_strength:,} ({st.strength / max(st.full_strength, 1):.0%})",
    ]
    if st.mine or not short:
        lines.append(
            f"cohesion {st.cohesion:.0%} · posture {st.posture}"
            + (f" ({st.dug_in_days} days dug in)" if st.dug_in_days else "")
        )
    where = f"at {hex_name(game, st.hex)} ({C.TERRAIN_LABEL.get(st.terrain, st.terrain)})"
    lines.append(where if st.hex >= 0 else "not on the map")
    if st.mine:
        lines.append("supplied" if st.supplied else "cut off from supply")
    return lines


def results_text(game: Game, day: dt.date, r: DayResults) -> str:
    """One line on what a day brought: places taken, attacks, sorties, losses, civilians, displaced."""
    parts = []
    if r.captured:
        names = [game.board.scenario.settlements[p].name for p in r.captured]
        parts.append(f"{len(names)} place(s) changed hands: " + ", ".join(names[:4]) + (" …" if len(names) > 4 else ""))
    if r.attacks:
        parts.append(f"{len(r.attacks)} attack(s), {sum(took for _, took in r.attacks)} took their hex")
    for value, text in (
        (r.sorties, "{:,} sorties flown"),
        (r.aircraft, "{:,} aircraft lost"),
        (r.civilians, "{:,} civilians killed or injured"),
        (r.displaced, "{:,} people displaced"),
    ):
        if value:
            parts.append(text.format(value))
    return f"{day.day} {day:%b}: " + ("; ".join(parts) if parts else "a quiet day") + "."
