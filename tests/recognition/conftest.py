"""Fixtures shared by the recognition tests."""

import pytest

from lms.people.roles import ADMINISTRATOR
from tests.factories import RegionFactory, StoreFactory, UserFactory
from tests.factories.content import CourseIndexPageFactory, CoursePageFactory
from tests.factories.quizzes import ExamPageFactory


@pytest.fixture
def exam_page(home_page):
    """One exam page serves every exam: attempts are told apart by their ``exam_key``."""
    return ExamPageFactory(
        parent=CoursePageFactory(parent=CourseIndexPageFactory(parent=home_page))
    )


@pytest.fixture
def administrator(db):
    return UserFactory(roles=[ADMINISTRATOR], full_name="Ada Admin")


# Central Europe with two stores: the awards to confirm and the wall. (test_views.py has
# stores of its own names.)
@pytest.fixture
def region(db):
    return RegionFactory(name="Central Europe")


@pytest.fixture
def store(region):
    return StoreFactory(parent=region, name="Bratislava Old Town")


@pytest.fixture
def other_store(region):
    return StoreFactory(parent=region, name="Košice Centre")
