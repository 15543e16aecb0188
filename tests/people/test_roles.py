"""The role groups that migrate leaves behind, and what each role may open."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from lms.people.roles import (
    ADMINISTRATOR,
    GROUP_COLLECTION_PERMISSIONS,
    GROUP_PAGE_PERMISSIONS,
    GROUP_PERMISSIONS,
    HEAD_TRAINER,
    LEARNER,
    MANAGER,
    TRAINER,
    groups_sync,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def permission_names(permissions) -> set[str]:
    return {
        f"{permission.content_type.app_label}.{permission.codename}"
        for permission in permissions.select_related("content_type")
    }


def _declared_permission_names() -> set[str]:
    names = {name for names in GROUP_PERMISSIONS.values() for name in names}
    names |= {f"wagtailcore.{code}" for codes in GROUP_PAGE_PERMISSIONS.values() for code in codes}
    for codes in GROUP_COLLECTION_PERMISSIONS.values():
        names |= {
            f"{'wagtailimages' if code.endswith('image') else 'wagtaildocs'}.{code}"
            for code in codes
        }
    return names


@pytest.mark.parametrize("name", sorted(_declared_permission_names()))
def test_every_declared_permission_exists(name):
    app_label, codename = name.split(".", 1)
    assert Permission.objects.filter(
        content_type__app_label=app_label, codename=codename
    ).exists(), f"{name} is declared in roles.py but no such permission exists"


@pytest.mark.parametrize("name", sorted(GROUP_PERMISSIONS))
def test_after_migrate_each_role_has_exactly_its_declared_permissions(name):
    group = Group.objects.get(name=name)
    assert permission_names(group.permissions) == set(GROUP_PERMISSIONS[name])


@pytest.mark.parametrize("name", [TRAINER, HEAD_TRAINER, ADMINISTRATOR])
def test_authoring_roles_hold_their_page_permissions_on_the_root_page(name):
    root_page = Page.get_first_root_node()
    granted = GroupPagePermission.objects.filter(group__name=name, page=root_page)
    assert {grant.permission.codename for grant in granted} == set(GROUP_PAGE_PERMISSIONS[name])


def test_trainers_may_edit_pages_but_only_head_trainers_may_publish(home_page):
    trainer = home_page.permissions_for_user(UserFactory(roles=[TRAINER]))
    head_trainer = home_page.permissions_for_user(UserFactory(roles=[HEAD_TRAINER]))
    assert trainer.can_edit()
    assert not trainer.can_publish()
    assert head_trainer.can_edit()
    assert head_trainer.can_publish()


@pytest.mark.parametrize("name", [LEARNER, MANAGER])
def test_learners_and_managers_hold_no_page_permissions(name):
    assert not GroupPagePermission.objects.filter(group__name=name).exists()


@pytest.mark.parametrize("name", sorted(GROUP_COLLECTION_PERMISSIONS))
def test_authoring_roles_hold_their_permissions_on_the_root_collection(name):
    granted = GroupCollectionPermission.objects.filter(
        group__name=name, collection=Collection.get_first_root_node()
    )
    assert {grant.permission.codename for grant in granted} == set(
        GROUP_COLLECTION_PERMISSIONS[name]
    )


def test_sync_takes_away_a_permission_added_by_hand_and_adds_nothing_twice():
    trainer_group = Group.objects.get(name=TRAINER)
    trainer_group.permissions.add(Permission.objects.get(codename="delete_user"))
    page_grants = GroupPagePermission.objects.count()

    groups_sync()

    assert permission_names(trainer_group.permissions) == set(GROUP_PERMISSIONS[TRAINER])
    assert GroupPagePermission.objects.count() == page_grants


def test_learner_cannot_open_the_admin(client):
    client.force_login(UserFactory(roles=[LEARNER]))
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_trainer_can_open_the_admin(client, minimal_site):
    client.force_login(UserFactory(roles=[TRAINER]))
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
