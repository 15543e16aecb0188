"""A small course to learn from: a course index, a course, its lessons and a scenario, and a
learner."""

import pytest

from tests.factories import LearnerFactory
from tests.factories.content import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ScenarioPageFactory,
    StandardFactory,
    scenario_ending,
    scenario_step,
)
from tests.learning.helpers import reply


@pytest.fixture
def course_index(home_page):
    return CourseIndexPageFactory(parent=home_page)


@pytest.fixture
def course(course_index):
    return CoursePageFactory(parent=course_index, title="Greeting customers")


@pytest.fixture
def lessons(course):
    """Three lessons in syllabus order: two required, the last optional."""
    return [
        LessonPageFactory(parent=course, title="Say hello", estimated_minutes=5),
        LessonPageFactory(parent=course, title="Offer help", estimated_minutes=10),
        LessonPageFactory(parent=course, title="Small talk", required=False, estimated_minutes=7),
    ]


@pytest.fixture
def learner(db):
    return LearnerFactory()


@pytest.fixture
def standards(db):
    """Two standards the complaint scenario's replies apply or break."""
    return [
        StandardFactory(code="COMPLAINT-01", title="Listen before you answer"),
        StandardFactory(code="COMPLAINT-02", title="Offer a remedy at once"),
    ]


def complaint_steps_with_standards(listen, remedy):
    """The factory's complaint (best 5, pass 3) with standards on the replies.

    opening: 0 → +2 listen (applies ``listen``), 1 → -2 walks-out (breaks ``listen``)
    listen:  0 → +3 settled (applies ``remedy``), 1 → 0 walks-out (no standard)
    """
    return [
        scenario_step(
            "opening",
            "This kettle I bought last week has stopped working!",
            reply(
                "I am sorry to hear that. Tell me what happened.",
                2,
                "listen",
                standard=listen,
                effect="applies",
                feedback="Good: you let the customer explain.",
            ),
            reply(
                "That is not my problem.",
                -2,
                "walks-out",
                standard=listen,
                effect="breaks",
                feedback="The customer feels dismissed.",
            ),
        ),
        scenario_step(
            "listen",
            "It just will not switch on any more.",
            reply(
                "I can exchange it now or refund you: which do you prefer?",
                3,
                "settled",
                standard=remedy,
                effect="applies",
                feedback="A remedy on the spot settles it.",
            ),
            reply(
                "Come back tomorrow when the manager is in.",
                0,
                "walks-out",
                feedback="Sending the customer away loses the sale.",
            ),
        ),
        scenario_ending("settled", "The customer leaves satisfied", "They thank you and leave."),
        scenario_ending("walks-out", "The customer walks out", "They leave angry."),
    ]


@pytest.fixture
def scenario(course, standards):
    """A published complaint scenario (with a live revision), practising both standards."""
    page = ScenarioPageFactory(
        parent=course,
        title="An angry customer",
        steps=complaint_steps_with_standards(*standards),
        standards=standards,
    )
    page.save_revision().publish()
    page.refresh_from_db()
    return page
