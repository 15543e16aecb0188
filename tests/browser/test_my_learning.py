"""My learning on a phone: a half-way learner continues where they stopped, adds an optional
course, and the page passes axe."""

import datetime
import re

import pytest
from django.utils import timezone

from lms.learning.services import lesson_complete
from tests.browser.conftest import fits_screen, serious_violations
from tests.factories import LearnerFactory
from tests.factories.content import CourseIndexPageFactory, CoursePageFactory, LessonPageFactory
from tests.factories.learning import EnrolmentFactory
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.browser


def _named(action: str, title: str) -> re.Pattern:
    """A button's accessible name: its action, then the visually hidden title it is for
    (Chromium puts a space between them, as the hidden text is a block of its own)."""
    return re.compile(rf"^{re.escape(action)}\s*: {re.escape(title)}$")


def _log_in(page, base_url, email):
    page.goto(f"{base_url}/en/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/en/my-learning/")


@pytest.fixture
def courses(home_page):
    """A course of two required lessons, one done; one overdue, one done, one to add."""
    index = CourseIndexPageFactory(parent=home_page)
    course = CoursePageFactory(parent=index, title="Greeting customers")
    first = LessonPageFactory(parent=course, title="Greet within ten seconds")
    second = LessonPageFactory(parent=course, title="Offer help, not pressure")
    late = CoursePageFactory(parent=index, title="Till and returns")
    LessonPageFactory(parent=late, title="Refunds")
    done = CoursePageFactory(parent=index, title="Safety on the floor")
    LessonPageFactory(parent=done, title="Fire exits")
    optional = CoursePageFactory(parent=index, title="Coffee corner", self_enrolment=True)
    LessonPageFactory(parent=optional, title="Espresso basics")
    return {
        "course": course,
        "first": first,
        "second": second,
        "late": late,
        "done": done,
        "optional": optional,
    }


@pytest.fixture
def half_way_learner(courses):
    learner = LearnerFactory()
    today = timezone.localdate()
    EnrolmentFactory(
        user=learner, course=courses["course"], due_on=today + datetime.timedelta(days=7)
    )
    lesson_complete(user=learner, lesson=courses["first"])
    return learner


def test_a_half_way_learner_sees_progress_and_continues_to_the_next_lesson(
    phone, live_site, courses, half_way_learner
):
    _log_in(phone, live_site.url, half_way_learner.email)

    card = phone.get_by_role("listitem").filter(
        has=phone.get_by_role("heading", name="Greeting customers")
    )
    assert card.get_by_role("link", name="Greeting customers").is_visible()
    bar = card.get_by_role("progressbar", name="1 of 2 required lessons done")
    assert bar.is_visible()
    assert bar.get_attribute("value") == "1"
    assert bar.get_attribute("max") == "2"
    assert card.get_by_text("(7 days left)").is_visible()
    assert fits_screen(phone)

    card.get_by_role("link", name=_named("Continue", "Offer help, not pressure")).click()

    phone.wait_for_url(f"**{courses['second'].get_url()}")
    assert phone.get_by_role("heading", level=1).inner_text() == "Offer help, not pressure"


def test_my_learning_with_every_section_passes_axe_and_fits_a_phone(
    phone, live_site, axe, courses, half_way_learner
):
    EnrolmentFactory(
        user=half_way_learner,
        course=courses["late"],
        due_on=timezone.localdate() - datetime.timedelta(days=3),
    )
    EnrolmentFactory(
        user=half_way_learner,
        course=courses["done"],
        started_at=timezone.now(),
        completed_at=timezone.now(),
    )
    _log_in(phone, live_site.url, half_way_learner.email)

    late = phone.get_by_role("listitem").filter(
        has=phone.get_by_role("heading", name="Till and returns")
    )
    assert late.get_by_text("Overdue", exact=True).is_visible()
    assert phone.get_by_role("heading", name="Completed").is_visible()
    assert phone.get_by_role(
        "link", name=_named("Review course", "Safety on the floor")
    ).is_visible()
    assert phone.get_by_role("heading", name="Certificates").is_visible()
    assert phone.get_by_role("heading", name="Awards").is_visible()
    assert serious_violations(axe.run(phone)) == []
    assert fits_screen(phone)


def test_a_learner_adds_an_optional_course_from_my_learning(
    phone, live_site, courses, half_way_learner
):
    _log_in(phone, live_site.url, half_way_learner.email)

    phone.get_by_role("button", name=_named("Add to my learning", "Coffee corner")).click()

    phone.wait_for_url("**/en/my-learning/")
    status = phone.get_by_role("status")
    assert status.filter(has_text="Coffee corner was added to your learning.").is_visible()
    card = phone.get_by_role("listitem").filter(
        has=phone.get_by_role("heading", name="Coffee corner")
    )
    assert card.get_by_role("link", name=_named("Start", "Espresso basics")).is_visible()
    assert phone.get_by_role("heading", name="Courses you can add").count() == 0
