"""The monthly score and ranking rule, with no database: facts in, standings out.

A person's score is the weighted mean of up to three parts, each 0-100:

- ``exams``: the mean, over the exams they finished that month, of their best percentage;
- ``roleplay``: the mean, over the scenarios they finished that month, of their best score
  as a percentage of the scenario's best possible score;
- ``on_time``: the share, in per cent, of their courses due that month completed by the due
  date.

A part counts only when its weight is above 0 **and** the person has data for it that
month. A part with no data is left out and the remaining weights are renormalised, so
nobody is punished for a scenario that was never assigned to them: with weights 2, 1, 0 a
person with no role-play that month is scored on exams alone. When no weighted part has
data, the person has no score and is not ranked.

Scores are rounded to two decimals, as shown, before they are compared. Equal scores are
separated, in turn, by the higher mean first-attempt percentage on the same exams, then by
fewer exam attempts in the month, then by the earlier last finish. People equal on all four
share the rank (1, 1, 3), and everyone at a winning rank wins, so a tie at the last winning
rank gives more winners.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

EXAMS = "exams"
ROLEPLAY = "roleplay"
ON_TIME = "on_time"
PARTS = (EXAMS, ROLEPLAY, ON_TIME)

PART_LABELS = {
    EXAMS: _("the mean of your best percentage on each exam finished that month"),
    ROLEPLAY: _("the mean of your best score on each role-play scenario finished that month"),
    ON_TIME: _("the share of your courses due that month that you completed by the due date"),
}

# In the order they are applied; for writing the rule out on the programme's page.
TIE_BREAK_LABELS = (
    _("the higher mean percentage of the first attempt on the same exams"),
    _("fewer exam attempts in the month"),
    _("the earlier last finish in the month"),
)
NO_DATA_RULE = _(
    "A part you have no data for that month is left out, and the other parts' weights "
    "count in its place."
)
SHARED_RANK_RULE = _("People still tied share the rank, and all of them win at a winning rank.")

CENT = Decimal("0.01")


def as_percentage(value) -> Decimal | None:
    """A percentage from the database (Decimal, float or int) as a Decimal to two places."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Row:
    """One person's facts for one month, as the standings selector gathered them."""

    user_id: int
    full_name: str
    store_id: int | None
    exams_part: Decimal | None
    roleplay_part: Decimal | None
    on_time_part: Decimal | None
    finished_exams: int
    first_attempt_mean: Decimal | None
    attempts_total: int
    last_finish: datetime

    def part(self, name: str) -> Decimal | None:
        return getattr(self, f"{name}_part")


@dataclass(frozen=True)
class Standing:
    """A person's place in a month's standings; ``rank`` is None when they have no score."""

    row: Row
    score: Decimal | None
    rank: int | None
    is_winner: bool


def score(row: Row, weights: Mapping[str, int]) -> Decimal | None:
    """The weighted mean of the parts with a weight and with data (see the module's rule)."""
    used = [
        (Decimal(weights.get(name, 0)), row.part(name))
        for name in PARTS
        if weights.get(name, 0) > 0 and row.part(name) is not None
    ]
    total_weight = sum(weight for weight, _part in used)
    if not used:
        return None
    weighted = sum(weight * part for weight, part in used)
    return (weighted / total_weight).quantize(CENT, rounding=ROUND_HALF_UP)


def _order_key(standing_score: Decimal, row: Row) -> tuple:
    first_attempt = row.first_attempt_mean if row.first_attempt_mean is not None else Decimal(0)
    return (-standing_score, -first_attempt, row.attempts_total, row.last_finish)


def rank(rows: Iterable[Row], *, weights: Mapping[str, int], winners: int) -> list[Standing]:
    """The standings: ranked people best first, then the people without a score (by name).

    Competition ranking: people equal on the score and every tie-break share a rank and
    the next rank skips (1, 1, 3). Everyone ranked at or above ``winners`` is a winner.
    """
    scored = []
    unscored = []
    for row in rows:
        row_score = score(row, weights)
        if row_score is None:
            unscored.append(row)
        else:
            scored.append((_order_key(row_score, row), row_score, row))
    # The name and id only fix the display order of people who share a rank.
    scored.sort(key=lambda item: (item[0], item[2].full_name, item[2].user_id))

    standings = []
    previous_key = None
    current_rank = 0
    for position, (key, row_score, row) in enumerate(scored, start=1):
        if key != previous_key:
            current_rank = position
            previous_key = key
        standings.append(
            Standing(row=row, score=row_score, rank=current_rank, is_winner=current_rank <= winners)
        )
    unscored.sort(key=lambda row: (row.full_name, row.user_id))
    standings.extend(Standing(row=row, score=None, rank=None, is_winner=False) for row in unscored)
    return standings
