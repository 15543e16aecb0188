"""Course progress and lesson neighbours, read in a fixed number of queries."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lms.learning.selectors import (
    course_progress,
    lesson_is_completed,
    lesson_neighbours,
    scenario_standing,
)
from lms.learning.services import lesson_complete, scenario_run_start
from quizzes.services import attempt_start, attempt_submit
from tests.factories import LearnerFactory
from tests.factories.content import CoursePageFactory, LessonPageFactory, ScenarioPageFactory
from tests.factories.quizzes import ExamPageFactory, answer_attempt
from tests.learning.helpers import play

pytestmark = pytest.mark.django_db


def _translate(page, locale):
    """Copy ``page`` (and its untranslated parents) into ``locale`` and publish it."""
    translation = page.copy_for_translation(locale, copy_parents=True)
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation


def test_progress_lists_live_lessons_in_syllabus_order_with_what_is_done(learner, course, lessons):
    LessonPageFactory(parent=course, title="Draft lesson", live=False)
    lesson_complete(user=learner, lesson=lessons[0])

    progress = course_progress(user=learner, course=course)

    assert [(entry.page.title, entry.done, entry.required) for entry in progress.entries] == [
        ("Say hello", True, True),
        ("Offer help", False, True),
        ("Small talk", False, False),
    ]
    assert (progress.required_done, progress.required_total, progress.percent) == (1, 2, 50)
    assert progress.next_page == lessons[1]
    assert progress.started
    assert not progress.finished


def test_next_lesson_is_an_optional_one_once_every_required_lesson_is_done(
    learner, course, lessons
):
    lesson_complete(user=learner, lesson=lessons[0])
    lesson_complete(user=learner, lesson=lessons[1])

    progress = course_progress(user=learner, course=course)

    assert progress.finished
    assert progress.percent == 100
    assert progress.next_page == lessons[2]


def test_required_lessons_come_before_an_earlier_optional_one(learner, course):
    optional = LessonPageFactory(parent=course, required=False)
    required = LessonPageFactory(parent=course, required=True)

    progress = course_progress(user=learner, course=course)

    assert progress.next_page == required
    assert optional in [entry.page for entry in progress.entries]


def test_no_next_lesson_when_everything_is_done(learner, course, lessons):
    for lesson in lessons:
        lesson_complete(user=learner, lesson=lesson)

    assert course_progress(user=learner, course=course).next_page is None


def test_an_anonymous_visitor_sees_nothing_done_and_starts_at_the_first_lesson(
    course, lessons, django_assert_num_queries
):
    # One query each for lessons, scenarios and exams; nothing about what anyone has done.
    with django_assert_num_queries(3):
        progress = course_progress(user=AnonymousUser(), course=course)

    assert not progress.tracked
    assert progress.required_done == 0
    assert progress.next_page == lessons[0]


def test_a_lesson_done_in_english_counts_on_the_russian_course(learner, lessons, locales):
    russian_lessons = [_translate(lesson, locales["ru"]) for lesson in lessons]
    russian_course = russian_lessons[0].get_parent().specific
    lesson_complete(user=learner, lesson=lessons[0])

    progress = course_progress(user=learner, course=russian_course)

    assert [entry.page for entry in progress.entries] == russian_lessons
    assert all(entry.page.locale == locales["ru"] for entry in progress.entries)
    assert [entry.done for entry in progress.entries] == [True, False, False]
    assert progress.next_page == russian_lessons[1]
    assert lesson_is_completed(user=learner, lesson=russian_lessons[0])


@pytest.mark.parametrize("lesson_count", [2, 10])
def test_progress_takes_three_queries_whatever_the_number_of_lessons(
    learner, course_index, lesson_count, django_assert_num_queries
):
    course = CoursePageFactory(parent=course_index)
    course_lessons = [LessonPageFactory(parent=course) for _ in range(lesson_count)]
    for lesson in course_lessons[::2]:
        lesson_complete(user=learner, lesson=lesson)

    with django_assert_num_queries(3):
        progress = course_progress(user=learner, course=course)
        # Reading the lessons' fields must not query either.
        [
            (entry.page.title, entry.required, entry.page.estimated_minutes)
            for entry in progress.entries
        ]

    assert progress.required_done == len(course_lessons[::2])


def test_progress_queries_do_not_grow_with_the_lessons(learner, course_index):
    counts = []
    for lesson_count in (2, 10):
        course = CoursePageFactory(parent=course_index)
        for _ in range(lesson_count):
            LessonPageFactory(parent=course)
        with CaptureQueriesContext(connection) as queries:
            course_progress(user=learner, course=course)
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_neighbours_are_the_live_lessons_before_and_after(
    course, lessons, django_assert_num_queries
):
    LessonPageFactory(parent=course, title="Draft at the end", live=False)

    with django_assert_num_queries(1):
        first = lesson_neighbours(lesson=lessons[0])
    middle = lesson_neighbours(lesson=lessons[1])
    last = lesson_neighbours(lesson=lessons[2])

    def pks(pages):
        return [page.pk if page else None for page in pages]

    assert pks(first) == [None, lessons[1].pk]
    assert pks(middle) == [lessons[0].pk, lessons[2].pk]
    assert pks(last) == [lessons[1].pk, None]


def test_lesson_is_completed_needs_no_query_for_an_anonymous_visitor(
    lessons, django_assert_num_queries
):
    with django_assert_num_queries(0):
        assert not lesson_is_completed(user=AnonymousUser(), lesson=lessons[0])


# Scenarios in the syllabus ----------------------------------------------------------------


@pytest.fixture
def mixed_course(course, lessons):
    """Say hello, Offer help, Small talk (optional), a required and an optional scenario."""
    required = ScenarioPageFactory(parent=course, title="An angry customer")
    optional = ScenarioPageFactory(parent=course, title="A price objection", required=False)
    return lessons, required, optional


def test_the_syllabus_lists_lessons_and_scenarios_in_tree_order_with_their_kind(
    learner, course, lessons
):
    scenario = ScenarioPageFactory(parent=course, title="Practise a greeting")
    ScenarioPageFactory(parent=course, title="Draft scenario", live=False)
    # Moved between the first two lessons, as a trainer would in the explorer.
    scenario.move(lessons[1], pos="left")

    progress = course_progress(user=learner, course=course)

    assert [(entry.page.title, entry.kind) for entry in progress.entries] == [
        ("Say hello", "lesson"),
        ("Practise a greeting", "scenario"),
        ("Offer help", "lesson"),
        ("Small talk", "lesson"),
    ]
    assert progress.has_scenarios
    assert progress.required_total == 3


def test_a_required_scenario_counts_only_once_passed(learner, course, mixed_course):
    lessons, required, _optional = mixed_course
    for lesson in lessons[:2]:
        lesson_complete(user=learner, lesson=lesson)
    play(learner, required, [1])

    failed = course_progress(user=learner, course=course)
    entry = next(entry for entry in failed.entries if entry.page == required)
    assert (entry.done, entry.attempted) == (False, True)
    assert (failed.required_done, failed.required_total) == (2, 3)
    assert failed.next_page == required
    assert not failed.finished

    play(learner, required, [0, 0])
    passed = course_progress(user=learner, course=course)
    assert (passed.required_done, passed.required_total) == (3, 3)
    assert passed.finished
    assert passed.next_page == lessons[2]


def test_an_open_run_does_not_count_but_starts_the_course(learner, course, mixed_course):
    _lessons, required, _optional = mixed_course
    scenario_run_start(user=learner, scenario=required)

    progress = course_progress(user=learner, course=course)

    assert progress.required_done == 0
    assert progress.started


def test_the_next_thing_to_do_skips_an_optional_scenario(learner, course, mixed_course):
    lessons, required, optional = mixed_course
    for lesson in lessons:
        lesson_complete(user=learner, lesson=lesson)
    play(learner, required, [0, 0])

    progress = course_progress(user=learner, course=course)

    assert progress.finished
    assert progress.next_page == optional
    play(learner, optional, [0, 0])
    assert course_progress(user=learner, course=course).next_page is None


def test_a_scenario_passed_in_english_counts_on_the_russian_course(learner, course, locales):
    scenario = ScenarioPageFactory(parent=course)
    russian_scenario = _translate(scenario, locales["ru"])
    russian_course = russian_scenario.get_parent().specific
    play(learner, scenario, [0, 0])

    progress = course_progress(user=learner, course=russian_course)

    assert [entry.page for entry in progress.entries] == [russian_scenario]
    assert progress.entries[0].done
    assert progress.finished


def test_someone_elses_runs_do_not_count(learner, course, mixed_course):
    _lessons, required, _optional = mixed_course
    play(LearnerFactory(), required, [0, 0])

    progress = course_progress(user=learner, course=course)

    assert not any(entry.done or entry.attempted for entry in progress.entries)


@pytest.mark.parametrize("size", [1, 6])
def test_progress_with_scenarios_and_an_exam_takes_three_queries_whatever_the_size(
    learner, course_index, size, django_assert_num_queries
):
    course = CoursePageFactory(parent=course_index)
    for _ in range(size):
        lesson_complete(user=learner, lesson=LessonPageFactory(parent=course))
        scenario = ScenarioPageFactory(parent=course)
        for _run in range(size):
            play(learner, scenario, [1])
    ExamPageFactory(parent=course)

    with django_assert_num_queries(3):
        progress = course_progress(user=learner, course=course)
        [
            (entry.page.title, entry.required, entry.done, entry.page.live)
            for entry in progress.entries
        ]

    # The exam (required, not passed yet) is one more required step.
    assert (progress.required_done, progress.required_total) == (size, 2 * size + 1)


def test_standing_has_the_open_run_here_and_the_best_run_in_any_language(learner, course, locales):
    scenario = ScenarioPageFactory(parent=course)
    russian = _translate(scenario, locales["ru"])
    play(learner, scenario, [1])
    best = play(learner, russian, [0, 0])
    play(learner, scenario, [0, 1])
    open_run = scenario_run_start(user=learner, scenario=scenario)

    standing = scenario_standing(user=learner, scenario=scenario)

    assert standing.open_run == open_run
    assert standing.best_run == best
    assert scenario_standing(user=learner, scenario=russian).open_run is None


def test_standing_needs_no_query_for_an_anonymous_visitor(course, django_assert_num_queries):
    scenario = ScenarioPageFactory(parent=course)

    with django_assert_num_queries(0):
        standing = scenario_standing(user=AnonymousUser(), scenario=scenario)

    assert (standing.open_run, standing.best_run) == (None, None)


def test_the_exam_is_a_step_of_the_syllabus_done_once_passed(learner, course, lessons):
    exam = ExamPageFactory(parent=course)
    for lesson in lessons:
        lesson_complete(user=learner, lesson=lesson)

    progress = course_progress(user=learner, course=course)
    assert [entry.kind for entry in progress.entries] == ["lesson", "lesson", "lesson", "exam"]
    assert progress.next_page == exam
    assert (progress.required_done, progress.required_total) == (2, 3)

    failed = attempt_start(user=learner, exam=exam)
    answer_attempt(failed, right=False)
    attempt_submit(user=learner, attempt=failed)
    entry = course_progress(user=learner, course=course).entries[-1]
    assert (entry.attempted, entry.done) == (True, False)

    passed = attempt_start(user=learner, exam=exam)
    answer_attempt(passed, right=True)
    attempt_submit(user=learner, attempt=passed)
    progress = course_progress(user=learner, course=course)
    assert progress.entries[-1].done
    assert progress.finished and progress.next_page is None
