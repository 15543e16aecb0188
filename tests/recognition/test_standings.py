"""A month's standings from the database: each part, the tie-break facts, who takes part,
which store and which month an attempt belongs to, and a fixed number of queries."""

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from lms.people.models import ManagerScope
from lms.recognition.selectors import month_window, standings_for_month
from tests.factories import LearnerFactory, ManagerFactory, RegionFactory, StoreFactory
from tests.factories.content import CourseIndexPageFactory, CoursePageFactory, ScenarioPageFactory
from tests.factories.quizzes import ExamPageFactory
from tests.factories.recognition import (
    DueEnrolmentFactory,
    FinishedAttemptFactory,
    FinishedScenarioRunFactory,
    ProgrammeFactory,
)

JANUARY = date(2026, 1, 1)
FEBRUARY = date(2026, 2, 1)


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def local(zone, *args):
    return datetime(*args, tzinfo=ZoneInfo(zone))


@pytest.fixture
def course(home_page):
    return CoursePageFactory(parent=CourseIndexPageFactory(parent=home_page))


@pytest.fixture
def exam_page(course):
    """One exam page serves every exam: attempts are told apart by their ``exam_key``."""
    return ExamPageFactory(parent=course)


@pytest.fixture
def scenario_page(course):
    return ScenarioPageFactory(parent=course)


@pytest.fixture
def store(db):
    return StoreFactory(time_zone="Europe/Bratislava")


@pytest.fixture
def sit(exam_page):
    """Write a finished attempt: ``sit(person, exam_key, percentage, finished_at, ...)``,
    numbered in order per person and exam unless ``number`` is given."""
    numbers = {}

    def sit(user, exam_key, percentage, finished_at, **kwargs):
        numbers[user.pk, exam_key] = numbers.get((user.pk, exam_key), 0) + 1
        kwargs.setdefault("number", numbers[user.pk, exam_key])
        return FinishedAttemptFactory(
            user=user,
            exam=exam_page,
            exam_key=exam_key,
            percentage=Decimal(percentage),
            finished_at=finished_at,
            **kwargs,
        )

    return sit


def standing_of(standings, user):
    (standing,) = [s for s in standings.rows if s.row.user_id == user.pk]
    return standing


# -- the parts --------------------------------------------------------------------------


def test_exams_part_is_the_mean_of_the_best_percentage_per_exam_that_month(store, sit):
    person = LearnerFactory(home_store=store)
    sit(person, "a" * 32, "60", utc(2026, 1, 5, 10))
    sit(person, "a" * 32, "90", utc(2026, 1, 6, 10))
    sit(person, "a" * 32, "70", utc(2026, 1, 7, 10))
    sit(person, "b" * 32, "70", utc(2026, 1, 8, 10))
    # Better, but in other months: not this month's best.
    sit(person, "b" * 32, "100", utc(2026, 2, 3, 10))

    standings = standings_for_month(programme=ProgrammeFactory(), unit=store, month=JANUARY)

    row = standing_of(standings, person).row
    assert row.exams_part == Decimal("80.00")
    assert row.finished_exams == 2
    assert row.attempts_total == 4
    assert row.last_finish == utc(2026, 1, 8, 10)
    assert row.store_id == store.pk
    assert standing_of(standings, person).score == Decimal("80.00")


def test_roleplay_part_is_the_mean_of_the_best_score_per_scenario_that_month(
    store, sit, scenario_page
):
    person = LearnerFactory(home_store=store)
    sit(person, "a" * 32, "50", utc(2026, 1, 5, 10))
    run = {"user": person, "scenario": scenario_page}
    FinishedScenarioRunFactory(**run, scenario_key="c" * 32, score=3, finished_at=utc(2026, 1, 3))
    FinishedScenarioRunFactory(**run, scenario_key="c" * 32, score=5, finished_at=utc(2026, 1, 4))
    FinishedScenarioRunFactory(**run, scenario_key="d" * 32, score=2, finished_at=utc(2026, 1, 5))
    # In February, and one never finished: neither counts.
    FinishedScenarioRunFactory(**run, scenario_key="e" * 32, score=0, finished_at=utc(2026, 2, 1))
    FinishedScenarioRunFactory(**run, scenario_key="f" * 32, score=0, finished_at=None)
    programme = ProgrammeFactory(weight_exams=1, weight_roleplay=1)

    standings = standings_for_month(programme=programme, unit=store, month=JANUARY)

    standing = standing_of(standings, person)
    assert standing.row.roleplay_part == Decimal("70.00")  # (100 + 40) / 2
    assert standing.score == Decimal("60.00")  # (50 + 70) / 2


def test_on_time_part_is_the_share_of_enrolments_due_that_month_done_by_the_due_date(sit, course):
    store = StoreFactory(time_zone="America/Los_Angeles")
    person = LearnerFactory(home_store=store)
    sit(person, "a" * 32, "90", utc(2026, 1, 5, 10))
    due = {"user": person, "course": course}
    # Done at 23:30 on the due date in Los Angeles, already the next day in UTC: on time.
    DueEnrolmentFactory(
        **due,
        due_on=date(2026, 1, 20),
        completed_at=local("America/Los_Angeles", 2026, 1, 20, 23, 30),
    )
    # Done a day late, and never done.
    DueEnrolmentFactory(
        **due,
        due_on=date(2026, 1, 20),
        completed_at=local("America/Los_Angeles", 2026, 1, 21, 0, 30),
    )
    DueEnrolmentFactory(**due, due_on=date(2026, 1, 31), completed_at=None)
    # Withdrawn, due in February, or with no due date: not counted.
    DueEnrolmentFactory(
        **due, due_on=date(2026, 1, 10), completed_at=None, withdrawn_at=utc(2026, 1, 2)
    )
    DueEnrolmentFactory(**due, due_on=date(2026, 2, 1), completed_at=None)
    DueEnrolmentFactory(**due, due_on=None, completed_at=None)
    programme = ProgrammeFactory(weight_exams=0, weight_on_time=1)

    standings = standings_for_month(programme=programme, unit=store, month=JANUARY)

    standing = standing_of(standings, person)
    assert standing.row.on_time_part == Decimal("33.33")
    assert standing.score == Decimal("33.33")


def test_parts_without_data_are_left_out_of_the_score(store, sit):
    person = LearnerFactory(home_store=store)
    sit(person, "a" * 32, "90", utc(2026, 1, 5, 10))
    programme = ProgrammeFactory(weight_exams=1, weight_roleplay=2, weight_on_time=3)

    standing = standing_of(
        standings_for_month(programme=programme, unit=store, month=JANUARY), person
    )

    assert standing.row.roleplay_part is None
    assert standing.row.on_time_part is None
    assert standing.score == Decimal("90.00")


# -- tie-breaks and shared ranks --------------------------------------------------------


def test_first_attempt_tie_break_uses_attempt_number_one_from_any_month(store, sit):
    early_riser = LearnerFactory(home_store=store, full_name="Adam")
    steady = LearnerFactory(home_store=store, full_name="Beata")
    # Both best 90 in January; Adam's first attempt was in December at 50, Beata's first
    # attempt (number 1) is January's 70.
    sit(early_riser, "a" * 32, "50", utc(2025, 12, 20, 10))
    sit(early_riser, "a" * 32, "90", utc(2026, 1, 5, 10))
    sit(steady, "a" * 32, "70", utc(2026, 1, 5, 10))
    sit(steady, "a" * 32, "90", utc(2026, 1, 6, 10))

    standings = standings_for_month(programme=ProgrammeFactory(), unit=store, month=JANUARY)

    assert standing_of(standings, early_riser).row.first_attempt_mean == Decimal("50.00")
    assert standing_of(standings, steady).row.first_attempt_mean == Decimal("70.00")
    assert [(s.row.full_name, s.rank, s.is_winner) for s in standings.rows] == [
        ("Beata", 1, True),
        ("Adam", 2, False),
    ]


def test_missing_first_attempt_counts_as_zero(store, sit):
    person = LearnerFactory(home_store=store)
    # Attempt number 1 was deleted, say: only number 2 is left.
    sit(person, "a" * 32, "90", utc(2026, 1, 5, 10), number=2)

    standings = standings_for_month(programme=ProgrammeFactory(), unit=store, month=JANUARY)

    assert standing_of(standings, person).row.first_attempt_mean == Decimal("0.00")


def test_people_equal_on_everything_share_the_rank_and_both_win(store, sit):
    first = LearnerFactory(home_store=store)
    second = LearnerFactory(home_store=store)
    third = LearnerFactory(home_store=store)
    for person in (first, second):
        sit(person, "a" * 32, "90", utc(2026, 1, 5, 10))
    sit(third, "a" * 32, "80", utc(2026, 1, 5, 10))

    standings = standings_for_month(programme=ProgrammeFactory(), unit=store, month=JANUARY)

    assert [(s.rank, s.is_winner) for s in standings.rows] == [(1, True), (1, True), (3, False)]
    assert {s.row.user_id for s in standings.winners} == {first.pk, second.pk}


# -- which store ------------------------------------------------------------------------


def test_attempts_count_under_the_store_recorded_on_the_attempt(sit):
    region = RegionFactory()
    old_store = StoreFactory(parent=region, time_zone="Europe/Bratislava")
    new_store = StoreFactory(parent=region, time_zone="Europe/Bratislava")
    # Moved from the old store to the new one in the middle of January.
    person = LearnerFactory(home_store=new_store)
    sit(person, "a" * 32, "90", utc(2026, 1, 5, 10), store=old_store)
    sit(person, "b" * 32, "50", utc(2026, 1, 20, 10), store=new_store)
    programme = ProgrammeFactory()

    at_old = standings_for_month(programme=programme, unit=old_store, month=JANUARY)
    at_new = standings_for_month(programme=programme, unit=new_store, month=JANUARY)
    in_region = standings_for_month(programme=programme, unit=region, month=JANUARY)

    assert standing_of(at_old, person).row.exams_part == Decimal("90.00")
    assert standing_of(at_new, person).row.exams_part == Decimal("50.00")
    region_row = standing_of(in_region, person).row
    assert region_row.exams_part == Decimal("70.00")
    assert region_row.store_id == new_store.pk  # where they sat last that month


def test_attempts_at_a_store_outside_the_unit_do_not_count(sit):
    store, elsewhere = StoreFactory(), StoreFactory()
    person = LearnerFactory(home_store=store)
    sit(person, "a" * 32, "90", utc(2026, 1, 5, 10), store=elsewhere)

    standings = standings_for_month(programme=ProgrammeFactory(), unit=store, month=JANUARY)

    assert standings.rows == []


# -- which month ------------------------------------------------------------------------


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Asia/Bishkek", "America/Los_Angeles"])
def test_the_month_follows_the_store_time_zone(zone, sit):
    store = StoreFactory(time_zone=zone)
    last_second = LearnerFactory(home_store=store, full_name="Last second")
    next_month = LearnerFactory(home_store=store, full_name="Next month")
    sit(last_second, "a" * 32, "90", local(zone, 2026, 1, 31, 23, 59, 59))
    sit(next_month, "a" * 32, "90", local(zone, 2026, 2, 1, 0, 0, 0))
    programme = ProgrammeFactory()

    january = standings_for_month(programme=programme, unit=store, month=JANUARY)
    february = standings_for_month(programme=programme, unit=store, month=FEBRUARY)

    assert [s.row.full_name for s in january.rows] == ["Last second"]
    assert [s.row.full_name for s in february.rows] == ["Next month"]


def test_stores_in_different_zones_each_keep_their_own_month(sit):
    region = RegionFactory()
    kiritimati = StoreFactory(parent=region, time_zone="Pacific/Kiritimati")  # UTC+14
    los_angeles = StoreFactory(parent=region, time_zone="America/Los_Angeles")  # UTC-8
    east = LearnerFactory(home_store=kiritimati, full_name="East")
    west = LearnerFactory(home_store=los_angeles, full_name="West")
    # The same UTC instant, 31 January 10:00: 1 February in Kiritimati, 31 January in LA.
    sit(east, "a" * 32, "90", utc(2026, 1, 31, 10))
    sit(west, "a" * 32, "90", utc(2026, 1, 31, 10))
    # Late on 31 January in each zone.
    sit(east, "b" * 32, "80", local("Pacific/Kiritimati", 2026, 1, 31, 23, 59, 59))
    programme = ProgrammeFactory(scope_level="region")

    january = standings_for_month(programme=programme, unit=region, month=JANUARY)

    east_row = standing_of(january, east).row
    assert east_row.finished_exams == 1
    assert east_row.exams_part == Decimal("80.00")
    assert standing_of(january, west).row.exams_part == Decimal("90.00")


def test_month_window_is_the_local_month_in_utc():
    assert month_window(JANUARY, "Pacific/Kiritimati") == (
        utc(2025, 12, 31, 10),
        utc(2026, 1, 31, 10),
    )
    assert month_window(date(2026, 12, 1), "America/Los_Angeles") == (
        utc(2026, 12, 1, 8),
        utc(2027, 1, 1, 8),
    )


# -- who takes part ---------------------------------------------------------------------


def test_only_people_with_enough_different_exams_take_part(store, sit):
    one_exam_twice = LearnerFactory(home_store=store)
    two_exams = LearnerFactory(home_store=store)
    sit(one_exam_twice, "a" * 32, "90", utc(2026, 1, 5, 10))
    sit(one_exam_twice, "a" * 32, "95", utc(2026, 1, 6, 10))
    sit(two_exams, "a" * 32, "60", utc(2026, 1, 5, 10))
    sit(two_exams, "b" * 32, "60", utc(2026, 1, 6, 10))

    standings = standings_for_month(
        programme=ProgrammeFactory(min_finished_exams=2), unit=store, month=JANUARY
    )

    assert [s.row.user_id for s in standings.rows] == [two_exams.pk]
    assert standings.eligible_count == 1


def test_managers_are_left_out_unless_the_programme_includes_them(store, sit):
    learner = LearnerFactory(home_store=store)
    manager = ManagerFactory(home_store=store)
    ManagerScope.objects.create(manager=manager, unit=store)
    sit(learner, "a" * 32, "60", utc(2026, 1, 5, 10))
    sit(manager, "a" * 32, "99", utc(2026, 1, 5, 10))

    without = standings_for_month(programme=ProgrammeFactory(), unit=store, month=JANUARY)
    including = standings_for_month(
        programme=ProgrammeFactory(include_managers=True), unit=store, month=JANUARY
    )

    assert [s.row.user_id for s in without.rows] == [learner.pk]
    assert [s.row.user_id for s in including.rows] == [manager.pk, learner.pk]


def test_inactive_people_are_left_out(store, sit):
    left = LearnerFactory(home_store=store, is_active=False)
    sit(left, "a" * 32, "99", utc(2026, 1, 5, 10))

    standings = standings_for_month(programme=ProgrammeFactory(), unit=store, month=JANUARY)

    assert standings.rows == []


def test_an_empty_month_ranks_nobody_and_says_why(store):
    standings = standings_for_month(programme=ProgrammeFactory(), unit=store, month=JANUARY)

    assert standings.rows == []
    assert standings.eligible_count == 0
    assert standings.reason == "Nobody finished at least 1 exam in January 2026."


def test_a_month_with_people_taking_part_gives_no_reason(store, sit):
    sit(LearnerFactory(home_store=store), "a" * 32, "99", utc(2026, 1, 5, 10))

    standings = standings_for_month(programme=ProgrammeFactory(), unit=store, month=JANUARY)

    assert standings.reason == ""


# -- a fixed number of queries ----------------------------------------------------------


@pytest.mark.parametrize("people", [3, 30])
def test_standings_take_a_fixed_number_of_queries(
    people, sit, course, scenario_page, django_assert_num_queries
):
    region = RegionFactory()
    stores = [
        StoreFactory(parent=region, time_zone=zone)
        for zone in ("Pacific/Kiritimati", "America/Los_Angeles", "")
    ]
    for n in range(people):
        person = LearnerFactory(home_store=stores[n % 3])
        sit(person, "a" * 32, 50 + n, utc(2026, 1, 5, 10))
        sit(person, "b" * 32, 40 + n, utc(2026, 1, 6, 10))
        FinishedScenarioRunFactory(user=person, scenario=scenario_page, score=n % 6)
        DueEnrolmentFactory(
            user=person, course=course, due_on=date(2026, 1, 20), completed_at=utc(2026, 1, 19)
        )
    programme = ProgrammeFactory(
        scope_level="region", weight_exams=2, weight_roleplay=1, weight_on_time=1
    )

    with django_assert_num_queries(5):
        standings = standings_for_month(programme=programme, unit=region, month=JANUARY)

    assert standings.eligible_count == people
    assert all(s.row.roleplay_part is not None for s in standings.rows)
    assert all(s.row.on_time_part == Decimal("100.00") for s in standings.rows)


def test_people_with_nothing_to_score_are_not_ranked_and_the_reason_says_so(store, sit):
    person = LearnerFactory(home_store=store)
    sit(person, "a" * 32, "99", utc(2026, 1, 5, 10))
    programme = ProgrammeFactory(weight_exams=0, weight_roleplay=1)

    standings = standings_for_month(programme=programme, unit=store, month=JANUARY)

    assert [(s.row.user_id, s.rank, s.is_winner) for s in standings.rows] == [
        (person.pk, None, False)
    ]
    assert standings.eligible_count == 1
    assert standings.reason == "Nobody taking part had anything to score in January 2026."
