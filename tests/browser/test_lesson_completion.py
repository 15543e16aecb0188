"""A learner marks a lesson done on a phone and sees it counted on the course page."""

import pytest

from tests.browser.conftest import fits_screen, serious_violations
from tests.factories import LearnerFactory
from tests.factories.content import CourseIndexPageFactory, CoursePageFactory, LessonPageFactory
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.browser


def _log_in(page, base_url, email, password):
    page.goto(f"{base_url}/en/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/my-learning/")


@pytest.fixture
def course_with_two_lessons(home_page):
    course = CoursePageFactory(parent=CourseIndexPageFactory(parent=home_page))
    first = LessonPageFactory(parent=course, title="Greet within ten seconds")
    second = LessonPageFactory(parent=course, title="Offer help, not pressure")
    return course, first, second


def test_learner_marks_a_lesson_complete_and_sees_progress(
    page, live_site, axe, course_with_two_lessons
):
    course, first, second = course_with_two_lessons
    learner = LearnerFactory()
    _log_in(page, live_site.url, learner.email, PASSWORD)

    page.goto(f"{live_site.url}{first.get_url()}")
    page.get_by_role("button", name="Mark as complete").click()

    page.wait_for_url(f"**{first.get_url()}")
    assert page.get_by_role("status").filter(has_text="Lesson marked as complete.").is_visible()
    assert page.get_by_text("Completed", exact=True).is_visible()
    assert page.get_by_role("button", name="Mark as not done").is_visible()
    navigation = page.get_by_role("navigation", name="Lessons of this course")
    assert navigation.get_by_role("link", name="Next: Offer help, not pressure").is_visible()
    assert serious_violations(axe.run(page)) == []

    page.goto(f"{live_site.url}{course.get_url()}")
    assert page.get_by_text("1 of 2 required lessons done").is_visible()
    assert page.get_by_role("link", name="Continue").get_attribute("href") == second.get_url()
    assert serious_violations(axe.run(page)) == []
    assert fits_screen(page)
