"""The rules of a role-play scenario, with no database: validation, best score and walking.

A scenario is a list of nodes in the order the trainer wrote them. The first node is the
first step. A step has the customer's line and the replies a staff member may choose;
each reply earns points (negative, zero or positive) and leads to another step or to an
ending. An ending closes the conversation.

Loops are allowed ("the customer asks again"), as long as there is a way out and going
round the loop cannot earn points: otherwise a learner could score without limit. The
best possible score is then the highest total along any way from the first step to an
ending, which Bellman-Ford finds (a longest path with no positive cycle).

Only keys, pointers and points matter here, so a translated scenario (whose keys and
pointers are never offered to translators) has the same graph as its source.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")

# A run longer than this has gone round a loop far more than any conversation would.
MAX_CHOICES = 100


@dataclass(frozen=True)
class Reply:
    """A reply a staff member may choose: where it leads and what it earns."""

    next: str
    points: int = 0


@dataclass(frozen=True)
class Node:
    """A step (with replies) or an ending (``ending=True``, no replies)."""

    key: str
    replies: tuple[Reply, ...] = ()
    ending: bool = False


@dataclass(frozen=True)
class Problem:
    """What is wrong, and where: the node's position, the field and, for a reply, its index.

    ``position`` is None for a problem with the scenario as a whole.
    """

    message: str
    position: int | None = None
    field: str = "key"
    reply: int | None = None


class InvalidChoice(Exception):
    """A choice that the current step does not offer, or a choice after the ending."""


@dataclass
class Walk:
    """Where a sequence of choices leads: the current step or the ending, and the score."""

    current: Node | None
    ending: Node | None
    score: int = 0
    # (step key, reply index, points) for every choice made, in order.
    path: list[tuple[str, int, int]] = field(default_factory=list)

    @property
    def finished(self) -> bool:
        return self.ending is not None


def _edges(nodes: Sequence[Node], by_key: dict[str, int]):
    """(from position, to position, points) for every reply that leads somewhere real."""
    for position, node in enumerate(nodes):
        for reply in node.replies:
            if reply.next in by_key:
                yield position, by_key[reply.next], reply.points


def _forward(nodes: Sequence[Node], by_key: dict[str, int]) -> dict[int, set[int]]:
    adjacency: dict[int, set[int]] = {}
    for source, target, _points in _edges(nodes, by_key):
        adjacency.setdefault(source, set()).add(target)
    return adjacency


def _reachable(start: int, adjacency: dict[int, set[int]]) -> set[int]:
    seen, stack = {start}, [start]
    while stack:
        for target in adjacency.get(stack.pop(), ()):
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return seen


def _first_positions(nodes: Sequence[Node]) -> dict[str, int]:
    by_key: dict[str, int] = {}
    for position, node in enumerate(nodes):
        by_key.setdefault(node.key, position)
    return by_key


def _structure_problems(nodes: Sequence[Node], by_key: dict[str, int]) -> list[Problem]:
    problems = []
    if nodes[0].ending:
        problems.append(
            Problem(_("A scenario starts with a step, not an ending. Move a step to the top."), 0)
        )
    for position, node in enumerate(nodes):
        if not KEY_PATTERN.match(node.key or ""):
            problems.append(
                Problem(
                    _(
                        "Use 1 to 40 lower-case letters, digits, hyphens or underscores, "
                        "starting with a letter or digit."
                    ),
                    position,
                )
            )
        elif by_key[node.key] != position:
            problems.append(
                Problem(
                    _("The key “%(key)s” is already used by node %(other)s. Keys must be unique.")
                    % {"key": node.key, "other": by_key[node.key] + 1},
                    position,
                )
            )
        if not node.ending and not node.replies:
            problems.append(
                Problem(_("Give the staff member at least one reply."), position, "replies")
            )
        for index, reply in enumerate(node.replies):
            if not reply.next:
                problems.append(
                    Problem(_("Choose where this reply leads."), position, "next", index)
                )
            elif reply.next not in by_key:
                problems.append(
                    Problem(
                        _("There is no step or ending with the key “%(key)s”.")
                        % {"key": reply.next},
                        position,
                        "next",
                        index,
                    )
                )
    return problems


def _graph_problems(nodes: Sequence[Node], by_key: dict[str, int]) -> list[Problem]:
    backward: dict[int, set[int]] = {}
    for source, target, _points in _edges(nodes, by_key):
        backward.setdefault(target, set()).add(source)

    problems = []
    reachable = _reachable(0, _forward(nodes, by_key))
    for position in range(len(nodes)):
        if position not in reachable:
            problems.append(
                Problem(
                    _("No reply leads here, so no learner can reach this node."),
                    position,
                )
            )

    endings = [position for position, node in enumerate(nodes) if node.ending]
    if not endings:
        problems.append(Problem(_("Add at least one ending, so the conversation can finish.")))
        return problems

    can_finish = set()
    for ending in endings:
        can_finish |= _reachable(ending, backward)
    trapped = sorted(reachable - can_finish)
    for position in trapped:
        problems.append(
            Problem(
                _(
                    "From this step every reply leads round a loop that never reaches an "
                    "ending. Give the loop a way out."
                ),
                position,
            )
        )
    if trapped:
        return problems

    for position in sorted(_positive_loop_positions(nodes, by_key, reachable)):
        problems.append(
            Problem(
                _(
                    "Going round the loop through this step earns points each time, so the "
                    "score has no limit. Make the replies in the loop earn no points in total."
                ),
                position,
            )
        )
    return problems


def _longest_paths(nodes, by_key, reachable) -> dict[int, int]:
    """Best total to reach each node from the first step; assumes no loop earns points."""
    edges = [edge for edge in _edges(nodes, by_key) if edge[0] in reachable]
    best = {0: 0}
    for _round in range(len(reachable)):
        changed = False
        for source, target, points in edges:
            if source in best and best[source] + points > best.get(target, -(10**9)):
                best[target] = best[source] + points
                changed = True
        if not changed:
            break
    return best


def _positive_loop_positions(nodes, by_key, reachable) -> set[int]:
    """Steps on a loop whose replies earn points in total each time round.

    A loop lies inside one strongly connected group of steps, so each group is checked
    on its own: if totals inside it still grow after as many rounds as it has steps,
    some loop in it earns points.
    """
    forward, backward = _forward(nodes, by_key), {}
    for source, targets in forward.items():
        for target in targets:
            backward.setdefault(target, set()).add(source)
    found, seen = set(), set()
    for position in sorted(reachable):
        if position in seen:
            continue
        group = _reachable(position, forward) & _reachable(position, backward)
        seen |= group
        edges = [edge for edge in _edges(nodes, by_key) if edge[0] in group and edge[1] in group]
        if not edges:
            continue
        best = dict.fromkeys(group, 0)
        for _round in range(len(group)):
            for source, target, points in edges:
                best[target] = max(best[target], best[source] + points)
        if any(best[source] + points > best[target] for source, target, points in edges):
            found |= group
    return found


def scenario_problems(nodes: Sequence[Node]) -> list[Problem]:
    """Everything wrong with a scenario, each tied to the node (and reply) to fix."""
    if not nodes:
        return [Problem(_("Add the first step of the conversation."))]
    by_key = _first_positions(nodes)
    problems = _structure_problems(nodes, by_key)
    if problems:
        # Reachability means little while keys or pointers are broken.
        return problems
    return _graph_problems(nodes, by_key)


def max_score(nodes: Sequence[Node]) -> int:
    """The best total a learner can reach at an ending; for a scenario with no problems."""
    by_key = _first_positions(nodes)
    reachable = _reachable(0, _forward(nodes, by_key))
    best = _longest_paths(nodes, by_key, reachable)
    totals = [best[pos] for pos, node in enumerate(nodes) if node.ending and pos in best]
    return max(totals, default=0)


def walk(nodes: Sequence[Node], choices: Sequence[int]) -> Walk:
    """Follow ``choices`` (a reply index per step) from the first step.

    Raises InvalidChoice when a step has no such reply, when a choice follows the ending,
    or when the run has grown past MAX_CHOICES.
    """
    if len(choices) > MAX_CHOICES:
        raise InvalidChoice(_("This run has gone on too long. Start again."))
    by_key = _first_positions(nodes)
    state = Walk(current=nodes[0] if nodes else None, ending=None)
    for choice in choices:
        node = state.current
        if node is None or node.ending:
            raise InvalidChoice(_("This conversation has already ended."))
        if not 0 <= choice < len(node.replies):
            raise InvalidChoice(_("That reply is not one of this step's replies."))
        reply = node.replies[choice]
        if reply.next not in by_key:
            raise InvalidChoice(_("That reply leads nowhere."))
        state.score += reply.points
        state.path.append((node.key, choice, reply.points))
        state.current = nodes[by_key[reply.next]]
        if state.current.ending:
            state.ending = state.current
    return state
