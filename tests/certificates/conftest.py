"""A learner who has completed a course, with an enrolment ready to earn a certificate."""

import pytest

from lms.learning.services import enrolment_assign, lesson_complete
from lms.people.services import manager_scope_grant
from tests.factories import LearnerFactory, ManagerFactory
from tests.factories.content import CourseIndexPageFactory, CoursePageFactory, LessonPageFactory


@pytest.fixture
def course(home_page):
    index = CourseIndexPageFactory(parent=home_page)
    course = CoursePageFactory(
        parent=index, title="Greeting the customer", certificate_validity_months=24
    )
    LessonPageFactory(parent=course, title="Say hello")
    return course


@pytest.fixture
def completed_enrolment(course, django_capture_on_commit_callbacks):
    """A learner enrolled by their manager who has read the course's only lesson. In a test
    inside a transaction the certificate is not issued yet (the on-commit callbacks are
    dropped); in one that really commits, it is issued and rendered at once."""
    learner = LearnerFactory(full_name="Jana Nováková")
    manager = ManagerFactory()
    manager_scope_grant(manager=manager, unit=learner.home_store)
    enrolment_assign(actor=manager, people=[learner], course=course, due_on=None)
    with django_capture_on_commit_callbacks(execute=False):
        lesson_complete(user=learner, lesson=course.get_children().specific().first())
    return learner.enrolments.get()
