"""The coalitions' plans of operations (plans.yaml) compiled to arrays, and the decisions that start
and stop them (MODELLING.md §8).

A plan is intent: the decision that starts an operation (a date the document gives for a decision,
and/or conditions on the state), the formations committed, the ordered objectives of its axis and
when it stops. Nothing here reads the record: the dates on which places change hands are what the
rules must produce. Each world keeps each operation's status in the state:

- WAITING: not started (or rested after being called off, and ready to start again);
- ACTIVE: its formations push through its objectives;
- DONE: every objective held;
- CALLED_OFF: stopped by its losses, its length or a dated decision to halt.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from . import kernels
from .events import Kind
from .kernels import plans as plans_kernels

WAITING, ACTIVE, DONE, CALLED_OFF = range(4)
STATUSES = ("waiting", "active", "done", "called off")
NEVER = 10**6


@dataclass(frozen=True, eq=False)
class Plans:
    camp: np.ndarray  # (N,) int8 camp of each operation
    members: np.ndarray  # (N, F) bool formations committed
    member_rank: np.ndarray  # (N, F) int32 each committed formation's place in the operation's list
    objectives: np.ndarray  # (N, L) int32 place indices in axis order, -1 padding
    objective_mask: np.ndarray  # (N, P) bool
    start_day: np.ndarray  # (N,) int32 day of the dated decision (0 without one)
    needs_held: np.ndarray  # (N, P) bool places the camp must hold
    needs_enemy: np.ndarray  # (N, P) bool places an enemy camp must hold
    after: np.ndarray  # (N,) int32 operation that must be done first, -1 none
    support: np.ndarray  # (N,) int8 Turkish escalation level needed, -1 none
    stop_day: np.ndarray  # (N,) int32 day of a dated decision to halt (NEVER without one)
    stop_losses: np.ndarray  # (N,) float32 share of committed strength lost that calls it off (>1: never)
    stop_days: np.ndarray  # (N,) int32 days of activity after which it is called off
    rest_days: np.ndarray  # (N,) int32 days after being called off before it may start again (-1: never)

    @property
    def count(self) -> int:
        return len(self.camp)

    @cached_property
    def listed(self) -> tuple[np.ndarray, np.ndarray]:
        """The places each operation names (objectives and conditions) in compressed rows: those of
        operation n are ``places[start[n]:start[n + 1]]``."""
        named = self.objective_mask | self.needs_held | self.needs_enemy
        return np.r_[0, np.cumsum(named.sum(axis=1))].astype(np.int64), np.nonzero(named)[1].astype(np.int64)

    def assignment(self, status: np.ndarray, since: np.ndarray) -> np.ndarray:
        """(B, F) the active operation each formation fights in, or -1: of the active operations it
        is committed to, the one decided last (a new decision redirects forces), later in the plan
        among those decided the same day."""
        active = (status == ACTIVE)[:, :, None] & self.members[None]  # (B, N, F)
        order = since.astype(np.int64)[:, :, None] * (self.count + 1) + np.arange(self.count)[None, :, None]
        key = np.where(active, order, -1)
        return np.where(active.any(axis=1), key.argmax(axis=1), -1)


def compile_plans(scenario, board_days: int, side_camp: np.ndarray, camp_names: tuple[str, ...]) -> Plans:
    s = scenario
    ops = s.operations
    N, F, P = len(ops), len(s.formations), len(s.settlements)
    place = {p.id: i for i, p in enumerate(s.settlements)}
    formation = {f.id: i for i, f in enumerate(s.formations)}
    op_index = {o.id: i for i, o in enumerate(ops)}
    day = lambda d: (d - s.start_date).days  # noqa: E731
    L = max((len(o.objectives) for o in ops), default=1)
    members = np.zeros((N, F), bool)
    objectives = np.full((N, L), -1, np.int32)
    needs_held, needs_enemy = np.zeros((N, P), bool), np.zeros((N, P), bool)
    member_rank = np.zeros((N, F), np.int32)
    for i, o in enumerate(ops):
        members[i, [formation[f.id] for f in o.formations]] = True
        member_rank[i, [formation[f.id] for f in o.formations]] = np.arange(len(o.formations))
        objectives[i, : len(o.objectives)] = [place[p.id] for p in o.objectives]
        needs_held[i, [place[p.id] for p in o.decision.holds]] = True
        needs_enemy[i, [place[p.id] for p in o.decision.enemy_holds]] = True
    objective_mask = np.zeros((N, P), bool)
    rows, cols = np.nonzero(objectives >= 0)
    objective_mask[rows, objectives[rows, cols]] = True
    return Plans(
        camp=np.array([camp_names.index(o.camp.id) for o in ops], np.int8),
        members=members,
        member_rank=member_rank,
        objectives=objectives,
        objective_mask=objective_mask,
        start_day=np.array(
            [NEVER if o.cancelled else day(o.decision.date) if o.decision.date else 0 for o in ops], np.int32
        ),
        needs_held=needs_held,
        needs_enemy=needs_enemy,
        after=np.array([op_index[o.decision.after] if o.decision.after else -1 for o in ops], np.int32),
        support=np.array(
            [-1 if o.decision.turkish_support is None else o.decision.turkish_support for o in ops], np.int8
        ),
        stop_day=np.array([day(o.stop_date) if o.stop_date else NEVER for o in ops], np.int32),
        stop_losses=np.array([o.stop_losses if o.stop_losses else 2.0 for o in ops], np.float32),
        stop_days=np.array([o.stop_days if o.stop_days else NEVER for o in ops], np.int32),
        rest_days=np.array([_or(o.rest_days, -1) for o in ops], np.int32),
    )


def _or(value, default):
    return default if value is None else value


def decide(board, state, log=None) -> None:
    """Start, finish and call off operations in every world from the state at the start of
    ``state.day``: what the commanders decide overnight, visible to the next day's orders."""
    plans: Plans = board.plans
    if plans.count == 0:
        return
    day = state.day
    playable = np.zeros(len(board.camp_names), bool)
    playable[[board.side_camp[board.side_index(x)] for x in board.scenario.playable]] = True
    if kernels.compiled():
        events = plans_kernels.decide(
            day, state.control, state.strength, state.escalation, state.op_status, state.op_since, state.op_strength,
            board.side_camp, board.camp_side, board.place_hex, playable, plans.camp, plans.members,
            plans.objective_mask, plans.needs_held, plans.needs_enemy, *plans.listed, plans.start_day, plans.stop_day,
            plans.after,
            plans.support, 1 - plans.stop_losses, plans.stop_days, plans.rest_days,
        )  # fmt: skip
        if log is not None:
            log.add_rows(events)
        return
    camps = board.side_camp[state.control[:, board.place_hex]]  # (B, P)
    own = camps[:, None, :] == plans.camp[None, :, None]  # (B, N, P) the operation's camp holds
    enemy = playable[camps][:, None, :] & ~own
    status = state.op_status
    held_ok = (own | ~plans.needs_held[None]).all(axis=2)
    enemy_ok = (enemy | ~plans.needs_enemy[None]).all(axis=2)
    after = plans.after
    after_ok = np.where(after >= 0, status[:, np.maximum(after, 0)] == DONE, True)
    support_ok = state.escalation[:, None] >= plans.support[None, :]
    ready = (day >= plans.start_day)[None, :] & (day < plans.stop_day)[None, :] & held_ok & enemy_ok & after_ok
    ready &= support_ok
    strength = state.strength @ plans.members.T.astype(np.int64)  # (B, N) committed strength now
    taken = (own | ~plans.objective_mask[None]).all(axis=2)
    age = day - state.op_since

    rested = (status == CALLED_OFF) & (plans.rest_days[None, :] >= 0) & (age >= plans.rest_days[None, :])
    new = np.where(rested, WAITING, status)
    start = (new == WAITING) & ready
    new = np.where(start, ACTIVE, new)
    spent = (
        (new == ACTIVE)
        & ~start
        & (
            (strength < (1 - plans.stop_losses[None, :]) * state.op_strength)
            | (age >= plans.stop_days[None, :])
            | (day >= plans.stop_day[None, :])
        )
    )
    done = (new == ACTIVE) & taken
    new = np.where(done, DONE, np.where(spent, CALLED_OFF, new)).astype(np.int8)
    changed = new != status
    state.op_since = np.where(changed, day, state.op_since).astype(np.int16)
    state.op_strength = np.where(start, strength, state.op_strength).astype(np.int32)
    state.op_status = new
    if log is not None:
        w, n = np.nonzero(changed & (new != WAITING))
        log.add(Kind.OPERATION, w, side=board.camp_side[plans.camp[n]], actor=n, value=new[w, n])


# -- what-ifs on the plans: --set plans.<operation>.<field>=VALUE ------------------------------
PLAN_FIELDS = (
    "date",
    "holds",
    "enemy_holds",
    "after",
    "turkish_support",
    "formations",
    "objectives",
    "stop_date",
    "stop_losses",
    "stop_days",
    "rest_days",
    "cancelled",
)


def with_plan_settings(scenario, settings: list[str]):
    """The scenario with ``plans.<operation>.<field>=VALUE`` settings applied to its operations:
    move or remove a dated decision, change its conditions, reassign formations or objectives, change
    when it stops, or cancel it (``cancelled=true``: the decision is never taken, so operations that
    wait for it never start either). Return (scenario, problems)."""
    from dataclasses import replace

    from .yamlsource import Problem, parse_yaml

    problems: list[Problem] = []
    ops = {o.id: o for o in scenario.operations}
    groups: dict[str, list] = {}
    for f in scenario.formations:
        groups.setdefault(f.group or f.id, []).append(f)
        groups.setdefault(f.id, [f])

    def bad(key: str, message: str) -> None:
        problems.append(Problem("--set", 0, key, message))

    for setting in settings:
        key, _, text = setting.partition("=")
        key = key.strip()
        parts = key.split(".")
        if len(parts) != 3 or parts[0] != "plans":
            bad(key, "expected plans.<operation>.<field>=VALUE")
            continue
        _, op_id, name = parts
        if op_id not in ops:
            bad(key, f"no operation '{op_id}' (operations: {', '.join(ops)})")
            continue
        if name not in PLAN_FIELDS:
            bad(key, f"unknown field '{name}' (fields: {', '.join(PLAN_FIELDS)})")
            continue
        node, yaml_problems = parse_yaml(f"value: {text}\n", "--set")
        if yaml_problems or not isinstance(node, dict):
            bad(key, f"cannot read the value {text!r}")
            continue
        value = node["value"]
        op = ops[op_id]
        d = op.decision
        try:
            if name in ("date", "stop_date"):
                if value in (None, "none"):
                    value = None
                elif not isinstance(value, dt.date) or not scenario.start_date <= value <= scenario.end_date:
                    raise ValueError(f"expected a date from {scenario.start_date} to {scenario.end_date}, or none")
                if name == "date":
                    op = replace(op, decision=replace(d, date=value))
                else:
                    op = replace(op, stop_date=value)
            elif name in ("holds", "enemy_holds", "objectives"):
                if not isinstance(value, list) or any(p not in scenario.places for p in value):
                    raise ValueError("expected a list of place ids, e.g. [saraqib, nayrab]")
                places = tuple(scenario.places[p] for p in value)
                if name == "objectives":
                    if not places:
                        raise ValueError("an operation needs at least one objective")
                    op = replace(op, objectives=places)
                else:
                    op = replace(op, decision=replace(d, **{name: places}))
            elif name == "after":
                if value in (None, "none"):
                    value = None
                elif value not in ops or value == op_id:
                    raise ValueError("expected another operation's id, or none")
                op = replace(op, decision=replace(d, after=value))
            elif name == "turkish_support":
                if value in (None, "none"):
                    value = None
                elif not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 2:
                    raise ValueError("expected a level from 0 to 2, or none")
                op = replace(op, decision=replace(d, turkish_support=value))
            elif name == "formations":
                if not isinstance(value, list) or any(f not in groups for f in value):
                    raise ValueError("expected a list of formation ids")
                chosen = tuple(g for f in value for g in groups[f])
                if any(f.faction.coalition.id != op.camp.id for f in chosen):
                    raise ValueError(f"every formation must belong to the {op.camp.id} camp")
                op = replace(op, formations=chosen)
            elif name == "stop_losses":
                if value in (None, "none"):
                    value = None
                elif isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
                    raise ValueError("expected a share above 0 and at most 1, or none")
                op = replace(op, stop_losses=value)
            elif name in ("stop_days", "rest_days"):
                low = 1 if name == "stop_days" else 0
                if value in (None, "none"):
                    value = None
                elif isinstance(value, bool) or not isinstance(value, int) or value < low:
                    raise ValueError(f"expected a whole number >= {low}, or none")
                op = replace(op, **{name: value})
            else:  # cancelled
                if not isinstance(value, bool):
                    raise ValueError("expected true or false")
                op = replace(op, cancelled=value)
        except ValueError as exc:
            bad(key, f"{exc}, found {text!r}")
            continue
        d = op.decision
        if not (d.date or d.holds or d.enemy_holds or d.after or d.turkish_support is not None):
            bad(key, "the operation would have no decision left: give it a date or a condition")
            continue
        ops[op_id] = op
    return replace(scenario, operations=tuple(ops[o.id] for o in scenario.operations)), problems
