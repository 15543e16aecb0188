"""Benchmark: the manager pages company-wide, for a company of 10,000 people.

Builds, once, the same company as ``bench_standings.py`` (10 regions x 10 stores x 100
people over four time zones, 100,000 exam attempts with 2,000,000 answers, 30,000
role-play runs, 30,000 enrolments), dated over the last three months so the default
periods of the pages cover it, and then adds what the manager pages read: ten standards
spread over the questions, two role-play replies per run that apply or break one of them,
due dates a third of them still ahead, and a manager of the whole company.

Then it requests each manager page as that manager through Django's test client (the
real views, templates and middleware) and prints the median, min and max time of N
requests, the number of queries and the size of the answer.

    psql postgres://postgres@127.0.0.1:5432/postgres -c "CREATE DATABASE academy_bench_dashboards"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/academy_bench_dashboards \\
        .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/academy_bench_dashboards \\
        .venv/bin/python bench/bench_dashboards.py --keep

``--keep`` leaves the rows for the next run; without it they are removed at the end.
"""

import argparse
import statistics
import sys
import time
from datetime import UTC, date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_standings as company
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from content.models import Standard, StandardCategory
from lms.dashboards.models import TeamExport
from lms.learning.models import Enrolment, ScenarioRun
from lms.people.models import ManagerScope, User
from lms.people.roles import MANAGER
from quizzes.models import Attempt, AttemptQuestion

MANAGER_EMAIL = f"{company.CODE}-company-manager@bench.example"
STANDARDS = 10


def add_what_the_manager_pages_read(built: company.Built) -> None:
    """Standards on the questions and replies, due dates ahead, the company's manager."""
    timings = []
    print("adding standards, replies, due dates and the company's manager:", flush=True)
    with transaction.atomic():
        category = StandardCategory.objects.get(code=company.CODE)
        first = Standard.objects.get(code="BENCH-STANDINGS", category=category)
        keys = [first.translation_key]
        for number in range(2, STANDARDS + 1):
            standard = Standard.objects.create(
                code=f"BENCH-{number:02d}",
                title=f"Bench standard {number}",
                rule="Serve every customer to the standard.",
                criterion="Observed on the shop floor.",
                category=category,
                locale=first.locale,
            )
            keys.append(standard.translation_key)
        with company.step("questions spread over the standards", timings):
            company.execute(
                f"""UPDATE {company.quoted(AttemptQuestion)} aq
                SET standard_key = (%(keys)s::uuid[])[mod(aq.position, %(n)s) + 1]
                FROM {company.quoted(Attempt)} a
                WHERE a.id = aq.attempt_id AND a.exam_id = %(exam)s""",  # noqa: S608
                {"keys": keys, "n": len(keys), "exam": built.exam.pk},
            )
        with company.step("two replies per role-play run", timings):
            company.execute(
                f"""UPDATE {company.quoted(ScenarioRun)} r SET path = jsonb_build_array(
                    jsonb_build_object('step', 'opening', 'reply', 0, 'points', 2,
                        'standard', (%(keys)s::text[])[mod(r.id, %(n)s) + 1],
                        'effect', CASE WHEN random() < 0.25 THEN 'breaks' ELSE 'applies' END),
                    jsonb_build_object('step', 'listen', 'reply', 0, 'points', 3,
                        'standard', (%(keys)s::text[])[mod(r.id + 3, %(n)s) + 1],
                        'effect', CASE WHEN random() < 0.15 THEN 'breaks' ELSE 'applies' END))
                WHERE r.scenario_id = %(scenario)s""",  # noqa: S608
                {"keys": [str(key) for key in keys], "n": len(keys),
                 "scenario": built.scenario.pk},
            )  # fmt: skip
        with company.step("a third of the open enrolments due ahead", timings):
            company.execute(
                f"""UPDATE {company.quoted(Enrolment)} SET due_on = due_on + 60
                WHERE course_id = %s AND completed_at IS NULL AND mod(id, 3) = 0""",  # noqa: S608
                [built.course.pk],
            )
        manager = User.objects.create(
            email=MANAGER_EMAIL, full_name="Bench company manager", preferred_language="en"
        )
        manager.groups.set(Group.objects.filter(name=MANAGER))
        ManagerScope.objects.create(manager=manager, unit=built.company)
    for model in (AttemptQuestion, ScenarioRun, Enrolment):
        company.execute(f"VACUUM (ANALYZE) {company.quoted(model)}", [])


def remove(built: company.Built) -> None:
    User.objects.filter(email=MANAGER_EMAIL).delete()
    Standard.objects.filter(category__code=company.CODE).exclude(code="BENCH-STANDINGS").delete()
    company.remove(built)


def measure(client: Client, label: str, url: str, *, repeat: int) -> None:
    samples = []
    for _ in range(repeat + 1):  # the first request warms up and is not counted
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            body = response.content if not response.streaming else b"".join(response)
            samples.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            sys.exit(f"{label}: {url} answered {response.status_code}")
    samples = samples[1:]
    print(
        f"{label}: median {statistics.median(samples):.0f} ms, min {min(samples):.0f}, "
        f"max {max(samples):.0f} (of {repeat}); {len(queries)} queries; "
        f"{len(body) / 1024:.0f} KiB  [{url}]",
        flush=True,
    )


def run_measurements(built: company.Built, args) -> None:
    manager = User.objects.get(email=MANAGER_EMAIL)
    # Managers must use two-factor authentication; the session is forced in, as in the
    # browser tests, but the manager needs an authenticator for the pages to open.
    if not Authenticator.objects.filter(user=manager, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(manager, generate_totp_secret())
    client = Client(HTTP_HOST="localhost")
    client.force_login(manager)
    person = (
        User.objects.filter(home_store__path__startswith=built.company.path, is_active=True)
        .order_by("pk")
        .first()
    )
    enrolments = Enrolment.objects.filter(course=built.course)
    print(
        f"the manager sees {enrolments.count():,} enrolments of "
        f"{enrolments.values('user').distinct().count():,} people"
    )
    last_page = -(-enrolments.count() // 50)
    pages = [
        ("team overview, page 1", "/en/manage/", args.repeat),
        ("team overview, sorted by due date, last first", "/en/manage/?sort=-due", args.repeat),
        ("team overview, overdue only", "/en/manage/?status=overdue", args.repeat),
        ("team overview, a name searched", "/en/manage/?q=Person+00421", args.repeat),
        (f"team overview, page {last_page}", f"/en/manage/?page={last_page}", args.repeat),
        ("a person's transcript", f"/en/manage/people/{person.pk}/", args.repeat),
        ("exam results, last 90 days", "/en/manage/results/", args.repeat),
        ("standards heatmap by store (100 columns)", "/en/manage/standards/", args.repeat),
        ("standards heatmap by region", "/en/manage/standards/?by=region", args.repeat),
    ]
    for label, url, repeat in pages:
        measure(client, label, url, repeat=repeat)
    with override_settings(DASHBOARD_EXPORT_INLINE_ROWS=10**9):
        # What a download at once would cost, were the table not sent to a worker.
        for fmt in ("csv", "xlsx"):
            label = f"team overview as {fmt.upper()} at once (every row)"
            measure(client, label, f"/en/manage/?export={fmt}", repeat=args.export_repeat)
    for fmt in ("csv", "xlsx"):
        measure_prepared(client, manager, fmt, repeat=args.export_repeat)


def measure_prepared(client: Client, manager: User, fmt: str, *, repeat: int) -> None:
    """The worker's part of a long export: the job run from asking to the file written
    (tasks run in-process here, so the request returns when the file is ready)."""
    samples = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.post("/en/manage/exports/", {"query": "", "format": fmt})
            samples.append((time.perf_counter() - start) * 1000)
        export = TeamExport.objects.filter(owner=manager).first()
        if response.status_code != 302 or not export.is_ready:
            sys.exit(f"the {fmt} export answered {response.status_code}: {export.job.error}")
        size = export.file.size
        export.file.delete()
        export.delete()
    print(
        f"team overview as {fmt.upper()} prepared by the job ({export.rows:,} rows): median "
        f"{statistics.median(samples):.0f} ms, min {min(samples):.0f}, max {max(samples):.0f} "
        f"(of {repeat}); {len(queries)} queries; {size / 1024:.0f} KiB",
        flush=True,
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--export-repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the rows for the next run")
    parser.add_argument("--rebuild", action="store_true", help="remove kept rows and build")
    args = parser.parse_args()
    name = connection.settings_dict["NAME"]
    if connection.vendor != "postgresql" or "bench" not in name:
        sys.exit(f"Use a PostgreSQL database of its own, named *bench* (not {name!r}).")
    # The company of bench_standings at its defaults, over the three months up to now.
    build_args = argparse.Namespace(
        regions=10, stores=10, people=100, exams=5, attempts=100_000, questions=20,
        scenarios=3, runs=30_000, enrolments=30_000,
    )  # fmt: skip
    now = timezone.now().astimezone(UTC)
    span = company.Span(now - timedelta(days=90), now)

    built = company.find_built()
    if built is not None and args.rebuild:
        remove(built)
        built = None
    if built is None:
        company.build(build_args, span)
        built = company.find_built()
        add_what_the_manager_pages_read(built)
    else:
        print("using the rows kept by an earlier run (--rebuild to build them again)")
    try:
        print(company.fetch_one("SELECT version()"))
        print(f"today: {date.today()}, data from {span.start:%Y-%m-%d} to {span.end:%Y-%m-%d}")
        run_measurements(built, args)
    finally:
        if not args.keep:
            remove(built)


if __name__ == "__main__":
    main()
