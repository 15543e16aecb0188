"""The manager pages on a phone: the team overview from the header, a status filter, a
person's transcript with a due date moved, a CSV export read back, and the results and
standards pages. Each page passes axe and fits the screen."""

import csv
import io
import re
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook
from redis import Redis

from lms.celery import app
from lms.dashboards.models import TeamExport
from lms.jobs.services import job_run
from lms.learning.models import Enrolment
from lms.people.models import ManagerScope
from tests.browser.conftest import fits_screen, serious_violations
from tests.browser.test_leaderboard import _session_cookie
from tests.factories import LearnerFactory, ManagerFactory, RegionFactory, StoreFactory
from tests.factories.content import CourseIndexPageFactory, CoursePageFactory, LessonPageFactory
from tests.factories.learning import EnrolmentFactory
from tests.factories.quizzes import ExamPageFactory
from tests.factories.recognition import FinishedAttemptFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def team(home_page):
    """Central Europe: Anna (on time) and Boris (overdue) in two stores, their manager, and
    a stranger in another region the manager must never see."""
    region = RegionFactory(name="Central Europe", time_zone="Europe/Bratislava")
    bratislava = StoreFactory(parent=region, name="Bratislava Old Town")
    kosice = StoreFactory(parent=region, name="Košice Centre")
    course = CoursePageFactory(
        parent=CourseIndexPageFactory(parent=home_page), title="Service essentials"
    )
    LessonPageFactory(parent=course, title="Greeting the customer")
    exam = ExamPageFactory(parent=course, title="Standards exam")
    today = timezone.localdate()
    anna = LearnerFactory(home_store=bratislava, full_name="Anna Nováková")
    boris = LearnerFactory(home_store=kosice, full_name="Boris Kráľ")
    stranger = LearnerFactory(
        home_store=StoreFactory(parent=RegionFactory(name="Central Asia"), name="Osh Bazaar"),
        full_name="Aigul Osmonova",
    )
    for person, due in ((anna, today + timedelta(days=20)), (boris, today - timedelta(days=3))):
        EnrolmentFactory(user=person, course=course, due_on=due)
    EnrolmentFactory(user=stranger, course=course, due_on=today - timedelta(days=3))
    FinishedAttemptFactory(
        user=anna,
        exam=exam,
        exam_key=exam.translation_key,
        store=bratislava,
        number=1,
        percentage=Decimal("88"),
        finished_at=datetime.now(UTC) - timedelta(days=1),
    )
    manager = ManagerFactory(full_name="Marek Novák")
    ManagerScope.objects.create(manager=manager, unit=region)
    return {"manager": manager, "anna": anna, "boris": boris}


def checked(phone, axe) -> bool:
    assert serious_violations(axe.run(phone)) == []
    return fits_screen(phone)


def test_a_manager_filters_the_team_opens_a_transcript_and_exports_it(
    phone, live_site, axe, team, tmp_path
):
    # Managers use two-factor authentication: force the session in rather than type a code.
    phone.context.add_cookies([_session_cookie(team["manager"], live_site.url)])
    phone.goto(f"{live_site.url}/en/my-learning/")
    phone.get_by_role("navigation", name="Main menu").get_by_role("link", name="Team").click()

    phone.get_by_role("heading", level=1, name="Team").wait_for()
    assert phone.get_by_text("2 course enrolments").is_visible()
    assert phone.get_by_text("Aigul Osmonova").count() == 0
    assert checked(phone, axe)

    phone.get_by_text("Filter and sort").click()
    phone.get_by_label("Status").select_option(label="Overdue")
    phone.get_by_role("button", name="Show").click()

    phone.get_by_text("1 course enrolment", exact=True).wait_for()
    assert phone.get_by_role("link", name="Boris Kráľ").is_visible()
    assert phone.get_by_role("link", name="Anna Nováková").count() == 0
    assert checked(phone, axe)

    with phone.expect_download() as download_info:
        phone.get_by_role("link", name="CSV — Team").click()
    exported = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(exported)
    rows = list(csv.reader(io.StringIO(exported.read_text(encoding="utf-8-sig"))))
    assert rows[0][:3] == ["Name", "E-mail", "Employee number"]
    assert [row[0] for row in rows[1:]] == ["Boris Kráľ"]
    assert rows[1][7] == "Overdue"

    phone.get_by_role("link", name="Boris Kráľ").click()
    phone.get_by_role("heading", level=1, name="Boris Kráľ").wait_for()
    assert phone.get_by_text("Overdue", exact=True).is_visible()
    assert checked(phone, axe)
    new_due = timezone.localdate() + timedelta(days=14)
    phone.get_by_label("New due date").fill(new_due.isoformat())
    phone.get_by_role("button", name=re.compile(r"^Change\W+Service essentials$")).click()

    phone.get_by_text("Boris Kráľ now has until").wait_for()
    assert Enrolment.objects.get(user=team["boris"]).due_on == new_due
    assert checked(phone, axe)
    phone.get_by_role(
        "button", name=re.compile(r"^Send a reminder now\W+Service essentials$")
    ).click()
    phone.get_by_text("Reminder of Service essentials sent to Boris Kráľ.").wait_for()
    assert [message.to for message in mail.outbox] == [[team["boris"].email]]


def test_a_manager_reads_the_results_and_the_standards_on_a_phone(phone, live_site, axe, team):
    phone.context.add_cookies([_session_cookie(team["manager"], live_site.url)])
    phone.goto(f"{live_site.url}/en/manage/")
    nav = phone.get_by_role("navigation", name="Manager pages")

    nav.get_by_role("link", name="Exam results").click()
    phone.get_by_role("heading", level=1, name="Exam results").wait_for()
    assert phone.get_by_role("rowheader", name="Standards exam").is_visible()
    assert checked(phone, axe)

    nav.get_by_role("link", name="Standards").click()
    phone.get_by_role("heading", level=1, name="Standards missed most").wait_for()
    assert checked(phone, axe)

    phone.goto(f"{live_site.url}/en/manage/people/{team['anna'].pk}/")
    phone.get_by_role("link", name=re.compile(r"^Standards exam\W+attempt 1$")).click()
    phone.get_by_role("heading", level=1, name="Standards exam").wait_for()
    assert phone.get_by_text("88 %").first.is_visible()
    assert checked(phone, axe)


def test_a_long_table_is_prepared_with_a_progress_bar_and_downloaded(
    phone, live_site, axe, team, settings, monkeypatch, tmp_path
):
    settings.DASHBOARD_EXPORT_INLINE_ROWS = 1
    # Jobs go to a queue no worker reads: this test plays the worker, so the page is seen
    # waiting first, then following the job to its end.
    queue = f"academy-test-{uuid.uuid4().hex[:8]}"
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    monkeypatch.setitem(app.conf, "broker_url", settings.REDIS_URL)
    monkeypatch.setitem(app.conf, "task_default_queue", queue)
    phone.context.add_cookies([_session_cookie(team["manager"], live_site.url)])
    phone.goto(f"{live_site.url}/en/manage/")

    phone.get_by_text("it is long, so it is prepared for you first").wait_for()
    phone.get_by_role("button", name="Excel (XLSX) — Team").click()

    phone.get_by_role("heading", level=1, name="Team overview as Excel (XLSX)").wait_for()
    assert phone.get_by_text("Waiting to start").is_visible()
    assert phone.get_by_role("progressbar").is_visible()
    assert checked(phone, axe)
    export = TeamExport.objects.get()
    job_run(job_id=export.job_id)

    # The page follows the job and shows the download once the file is written.
    phone.get_by_text("The file is ready: 2 rows.").wait_for()
    assert checked(phone, axe)
    with phone.expect_download() as download_info:
        phone.get_by_role("link", name="Download — Team overview as Excel (XLSX)").click()
    exported = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(exported)
    header, *rows = load_workbook(exported).active.iter_rows(values_only=True)
    assert header[0] == "Name"
    assert sorted(row[0] for row in rows) == ["Anna Nováková", "Boris Kráľ"]

    phone.get_by_role("link", name="Back to the team").click()
    phone.get_by_text("Files prepared for you").click()
    assert phone.get_by_role("link", name="Download (2 rows)").is_visible()
    assert checked(phone, axe)
    Redis.from_url(settings.REDIS_URL).delete(queue)
