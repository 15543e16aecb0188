"""Reads for recognition: a month's standings for a programme and a unit."""

from __future__ import annotations

import operator
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from functools import reduce

from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.db.models.functions import TruncDate
from django.db.models.lookups import LessThanOrEqual
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext, ngettext

from lms.learning.models import Enrolment, ScenarioRun
from lms.people.models import ManagerScope, OrgUnit, User
from lms.people.selectors import time_zones_for_units
from quizzes.models import Attempt

from .models import Award, MonthResult, Programme
from .scoring import Row, Standing, as_percentage, rank


@dataclass(frozen=True)
class Standings:
    """A month's standings in one unit; ``reason`` says why nobody is ranked, if nobody is."""

    month: date
    unit: OrgUnit
    rows: list[Standing]
    eligible_count: int
    reason: str

    @property
    def winners(self) -> list[Standing]:
        return [standing for standing in self.rows if standing.is_winner]


@dataclass(frozen=True)
class ZoneWindow:
    """The units sharing a time zone, and the month in that zone as UTC instants."""

    zone: str
    unit_ids: list[int]
    start: datetime
    end: datetime


def next_month(month: date) -> date:
    """The first day of the month after ``month``."""
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def month_window(month: date, zone: str) -> tuple[datetime, datetime]:
    """[local 1st 00:00, local 1st of the next month 00:00) in ``zone``, as UTC instants."""
    tz = zoneinfo.ZoneInfo(zone)
    start = datetime(month.year, month.month, 1, tzinfo=tz)
    end = datetime.combine(next_month(month), time(), tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def zone_windows(*, unit: OrgUnit, month: date) -> list[ZoneWindow]:
    """The unit and every unit below it, grouped by effective time zone, with the month's
    window in each zone. Two queries, however many units."""
    units = list(OrgUnit.objects.filter(path__startswith=unit.path).only("pk", "path", "depth"))
    by_zone = defaultdict(list)
    for unit_id, zone in time_zones_for_units(units).items():
        by_zone[zone].append(unit_id)
    return [
        ZoneWindow(zone, sorted(unit_ids), *month_window(month, zone))
        for zone, unit_ids in sorted(by_zone.items())
    ]


def _window_sql(windows: list[ZoneWindow], *, store_column: str, time_column: str):
    """One OR'ed condition: (the store is in the zone's units AND the time is in the zone's
    month), for each zone; and its parameters."""
    clauses = []
    params = []
    for window in windows:
        placeholders = ", ".join(["%s"] * len(window.unit_ids))
        clauses.append(
            f"({store_column} IN ({placeholders}) AND {time_column} >= %s AND {time_column} < %s)"
        )
        params.extend(window.unit_ids)
        params.extend(
            [
                connection.ops.adapt_datetimefield_value(window.start),
                connection.ops.adapt_datetimefield_value(window.end),
            ]
        )
    return "(" + " OR ".join(clauses) + ")", params


def _as_datetime(value) -> datetime:
    # PostgreSQL returns an aware datetime; SQLite returns the stored UTC text.
    if isinstance(value, str):
        value = parse_datetime(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


def _exam_facts(*, programme: Programme, windows: list[ZoneWindow]) -> list[dict]:
    """Per eligible person: their exam part and the tie-break facts. One query.

    Attempts count under the store recorded on the attempt, in that store's month. The
    first-attempt percentage is the person's attempt number 1 of the exam, whenever it was.
    """
    window, window_params = _window_sql(
        windows, store_column="a.store_id", time_column="a.finished_at"
    )
    attempt = connection.ops.quote_name(Attempt._meta.db_table)
    user = connection.ops.quote_name(User._meta.db_table)
    scope = connection.ops.quote_name(ManagerScope._meta.db_table)
    managers_clause = (
        ""
        if programme.include_managers
        else f"AND NOT EXISTS (SELECT 1 FROM {scope} s WHERE s.manager_id = u.id)"  # noqa: S608
    )
    # Identifiers come from the models; every value is a parameter.
    sql = f"""
        WITH month_attempts AS (
            SELECT a.user_id, a.exam_key, a.percentage, a.finished_at, a.store_id
            FROM {attempt} a
            WHERE a.finished_at IS NOT NULL AND a.percentage IS NOT NULL AND {window}
        ),
        per_exam AS (
            SELECT m.user_id, m.exam_key, MAX(m.percentage) AS best,
                   COUNT(*) AS attempts, MAX(m.finished_at) AS last_finish
            FROM month_attempts m
            GROUP BY m.user_id, m.exam_key
        ),
        -- The store of each person's last attempt in the month, by a window rather than
        -- a subquery per person (which rescans the month for each: quadratic).
        last_store AS (
            SELECT ranked.user_id, ranked.store_id
            FROM (
                SELECT m.user_id, m.store_id,
                       ROW_NUMBER() OVER (
                           PARTITION BY m.user_id ORDER BY m.finished_at DESC
                       ) AS position
                FROM month_attempts m
            ) ranked
            WHERE ranked.position = 1
        )
        SELECT p.user_id, u.full_name,
               MAX(ls.store_id) AS store_id,
               AVG(p.best) AS exams_part,
               COUNT(*) AS finished_exams,
               AVG(COALESCE(f.percentage, 0)) AS first_attempt_mean,
               SUM(p.attempts) AS attempts_total,
               MAX(p.last_finish) AS last_finish
        FROM per_exam p
        JOIN {user} u ON u.id = p.user_id
        JOIN last_store ls ON ls.user_id = p.user_id
        LEFT JOIN {attempt} f
            ON f.user_id = p.user_id AND f.exam_key = p.exam_key AND f.number = 1
            AND f.percentage IS NOT NULL
        WHERE u.is_active = %s {managers_clause}
        GROUP BY p.user_id, u.full_name
        HAVING COUNT(*) >= %s
    """  # noqa: S608 (identifiers from the models, values as parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*window_params, True, programme.min_finished_exams])
        columns = [column[0] for column in cursor.description]
        return [dict(zip(columns, values, strict=True)) for values in cursor.fetchall()]


def _roleplay_parts(*, windows: list[ZoneWindow]) -> dict[int, object]:
    """Per person whose home store is in the unit: the mean over the scenarios they
    finished in the month of their best score in per cent. One query."""
    window, window_params = _window_sql(
        windows, store_column="u.home_store_id", time_column="r.finished_at"
    )
    run = connection.ops.quote_name(ScenarioRun._meta.db_table)
    user = connection.ops.quote_name(User._meta.db_table)
    sql = f"""
        WITH per_scenario AS (
            SELECT r.user_id, r.scenario_key, MAX(r.score * 100.0 / r.max_score) AS best
            FROM {run} r
            JOIN {user} u ON u.id = r.user_id
            WHERE r.finished_at IS NOT NULL AND r.max_score > 0 AND {window}
            GROUP BY r.user_id, r.scenario_key
        )
        SELECT user_id,
               AVG(CASE WHEN best < 0 THEN 0 WHEN best > 100 THEN 100 ELSE best END)
        FROM per_scenario
        GROUP BY user_id
    """  # noqa: S608 (identifiers from the models, values as parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, window_params)
        return dict(cursor.fetchall())


def _on_time_parts(*, windows: list[ZoneWindow], month: date) -> dict[int, object]:
    """Per person whose home store is in the unit: the share, in per cent, of their
    enrolments due in the month completed by the due date in their store's zone. One query.
    """
    # The due date is a local date: compare it with the completion's date in the zone of
    # the person's store, not in UTC.
    completed_in_time = reduce(
        operator.or_,
        (
            Q(user__home_store_id__in=window.unit_ids)
            & Q(
                LessThanOrEqual(
                    TruncDate("completed_at", tzinfo=zoneinfo.ZoneInfo(window.zone)), F("due_on")
                )
            )
            for window in windows
        ),
    )
    rows = (
        Enrolment.objects.filter(
            withdrawn_at__isnull=True,
            due_on__gte=month,
            due_on__lt=next_month(month),
            user__home_store_id__in=[unit_id for window in windows for unit_id in window.unit_ids],
        )
        .order_by()
        .values("user_id")
        .annotate(
            due=Count("pk"),
            on_time=Count(
                Case(
                    When(Q(completed_at__isnull=False) & completed_in_time, then=Value(1)),
                    output_field=IntegerField(),
                )
            ),
        )
        .values_list("user_id", "due", "on_time")
    )
    return {user_id: Decimal(on_time * 100) / due for user_id, due, on_time in rows}


def standings_for_month(*, programme: Programme, unit: OrgUnit, month: date) -> Standings:
    """A month's standings of ``programme`` in ``unit`` (``month`` is its first day).

    At most five queries whatever the number of people: the units below ``unit`` and their
    time zones, then one each for exams, role-play and deadlines (the last two only when
    the programme weighs them). Each store's month runs from its local 1st at 00:00 to the
    next 1st at 00:00, so an attempt finished at 23:59:59 on the last day in the store's
    zone belongs to that month. The stores are grouped by zone, and each query filters on
    one OR of (store in the zone's stores AND time in the zone's month). The score and
    ranking rule is in ``scoring``.
    """
    month = month.replace(day=1)
    windows = zone_windows(unit=unit, month=month)
    exam_facts = _exam_facts(programme=programme, windows=windows)
    roleplay = _roleplay_parts(windows=windows) if programme.weight_roleplay else {}
    on_time = _on_time_parts(windows=windows, month=month) if programme.weight_on_time else {}

    rows = [
        Row(
            user_id=facts["user_id"],
            full_name=facts["full_name"],
            store_id=facts["store_id"],
            exams_part=as_percentage(facts["exams_part"]),
            roleplay_part=as_percentage(roleplay.get(facts["user_id"])),
            on_time_part=as_percentage(on_time.get(facts["user_id"])),
            finished_exams=facts["finished_exams"],
            first_attempt_mean=as_percentage(facts["first_attempt_mean"]),
            attempts_total=int(facts["attempts_total"]),
            last_finish=_as_datetime(facts["last_finish"]),
        )
        for facts in exam_facts
    ]
    standings = rank(rows, weights=programme.weights, winners=programme.winners_per_unit)
    return Standings(
        month=month,
        unit=unit,
        rows=standings,
        eligible_count=len(rows),
        reason=_reason(programme=programme, month=month, standings=standings),
    )


def _reason(*, programme: Programme, month: date, standings: list[Standing]) -> str:
    if any(standing.rank is not None for standing in standings):
        return ""
    month_name = formats.date_format(month, "YEAR_MONTH_FORMAT")
    if not standings:
        return ngettext(
            "Nobody finished at least %(count)s exam in %(month)s.",
            "Nobody finished at least %(count)s different exams in %(month)s.",
            programme.min_finished_exams,
        ) % {"count": programme.min_finished_exams, "month": month_name}
    return gettext("Nobody taking part had anything to score in %(month)s.") % {"month": month_name}


# Awards -------------------------------------------------------------------------------------


def awards_of(user) -> list[Award]:
    """``user``'s confirmed awards, newest month first, with their certificates (for "My
    learning"); one query."""
    return list(
        Award.objects.filter(user=user, status=Award.Status.CONFIRMED)
        .select_related("programme", "unit", "certificate")
        .order_by("-month", "programme__name", "unit__name")
    )


def awards_for_review(
    scope, *, status: str = "", month: date | None = None, programme: Programme | None = None
):
    """The awards of the units in ``scope`` (``units_in_scope`` of the viewer), for the
    page where managers confirm them: newest month first, then programme, unit, rank.
    """
    awards = Award.objects.filter(unit__in=scope)
    if status:
        awards = awards.filter(status=status)
    if month is not None:
        awards = awards.filter(month=month)
    if programme is not None:
        awards = awards.filter(programme=programme)
    return awards.select_related("programme", "unit", "user__home_store").order_by(
        "-month", "programme__name", "unit__path", "rank", "user__full_name"
    )


def empty_months_for_review(scope, *, month: date | None = None, programme=None):
    """The granted months of the units in ``scope`` where nobody won, with the reason."""
    results = MonthResult.objects.filter(unit__in=scope, granted_at__isnull=False, winners_count=0)
    if month is not None:
        results = results.filter(month=month)
    if programme is not None:
        results = results.filter(programme=programme)
    return results.select_related("programme", "unit").order_by(
        "-month", "programme__name", "unit__path"
    )


# The recognition wall -----------------------------------------------------------------------


def wall_months(*, programmes=None, unit: OrgUnit | None = None) -> list[date]:
    """The months with confirmed awards (of ``programmes``, in ``unit`` and below), newest
    first; one query."""
    return list(
        _wall_awards(programmes=programmes, unit=unit)
        .order_by("-month")
        .values_list("month", flat=True)
        .distinct()
    )


def wall_awards(*, months: list[date], programmes=None, unit: OrgUnit | None = None):
    """The confirmed awards of ``months`` for the wall: by month (newest first), unit kind
    (regions before stores), unit, rank; one query."""
    if not months:
        return []
    return list(
        _wall_awards(programmes=programmes, unit=unit)
        .filter(month__in=months)
        .select_related("programme", "unit", "user")
        .order_by(
            "-month", "unit__depth", "unit__path", "programme__name", "rank", "user__full_name"
        )
    )


def _wall_awards(*, programmes, unit):
    awards = Award.objects.filter(status=Award.Status.CONFIRMED, programme__active=True)
    if programmes is not None:
        awards = awards.filter(programme__in=programmes)
    if unit is not None:
        awards = awards.filter(unit__path__startswith=unit.path)
    return awards
