"""A small company for the manager pages: two regions far apart, three stores, a course
with a lesson and an exam, and a manager of one region."""

from datetime import date

import pytest

from lms.people.models import ManagerScope
from tests.factories import LearnerFactory, ManagerFactory, RegionFactory, StoreFactory
from tests.factories.content import CourseIndexPageFactory, CoursePageFactory, LessonPageFactory
from tests.factories.learning import EnrolmentFactory


@pytest.fixture
def region(db):
    return RegionFactory(name="Central Europe", time_zone="Europe/Bratislava")


@pytest.fixture
def store(region):
    return StoreFactory(parent=region, name="Bratislava Old Town")


@pytest.fixture
def other_store(region):
    return StoreFactory(parent=region, name="Košice Centre")


@pytest.fixture
def far_store(db):
    """A store of another region, outside the manager's scope."""
    return StoreFactory(
        parent=RegionFactory(name="Central Asia", time_zone="Asia/Bishkek"), name="Osh Bazaar"
    )


@pytest.fixture
def manager(region):
    manager = ManagerFactory(full_name="Marek Novák")
    ManagerScope.objects.create(manager=manager, unit=region)
    return manager


@pytest.fixture
def course(home_page):
    course = CoursePageFactory(
        parent=CourseIndexPageFactory(parent=home_page), title="Service essentials"
    )
    LessonPageFactory(parent=course, title="Greeting")
    return course


@pytest.fixture
def enrol(course):
    """``enrol(person, due_on=..., started=..., completed=...)``: an enrolment in the course."""

    def enrol(person, *, course=course, due_on=None, started_at=None, completed_at=None):
        return EnrolmentFactory(
            user=person,
            course=course,
            due_on=due_on,
            started_at=started_at,
            completed_at=completed_at,
        )

    return enrol


@pytest.fixture
def learner(store):
    return LearnerFactory(home_store=store, full_name="Anna Nováková", hire_date=date(2026, 1, 5))
