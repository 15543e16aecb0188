"""Exam results for a manager: attempts, pass rates (all and first attempts), average and
spread of scores, by exam and by store, for a period and a unit; exports; fixed queries."""

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest
import time_machine
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from tests.factories import LearnerFactory
from tests.factories.quizzes import ExamPageFactory
from tests.factories.recognition import FinishedAttemptFactory

pytestmark = pytest.mark.django_db

RESULTS = "/en/manage/results/"
NOW = datetime(2026, 3, 20, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def exams(course):
    return ExamPageFactory(parent=course, title="Final exam"), ExamPageFactory(
        parent=course, title="Telephone quiz"
    )


@pytest.fixture
def sit(exams):
    numbers = {}

    def sit(person, percentage, *, exam=None, store=None, when=datetime(2026, 3, 10, tzinfo=UTC)):
        exam = exam or exams[0]
        numbers[person.pk, exam.pk] = numbers.get((person.pk, exam.pk), 0) + 1
        return FinishedAttemptFactory(
            user=person,
            exam=exam,
            exam_key=exam.translation_key,
            number=numbers[person.pk, exam.pk],
            percentage=Decimal(percentage),
            finished_at=when,
            store=store or person.home_store,
        )

    return sit


def figures(response) -> dict[str, str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        div.find("dt").get_text(strip=True): div.find("dd").get_text(strip=True)
        for div in soup.select(".dashboard-figures div")
    }


def table(response, caption) -> list[list[str]]:
    soup = BeautifulSoup(response.content, "html.parser")
    found = next(t for t in soup.select("table") if t.caption and t.caption.get_text() == caption)
    return [
        [cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])]
        for tr in found.select("tbody tr")
    ]


def test_totals_pass_rates_average_and_spread(client, manager, store, other_store, sit, exams):
    anna = LearnerFactory(home_store=store)
    boris = LearnerFactory(home_store=other_store)
    sit(anna, 70)  # first attempt, failed
    sit(anna, 90)  # second, passed
    sit(boris, 85)  # first, passed
    sit(boris, 100, exam=exams[1])
    client.force_login(manager)

    response = client.get(RESULTS)

    assert figures(response) == {
        "Attempts": "4",
        "Pass rate": "75 %",
        "First-attempt pass rate": "67 %",
        "Average score": "86.25 %",
    }
    spread = dict(tuple(row[:2]) for row in table(response, "Attempts by score"))
    assert spread["70 to 80 %"] == "1"
    assert spread["80 to 90 %"] == "1"
    assert spread["90 to 100 %"] == "2"  # 90 and 100
    assert table(response, "Results by exam") == [
        ["Final exam", "3", "67 %", "50 %", "81.67 %"],
        ["Telephone quiz", "1", "100 %", "100 %", "100 %"],
    ]
    assert [row[0] for row in table(response, "Results by store")] == [
        "Bratislava Old Town",
        "Košice Centre",
    ]


def test_results_count_under_the_store_recorded_on_the_attempt(
    client, manager, store, far_store, sit
):
    # Sat in Bratislava, then moved to a store outside the manager's region.
    moved = LearnerFactory(home_store=far_store)
    sit(moved, 90, store=store)
    sit(LearnerFactory(home_store=far_store), 50)
    client.force_login(manager)

    response = client.get(RESULTS)

    assert figures(response)["Attempts"] == "1"
    assert [row[0] for row in table(response, "Results by store")] == ["Bratislava Old Town"]


def test_filters_by_exam_course_unit_and_period(client, manager, store, other_store, sit, exams):
    anna = LearnerFactory(home_store=store)
    sit(anna, 90)
    sit(anna, 60, exam=exams[1])
    sit(LearnerFactory(home_store=other_store), 80)
    sit(anna, 40, when=datetime(2025, 1, 10, tzinfo=UTC))  # long ago
    client.force_login(manager)

    def attempts(**query):
        return figures(client.get(RESULTS, query)).get("Attempts")

    assert attempts() == "3"  # the last 90 days by default
    assert attempts(exam=str(exams[1].translation_key)) == "1"
    assert attempts(course=str(exams[0].get_parent().translation_key)) == "3"
    assert attempts(unit=other_store.pk) == "1"
    assert attempts(start="2025-01-01", end="2025-12-31") == "1"
    empty = client.get(RESULTS, {"start": "2024-01-01", "end": "2024-01-31"})
    assert "No exam was finished in your stores in this period." in empty.content.decode()
    backwards = client.get(RESULTS, {"start": "2026-03-10", "end": "2026-03-01"})
    assert "The end of the period is before its start." in backwards.content.decode()


def test_the_export_has_each_table(client, manager, store, sit):
    sit(LearnerFactory(home_store=store), 90)
    sit(LearnerFactory(home_store=store), 45)
    client.force_login(manager)

    response = client.get(RESULTS, {"export": "csv"})

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    # Two tables one after another, each under its title, with an empty line between.
    assert rows[0] == ["Exam results"]
    assert rows[1][:3] == ["Exam or store", "Attempts", "Passed"]
    assert ["Exam: Final exam", "2", "1", "50", "2", "50", "67.50"] in rows
    gap = rows.index([])
    assert rows[gap - 1][0] == "All exams shown"
    assert rows[gap + 1] == ["Spread of scores"]
    assert rows[gap + 2] == ["Score from (%)", "Score below (%)", "Attempts", "Share (%)"]
    assert ["40", "50", "1", "50"] in rows[gap + 3 :]
    assert ["90", "100", "1", "50"] in rows[gap + 3 :]

    workbook = load_workbook(io.BytesIO(client.get(RESULTS, {"export": "xlsx"}).content))
    assert workbook.sheetnames == ["Exam results", "Spread of scores"]
    spread = list(workbook["Spread of scores"].iter_rows(values_only=True))
    assert (90, 100, 1, 50) in spread


@pytest.mark.parametrize("count", [3, 30])
def test_the_page_runs_a_fixed_number_of_queries(
    client, manager, store, sit, count, django_assert_max_num_queries
):
    for number in range(count):
        sit(LearnerFactory(home_store=store), 50 + number)
    client.force_login(manager)

    with django_assert_max_num_queries(20):
        response = client.get(RESULTS)

    assert figures(response)["Attempts"] == str(count)
