"""Reads of the manager pages. Every one starts from the viewer's scope
(``units_in_scope``): what it does not return, a manager does not see. Each runs a fixed
number of queries whatever the number of people.
"""

from __future__ import annotations

import zoneinfo
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import connection
from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    DateField,
    F,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from content.models import CoursePage
from content.selectors import lessons_by_standard, standards_by_key
from lms.certificates.models import Certificate
from lms.learning.models import Enrolment, ScenarioRun
from lms.learning.selectors import courses_progress
from lms.people.models import OrgUnit, User
from lms.people.selectors import person_today, time_zones_for_units, units_in_scope
from lms.recognition.models import Award
from lms.recognition.scoring import as_percentage
from quizzes.models import Attempt, AttemptQuestion, ExamPage


class TeamStatus:
    """A person's standing in one course, as the team overview shows and filters it."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    OVERDUE = "overdue"
    COMPLETED = "completed"
    CERTIFIED = "certified"
    EXPIRING = "expiring"

    choices = [
        (NOT_STARTED, _("Not started")),
        (IN_PROGRESS, _("In progress")),
        (OVERDUE, _("Overdue")),
        (COMPLETED, _("Completed")),
        (CERTIFIED, _("Certified")),
        (EXPIRING, _("Certificate expiring soon")),
    ]
    labels = dict(choices)


def manager_scope(user) -> QuerySet[OrgUnit]:
    """The units ``user`` manages (with everything below them); a 404 for anyone with none.

    Managers and administrators have these pages; for anyone else they do not exist.
    """
    if not user.is_authenticated or not user.has_perm("people.view_manager_pages"):
        raise Http404
    scope = units_in_scope(user)
    if not scope.exists():
        raise Http404
    return scope


def _units_by_zone(units: list[OrgUnit]) -> dict[str, list[int]]:
    by_zone: dict[str, list[int]] = defaultdict(list)
    for unit_id, zone in time_zones_for_units(units).items():
        by_zone[zone].append(unit_id)
    return by_zone


def _local_dates(by_zone: dict[str, list[int]], *, days_ahead: int = 0):
    """A ``Case`` giving, for each enrolment, the date it is now (plus ``days_ahead``) in
    the time zone of the person's store; one branch per zone, not per unit."""
    now = timezone.now()
    ahead = timedelta(days=days_ahead)
    whens = [
        When(
            user__home_store_id__in=unit_ids,
            then=Value(now.astimezone(zoneinfo.ZoneInfo(zone)).date() + ahead),
        )
        for zone, unit_ids in sorted(by_zone.items())
    ]
    default = now.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE)).date() + ahead
    return Case(*whens, default=Value(default), output_field=DateField())


def team_enrolments(scope: QuerySet[OrgUnit]) -> QuerySet[Enrolment]:
    """The active enrolments of the people whose home store is in ``scope``, each with
    ``local_today`` and ``team_status`` (worked out in the database, so the status can be
    filtered and sorted), the person, store, role, course and certificate joined.
    Two queries to build (the units and their zones), then one to read."""
    units = list(scope.only("pk", "path", "depth"))
    by_zone = _units_by_zone(units)
    valid_certificate = Q(certificate__status=Certificate.Status.VALID) & (
        Q(certificate__expires_on__isnull=True) | Q(certificate__expires_on__gte=F("local_today"))
    )
    expiring = Q(certificate__expires_on__isnull=False) & Q(
        certificate__expires_on__lte=F("local_soon")
    )
    return (
        Enrolment.objects.filter(
            withdrawn_at__isnull=True,
            user__is_active=True,
            user__home_store_id__in=[unit.pk for unit in units],
        )
        .annotate(
            local_today=_local_dates(by_zone),
            local_soon=_local_dates(by_zone, days_ahead=settings.DASHBOARD_EXPIRING_DAYS),
        )
        .annotate(
            team_status=Case(
                When(
                    Q(completed_at__isnull=False) & valid_certificate & expiring,
                    then=Value(TeamStatus.EXPIRING),
                ),
                When(
                    Q(completed_at__isnull=False) & valid_certificate,
                    then=Value(TeamStatus.CERTIFIED),
                ),
                When(completed_at__isnull=False, then=Value(TeamStatus.COMPLETED)),
                When(due_on__lt=F("local_today"), then=Value(TeamStatus.OVERDUE)),
                When(started_at__isnull=False, then=Value(TeamStatus.IN_PROGRESS)),
                default=Value(TeamStatus.NOT_STARTED),
                output_field=CharField(),
            )
        )
        .select_related("user__home_store", "user__job_role", "course", "certificate")
    )


def _titles_by_key(pages: QuerySet, language: str) -> dict:
    """The titles of ``pages`` by translation key, in ``language`` where translated; one
    query."""
    titles: dict = {}
    for key, title, code in pages.values_list("translation_key", "title", "locale__language_code"):
        if key not in titles or code == language:
            titles[key] = title
    return titles


def _choices(titles: dict) -> list[tuple[str, str]]:
    return sorted(((str(key), title) for key, title in titles.items()), key=lambda item: item[1])


def courses_for_filter(language: str) -> list[tuple[str, str]]:
    """(course key, title) of the live courses, titled in ``language`` where translated;
    one query."""
    return _choices(_titles_by_key(CoursePage.objects.live(), language))


def person_in_scope(scope: QuerySet[OrgUnit], person_id: int) -> User:
    """The person, if their home store is in ``scope``; else a 404."""
    person = (
        User.objects.filter(pk=person_id, home_store__in=scope)
        .select_related("home_store", "job_role")
        .first()
    )
    if person is None:
        raise Http404
    return person


@dataclass
class Transcript:
    """What a manager's page shows of one learner: courses (with ``team_status`` and
    ``progress``), finished attempts and role-play runs, certificates (with
    ``status_label`` on the learner's today) and awards (withdrawn ones left out)."""

    learner: User
    enrolments: list[Enrolment]
    attempts: list[Attempt]
    runs: list[ScenarioRun]
    certificates: list[Certificate]
    awards: list[Award]


def person_transcript(scope: QuerySet[OrgUnit], person_id: int) -> Transcript:
    """The transcript of a person in ``scope``, in a fixed number of queries; else a 404."""
    learner = person_in_scope(scope, person_id)
    enrolments = list(team_enrolments(scope).filter(user=learner).order_by("due_on", "pk"))
    progress = courses_progress(user=learner, courses=[e.course for e in enrolments])
    for enrolment in enrolments:
        enrolment.team_status_label = TeamStatus.labels[enrolment.team_status]
        enrolment.progress = progress.get(enrolment.course_id)
    today = person_today(learner)
    certificates = list(Certificate.objects.filter(user=learner).order_by("-issued_on", "-pk"))
    for certificate in certificates:
        certificate.status_label = Certificate.Status(certificate.status_on(today)).label
    return Transcript(
        learner=learner,
        enrolments=enrolments,
        attempts=list(
            Attempt.objects.filter(user=learner, finished_at__isnull=False)
            .select_related("exam", "store")
            .order_by("-finished_at")
        ),
        runs=list(
            ScenarioRun.objects.filter(user=learner, finished_at__isnull=False)
            .select_related("scenario")
            .order_by("-finished_at")
        ),
        certificates=certificates,
        awards=list(
            Award.objects.filter(user=learner)
            .exclude(status=Award.Status.WITHDRAWN)
            .select_related("programme", "unit")
            .order_by("-month")
        ),
    )


# Exam results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultRow:
    """Attempts and how they went, for one exam, one store or everything shown."""

    label: str
    attempts: int
    passed: int
    first_attempts: int
    first_passed: int
    average: Decimal | None

    @property
    def pass_rate(self) -> int | None:
        return _share(self.passed, self.attempts)

    @property
    def first_pass_rate(self) -> int | None:
        return _share(self.first_passed, self.first_attempts)


@dataclass(frozen=True)
class Bucket:
    """Attempts whose score is in [low, high) per cent (the last one includes 100)."""

    low: int
    high: int
    count: int
    share: int


@dataclass(frozen=True)
class ExamResults:
    """What the exam results page shows for the chosen exams, stores and period."""

    total: ResultRow
    distribution: list[Bucket]
    by_exam: list[ResultRow]
    by_unit: list[ResultRow]


def _share(part: int | Decimal, whole: int | Decimal) -> int | None:
    """``part`` of ``whole`` in whole per cent (rounded half up), None without a whole."""
    if not whole:
        return None
    return int((Decimal(part) * 100 / whole).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def period_bounds(
    start: date | None, end: date | None, zone
) -> tuple[datetime | None, datetime | None]:
    """The moments a period of days begins and ends in ``zone``: ``start`` 00:00 and the
    00:00 after ``end`` (so ``end`` counts whole); an open end stays None."""
    return (
        datetime.combine(start, time(), tzinfo=zone) if start is not None else None,
        datetime.combine(end + timedelta(days=1), time(), tzinfo=zone) if end is not None else None,
    )


def period_window(start: date | None, end: date | None, zone) -> Q:
    """Finished from ``start`` 00:00 to the end of ``end``, in ``zone``; open ends allowed."""
    since, until = period_bounds(start, end, zone)
    condition = Q()
    if since is not None:
        condition &= Q(finished_at__gte=since)
    if until is not None:
        condition &= Q(finished_at__lt=until)
    return condition


def _result_aggregates() -> dict:
    # Named apart from the fields they count: an aggregate called "passed" would hide the
    # field ``passed`` from the others' filters.
    return {
        "n_attempts": Count("pk"),
        "n_passed": Count("pk", filter=Q(passed=True)),
        "n_first": Count("pk", filter=Q(number=1)),
        "n_first_passed": Count("pk", filter=Q(number=1, passed=True)),
        "mean_percentage": Avg("percentage"),
    }


def _row(label: str, values: dict) -> ResultRow:
    average = values["mean_percentage"]
    return ResultRow(
        label=label,
        attempts=values["n_attempts"],
        passed=values["n_passed"],
        first_attempts=values["n_first"],
        first_passed=values["n_first_passed"],
        average=as_percentage(average) if average is not None else None,
    )


def exam_keys_of_course(course_key) -> list:
    """The translation keys of the exams under a course (in any language); one query."""
    courses = CoursePage.objects.filter(translation_key=course_key).values_list("path", flat=True)
    condition = Q(pk__in=[])
    for path in courses:
        condition |= Q(path__startswith=path)
    return list(
        ExamPage.objects.filter(condition).values_list("translation_key", flat=True).distinct()
    )


def exam_results(
    scope: QuerySet[OrgUnit],
    *,
    unit: OrgUnit | None = None,
    exam_keys: list | None = None,
    period: Q | None = None,
    language: str,
) -> ExamResults:
    """Finished attempts taken in stores of ``scope`` (under the store recorded on the
    attempt), optionally of one unit, some exams and a period: the totals, the spread of
    scores in tens, and the same by exam and by store. Six queries however many attempts.
    """
    attempts = Attempt.objects.filter(
        finished_at__isnull=False, percentage__isnull=False, store__in=scope
    )
    if unit is not None:
        attempts = attempts.filter(store__path__startswith=unit.path)
    if exam_keys is not None:
        attempts = attempts.filter(exam_key__in=exam_keys)
    if period is not None:
        attempts = attempts.filter(period)
    attempts = attempts.order_by()

    buckets = {
        f"bucket_{low}": Count(
            "pk",
            filter=Q(percentage__gte=low)
            & (Q(percentage__lt=low + 10) if low < 90 else Q(percentage__lte=100)),
        )
        for low in range(0, 100, 10)
    }
    totals = attempts.aggregate(**_result_aggregates(), **buckets)
    total = _row(str(_("All exams shown")), totals)
    distribution = [
        Bucket(
            low=low,
            high=low + 10,
            count=totals[f"bucket_{low}"],
            share=_share(totals[f"bucket_{low}"], total.attempts) or 0,
        )
        for low in range(0, 100, 10)
    ]

    per_exam = list(attempts.values("exam_key").annotate(**_result_aggregates()))
    titles = _titles_by_key(
        ExamPage.objects.filter(translation_key__in=[row["exam_key"] for row in per_exam]),
        language,
    )
    by_exam = sorted(
        (_row(titles.get(row["exam_key"], str(row["exam_key"])), row) for row in per_exam),
        key=lambda row: row.label,
    )
    per_store = list(attempts.values("store_id").annotate(**_result_aggregates()))
    names = dict(
        OrgUnit.objects.filter(pk__in=[row["store_id"] for row in per_store]).values_list(
            "pk", "name"
        )
    )
    by_unit = sorted(
        (_row(names.get(row["store_id"], ""), row) for row in per_store),
        key=lambda row: row.label,
    )
    return ExamResults(total=total, distribution=distribution, by_exam=by_exam, by_unit=by_unit)


def exams_for_filter(language: str) -> list[tuple[str, str]]:
    """(exam key, title) of the exams, titled in ``language`` where translated; one query."""
    return _choices(_titles_by_key(ExamPage.objects.all(), language))


# The standards heatmap ------------------------------------------------------------------


@dataclass
class HeatCell:
    """One standard in one unit: points missed on its questions, breaches in role-plays."""

    points: Decimal = Decimal(0)
    scored: Decimal = Decimal(0)
    choices: int = 0
    broken: int = 0

    @property
    def missed_share(self) -> int | None:
        return _share(self.points - self.scored, self.points)

    @property
    def broken_share(self) -> int | None:
        return _share(self.broken, self.choices)

    @property
    def heat(self) -> int:
        """0 (no data) to 5 (most missed), from the worse of the two shares."""
        shares = [share for share in (self.missed_share, self.broken_share) if share is not None]
        if not shares:
            return 0
        return min(5, 1 + max(shares) // 20)

    def add(self, other: HeatCell) -> None:
        self.points += other.points
        self.scored += other.scored
        self.choices += other.choices
        self.broken += other.broken


@dataclass
class HeatRow:
    """A standard's row: its cells by column, its total, and the lessons teaching it."""

    key: str
    standard: object
    lessons: list
    cells: list[HeatCell]
    total: HeatCell


@dataclass(frozen=True)
class Heatmap:
    """Standards (rows, most missed first) by unit (columns)."""

    columns: list[OrgUnit]
    rows: list[HeatRow]


def _roleplay_choices(store_ids: list[int], period_sql: tuple[str, list]) -> list[tuple]:
    """(standard key, home store, choices, broken) from the runs' stored paths; one query.

    The path is JSON: PostgreSQL and SQLite each spell "one row per element" their way.
    """
    if not store_ids:
        return []
    run = connection.ops.quote_name(ScenarioRun._meta.db_table)
    user = connection.ops.quote_name(User._meta.db_table)
    placeholders = ", ".join(["%s"] * len(store_ids))
    period, period_params = period_sql
    if connection.vendor == "postgresql":
        elements = "CROSS JOIN LATERAL jsonb_array_elements(r.path) AS e(value)"
        standard = "e.value ->> 'standard'"
        effect = "e.value ->> 'effect'"
    else:
        elements = ", json_each(r.path) AS e"
        standard = "json_extract(e.value, '$.standard')"
        effect = "json_extract(e.value, '$.effect')"
    sql = f"""
        SELECT {standard} AS standard_key, u.home_store_id,
               COUNT(*) AS choices,
               SUM(CASE WHEN {effect} = 'breaks' THEN 1 ELSE 0 END) AS broken
        FROM {run} r
        JOIN {user} u ON u.id = r.user_id
        {elements}
        WHERE r.finished_at IS NOT NULL AND u.home_store_id IN ({placeholders})
              AND {standard} IS NOT NULL {period}
        GROUP BY {standard}, u.home_store_id
    """  # noqa: S608 (identifiers from the models, values as parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*store_ids, *period_params])
        return cursor.fetchall()


def _period_sql(start: datetime | None, end: datetime | None) -> tuple[str, list]:
    clauses, params = [], []
    if start is not None:
        clauses.append("AND r.finished_at >= %s")
        params.append(connection.ops.adapt_datetimefield_value(start))
    if end is not None:
        clauses.append("AND r.finished_at < %s")
        params.append(connection.ops.adapt_datetimefield_value(end))
    return " ".join(clauses), params


def _heat_columns(scope, *, unit, by) -> tuple[list[OrgUnit], dict[int, int]]:
    """The heatmap's columns (the stores, or regions, of ``scope`` under ``unit``) and the
    column of each store; one query."""
    units = list(scope.order_by("path"))
    if unit is not None:
        units = [candidate for candidate in units if candidate.path.startswith(unit.path)]
    stores = [candidate for candidate in units if candidate.kind == OrgUnit.Kind.STORE]
    if by == OrgUnit.Kind.REGION:
        columns = [candidate for candidate in units if candidate.kind == OrgUnit.Kind.REGION]
    else:
        columns = stores
    column_of = {}
    for store in stores:
        column = next((column for column in columns if store.path.startswith(column.path)), None)
        if column is not None:
            column_of[store.pk] = column.pk
    return columns, column_of


def _heat_cells(column_of: dict[int, int], *, start, end) -> dict[tuple[str, int], HeatCell]:
    """The sums per (standard key, column): exam points and role-play choices; two queries."""
    questions = AttemptQuestion.objects.filter(
        attempt__finished_at__isnull=False,
        attempt__store_id__in=list(column_of),
        score__isnull=False,
    )
    if start is not None:
        questions = questions.filter(attempt__finished_at__gte=start)
    if end is not None:
        questions = questions.filter(attempt__finished_at__lt=end)
    exam_sums = (
        questions.order_by()
        .values("standard_key", "attempt__store_id")
        .annotate(points=Sum("points"), scored=Sum("score"))
    )
    cells: dict[tuple[str, int], HeatCell] = defaultdict(HeatCell)
    for row in exam_sums:
        column = column_of[row["attempt__store_id"]]
        cells[str(row["standard_key"]), column].add(
            HeatCell(points=row["points"] or 0, scored=row["scored"] or 0)
        )
    for key, store_id, choices, broken in _roleplay_choices(
        list(column_of), _period_sql(start, end)
    ):
        cells[str(key), column_of[store_id]].add(HeatCell(choices=choices, broken=broken or 0))
    return cells


def standards_heatmap(
    scope: QuerySet[OrgUnit],
    *,
    unit: OrgUnit | None = None,
    by: str = OrgUnit.Kind.STORE,
    start: datetime | None = None,
    end: datetime | None = None,
    locale_id: int,
) -> Heatmap:
    """Per standard and unit of ``scope`` (stores, or regions with ``by="region"``): the
    share of points missed on the exam questions testing it (attempts under the store
    recorded on them) and the share of role-play choices touching it that broke it (runs
    under the person's home store). Six queries whatever the number of attempts: the
    units, the exam sums, the role-play sums, the standards, their lessons.
    """
    columns, column_of = _heat_columns(scope, unit=unit, by=by)
    cells = _heat_cells(column_of, start=start, end=end)

    keys = {key for key, _column in cells}
    standards = standards_by_key(keys, locale_id, live_only=False)
    lessons = lessons_by_standard(keys, locale_id)
    rows = []
    for key in keys:
        row_cells = [cells.get((key, column.pk), HeatCell()) for column in columns]
        total = HeatCell()
        for cell in row_cells:
            total.add(cell)
        rows.append(
            HeatRow(
                key=key,
                standard=standards.get(key),
                lessons=lessons.get(key, []),
                cells=row_cells,
                total=total,
            )
        )
    rows.sort(
        key=lambda row: (
            -max(row.total.missed_share or 0, row.total.broken_share or 0),
            getattr(row.standard, "code", ""),
        )
    )
    return Heatmap(columns=columns, rows=rows)
