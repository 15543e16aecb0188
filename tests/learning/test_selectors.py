"""Course progress and lesson neighbours, read in a fixed number of queries."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lms.learning.selectors import course_progress, lesson_is_completed, lesson_neighbours
from lms.learning.services import lesson_complete
from tests.factories.content import CoursePageFactory, LessonPageFactory

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

    assert [(entry.page.title, entry.completed, entry.required) for entry in progress.lessons] == [
        ("Say hello", True, True),
        ("Offer help", False, True),
        ("Small talk", False, False),
    ]
    assert (progress.required_done, progress.required_total, progress.percent) == (1, 2, 50)
    assert progress.next_lesson == lessons[1]
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
    assert progress.next_lesson == lessons[2]


def test_required_lessons_come_before_an_earlier_optional_one(learner, course):
    optional = LessonPageFactory(parent=course, required=False)
    required = LessonPageFactory(parent=course, required=True)

    progress = course_progress(user=learner, course=course)

    assert progress.next_lesson == required
    assert optional in [entry.page for entry in progress.lessons]


def test_no_next_lesson_when_everything_is_done(learner, course, lessons):
    for lesson in lessons:
        lesson_complete(user=learner, lesson=lesson)

    assert course_progress(user=learner, course=course).next_lesson is None


def test_an_anonymous_visitor_sees_nothing_done_and_starts_at_the_first_lesson(
    course, lessons, django_assert_num_queries
):
    with django_assert_num_queries(1):
        progress = course_progress(user=AnonymousUser(), course=course)

    assert not progress.tracked
    assert progress.required_done == 0
    assert progress.next_lesson == lessons[0]


def test_a_lesson_done_in_english_counts_on_the_russian_course(learner, lessons, locales):
    russian_lessons = [_translate(lesson, locales["ru"]) for lesson in lessons]
    russian_course = russian_lessons[0].get_parent().specific
    lesson_complete(user=learner, lesson=lessons[0])

    progress = course_progress(user=learner, course=russian_course)

    assert [entry.page for entry in progress.lessons] == russian_lessons
    assert all(entry.page.locale == locales["ru"] for entry in progress.lessons)
    assert [entry.completed for entry in progress.lessons] == [True, False, False]
    assert progress.next_lesson == russian_lessons[1]
    assert lesson_is_completed(user=learner, lesson=russian_lessons[0])


@pytest.mark.parametrize("lesson_count", [2, 10])
def test_progress_takes_two_queries_whatever_the_number_of_lessons(
    learner, course_index, lesson_count, django_assert_num_queries
):
    course = CoursePageFactory(parent=course_index)
    course_lessons = [LessonPageFactory(parent=course) for _ in range(lesson_count)]
    for lesson in course_lessons[::2]:
        lesson_complete(user=learner, lesson=lesson)

    with django_assert_num_queries(2):
        progress = course_progress(user=learner, course=course)
        # Reading the lessons' fields must not query either.
        [
            (entry.page.title, entry.required, entry.page.estimated_minutes)
            for entry in progress.lessons
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
