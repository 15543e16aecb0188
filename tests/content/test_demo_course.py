"""The demo course that ``load_initial_data`` publishes."""

import pytest

from content.demo import load_demo_course
from content.models import CourseIndexPage, CoursePage, LessonPage

pytestmark = pytest.mark.django_db

LESSON_TITLES = [
    "The store and the first impression",
    "Greeting and personal attention",
    "Telephone etiquette",
    "The stages of a sale and handling objections",
    "Complaints",
    "Appearance and forbidden phrases",
]


def test_loading_twice_gives_one_course_with_six_lessons_in_order(minimal_site):
    load_demo_course()
    course = load_demo_course()

    assert CourseIndexPage.objects.count() == 1
    assert CoursePage.objects.count() == 1
    assert course.get_parent().specific.get_parent().pk == minimal_site.root_page.pk
    assert course.live and course.estimated_minutes == 60
    assert course.certificate_validity_months == 24
    lessons = course.get_children().live().specific()
    assert [lesson.title for lesson in lessons] == LESSON_TITLES
    assert LessonPage.objects.count() == 6
    assert [lesson.required for lesson in lessons] == [True] * 5 + [False]


def test_second_load_publishes_nothing_new(minimal_site):
    load_demo_course()
    revisions = {page.pk: page.latest_revision_id for page in LessonPage.objects.all()}

    load_demo_course()

    assert {page.pk: page.latest_revision_id for page in LessonPage.objects.all()} == revisions


def test_every_lesson_teaches_standards_and_uses_several_blocks(minimal_site):
    course = load_demo_course()

    for lesson in course.get_children().specific():
        assert lesson.standards.exists(), lesson.title
        block_types = {block.block_type for block in lesson.body}
        assert {"heading", "standard", "key_takeaways"} <= block_types, lesson.title
        assert all(
            block.value["standard"].live for block in lesson.body if block.block_type == "standard"
        )
