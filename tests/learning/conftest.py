"""A small course to learn from: a course index, a course and its lessons, and a learner."""

import pytest

from tests.factories import LearnerFactory
from tests.factories.content import CourseIndexPageFactory, CoursePageFactory, LessonPageFactory


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
