import pytest

from lms.people.roles import ADMINISTRATOR
from lms.people.selectors import people_in_scope, time_zones_for_units, units_in_scope
from lms.people.services import manager_scope_grant
from tests.factories import LearnerFactory, ManagerFactory, RegionFactory, StoreFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    """A company with two regions, each with two stores."""
    west = RegionFactory(name="West", time_zone="Europe/Bratislava")
    company = west.get_parent()
    east = RegionFactory(parent=company, name="East", time_zone="Asia/Bishkek")
    return {
        "company": company,
        "west": west,
        "east": east,
        "w1": StoreFactory(parent=west),
        "w2": StoreFactory(parent=west),
        "e1": StoreFactory(parent=east),
        "e2": StoreFactory(parent=east, time_zone="Asia/Almaty"),
    }


def test_manager_of_a_region_sees_its_stores_and_not_others(tree):
    manager = ManagerFactory()
    manager_scope_grant(manager=manager, unit=tree["west"])
    assert set(units_in_scope(manager)) == {tree["west"], tree["w1"], tree["w2"]}


def test_manager_of_one_store_sees_only_its_people(tree):
    manager = ManagerFactory()
    manager_scope_grant(manager=manager, unit=tree["w1"])
    mine = LearnerFactory(home_store=tree["w1"])
    LearnerFactory(home_store=tree["w2"])
    LearnerFactory(home_store=tree["e1"])
    assert list(people_in_scope(manager)) == [mine]


def test_manager_with_two_scopes_sees_both(tree):
    manager = ManagerFactory()
    manager_scope_grant(manager=manager, unit=tree["w1"])
    manager_scope_grant(manager=manager, unit=tree["east"])
    assert set(units_in_scope(manager)) == {tree["w1"], tree["east"], tree["e1"], tree["e2"]}


def test_person_without_scope_sees_nobody(tree):
    LearnerFactory(home_store=tree["w1"])
    assert not people_in_scope(LearnerFactory(home_store=tree["w1"])).exists()


def test_inactive_manager_sees_nobody(tree):
    manager = ManagerFactory(is_active=False)
    manager_scope_grant(manager=manager, unit=tree["company"])
    LearnerFactory(home_store=tree["w1"])
    assert not people_in_scope(manager).exists()


def test_administrator_sees_every_unit(tree):
    admin = UserFactory(roles=[ADMINISTRATOR])
    assert units_in_scope(admin).count() == 7


def test_scope_query_count_does_not_grow_with_scopes(tree, django_assert_num_queries):
    manager = ManagerFactory()
    for unit in (tree["w1"], tree["w2"], tree["e1"], tree["e2"]):
        manager_scope_grant(manager=manager, unit=unit)
    with django_assert_num_queries(3):
        list(people_in_scope(manager))


def test_time_zone_is_inherited_down_the_tree(tree):
    assert tree["company"].effective_time_zone == "Europe/Bratislava"
    assert tree["w1"].effective_time_zone == "Europe/Bratislava"
    assert tree["e1"].effective_time_zone == "Asia/Bishkek"
    assert tree["e2"].effective_time_zone == "Asia/Almaty"


def test_time_zones_for_many_units_in_one_query(tree, django_assert_num_queries):
    units = list(tree.values())
    with django_assert_num_queries(1):
        zones = time_zones_for_units(units)
    assert zones[tree["e1"].pk] == "Asia/Bishkek"
    assert zones[tree["w2"].pk] == "Europe/Bratislava"
    assert zones[tree["e2"].pk] == "Asia/Almaty"
