"""The programme pages: the rule in plain words, and who sees what of the live leaderboard."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation

from lms.people.models import ManagerScope
from lms.people.roles import ADMINISTRATOR
from lms.recognition.models import Programme
from lms.recognition.views import programme_rule
from tests.factories import LearnerFactory, ManagerFactory, RegionFactory, StoreFactory, UserFactory
from tests.factories.recognition import FinishedAttemptFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

# Mid-March in Bratislava; every attempt below is finished a few days before.
NOW = datetime(2026, 3, 15, 12, tzinfo=UTC)
EXAM_KEY = "e" * 32


@pytest.fixture(autouse=True)
def _mid_march():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def region(db):
    return RegionFactory()


@pytest.fixture
def store(region):
    return StoreFactory(parent=region, name="Bratislava Centre")


@pytest.fixture
def other_store(region):
    return StoreFactory(parent=region, name="Košice Mall")


@pytest.fixture
def sit(exam_page):
    """A finished exam this month: ``sit(person, percentage)``."""

    def sit(user, percentage, *, exam_key=EXAM_KEY, days_ago=3):
        return FinishedAttemptFactory(
            user=user,
            exam=exam_page,
            exam_key=exam_key,
            number=1,
            percentage=Decimal(percentage),
            finished_at=NOW - timedelta(days=days_ago),
        )

    return sit


@pytest.fixture
def five(store, sit):
    """Five people in one store, scored 90, 80, 70, 60, 50 (ranks 1 to 5)."""
    people = [LearnerFactory(home_store=store, full_name=f"Learner {n}") for n in "ABCDE"]
    for person, percentage in zip(people, (90, 80, 70, 60, 50), strict=True):
        sit(person, percentage)
    return people


def page_url(programme, language="en") -> str:
    with translation.override(language):
        return reverse("recognition:programme_detail", args=[programme.slug])


def table_rows(response) -> list[tuple[str, str, str]]:
    """The leaderboard as a reader sees it: (rank, name, score) per body row."""
    soup = BeautifulSoup(response.content, "html.parser")
    table = soup.select_one("table.recognition-table")
    if table is None:
        return []
    rows = []
    for tr in table.select("tbody tr"):
        rank, score = (cell.get_text(" ", strip=True) for cell in tr.find_all("td"))
        name_cell = tr.find("th")
        hidden = name_cell.select_one(".visually-hidden")
        if hidden:
            hidden.decompose()
        rows.append((rank, name_cell.get_text(" ", strip=True), score))
    return rows


def page_text(response) -> str:
    soup = BeautifulSoup(response.content, "html.parser")
    return " ".join(soup.select_one("main").get_text(" ", strip=True).split())


# -- the rule written out ---------------------------------------------------------------


def test_rule_of_an_exams_only_programme_without_managers(client):
    programme = ProgrammeFactory(
        weight_exams=1,
        weight_roleplay=0,
        weight_on_time=0,
        include_managers=False,
        min_finished_exams=1,
        winners_per_unit=1,
        confirm_after_days=7,
        leaderboard=Programme.Leaderboard.TOP_N,
        leaderboard_top_n=10,
    )
    client.force_login(LearnerFactory())

    text = page_text(client.get(page_url(programme)))

    assert "Your score is your exam results (100 %)." in text
    assert "the mean of your best percentage on each exam finished that month" in text
    assert "role-play" not in text.split("Who takes part")[0].lower()
    assert "finish at least 1 exam in it" in text
    assert "People who manage a unit do not take part" in text
    assert "The best person in each store wins." in text
    assert "first day of the next month" in text
    assert "within 7 days are confirmed automatically" in text
    assert "The higher mean percentage of the first attempt on the same exams;" in text
    assert "Everyone sees the top 10 places, with names, and their own rank." in text


def test_rule_of_a_weighted_region_programme_with_managers(client):
    programme = ProgrammeFactory(
        scope_level=Programme.ScopeLevel.REGION,
        weight_exams=3,
        weight_roleplay=1,
        weight_on_time=1,
        include_managers=True,
        min_finished_exams=2,
        winners_per_unit=3,
        confirm_after_days=1,
        leaderboard=Programme.Leaderboard.NEIGHBOURS,
    )
    client.force_login(LearnerFactory())

    text = page_text(client.get(page_url(programme)))

    assert "Your score is made of exams 60 %, role-play 20 %, courses on time 20 %." in text
    assert "Exams (60 %): the mean of your best percentage on each exam" in text
    assert "Role-play (20 %): the mean of your best score on each role-play scenario" in text
    assert "Courses on time (20 %): the share of your courses due that month" in text
    assert "A part you have no data for that month is left out" in text
    assert "finish at least 2 different exams in it" in text
    assert "People who manage a unit take part too." in text
    assert "The best 3 people in each region win." in text
    assert "within 1 day are confirmed automatically" in text
    assert "without their names, so that nobody is singled out" in text


def test_shares_always_add_up_to_a_hundred():
    rule = programme_rule(
        ProgrammeFactory.build(weight_exams=1, weight_roleplay=1, weight_on_time=1)
    )

    assert [part.share for part in rule.parts] == [34, 33, 33]


# -- what a learner sees under each privacy setting ---------------------------------------------


def test_everyone_sees_every_rank_with_names(client, five):
    programme = ProgrammeFactory(leaderboard=Programme.Leaderboard.EVERYONE)
    client.force_login(five[3])

    response = client.get(page_url(programme))

    assert response.status_code == 200
    assert table_rows(response) == [
        ("1", "Learner A", "90.00"),
        ("2", "Learner B", "80.00"),
        ("3", "Learner C", "70.00"),
        ("4", "Learner D (you)", "60.00"),
        ("5", "Learner E", "50.00"),
    ]
    assert "Leaderboard for March 2026 in Bratislava Centre" in page_text(response)


def test_top_n_shows_the_top_ranks_and_your_rank_when_you_are_below(client, five):
    programme = ProgrammeFactory(leaderboard=Programme.Leaderboard.TOP_N, leaderboard_top_n=2)
    client.force_login(five[3])

    response = client.get(page_url(programme))

    assert table_rows(response) == [("1", "Learner A", "90.00"), ("2", "Learner B", "80.00")]
    text = page_text(response)
    assert "Your rank: 4 of 5" in text
    assert "Learner C" not in text and "Learner E" not in text


def test_top_n_says_no_separate_rank_when_you_are_in_the_top(client, five):
    programme = ProgrammeFactory(leaderboard=Programme.Leaderboard.TOP_N, leaderboard_top_n=2)
    client.force_login(five[1])

    response = client.get(page_url(programme))

    assert table_rows(response)[1] == ("2", "Learner B (you)", "80.00")
    assert "Your rank:" not in page_text(response)


def test_neighbours_shows_only_your_row_and_the_nameless_rows_around_it(client, five):
    programme = ProgrammeFactory(leaderboard=Programme.Leaderboard.NEIGHBOURS)
    client.force_login(five[3])

    response = client.get(page_url(programme))

    assert table_rows(response) == [
        ("3", "—", "70.00"),
        ("4", "Learner D (you)", "60.00"),
        ("5", "—", "50.00"),
    ]
    text = page_text(response)
    for other in ("Learner A", "Learner B", "Learner C", "Learner E"):
        assert other not in text
    assert "Their names are hidden, so that nobody is singled out." in text


def test_neighbours_of_the_leader_are_only_the_one_below(client, five):
    programme = ProgrammeFactory(leaderboard=Programme.Leaderboard.NEIGHBOURS)
    client.force_login(five[0])

    response = client.get(page_url(programme))

    assert table_rows(response) == [("1", "Learner A (you)", "90.00"), ("2", "—", "80.00")]


def test_a_person_without_enough_exams_is_told_why_they_are_not_ranked(client, store, five):
    programme = ProgrammeFactory(leaderboard=Programme.Leaderboard.NEIGHBOURS)
    client.force_login(LearnerFactory(home_store=store))

    response = client.get(page_url(programme))

    assert table_rows(response) == []
    text = page_text(response)
    assert "Finish at least 1 exam this month to appear." in text
    assert "5 people are ranked this month." in text


def test_last_months_attempts_do_not_count(client, store, sit):
    person = LearnerFactory(home_store=store)
    sit(person, 90, days_ago=20)  # 23 February
    client.force_login(person)

    response = client.get(page_url(ProgrammeFactory()))

    assert table_rows(response) == []
    assert "Finish at least 1 exam this month to appear." in page_text(response)


def test_region_programme_ranks_everyone_in_the_viewers_region(client, five, other_store, sit):
    colleague = LearnerFactory(home_store=other_store, full_name="Learner K")
    sit(colleague, 85)
    programme = ProgrammeFactory(
        scope_level=Programme.ScopeLevel.REGION, leaderboard=Programme.Leaderboard.EVERYONE
    )
    client.force_login(five[0])

    rows = table_rows(client.get(page_url(programme)))

    assert [name for _rank, name, _score in rows][:2] == ["Learner A (you)", "Learner K"]
    assert len(rows) == 6


# -- managers ------------------------------------------------------------------------------


def test_manager_sees_the_whole_table_of_a_store_in_scope_whatever_the_privacy(
    client, region, store, other_store, five
):
    manager = ManagerFactory()
    ManagerScope.objects.create(manager=manager, unit=region)
    programme = ProgrammeFactory(leaderboard=Programme.Leaderboard.NEIGHBOURS)
    client.force_login(manager)

    response = client.get(page_url(programme), {"unit": store.pk})

    assert [name for _rank, name, _score in table_rows(response)] == [
        "Learner A",
        "Learner B",
        "Learner C",
        "Learner D",
        "Learner E",
    ]
    text = page_text(response)
    assert "You see the whole leaderboard because this unit is in your scope." in text
    # The chooser offers the stores of the manager's region, and nothing else.
    soup = BeautifulSoup(response.content, "html.parser")
    options = {option["value"] for option in soup.select("select#id_unit option")}
    assert options == {str(store.pk), str(other_store.pk)}


def test_manager_asking_for_a_store_outside_scope_gets_not_found(client, store, five):
    manager = ManagerFactory()
    ManagerScope.objects.create(manager=manager, unit=store)
    elsewhere = StoreFactory()
    client.force_login(manager)
    programme = ProgrammeFactory()

    assert client.get(page_url(programme), {"unit": elsewhere.pk}).status_code == 404
    assert client.get(page_url(programme), {"unit": "not-a-number"}).status_code == 404
    assert client.get(page_url(programme), {"unit": store.pk}).status_code == 200


def test_learner_cannot_choose_another_store(client, other_store, five):
    client.force_login(five[0])

    response = client.get(page_url(ProgrammeFactory()), {"unit": other_store.pk})

    assert response.status_code == 404


def test_administrator_sees_every_store(client, store, other_store, five):
    client.force_login(UserFactory(roles=[ADMINISTRATOR]))
    programme = ProgrammeFactory(leaderboard=Programme.Leaderboard.TOP_N, leaderboard_top_n=1)

    response = client.get(page_url(programme), {"unit": store.pk})

    assert len(table_rows(response)) == 5


def test_a_manager_not_taking_part_is_told_so(client, store, five):
    manager = ManagerFactory(home_store=store)
    ManagerScope.objects.create(manager=manager, unit=store)
    client.force_login(manager)

    response = client.get(page_url(ProgrammeFactory(include_managers=False)))

    assert len(table_rows(response)) == 5
    assert "People who manage a unit are not ranked in this programme." in page_text(response)


# -- access, language, list, queries -------------------------------------------------------


def test_pages_need_a_login(client):
    programme = ProgrammeFactory()

    for url in (page_url(programme), reverse("recognition:programme_list")):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_an_inactive_programme_is_not_found(client):
    client.force_login(LearnerFactory())

    assert client.get(page_url(ProgrammeFactory(active=False))).status_code == 404


def test_list_links_the_active_programmes_only(client):
    shown = ProgrammeFactory(name="Store star")
    ProgrammeFactory(name="Retired star", active=False)
    client.force_login(LearnerFactory())

    response = client.get(reverse("recognition:programme_list"))

    text = response.content.decode()
    assert page_url(shown) in text
    assert "Retired star" not in text


def test_page_in_russian_has_the_russian_prefix_and_language(client, five):
    programme = ProgrammeFactory()
    client.force_login(five[0])

    url = page_url(programme, "ru")
    response = client.get(url)

    assert url.startswith("/ru/recognition/")
    assert response.status_code == 200
    assert '<html lang="ru"' in response.content.decode()


@pytest.mark.parametrize("people", [3, 30])
def test_page_runs_a_fixed_number_of_queries(
    client, store, sit, people, django_assert_max_num_queries
):
    learners = [LearnerFactory(home_store=store) for _n in range(people)]
    for number, learner in enumerate(learners):
        sit(learner, 50 + number)
    programme = ProgrammeFactory(
        weight_roleplay=1, weight_on_time=1, leaderboard=Programme.Leaderboard.EVERYONE
    )
    client.force_login(learners[0])

    # The same for 3 people as for 30: session, person, two-factor check, programme, units,
    # scope, time zones, and the standings selector (at most five).
    with django_assert_max_num_queries(17):
        response = client.get(page_url(programme))

    assert len(table_rows(response)) == people


def test_a_person_taking_part_with_nothing_to_score_is_told_so(client, store, sit):
    person = LearnerFactory(home_store=store)
    sit(person, 90)
    # Role-play only: the exam lets them take part, but they played no scenario.
    programme = ProgrammeFactory(weight_exams=0, weight_roleplay=1)
    client.force_login(person)

    response = client.get(page_url(programme))

    assert table_rows(response) == []
    assert "nothing you did this month counts towards the score yet" in page_text(response)
