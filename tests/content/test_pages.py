"""The course pages: where each may live, what each shows, and what rendering costs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils import WagtailPageTestCase

from content.models import CourseIndexPage, CoursePage, HomePage, LessonPage, ScenarioPage
from quizzes.models import ExamPage
from tests.factories.content import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    StandardFactory,
)


@pytest.fixture
def page_rules():
    """Wagtail's page-tree assertions, outside a unittest class."""

    class Rules(WagtailPageTestCase):
        def runTest(self):  # unittest needs one test method to instantiate the case
            pass

    return Rules()


@pytest.fixture
def course_index(home_page):
    return CourseIndexPageFactory(parent=home_page)


@pytest.fixture
def course(course_index):
    return CoursePageFactory(parent=course_index, title="Service essentials")


def test_lesson_lives_only_in_a_course(page_rules):
    page_rules.assertAllowedParentPageTypes(LessonPage, {CoursePage})
    page_rules.assertAllowedSubpageTypes(LessonPage, set())


def test_course_lives_only_under_the_course_index(page_rules):
    page_rules.assertAllowedParentPageTypes(CoursePage, {CourseIndexPage})
    page_rules.assertAllowedSubpageTypes(CoursePage, {LessonPage, ScenarioPage, ExamPage})


def test_course_index_lives_only_under_the_home_page(page_rules):
    page_rules.assertAllowedParentPageTypes(CourseIndexPage, {HomePage})
    page_rules.assertAllowedSubpageTypes(CourseIndexPage, {CoursePage})


def test_lesson_cannot_be_created_outside_a_course(page_rules, course, home_page):
    course_index = course.get_parent().specific
    page_rules.assertCanCreateAt(CoursePage, LessonPage)
    for parent in (home_page, course_index):
        assert not LessonPage.can_create_at(parent)
    assert LessonPage.can_create_at(course)
    assert not CoursePage.can_create_at(home_page)
    assert CoursePage.can_create_at(course_index)


def test_scenario_cannot_be_created_outside_a_course(page_rules, course, home_page):
    page_rules.assertAllowedParentPageTypes(ScenarioPage, {CoursePage})
    page_rules.assertAllowedSubpageTypes(ScenarioPage, set())
    for parent in (home_page, course.get_parent().specific):
        assert not ScenarioPage.can_create_at(parent)
    assert ScenarioPage.can_create_at(course)


def test_only_one_course_index_per_home_page(course_index, home_page):
    assert not CourseIndexPage.can_create_at(home_page)


def test_course_index_lists_live_courses(client, course_index):
    CoursePageFactory(parent=course_index, title="Telephone basics", estimated_minutes=20)
    CoursePageFactory(parent=course_index, title="Draft course", live=False)

    response = client.get(course_index.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Telephone basics" in html
    assert "About 20 minutes" in html
    assert "Draft course" not in html
    assert html.count("<h1") == 1


def test_course_page_lists_lessons_in_order_with_required_or_optional(client, course):
    LessonPageFactory(parent=course, title="First: greeting", estimated_minutes=7)
    LessonPageFactory(parent=course, title="Second: the phone", required=False)
    LessonPageFactory(parent=course, title="Unpublished lesson", live=False)

    response = client.get(course.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("First: greeting") < html.index("Second: the phone")
    assert "Unpublished lesson" not in html
    syllabus = html[html.index('class="learning-syllabus') :]
    assert syllabus.index("Required") < syllabus.index("Optional")
    assert "7 minutes" in syllabus
    assert html.count("<h1") == 1


def test_lesson_page_shows_its_blocks_and_standards(client, course):
    taught = StandardFactory(code="PHONE-01", title="Pick up quickly", rule="Answer by ring 3.")
    in_body = StandardFactory(code="GREET-01", title="Greet every customer")
    lesson = LessonPageFactory(
        parent=course,
        title="Telephone etiquette",
        body=[
            {"type": "heading", "value": {"text": "Pick up fast", "level": "h2"}},
            {"type": "text", "value": "<p>A ringing phone is a customer waiting.</p>"},
            {"type": "standard", "value": {"standard": in_body.pk}},
            {"type": "key_takeaways", "value": {"points": ["Third ring at the latest."]}},
        ],
        standards=[taught],
    )

    response = client.get(lesson.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Pick up fast" in html
    assert "A ringing phone is a customer waiting." in html
    assert "Greet every customer" in html
    assert "Third ring at the latest." in html
    standards_section = html[html.index('id="standards-heading"') :]
    assert "PHONE-01" in standards_section
    assert "Pick up quickly" in standards_section
    assert "Answer by ring 3." in standards_section
    assert f'href="{course.url}"' in html
    assert html.count("<h1") == 1


def _queries_to_render(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_course_page_queries_do_not_grow_with_lessons(client, course_index):
    small = CoursePageFactory(parent=course_index)
    large = CoursePageFactory(parent=course_index)
    for _ in range(2):
        LessonPageFactory(parent=small)
    for _ in range(8):
        LessonPageFactory(parent=large)
    _queries_to_render(client, small.url)  # warms the site's root paths cache

    assert _queries_to_render(client, large.url) == _queries_to_render(client, small.url)


def test_lesson_page_queries_do_not_grow_with_standards(client, course):
    one = LessonPageFactory(parent=course, standards=StandardFactory.create_batch(1))
    six = LessonPageFactory(parent=course, standards=StandardFactory.create_batch(6))
    _queries_to_render(client, one.url)

    assert _queries_to_render(client, six.url) == _queries_to_render(client, one.url)


def test_course_index_queries_do_not_grow_with_courses(client, home_page):
    index = CourseIndexPageFactory(parent=home_page)
    CoursePageFactory(parent=index)
    before = _queries_to_render(client, index.url)
    CoursePageFactory.create_batch(5, parent=index)

    assert _queries_to_render(client, index.url) == before
