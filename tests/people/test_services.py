"""Writes about people and the organisation: idempotent, validated, and audited."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from lms.people.models import ManagerScope, OrgUnit, User
from lms.people.roles import ADMINISTRATOR, LEARNER, MANAGER, TRAINER
from lms.people.services import (
    job_role_create,
    manager_scope_grant,
    manager_scope_revoke,
    org_unit_create,
    user_create,
    user_set_language,
    user_set_roles,
)
from tests.factories import ManagerFactory, RegionFactory, StoreFactory, UserFactory
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db


def audit_log(person: User, action: str):
    """The entries of Wagtail's audit log about ``person`` for one action, oldest first."""
    return log_registry.get_logs_for_instance(person).filter(action=action).order_by("timestamp")


def role_names(person: User) -> set[str]:
    return set(person.groups.values_list("name", flat=True))


# --- Organisation units


def test_org_unit_create_builds_the_tree():
    company = org_unit_create(
        name="Academy Retail", code="retail", kind=OrgUnit.Kind.COMPANY, time_zone="Europe/Vienna"
    )
    region = org_unit_create(name="West", code="west", kind=OrgUnit.Kind.REGION, parent=company)
    store = org_unit_create(name="BA-01", code="ba-01", kind=OrgUnit.Kind.STORE, parent=region)
    assert company.is_root()
    assert store.get_parent().get_parent() == company
    assert store.depth == 3
    assert store.effective_time_zone == "Europe/Vienna"


def test_org_unit_create_twice_with_the_same_code_returns_the_first_unit():
    region = RegionFactory()
    first = org_unit_create(name="BA-01", code="ba-01", kind=OrgUnit.Kind.STORE, parent=region)
    again = org_unit_create(name="Renamed", code="ba-01", kind=OrgUnit.Kind.STORE, parent=region)
    assert again.pk == first.pk
    assert OrgUnit.objects.filter(code="ba-01").count() == 1
    region.refresh_from_db()
    assert region.numchild == 1
    assert again.name == "BA-01"


def test_org_unit_create_refuses_an_unknown_time_zone():
    with pytest.raises(ValidationError, match="time_zone"):
        org_unit_create(name="Co", code="co", kind=OrgUnit.Kind.COMPANY, time_zone="Mars/Olympus")
    assert not OrgUnit.objects.filter(code="co").exists()


def test_job_role_create_twice_keeps_one_role():
    first = job_role_create(code="cashier", name="Cashier")
    again = job_role_create(code="cashier", name="Till operator")
    assert again.pk == first.pk
    assert again.name == "Cashier"


# --- People and roles


def test_user_create_gives_the_roles_and_no_usable_password():
    person = user_create(full_name="Ivan Petrov", employee_number="E-9", roles=[LEARNER])
    assert role_names(person) == {LEARNER}
    assert person.email is None
    assert not person.has_usable_password()


def test_setting_roles_writes_before_and_after_to_the_audit_log():
    actor = UserFactory(roles=[ADMINISTRATOR])
    person = UserFactory(roles=[LEARNER])
    user_set_roles(user=person, roles=[TRAINER, LEARNER], actor=actor)

    assert role_names(person) == {LEARNER, TRAINER}
    [entry] = audit_log(person, "people.roles_changed")
    assert isinstance(entry, ModelLogEntry)
    assert entry.object_id == str(person.pk)
    assert entry.user == actor
    assert entry.data == {"before": [LEARNER], "after": [LEARNER, TRAINER]}


def test_setting_the_same_roles_again_changes_nothing_and_logs_nothing():
    person = UserFactory(roles=[LEARNER, MANAGER])
    user_set_roles(user=person, roles=[MANAGER, LEARNER])
    assert role_names(person) == {LEARNER, MANAGER}
    assert not audit_log(person, "people.roles_changed").exists()


def test_removing_every_role_is_logged():
    person = UserFactory(roles=[TRAINER])
    user_set_roles(user=person, roles=[])
    assert role_names(person) == set()
    [entry] = audit_log(person, "people.roles_changed")
    assert entry.data == {"before": [TRAINER], "after": []}


def test_unknown_role_is_refused_and_the_roles_stay_as_they_were():
    person = UserFactory(roles=[LEARNER])
    with pytest.raises(ValueError, match="Wizard"):
        user_set_roles(user=person, roles=[LEARNER, "Wizard"])
    assert role_names(person) == {LEARNER}
    assert not audit_log(person, "people.roles_changed").exists()


def test_role_change_shows_in_the_admin_history_with_its_label():
    person = UserFactory(roles=[])
    user_set_roles(user=person, roles=[MANAGER])
    [entry] = audit_log(person, "people.roles_changed")
    assert entry.message == "Roles changed"


# --- Manager scope


def test_granting_the_same_scope_twice_keeps_one_row_and_one_log_entry():
    actor = UserFactory(roles=[ADMINISTRATOR])
    manager = ManagerFactory()
    store = StoreFactory(code="ba-01")
    first = manager_scope_grant(manager=manager, unit=store, actor=actor)
    again = manager_scope_grant(manager=manager, unit=store, actor=actor)

    assert again.pk == first.pk
    assert ManagerScope.objects.filter(manager=manager).count() == 1
    [entry] = audit_log(manager, "people.scope_granted")
    assert entry.data == {"unit": "ba-01"}
    assert entry.user == actor


def test_revoking_a_scope_removes_it_and_is_logged():
    manager = ManagerFactory()
    store = StoreFactory(code="ba-02")
    manager_scope_grant(manager=manager, unit=store)
    manager_scope_revoke(manager=manager, unit=store)

    assert not ManagerScope.objects.filter(manager=manager).exists()
    [entry] = audit_log(manager, "people.scope_revoked")
    assert entry.data == {"unit": "ba-02"}


def test_revoking_a_scope_the_manager_never_had_logs_nothing():
    manager = ManagerFactory()
    manager_scope_revoke(manager=manager, unit=StoreFactory())
    assert not audit_log(manager, "people.scope_revoked").exists()


# --- Language


def test_user_set_language_remembers_an_offered_language():
    person = UserFactory(preferred_language="en")
    user_set_language(user=person, language="ru")
    person.refresh_from_db()
    assert person.preferred_language == "ru"


def test_user_set_language_ignores_a_language_not_offered():
    person = UserFactory(preferred_language="sk")
    user_set_language(user=person, language="xx")
    person.refresh_from_db()
    assert person.preferred_language == "sk"


# --- Language through the site's requests (they call user_set_language)


@pytest.fixture
def no_login_rate_limits(settings):
    # allauth counts logins in the shared Redis cache; parallel runs must not trip it.
    settings.ACCOUNT_RATE_LIMITS = False


def test_language_switch_remembers_the_choice_on_the_profile(client, settings):
    person = UserFactory(preferred_language="en")
    client.force_login(person)
    response = client.post(reverse("set_language"), {"language": "ru", "next": "/ru/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    person.refresh_from_db()
    assert person.preferred_language == "ru"


def test_language_switch_for_a_visitor_only_sets_the_cookie(client, settings):
    response = client.post(reverse("set_language"), {"language": "sk", "next": "/sk/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "sk"


def test_language_switch_to_an_unknown_language_changes_nothing(client, settings):
    person = UserFactory(preferred_language="ro")
    client.force_login(person)
    response = client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    person.refresh_from_db()
    assert person.preferred_language == "ro"


def test_language_switch_refuses_get(client):
    assert client.get(reverse("set_language"), {"language": "ru"}).status_code == 405


def test_login_leads_to_my_learning_in_the_preferred_language(
    client, settings, no_login_rate_limits
):
    person = UserFactory(preferred_language="ru")
    response = client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302
    with translation.override("ru"):
        assert response.url == reverse("learning:my_learning")
    assert response.url == "/ru/my-learning/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"


def test_login_keeps_an_explicit_next_page(client, no_login_rate_limits):
    person = UserFactory(preferred_language="ru")
    response = client.post(
        f"{reverse('account_login')}?next=/en/some-course/",
        {"login": person.email, "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == "/en/some-course/"


def test_my_learning_requires_login(client):
    response = client.get(reverse("learning:my_learning"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
