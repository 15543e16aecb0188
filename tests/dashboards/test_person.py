"""A learner's transcript for their manager, and the actions on it: moving a due date and
sending a reminder now (once a day, in the learner's language, never to people who
switched reminders off)."""

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from lms.learning.models import Enrolment
from lms.notifications.services import notification_preference_set
from tests.factories import LearnerFactory, ManagerFactory
from tests.factories.quizzes import ExamPageFactory
from tests.factories.recognition import (
    AwardFactory,
    FinishedAttemptFactory,
    FinishedScenarioRunFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 9, 10, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def section_text(response, heading_id) -> str:
    soup = BeautifulSoup(response.content, "html.parser")
    section = soup.find(id=heading_id).find_parent("section")
    return " ".join(section.get_text(" ", strip=True).split())


@pytest.fixture
def record(learner, store, course, enrol):
    """A course in progress, a failed attempt, a passed role-play and an award."""
    enrol(learner, due_on=date(2026, 3, 20), started_at=NOW)
    exam = ExamPageFactory(parent=course, title="Final exam")
    FinishedAttemptFactory(
        user=learner,
        exam=exam,
        exam_key=exam.translation_key,
        number=1,
        percentage=Decimal("72.5"),
        finished_at=datetime(2026, 3, 2, 9, tzinfo=UTC),
    )
    FinishedScenarioRunFactory(
        user=learner,
        scenario=course.get_children().first(),
        score=4,
        finished_at=datetime(2026, 3, 3, 9, tzinfo=UTC),
    )
    AwardFactory(
        programme=ProgrammeFactory(name="Service star"),
        unit=store,
        user=learner,
        status="confirmed",
        month=date(2026, 2, 1),
        score=Decimal(95),
    )


def test_the_transcript_shows_courses_attempts_runs_certificates_and_awards(
    client, manager, learner, record
):
    client.force_login(manager)

    response = client.get(reverse("dashboards:person", args=[learner.pk]))

    assert response.status_code == 200
    courses = section_text(response, "courses-heading")
    assert "Service essentials" in courses
    assert "In progress" in courses
    assert "0 of 2 steps done" in courses  # the lesson and the exam
    assert "Due March 20, 2026" in courses
    attempts = section_text(response, "attempts-heading")
    assert "Final exam" in attempts and "72.5 %" in attempts and "Not passed" in attempts
    assert "Bratislava Old Town" in attempts
    runs = section_text(response, "runs-heading")
    assert "4 of 5" in runs and "Passed" in runs
    assert "No certificates yet." in section_text(response, "certificates-heading")
    assert "Service star, Bratislava Old Town, February 2026 (95 %)" in section_text(
        response, "awards-heading"
    )


def test_the_transcript_downloads_as_a_table_of_each_kind(client, manager, learner, record):
    client.force_login(manager)
    url = reverse("dashboards:person", args=[learner.pk])

    response = client.get(url, {"export": "csv"})

    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''anna-nov%C3%A1kov%C3%A1-2026-03-09.csv"  # anna-nováková
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    titles = [rows[0][0]] + [rows[i + 1][0] for i, row in enumerate(rows) if row == []]
    assert titles == ["Courses", "Exam attempts", "Role-plays", "Certificates", "Awards"]
    assert ["Service essentials", "In progress", "0", "2", "2026-03-20", ""] in rows
    assert [
        "Final exam",
        "1",
        "72.50",
        "Not passed",
        "2026-03-02 10:00",
        "Bratislava Old Town",
    ] in (rows)
    assert ["Service star", "Bratislava Old Town", "2026-02-01", "95.00", "Confirmed"] in rows

    workbook = load_workbook(io.BytesIO(client.get(url, {"export": "xlsx"}).content))
    assert workbook.sheetnames == titles
    header, run = workbook["Role-plays"].iter_rows(values_only=True)
    assert run[: header.index("Result") + 1] == (
        learner.scenario_runs.get().scenario.title,
        4,
        5,
        "Passed",
    )
    assert list(workbook["Certificates"].iter_rows(values_only=True))[1:] == []


def test_the_transcript_runs_a_fixed_number_of_queries(
    client, manager, learner, course, enrol, django_assert_max_num_queries
):
    enrol(learner)
    client.force_login(manager)

    with django_assert_max_num_queries(24):
        client.get(reverse("dashboards:person", args=[learner.pk]))


def test_a_manager_moves_a_due_date_and_it_is_logged(client, manager, learner, enrol):
    enrolment = enrol(learner, due_on=date(2026, 3, 1))
    client.force_login(manager)

    response = client.post(
        reverse("dashboards:set_due", args=[enrolment.pk]), {"due_on": "2026-03-31"}, follow=True
    )

    enrolment.refresh_from_db()
    assert enrolment.due_on == date(2026, 3, 31)
    assert "Anna Nováková now has until March 31, 2026 for Service essentials." in (
        response.content.decode()
    )
    assert ModelLogEntry.objects.filter(action="learning.due_date_changed").exists()

    client.post(reverse("dashboards:set_due", args=[enrolment.pk]), {"due_on": ""})
    enrolment.refresh_from_db()
    assert enrolment.due_on is None

    bad = client.post(
        reverse("dashboards:set_due", args=[enrolment.pk]), {"due_on": "soon"}, follow=True
    )
    assert "Enter a valid date." in bad.content.decode()


def test_a_reminder_now_is_sent_once_a_day_in_the_learners_language(
    client, manager, learner, enrol, django_capture_on_commit_callbacks
):
    learner.preferred_language = "sk"
    learner.save()
    enrolment = enrol(learner, due_on=date(2026, 3, 1))
    client.force_login(manager)
    url = reverse("dashboards:remind", args=[enrolment.pk])

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, follow=True)
        second = client.post(url, follow=True)

    assert "Reminder of Service essentials sent to Anna Nováková." in first.content.decode()
    assert "has already been reminded of Service essentials today." in second.content.decode()
    [message] = mail.outbox
    assert message.to == [learner.email]
    assert "Marek Novák" in message.body
    assert "/sk/" in message.body
    assert ModelLogEntry.objects.filter(action="learning.reminder_sent").count() == 1


def test_no_reminder_to_someone_who_switched_them_off_or_has_finished(
    client, manager, learner, enrol, store
):
    notification_preference_set(user=learner, optional_email=False)
    enrolment = enrol(learner, due_on=date(2026, 3, 1))
    done = enrol(LearnerFactory(home_store=store, full_name="Done"), completed_at=NOW)
    client.force_login(manager)

    off = client.post(reverse("dashboards:remind", args=[enrolment.pk]), follow=True)
    finished = client.post(reverse("dashboards:remind", args=[done.pk]), follow=True)

    assert "Anna Nováková has switched reminder e-mails off." in off.content.decode()
    assert "Done has nothing left to do in this course." in finished.content.decode()
    assert mail.outbox == []


def test_a_manager_of_another_store_cannot_act(client, learner, enrol, other_store):
    enrolment = enrol(learner)
    elsewhere = ManagerFactory()
    from lms.people.models import ManagerScope

    ManagerScope.objects.create(manager=elsewhere, unit=other_store)
    client.force_login(elsewhere)

    assert client.get(reverse("dashboards:person", args=[learner.pk])).status_code == 404
    assert client.post(reverse("dashboards:remind", args=[enrolment.pk])).status_code == 404
    response = client.post(reverse("dashboards:set_due", args=[enrolment.pk]), {"due_on": ""})
    assert response.status_code == 404
    assert Enrolment.objects.get().due_on is None
    assert client.get(reverse("dashboards:remind", args=[enrolment.pk])).status_code == 405
