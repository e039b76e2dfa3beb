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

from dataclasses import dataclass

import numpy as np

from .events import Kind

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
        start_day=np.array([day(o.decision.date) if o.decision.date else 0 for o in ops], np.int32),
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
    camps = board.side_camp[state.control[:, board.place_hex]]  # (B, P)
    own = camps[:, None, :] == plans.camp[None, :, None]  # (B, N, P) the operation's camp holds
    playable = np.zeros(len(board.camp_names), bool)
    playable[[board.side_camp[board.side_index(x)] for x in board.scenario.playable]] = True
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
