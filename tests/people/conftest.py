"""Fixtures shared by the people tests."""

import pytest

from lms.people.roles import ADMINISTRATOR
from lms.people.services import manager_scope_grant
from tests.factories import ManagerFactory, RegionFactory, StoreFactory, UserFactory
from tests.people.test_staff_import import demo_company


@pytest.fixture
def stores():
    """Two regions of one company; the ``manager`` fixture covers the west only."""
    west = RegionFactory(name="West")
    east = RegionFactory(parent=west.get_parent(), name="East")
    return {
        "west": StoreFactory(parent=west, name="Old Town"),
        "west_2": StoreFactory(parent=west, name="Riverside"),
        "east": StoreFactory(parent=east, name="Bishkek Centre"),
    }


@pytest.fixture
def manager(stores):
    manager = ManagerFactory(full_name="Mara Manager")
    manager_scope_grant(manager=manager, unit=stores["west"].get_parent())
    return manager


@pytest.fixture
def administrator():
    return UserFactory(full_name="Ada Administrator", roles=[ADMINISTRATOR])


@pytest.fixture
def company():
    """The demo company's stores, regions and job roles."""
    return demo_company()
