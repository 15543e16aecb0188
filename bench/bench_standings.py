"""Benchmark: a month's recognition standings on a large organisation.

Builds, once, a company of R regions x S stores x P people (the stores spread over four
time zones far apart) in the database DATABASE_URL names, with E exams' attempts over
three months, Q answered questions each (2,000,000 answers at the defaults), role-play
runs and enrolments with due dates. The big tables are filled on the PostgreSQL side
(``INSERT ... SELECT generate_series``), then vacuumed and analysed. Then it times
``standings_for_month`` for the middle month: for the company (weights 1:0:0 and 1:1:1),
one region and one store, the median, min and max of N calls and their queries.

The rows are committed (a build takes minutes), so use a database of its own; ``--keep``
leaves them for the next run, which then skips the build; without it they are removed at
the end. The programmes measured are not saved.

    psql postgres://postgres@127.0.0.1:5432/postgres -c "CREATE DATABASE academy_bench_standings"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/academy_bench_standings \\
        .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/academy_bench_standings \\
        .venv/bin/python bench/bench_standings.py --keep
"""

import argparse
import json
import os
import statistics
import sys
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import reduce
from operator import or_
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from wagtail.models import Locale, Page, PageLogEntry, Site  # noqa: E402

from content.blocks import ScenarioStepsBlock  # noqa: E402
from content.models import (  # noqa: E402
    CourseIndexPage,
    CoursePage,
    ScenarioPage,
    Standard,
    StandardCategory,
)
from lms.learning.models import Enrolment, ScenarioRun  # noqa: E402
from lms.people.models import ManagerScope, OrgUnit, User  # noqa: E402
from lms.recognition.models import Programme  # noqa: E402
from lms.recognition.selectors import next_month, standings_for_month, zone_windows  # noqa: E402
from quizzes.models import (  # noqa: E402
    Answer,
    Attempt,
    AttemptQuestion,
    ExamDrawRule,
    ExamPage,
    Question,
    QuestionOption,
)

CODE = "bench-standings"  # the company's code and the slug of every page built
ZONES = ("Europe/Bratislava", "Asia/Bishkek", "America/Los_Angeles", "Pacific/Kiritimati")
PASS_MARK = Decimal(80)
SCENARIO_BEST = 5


def quoted(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def execute(sql: str, params) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def fetch_one(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


@contextmanager
def step(name: str, timings: list):
    start = time.perf_counter()
    yield
    seconds = time.perf_counter() - start
    timings.append((name, seconds))
    print(f"  {name}: {seconds:.1f} s", flush=True)


@dataclass
class Built:
    company: OrgUnit
    course: CoursePage
    exam: ExamPage
    scenario: ScenarioPage


def find_built() -> Built | None:
    company = OrgUnit.objects.filter(code=CODE).first()
    index = CourseIndexPage.objects.filter(slug=CODE).first()
    if company is None or index is None:
        return None
    course = CoursePage.objects.descendant_of(index).get(slug=f"{CODE}-course")
    return Built(
        company=company,
        course=course,
        exam=ExamPage.objects.child_of(course).get(slug=f"{CODE}-exam"),
        scenario=ScenarioPage.objects.child_of(course).get(slug=f"{CODE}-scenario"),
    )


# Building ------------------------------------------------------------------------------


def build_organisation(regions: int, stores: int) -> list[int]:
    """The company (Bratislava time), its regions (inheriting it) and stores, each store
    in one of ZONES in turn; the stores' ids."""
    company = OrgUnit.add_root(
        name="Bench standings", code=CODE, kind=OrgUnit.Kind.COMPANY, time_zone=ZONES[0]
    )
    store_ids = []
    for r in range(regions):
        region = company.add_child(
            name=f"Region {r:02d}", code=f"{CODE}-r{r}", kind=OrgUnit.Kind.REGION
        )
        for s in range(stores):
            store = region.add_child(
                name=f"Store {r:02d}-{s:02d}",
                code=f"{CODE}-s{r}-{s}",
                kind=OrgUnit.Kind.STORE,
                time_zone=ZONES[(r * stores + s) % len(ZONES)],
            )
            store_ids.append(store.pk)
    return store_ids


SCENARIO_STEPS = [
    {
        "type": "step",
        "value": {
            "key": "opening",
            "customer_line": "This kettle I bought last week has stopped working!",
            "replies": [
                {"text": "I am sorry. Tell me what happened.", "feedback": "Good.",
                 "points": 2, "standard": None, "effect": "", "next": "listen"},
                {"text": "That is not my problem.", "feedback": "No.",
                 "points": -2, "standard": None, "effect": "", "next": "walks-out"},
            ],
        },
    },
    {
        "type": "step",
        "value": {
            "key": "listen",
            "customer_line": "It just will not switch on any more.",
            "replies": [
                {"text": "I can exchange it or refund you.", "feedback": "Good.",
                 "points": 3, "standard": None, "effect": "", "next": "settled"},
                {"text": "Come back tomorrow.", "feedback": "No.",
                 "points": 0, "standard": None, "effect": "", "next": "walks-out"},
            ],
        },
    },
    {"type": "ending", "value": {"key": "settled", "title": "Satisfied", "text": "Done."}},
    {"type": "ending", "value": {"key": "walks-out", "title": "Walks out", "text": "Gone."}},
]  # fmt: skip


@dataclass
class Bank:
    """The exam's questions, by position (1-based in SQL, 0-based here)."""

    standard_key: uuid.UUID
    question_keys: list[uuid.UUID]
    revision_ids: list[int]
    option_orders: list[list[str]]
    right_keys: list[str]
    wrong_keys: list[str]


def build_bank(questions: int) -> tuple[Standard, Bank]:
    """A standard and ``questions`` live single-choice questions, each with a revision."""
    locale = Locale.get_default()
    category = StandardCategory.objects.create(name="Bench", code=CODE, locale=locale)
    standard = Standard.objects.create(
        code="BENCH-STANDINGS",
        title="Greet every customer",
        rule="Greet every customer who comes in.",
        criterion="Customer greeted within 10 seconds.",
        category=category,
        locale=locale,
    )
    bank = Bank(standard.translation_key, [], [], [], [], [])
    for number in range(1, questions + 1):
        question = Question(
            standard=standard,
            stem=f"<p>Bench question {number}: what do you do when a customer comes in?</p>",
            locale=locale,
            options=[
                QuestionOption(text=text, fraction=Decimal(fraction), sort_order=order)
                for order, (text, fraction) in enumerate(
                    [("Greet them.", 100), ("Finish the shelf.", 0), ("Wait.", -50)]
                )
            ],
        )
        question.save()
        revision = question.save_revision(log_action=False)
        Question.objects.filter(pk=question.pk).update(live_revision=revision)
        keys = [option.key for option in question.ordered_options()]
        bank.question_keys.append(question.translation_key)
        bank.revision_ids.append(revision.pk)
        bank.option_orders.append(keys)
        bank.right_keys.append(keys[0])
        bank.wrong_keys.append(keys[1])
    return standard, bank


def build_pages(standard: Standard, questions: int) -> tuple[CoursePage, ExamPage, ScenarioPage]:
    """A course index under the home page, a course, one exam (every exam's attempts
    point at it, told apart by ``exam_key``) and one role-play scenario."""
    home = Site.objects.get(is_default_site=True).root_page
    index = home.add_child(instance=CourseIndexPage(title="Bench standings", slug=CODE))
    course = index.add_child(
        instance=CoursePage(
            title="Bench standings course",
            slug=f"{CODE}-course",
            summary="Greeting the customer.",
            audience="Everyone",
        )
    )
    exam = ExamPage(
        title="Bench standings exam", slug=f"{CODE}-exam", pass_mark=PASS_MARK,
        resit_after_pass=True,
    )  # fmt: skip
    exam.draw_rules = [ExamDrawRule(sort_order=0, count=questions, standard=standard)]
    course.add_child(instance=exam)
    scenario = course.add_child(
        instance=ScenarioPage(
            title="Bench standings scenario",
            slug=f"{CODE}-scenario",
            setting="A quiet morning at the service desk.",
            persona="A regular customer.",
            goal="Settle the complaint.",
            pass_score=3,
            steps=ScenarioStepsBlock().to_python(SCENARIO_STEPS),
        )
    )
    scenario.save_revision(log_action=False)
    return course, exam, scenario


def insert_people(store_ids: list[int], per_store: int) -> None:
    """``per_store`` people in each store (1 in 50 inactive); the first of each store
    manages it."""
    execute(
        f"""
        INSERT INTO {quoted(User)} (password, is_superuser, is_staff, is_active, email,
            full_name, preferred_language, date_joined, home_store_id)
        SELECT '!', FALSE, FALSE, mod(g, 50) <> 49, %(prefix)s || g || '@bench.example',
               'Person ' || lpad(g::text, 6, '0'), 'en', now(),
               (%(stores)s::bigint[])[g / %(per_store)s + 1]
        FROM generate_series(0, %(count)s - 1) AS g
        """,  # noqa: S608 (identifiers from the models, values as parameters)
        {"prefix": f"{CODE}-", "stores": store_ids, "per_store": per_store,
         "count": len(store_ids) * per_store},
    )  # fmt: skip
    execute(
        f"""
        INSERT INTO {quoted(ManagerScope)} (manager_id, unit_id, created_at)
        SELECT DISTINCT ON (home_store_id) id, home_store_id, now()
        FROM {quoted(User)} WHERE home_store_id = ANY(%(stores)s)
        ORDER BY home_store_id, id
        """,  # noqa: S608 (identifiers from the models, values as parameters)
        {"stores": store_ids},
    )


def people_cte() -> str:
    """``people``: the bench's people numbered from 0 (``n``) with their home store."""
    return f"""people AS (
        SELECT id, home_store_id, row_number() OVER (ORDER BY id) - 1 AS n
        FROM {quoted(User)} WHERE home_store_id = ANY(%(stores)s)
    )"""  # noqa: S608 (identifiers from the models, values as parameters)


@dataclass
class Span:
    """The UTC instants the facts are spread over, in ``slots`` equal parts per person."""

    start: datetime
    end: datetime

    def slot_seconds(self, rows: int, people: int) -> float:
        return (self.end - self.start).total_seconds() / -(-rows // people)


def insert_attempts(*, exam: ExamPage, exam_keys, store_ids, people: int, count: int,
                    questions: int, span: Span) -> None:  # fmt: skip
    """``count`` finished attempts, ``count / people`` per person, each in the next slot
    of the span: person n sits exam (slot + n) mod E, so a person's attempts at one exam
    are numbered in time order. 40-100 % right; 1 in 40 closed when time ran out."""
    execute(
        f"""
        WITH {people_cte()}
        INSERT INTO {quoted(Attempt)} (exam_id, exam_key, number, status, locale_id,
            store_id, user_id, pass_mark, started_at, submitted_at, finished_at, graded_at,
            score_points, max_points, percentage, passed, regrade_count)
        SELECT %(exam)s, (%(keys)s::uuid[])[mod(x.slot + x.n, %(exams)s) + 1],
               x.slot / %(exams)s + 1,
               CASE WHEN mod(x.g, 40) = 0 THEN 'closed_overdue' ELSE 'submitted' END,
               %(locale)s, p.home_store_id, p.id, %(pass_mark)s,
               x.finished_at - interval '12 minutes', x.finished_at, x.finished_at,
               x.finished_at, x.correct, %(questions)s,
               round(x.correct * 100.0 / %(questions)s, 2),
               x.correct * 100.0 / %(questions)s >= %(pass_mark)s, 0
        FROM (
            SELECT g, mod(g, %(people)s) AS n, g / %(people)s AS slot,
                   %(low)s + floor(random() * (%(questions)s - %(low)s + 1))::int AS correct,
                   %(start)s + (g / %(people)s + random()) * %(slot_seconds)s
                       * interval '1 second' AS finished_at
            FROM generate_series(0, %(count)s - 1) AS g
        ) x
        JOIN people p ON p.n = x.n
        """,  # noqa: S608 (identifiers from the models, values as parameters)
        {"exam": exam.pk, "keys": exam_keys, "exams": len(exam_keys),
         "locale": exam.locale_id, "pass_mark": PASS_MARK, "questions": questions,
         "low": questions * 2 // 5, "people": people, "count": count, "stores": store_ids,
         "start": span.start, "slot_seconds": span.slot_seconds(count, people)},
    )  # fmt: skip


def insert_answers(*, exam: ExamPage, bank: Bank) -> None:
    """Every attempt's questions (the first ``score_points`` right) and their answers."""
    execute(
        f"""
        INSERT INTO {quoted(AttemptQuestion)} (attempt_id, position, question_key,
            standard_key, revision_id, option_order, points, score)
        SELECT a.id, q.position, (%(question_keys)s::uuid[])[q.position], %(standard_key)s,
               (%(revisions)s::int[])[q.position], %(orders)s::jsonb -> (q.position - 1), 1,
               CASE WHEN q.position <= a.score_points THEN 1 ELSE 0 END
        FROM {quoted(Attempt)} a
        CROSS JOIN generate_series(1, %(questions)s) AS q(position)
        WHERE a.exam_id = %(exam)s
        ORDER BY a.id, q.position
        """,  # noqa: S608 (identifiers from the models, values as parameters)
        {"question_keys": bank.question_keys, "standard_key": bank.standard_key,
         "revisions": bank.revision_ids, "orders": json.dumps(bank.option_orders),
         "questions": len(bank.question_keys), "exam": exam.pk},
    )  # fmt: skip
    execute(
        f"""
        INSERT INTO {quoted(Answer)} (attempt_question_id, selected, sequence, saved_at)
        SELECT aq.id,
               jsonb_build_array(
                   (CASE WHEN aq.score > 0 THEN %(right)s::jsonb ELSE %(wrong)s::jsonb END)
                   ->> (aq.position - 1)),
               aq.position, a.started_at + aq.position * interval '30 seconds'
        FROM {quoted(AttemptQuestion)} aq
        JOIN {quoted(Attempt)} a ON a.id = aq.attempt_id
        WHERE a.exam_id = %(exam)s
        ORDER BY aq.id
        """,  # noqa: S608 (identifiers from the models, values as parameters)
        {"right": json.dumps(bank.right_keys), "wrong": json.dumps(bank.wrong_keys),
         "exam": exam.pk},
    )  # fmt: skip


def insert_runs(*, scenario: ScenarioPage, keys, store_ids, people: int, count: int,
                span: Span) -> None:  # fmt: skip
    """``count`` finished role-play runs of ``keys`` scenarios, scored 0-5 of 5."""
    execute(
        f"""
        WITH {people_cte()}
        INSERT INTO {quoted(ScenarioRun)} (scenario_id, scenario_key, revision_id, user_id,
            choices, path, score, max_score, pass_score, passed, ending_key, started_at,
            finished_at)
        SELECT %(scenario)s, (%(keys)s::uuid[])[mod(x.slot + x.n, %(scenarios)s) + 1],
               %(revision)s, p.id, '[0, 0]', '[]', x.score, %(best)s, 3, x.score >= 3,
               CASE WHEN x.score >= 3 THEN 'settled' ELSE 'walks-out' END,
               x.finished_at - interval '6 minutes', x.finished_at
        FROM (
            SELECT mod(g, %(people)s) AS n, g / %(people)s AS slot,
                   floor(random() * (%(best)s + 1))::int AS score,
                   %(start)s + (g / %(people)s + random()) * %(slot_seconds)s
                       * interval '1 second' AS finished_at
            FROM generate_series(0, %(count)s - 1) AS g
        ) x
        JOIN people p ON p.n = x.n
        """,  # noqa: S608 (identifiers from the models, values as parameters)
        {"scenario": scenario.pk, "keys": keys, "scenarios": len(keys),
         "revision": scenario.latest_revision_id, "best": SCENARIO_BEST, "people": people,
         "count": count, "stores": store_ids, "start": span.start,
         "slot_seconds": span.slot_seconds(count, people)},
    )  # fmt: skip


def insert_enrolments(*, course: CoursePage, store_ids, people: int, count: int,
                      span: Span) -> None:  # fmt: skip
    """``count`` enrolments (one course key per person and slot) due on a day of the span:
    55 % completed by the due date (UTC), 20 % after it, 22 % not, 3 % withdrawn."""
    slots = -(-count // people)
    execute(
        f"""
        WITH {people_cte()}
        INSERT INTO {quoted(Enrolment)} (course_id, course_key, source, user_id,
            enrolled_at, due_on, started_at, completed_at, withdrawn_at)
        SELECT %(course)s, (%(keys)s::uuid[])[x.slot + 1], 'manager', p.id,
               (x.due_on - 30)::timestamp AT TIME ZONE 'UTC',
               x.due_on,
               CASE WHEN x.roll < 0.9 THEN (x.due_on - 20)::timestamp AT TIME ZONE 'UTC' END,
               CASE WHEN x.roll < 0.55
                    THEN ((x.due_on - x.lag)::timestamp + x.hour) AT TIME ZONE 'UTC'
                    WHEN x.roll < 0.75
                    THEN ((x.due_on + 1 + x.lag)::timestamp + x.hour) AT TIME ZONE 'UTC'
               END,
               CASE WHEN x.roll >= 0.97 THEN (x.due_on - 10)::timestamp AT TIME ZONE 'UTC' END
        FROM (
            SELECT mod(g, %(people)s) AS n, g / %(people)s AS slot, random() AS roll,
                   floor(random() * 10)::int AS lag, random() * interval '24 hours' AS hour,
                   %(first_day)s::date + floor(random() * %(days)s)::int AS due_on
            FROM generate_series(0, %(count)s - 1) AS g
        ) x
        JOIN people p ON p.n = x.n
        """,  # noqa: S608 (identifiers from the models, values as parameters)
        {"course": course.pk, "keys": [uuid.uuid4() for _ in range(slots)],
         "people": people, "count": count, "stores": store_ids,
         "first_day": span.start.date(), "days": (span.end - span.start).days},
    )  # fmt: skip


def build(args, span: Span) -> None:
    """Everything in one transaction, then VACUUM ANALYZE of the tables filled."""
    timings = []
    people = args.regions * args.stores * args.people
    print("building:", flush=True)
    with transaction.atomic():
        execute("SELECT setseed(0.42)", [])
        with step("organisation and people", timings):
            store_ids = build_organisation(args.regions, args.stores)
            insert_people(store_ids, args.people)
        with step("questions and pages", timings):
            standard, bank = build_bank(args.questions)
            course, exam, scenario = build_pages(standard, args.questions)
        exam_keys = [exam.translation_key] + [uuid.uuid4() for _ in range(args.exams - 1)]
        with step(f"{args.attempts:,} attempts", timings):
            insert_attempts(exam=exam, exam_keys=exam_keys, store_ids=store_ids, people=people,
                            count=args.attempts, questions=args.questions, span=span)  # fmt: skip
        with step(f"{args.attempts * args.questions:,} attempt questions and answers", timings):
            insert_answers(exam=exam, bank=bank)
        with step(f"{args.runs:,} runs and {args.enrolments:,} enrolments", timings):
            scenario_keys = [scenario.translation_key] + [
                uuid.uuid4() for _ in range(args.scenarios - 1)
            ]
            insert_runs(scenario=scenario, keys=scenario_keys, store_ids=store_ids,
                        people=people, count=args.runs, span=span)  # fmt: skip
            insert_enrolments(course=course, store_ids=store_ids, people=people,
                              count=args.enrolments, span=span)  # fmt: skip
        with step("commit", timings):
            pass
    with step("VACUUM ANALYZE", timings):
        for model in (User, ManagerScope, OrgUnit, Attempt, AttemptQuestion, Answer,
                      ScenarioRun, Enrolment):  # fmt: skip
            execute(f"VACUUM (ANALYZE) {quoted(model)}", [])
    print(f"  build total: {sum(seconds for _name, seconds in timings):.1f} s", flush=True)


def remove(built: Built) -> None:
    """Delete everything ``build`` made: the big tables by SQL, the rest with the ORM."""
    start = time.perf_counter()
    exam, units = built.exam.pk, OrgUnit.objects.filter(path__startswith=built.company.path)
    with transaction.atomic():
        execute(
            f"""
            DELETE FROM {quoted(Answer)} an USING {quoted(AttemptQuestion)} aq,
                {quoted(Attempt)} a
            WHERE an.attempt_question_id = aq.id AND aq.attempt_id = a.id
                AND a.exam_id = %s
            """,  # noqa: S608 (identifiers from the models, values as parameters)
            [exam],
        )
        execute(
            f"""DELETE FROM {quoted(AttemptQuestion)} aq USING {quoted(Attempt)} a
            WHERE aq.attempt_id = a.id AND a.exam_id = %s""",  # noqa: S608
            [exam],
        )
        execute(f"DELETE FROM {quoted(Attempt)} WHERE exam_id = %s", [exam])  # noqa: S608
        ScenarioRun.objects.filter(scenario_id=built.scenario.pk).delete()
        Enrolment.objects.filter(course_id=built.course.pk).delete()
        ManagerScope.objects.filter(unit__in=units).delete()
        User.objects.filter(home_store__in=units).delete()
        units.delete()
        index = CourseIndexPage.objects.get(slug=CODE)
        pages = list(Page.objects.descendant_of(index, inclusive=True).values_list("pk", flat=True))
        index.delete()
        PageLogEntry.objects.filter(page_id__in=pages).delete()
        standard = Standard.objects.get(code="BENCH-STANDINGS", category__code=CODE)
        Question.objects.filter(standard=standard).delete()
        standard.delete()
        StandardCategory.objects.filter(code=CODE).delete()
    print(f"removed the bench's rows in {time.perf_counter() - start:.1f} s")


# Measuring -----------------------------------------------------------------------------


def in_month(windows, *, store: str, instant: str) -> Q:
    """Rows of the units' stores in each zone's month (as the selector counts them)."""
    return reduce(
        or_,
        (
            Q(**{f"{store}__in": window.unit_ids, f"{instant}__gte": window.start,
                 f"{instant}__lt": window.end})
            for window in windows
        ),
    )  # fmt: skip


def print_sizes(built: Built, month: date) -> None:
    units = OrgUnit.objects.filter(path__startswith=built.company.path)
    people = User.objects.filter(home_store__in=units)
    attempts = Attempt.objects.filter(exam=built.exam)
    runs = ScenarioRun.objects.filter(scenario=built.scenario)
    enrolments = Enrolment.objects.filter(course=built.course)
    windows = zone_windows(unit=built.company, month=month)
    month_attempts = attempts.filter(
        in_month(windows, store="store_id", instant="finished_at")
    ).count()
    month_runs = runs.filter(
        in_month(windows, store="user__home_store_id", instant="finished_at")
    ).count()
    due = enrolments.filter(due_on__gte=month, due_on__lt=next_month(month)).count()
    answers = Answer.objects.filter(attempt_question__attempt__exam=built.exam).count()
    print(fetch_one("SELECT version()"))
    print(
        f"units: {units.count()} ({len(windows)} time zones); people: {people.count():,} "
        f"({people.filter(is_active=False).count()} inactive, "
        f"{ManagerScope.objects.filter(unit__in=units).count()} managers); "
        f"exams: {attempts.values('exam_key').distinct().count()}"
    )
    print(
        f"attempts: {attempts.count():,} ({month_attempts:,} finished in {month:%Y-%m}); "
        f"answers: {answers:,}; role-play runs: {runs.count():,} ({month_runs:,} in the "
        f"month); enrolments: {enrolments.count():,} ({due:,} due in the month)"
    )


def programme(level: str, weights: tuple[int, int, int]) -> Programme:
    exams, roleplay, on_time = weights
    return Programme(
        name=f"Bench {level}", slug=f"bench-{level}", scope_level=level, winners_per_unit=3,
        weight_exams=exams, weight_roleplay=roleplay, weight_on_time=on_time,
    )  # fmt: skip


class QueryTimer:
    """An execute wrapper timing each query (CaptureQueriesContext rounds to 1 ms)."""

    def __init__(self):
        self.ms = []

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.ms.append((time.perf_counter() - start) * 1000)


def measure(label: str, *, programme: Programme, unit: OrgUnit, month: date, repeat: int,
            explain: bool) -> None:  # fmt: skip
    samples, per_query = [], []
    for _ in range(repeat + 1):  # the first call warms up and is not counted
        timer = QueryTimer()
        with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(timer):
            start = time.perf_counter()
            standings = standings_for_month(programme=programme, unit=unit, month=month)
            elapsed = (time.perf_counter() - start) * 1000
        samples.append(elapsed)
        per_query.append(timer.ms)
    samples, per_query = samples[1:], per_query[1:]
    query_medians = [statistics.median(times) for times in zip(*per_query, strict=True)]
    ranked = sum(1 for standing in standings.rows if standing.rank is not None)
    print(
        f"{label}: median {statistics.median(samples):.1f} ms, min {min(samples):.1f}, "
        f"max {max(samples):.1f} (of {repeat}); {len(queries)} queries "
        f"({', '.join(f'{ms:.1f}' for ms in query_medians)} ms each, median); "
        f"{standings.eligible_count:,} taking part, {ranked:,} ranked, "
        f"{len(standings.winners)} winners"
    )
    if explain:
        slowest = queries.captured_queries[query_medians.index(max(query_medians))]
        print("\n".join(fetch_all_lines(f"EXPLAIN (ANALYZE, BUFFERS) {slowest['sql']}")))


def fetch_all_lines(sql: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [row[0] for row in cursor.fetchall()]


def run_measurements(built: Built, month: date, args) -> None:
    region = OrgUnit.objects.filter(path__startswith=built.company.path, kind="region")
    region = region.order_by("path").first()
    store = OrgUnit.objects.filter(path__startswith=region.path, kind="store").order_by("path")
    store = store.first()
    for level, unit in (("company", built.company), ("region", region), ("store", store)):
        people = User.objects.filter(home_store__path__startswith=unit.path).count()
        for weights in ((1, 0, 0), (1, 1, 1)):
            measure(
                f"{level} {unit.name} ({people:,} people), weights "
                f"{':'.join(map(str, weights))}",
                programme=programme(level, weights), unit=unit, month=month,
                repeat=args.repeat, explain=args.explain,
            )  # fmt: skip


def parse_month(text: str) -> date:
    return date.fromisoformat(f"{text}-01")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--regions", type=int, default=10)
    parser.add_argument("--stores", type=int, default=10, help="per region")
    parser.add_argument("--people", type=int, default=100, help="per store")
    parser.add_argument("--exams", type=int, default=5)
    parser.add_argument("--attempts", type=int, default=100_000)
    parser.add_argument("--questions", type=int, default=20, help="answers per attempt")
    parser.add_argument("--scenarios", type=int, default=3)
    parser.add_argument("--runs", type=int, default=30_000)
    parser.add_argument("--enrolments", type=int, default=30_000)
    parser.add_argument("--first-month", type=parse_month, default=date(2026, 1, 1))
    parser.add_argument("--months", type=int, default=3, help="the middle one is measured")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--keep", action="store_true", help="keep the rows for the next run")
    parser.add_argument("--rebuild", action="store_true", help="remove kept rows and build")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN the slowest query")
    args = parser.parse_args()
    name = connection.settings_dict["NAME"]
    if connection.vendor != "postgresql" or "bench" not in name:
        sys.exit(f"Use a PostgreSQL database of its own, named *bench* (not {name!r}).")

    months = [args.first_month]
    for _ in range(args.months):
        months.append(next_month(months[-1]))
    span = Span(datetime.combine(months[0], datetime.min.time(), UTC),
                datetime.combine(months[-1], datetime.min.time(), UTC))  # fmt: skip
    month = months[args.months // 2]

    built = find_built()
    if built is not None and args.rebuild:
        remove(built)
        built = None
    if built is None:
        build(args, span)
        built = find_built()
    else:
        print("using the rows kept by an earlier run (--rebuild to build them again)")
    try:
        print_sizes(built, month)
        run_measurements(built, month, args)
    finally:
        if not args.keep:
            remove(built)


if __name__ == "__main__":
    main()
