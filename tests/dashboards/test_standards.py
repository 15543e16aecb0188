"""The standards heatmap: points missed per standard and store from real graded attempts,
role-play replies that broke a standard, regions as columns, links to the lessons that
teach each standard, the export, and a fixed number of queries."""

import csv
import io
from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from content.models import LessonStandard
from quizzes.services import attempt_start, attempt_submit
from tests.factories import LearnerFactory
from tests.factories.content import LessonPageFactory, StandardFactory
from tests.factories.quizzes import QuestionFactory, answer_attempt, exam_with_questions
from tests.factories.recognition import FinishedScenarioRunFactory

pytestmark = pytest.mark.django_db

STANDARDS = "/en/manage/standards/"


@pytest.fixture
def greeting(db):
    return StandardFactory(code="GREET-01", title="Greet every customer")


@pytest.fixture
def phone(db):
    return StandardFactory(code="PHONE-01", title="Pick up quickly")


@pytest.fixture
def exam(course, greeting, phone):
    questions = [QuestionFactory(standard=greeting), QuestionFactory(standard=phone)]
    return exam_with_questions(course, questions, shuffle_questions=False)


def sit(person, exam, *, right_positions):
    attempt = attempt_start(user=person, exam=exam)
    answer_attempt(attempt, right=True, positions=right_positions)
    items = attempt.questions.order_by("position")
    wrong = [item.position for item in items if item.position not in right_positions]
    answer_attempt(attempt, right=False, positions=wrong)
    return attempt_submit(user=person, attempt=attempt)


def play(person, standard, effects):
    return FinishedScenarioRunFactory(
        user=person,
        scenario=person.home_store and LessonPageFactory._meta.model.objects.first(),
        path=[
            {
                "step": f"s{n}",
                "reply": 0,
                "points": 1,
                "standard": str(standard.translation_key),
                "effect": effect,
            }
            for n, effect in enumerate(effects)
        ]
        + [{"step": "x", "reply": 0, "points": 0, "standard": None, "effect": ""}],
        finished_at=datetime.now(tz=UTC),
    )


def heat_rows(response) -> dict[str, list[str]]:
    soup = BeautifulSoup(response.content, "html.parser")
    table = soup.select_one("table.dashboard-heatmap")
    heads = [th.get_text(strip=True) for th in table.select("thead th")]
    rows = {}
    for tr in table.select("tbody tr"):
        code = tr.find("th").select_one(".dashboard-heatmap__code").get_text(strip=True)
        rows[code] = [" ".join(td.get_text(" ", strip=True).split()) for td in tr.find_all("td")]
    rows["columns"] = heads
    return rows


def test_points_missed_and_replies_breaking_each_standard_by_store(
    client, manager, store, other_store, exam, greeting, phone, course
):
    anna = LearnerFactory(home_store=store)
    boris = LearnerFactory(home_store=other_store)
    sit(anna, exam, right_positions={1})  # greeting right, phone wrong
    sit(boris, exam, right_positions={1, 2})  # both right
    play(anna, greeting, ["applies", "breaks", "applies", "applies"])
    client.force_login(manager)

    rows = heat_rows(client.get(STANDARDS))

    assert rows["columns"] == ["Standard", "All", "Bratislava Old Town", "Košice Centre"]
    # Most missed first: the phone standard (50 % of its points missed overall,
    # against a quarter of the greeting replies broken).
    assert list(rows)[:2] == ["PHONE-01", "GREET-01"]
    assert rows["PHONE-01"] == ["exam 50 %", "exam 100 %", "exam 0 %"]
    assert rows["GREET-01"] == ["exam 0 % role-play 25 %", "exam 0 % role-play 25 %", "exam 0 %"]


def test_regions_as_columns_add_their_stores_up(client, manager, store, other_store, exam):
    sit(LearnerFactory(home_store=store), exam, right_positions={1})
    sit(LearnerFactory(home_store=other_store), exam, right_positions={1, 2})
    client.force_login(manager)

    rows = heat_rows(client.get(STANDARDS, {"by": "region"}))

    assert rows["columns"] == ["Standard", "All", "Central Europe"]
    assert rows["PHONE-01"] == ["exam 50 %", "exam 50 %"]


def test_each_standard_links_to_the_lessons_teaching_it(
    client, manager, store, exam, course, phone
):
    lesson = course.get_children().specific().first()
    LessonStandard.objects.create(lesson=lesson, standard=phone)
    sit(LearnerFactory(home_store=store), exam, right_positions=set())
    client.force_login(manager)

    soup = BeautifulSoup(client.get(STANDARDS).content, "html.parser")

    link = soup.find("a", string=f"Lesson: {lesson.title}")
    assert link["href"] == lesson.url


def test_attempts_outside_the_scope_or_period_do_not_count(client, manager, far_store, store, exam):
    sit(LearnerFactory(home_store=far_store), exam, right_positions=set())
    client.force_login(manager)

    text = client.get(STANDARDS).content.decode()
    old = client.get(STANDARDS, {"start": "2020-01-01", "end": "2020-12-31"}).content.decode()

    assert "No exam question or role-play reply about a standard" in text
    assert "No exam question or role-play reply about a standard" in old


def test_the_export_has_a_pair_of_columns_per_store(client, manager, store, exam):
    sit(LearnerFactory(home_store=store), exam, right_positions={1})
    client.force_login(manager)

    response = client.get(STANDARDS, {"export": "csv"})

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == [
        "Standard",
        "Code",
        "Bratislava Old Town: points missed (%)",
        "Bratislava Old Town: role-play choices breaking it (%)",
    ]
    assert ["Pick up quickly", "PHONE-01", "100", "", "100", ""] == rows[1][:4] + rows[1][-2:]


@pytest.mark.parametrize("people", [1, 6])
def test_the_heatmap_runs_a_fixed_number_of_queries(
    client, manager, store, other_store, exam, greeting, people, django_assert_max_num_queries
):
    for number in range(people):
        person = LearnerFactory(home_store=store if number % 2 else other_store)
        sit(person, exam, right_positions={1})
        play(person, greeting, ["breaks"])
    client.force_login(manager)

    with django_assert_max_num_queries(20):
        response = client.get(STANDARDS)

    assert "GREET-01" in heat_rows(response)


# One attempt, for coaching -----------------------------------------------------------------


def test_a_manager_reads_an_attempt_by_standard_with_the_lessons_to_revise(
    client, manager, store, exam, course, phone, django_assert_max_num_queries
):
    lesson = course.get_children().specific().first()
    LessonStandard.objects.create(lesson=lesson, standard=phone)
    anna = LearnerFactory(home_store=store, full_name="Anna Nováková")
    attempt = sit(anna, exam, right_positions={1})
    client.force_login(manager)
    transcript = BeautifulSoup(
        client.get(reverse("dashboards:person", args=[anna.pk])).content, "html.parser"
    )
    url = transcript.find("a", href=reverse("dashboards:attempt", args=[attempt.pk]))["href"]

    with django_assert_max_num_queries(16):
        response = client.get(url)

    soup = BeautifulSoup(response.content, "html.parser")
    rows = {
        tr.th.get_text(" ", strip=True): [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        for tr in soup.select("tbody tr")
    }
    assert rows["GREET-01 Greet every customer"] == ["1 of 1", "—"]
    assert rows["PHONE-01 Pick up quickly"] == ["0 of 1 Points missed", lesson.title]
    assert "Not passed" in soup.select_one(".dashboard-facts").get_text()


def test_an_attempt_elsewhere_or_unfinished_is_not_found(client, manager, store, far_store, exam):
    finished = sit(LearnerFactory(home_store=far_store), exam, right_positions={1, 2})
    open_attempt = attempt_start(user=LearnerFactory(home_store=store), exam=exam)
    client.force_login(manager)

    assert client.get(reverse("dashboards:attempt", args=[finished.pk])).status_code == 404
    assert client.get(reverse("dashboards:attempt", args=[open_attempt.pk])).status_code == 404
    client.force_login(LearnerFactory(home_store=store))
    own = sit(LearnerFactory(home_store=store), exam, right_positions={1})
    assert client.get(reverse("dashboards:attempt", args=[own.pk])).status_code == 404
