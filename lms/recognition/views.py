"""Recognition pages for signed-in staff: the programmes, each with its rule written out and
the live leaderboard of the current month.

Pages are for staff only (login required): names and scores of colleagues never reach the
public internet. What a person sees of the leaderboard follows the programme's privacy
setting; managers and administrators see the whole table of the units in their scope,
because they confirm the awards.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe
from wagtail.models import Locale

from lms.people.models import ManagerScope, OrgUnit
from lms.people.selectors import time_zones_for_units, units_in_scope

from .models import Award, Programme, RecognitionWallPage
from .scoring import (
    EXAMS,
    NO_DATA_RULE,
    ON_TIME,
    PART_LABELS,
    PARTS,
    ROLEPLAY,
    SHARED_RANK_RULE,
    TIE_BREAK_LABELS,
    Standing,
)
from .selectors import standings_for_month

# The rule written out -----------------------------------------------------------------------


@dataclass(frozen=True)
class ScorePart:
    """One part of the score as the page shows it: its name, share in per cent, meaning."""

    name: str
    share: int
    explanation: str


@dataclass(frozen=True)
class Rule:
    """A programme's rule in plain words, in the active language."""

    score: str
    parts: list[ScorePart]
    no_data: str
    eligibility: list[str]
    tie_break_intro: str
    tie_breaks: list[str]
    shared_rank: str
    winners: str
    timing: list[str]
    privacy: list[str]


def _part_names() -> dict[str, str]:
    return {EXAMS: _("exams"), ROLEPLAY: _("role-play"), ON_TIME: _("courses on time")}


def _shares(weights: dict[str, int]) -> dict[str, int]:
    """Each weighted part's share in whole per cent, summing to exactly 100 (largest
    remainders get the odd points, so 1 : 1 : 1 reads 34 %, 33 %, 33 %)."""
    used = {name: weight for name, weight in weights.items() if weight > 0}
    total = sum(used.values())
    exact = {name: Decimal(weight * 100) / total for name, weight in used.items()}
    shares = {name: int(value) for name, value in exact.items()}
    left = 100 - sum(shares.values())
    by_remainder = sorted(used, key=lambda name: (-(exact[name] - shares[name]), PARTS.index(name)))
    for name in by_remainder[:left]:
        shares[name] += 1
    return {name: shares[name] for name in PARTS if name in shares}


def programme_rule(programme: Programme) -> Rule:
    """The programme's rule from its settings, as sentences in the active language."""
    names = _part_names()
    shares = _shares(programme.weights)
    parts = [
        ScorePart(name=names[name], share=share, explanation=str(PART_LABELS[name]))
        for name, share in shares.items()
    ]
    if len(parts) == 1:
        (only,) = shares
        score = {
            EXAMS: _("Your score is your exam results (100 %)."),
            ROLEPLAY: _("Your score is your role-play results (100 %)."),
            ON_TIME: _("Your score is how many of your courses you finish on time (100 %)."),
        }[only]
    else:
        score = _("Your score is made of %(parts)s.") % {
            "parts": ", ".join(
                _("%(part)s %(share)s %%") % {"part": part.name, "share": part.share}
                for part in parts
            )
        }

    # The standings only rank people with a finished exam, whatever the minimum says.
    minimum = max(programme.min_finished_exams, 1)
    eligibility = [
        ngettext(
            "You take part in a month when you finish at least %(count)s exam in it.",
            "You take part in a month when you finish at least %(count)s different exams in it.",
            minimum,
        )
        % {"count": minimum},
        _("People who manage a unit take part too.")
        if programme.include_managers
        else _("People who manage a unit do not take part: they confirm the winners."),
        _("Only active staff take part."),
    ]

    count = programme.winners_per_unit
    winners = {
        Programme.ScopeLevel.STORE: ngettext(
            "The best person in each store wins.",
            "The best %(count)s people in each store win.",
            count,
        ),
        Programme.ScopeLevel.REGION: ngettext(
            "The best person in each region wins.",
            "The best %(count)s people in each region win.",
            count,
        ),
        Programme.ScopeLevel.COMPANY: ngettext(
            "The best person in the company wins.",
            "The best %(count)s people in the company win.",
            count,
        ),
    }[programme.scope_level] % {"count": count}

    days = programme.confirm_after_days
    timing = [
        _(
            "Winners are proposed on the first day of the next month, just after midnight "
            "in the local time of the store."
        ),
        ngettext(
            "The manager confirms them; winners not confirmed within %(count)s day are "
            "confirmed automatically.",
            "The manager confirms them; winners not confirmed within %(count)s days are "
            "confirmed automatically.",
            days,
        )
        % {"count": days}
        if days
        else _("Winners are confirmed at once."),
    ]

    if programme.leaderboard == Programme.Leaderboard.EVERYONE:
        privacy = [_("Everyone taking part sees the whole leaderboard, with names.")]
    elif programme.leaderboard == Programme.Leaderboard.TOP_N:
        top = programme.leaderboard_top_n
        privacy = [
            ngettext(
                "Everyone sees the top %(count)s place, with names, and their own rank.",
                "Everyone sees the top %(count)s places, with names, and their own rank.",
                top,
            )
            % {"count": top}
        ]
    else:
        privacy = [
            _(
                "You see only your own rank and score, and the rank and score of the people "
                "just above and below you, without their names, so that nobody is singled out."
            )
        ]
    privacy.append(_("Managers see the whole leaderboard of their units, to confirm the winners."))

    return Rule(
        score=score,
        parts=parts,
        no_data=str(NO_DATA_RULE) if len(parts) > 1 else "",
        eligibility=eligibility,
        tie_break_intro=_(
            "Scores are compared to two decimals. When they are equal, the higher place "
            "goes to, in turn:"
        ),
        tie_breaks=[str(label) for label in TIE_BREAK_LABELS],
        shared_rank=str(SHARED_RANK_RULE),
        winners=winners,
        timing=timing,
        privacy=privacy,
    )


# The leaderboard ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardRow:
    """A row of the leaderboard as shown; ``name`` is empty for a neighbour kept anonymous."""

    rank: int
    name: str
    score: Decimal
    is_viewer: bool


@dataclass(frozen=True)
class Leaderboard:
    """What the viewer sees of one unit's standings this month."""

    unit: OrgUnit
    month: date
    rows: list[BoardRow]
    ranked_count: int
    full_view: bool
    viewer_rank: int | None
    viewer_outside: bool
    viewer_unscored: bool
    nobody_reason: str


def _unit_of_kind(store: OrgUnit | None, kind: str) -> OrgUnit | None:
    """The person's home store, or its ancestor of ``kind``."""
    if store is None:
        return None
    if store.kind == kind:
        return store
    return next((unit for unit in store.get_ancestors() if unit.kind == kind), None)


def _current_month(unit: OrgUnit) -> date:
    zone = time_zones_for_units([unit])[unit.pk]
    return timezone.localtime(timezone=zoneinfo.ZoneInfo(zone)).date().replace(day=1)


def _visible(
    programme: Programme, ranked: list[Standing], viewer: Standing | None
) -> list[BoardRow]:
    """The rows a person taking part may see under the programme's privacy setting."""

    def row(standing: Standing, *, named: bool = True) -> BoardRow:
        is_viewer = viewer is not None and standing is viewer
        return BoardRow(
            rank=standing.rank,
            name=standing.row.full_name if named or is_viewer else "",
            score=standing.score,
            is_viewer=is_viewer,
        )

    if programme.leaderboard == Programme.Leaderboard.EVERYONE:
        return [row(standing) for standing in ranked]
    if programme.leaderboard == Programme.Leaderboard.TOP_N:
        # Ranks, not rows: people sharing the last shown rank are all shown.
        top = programme.leaderboard_top_n
        return [row(standing) for standing in ranked if standing.rank <= top]
    if viewer is None or viewer.rank is None:
        return []
    position = ranked.index(viewer)
    return [row(standing, named=False) for standing in ranked[max(position - 1, 0) : position + 2]]


def leaderboard_for(*, programme: Programme, viewer, unit: OrgUnit, full_view: bool) -> Leaderboard:
    """The current month's leaderboard of ``unit`` as ``viewer`` may see it."""
    month = _current_month(unit)
    standings = standings_for_month(programme=programme, unit=unit, month=month)
    ranked = [standing for standing in standings.rows if standing.rank is not None]
    mine = next((s for s in standings.rows if s.row.user_id == viewer.pk), None)
    if full_view:
        rows = [BoardRow(s.rank, s.row.full_name, s.score, s is mine) for s in ranked]
    else:
        rows = _visible(programme, ranked, mine)
    viewer_rank = mine.rank if mine is not None else None
    shown_ranks = {row.rank for row in rows if row.is_viewer}
    return Leaderboard(
        unit=unit,
        month=month,
        rows=rows,
        ranked_count=len(ranked),
        full_view=full_view,
        viewer_rank=viewer_rank,
        viewer_outside=viewer_rank is not None and viewer_rank not in shown_ranks,
        viewer_unscored=mine is not None and viewer_rank is None,
        nobody_reason=standings.reason,
    )


def _viewer_reason(*, programme: Programme, is_manager: bool, unscored: bool) -> str:
    """Why the viewer is not on this month's leaderboard."""
    if unscored:
        return _("You take part, but nothing you did this month counts towards the score yet.")
    if is_manager and not programme.include_managers:
        return _("People who manage a unit are not ranked in this programme.")
    minimum = max(programme.min_finished_exams, 1)
    return ngettext(
        "Finish at least %(count)s exam this month to appear.",
        "Finish at least %(count)s different exams this month to appear.",
        minimum,
    ) % {"count": minimum}


# Views ----------------------------------------------------------------------------------------


@login_required
@require_safe
def programme_list(request):
    """Recognition's front page: the wall of winners, the awards a manager has to confirm,
    and the active programmes, each linking to its rule and leaderboard."""
    programmes = Programme.objects.filter(active=True).order_by("name")
    wall = RecognitionWallPage.objects.live().filter(locale=Locale.get_active()).first()
    scope = units_in_scope(request.user)
    to_confirm = (
        Award.objects.filter(unit__in=scope, status=Award.Status.PROPOSED).count()
        if scope.exists()
        else None
    )
    return render(
        request,
        "recognition/programme_list.html",
        {"programmes": programmes, "wall": wall, "to_confirm": to_confirm},
    )


@login_required
@require_safe
def programme_detail(request, slug):
    """A programme's rule in plain words and the current month's leaderboard.

    The unit is the viewer's own (their home store, or its region or company for programmes
    at that level). A manager may choose another unit of that level in their scope with
    ``?unit=<id>``; a unit outside it is not found.
    """
    programme = get_object_or_404(Programme, slug=slug, active=True)
    user = request.user
    own_unit = _unit_of_kind(user.home_store, programme.scope_level)
    scope = units_in_scope(user)
    choices = list(scope.filter(kind=programme.scope_level).order_by("name"))
    scope_ids = {unit.pk for unit in choices}

    requested = request.GET.get("unit")
    if requested:
        try:
            requested_id = int(requested)
        except ValueError:
            raise Http404 from None
        if requested_id in scope_ids:
            unit = next(unit for unit in choices if unit.pk == requested_id)
        elif own_unit is not None and own_unit.pk == requested_id:
            unit = own_unit
        else:
            raise Http404
    else:
        unit = own_unit if own_unit is not None else (choices[0] if choices else None)

    board = None
    viewer_reason = ""
    if unit is not None:
        # Managers and administrators decide the awards of the units in their scope.
        full_view = unit.pk in scope_ids
        board = leaderboard_for(programme=programme, viewer=user, unit=unit, full_view=full_view)
        if board.viewer_rank is None and own_unit is not None and own_unit.pk == unit.pk:
            is_manager = ManagerScope.objects.filter(manager=user).exists()
            viewer_reason = _viewer_reason(
                programme=programme, is_manager=is_manager, unscored=board.viewer_unscored
            )

    # A chooser only when there is another unit to choose.
    show_chooser = len(choices) > 1 or (choices and unit not in choices)
    return render(
        request,
        "recognition/programme_detail.html",
        {
            "programme": programme,
            "rule": programme_rule(programme),
            "board": board,
            "month_label": formats.date_format(board.month, "YEAR_MONTH_FORMAT") if board else "",
            "viewer_reason": viewer_reason,
            "unit_choices": choices if show_chooser else [],
            "Leaderboard": Programme.Leaderboard,
        },
    )
