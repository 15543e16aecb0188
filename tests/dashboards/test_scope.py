"""Scope on every manager page and export: a manager sees the people of their units only;
anything else is a 404, and people without a scope have no manager pages at all."""

import pytest
from django.urls import reverse

from lms.people.roles import ADMINISTRATOR
from tests.factories import LearnerFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "/en/manage/",
    "/en/manage/?export=csv",
    "/en/manage/?export=xlsx",
    "/en/manage/results/",
    "/en/manage/results/?export=csv",
    "/en/manage/results/?export=xlsx",
    "/en/manage/standards/",
    "/en/manage/standards/?export=csv",
    "/en/manage/standards/?export=xlsx",
]


@pytest.mark.parametrize("url", PAGES)
def test_a_manager_opens_every_page_and_export(client, manager, url):
    client.force_login(manager)

    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", PAGES)
def test_a_learner_has_no_manager_pages(client, learner, url):
    client.force_login(learner)

    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", PAGES)
def test_the_pages_need_a_login(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def test_a_person_of_another_region_is_not_found(client, manager, far_store, enrol):
    stranger = LearnerFactory(home_store=far_store, full_name="Айгүл Осмонова")
    enrolment = enrol(stranger)
    client.force_login(manager)

    transcript = reverse("dashboards:person", args=[stranger.pk])
    assert client.get(transcript).status_code == 404
    assert client.get(transcript, {"export": "csv"}).status_code == 404
    assert client.get(transcript, {"export": "xlsx"}).status_code == 404
    assert client.post(reverse("dashboards:remind", args=[enrolment.pk])).status_code == 404
    assert (
        client.post(reverse("dashboards:set_due", args=[enrolment.pk]), {"due_on": ""}).status_code
        == 404
    )
    overview = client.get("/en/manage/").content.decode()
    export = client.get("/en/manage/?export=csv").content.decode()
    assert "Айгүл" not in overview
    assert "Айгүл" not in export


def test_a_unit_outside_the_scope_cannot_be_chosen(client, manager, far_store):
    client.force_login(manager)

    for url in ("/en/manage/", "/en/manage/results/", "/en/manage/standards/"):
        response = client.get(url, {"unit": far_store.pk})
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()


def test_an_administrator_sees_everyone(client, learner, far_store, enrol):
    stranger = LearnerFactory(home_store=far_store, full_name="Айгүл Осмонова")
    enrol(stranger)
    enrol(learner)
    client.force_login(UserFactory(roles=[ADMINISTRATOR]))

    overview = client.get("/en/manage/").content.decode()

    assert "Айгүл Осмонова" in overview
    assert "Anna Nováková" in overview
    assert client.get(reverse("dashboards:person", args=[stranger.pk])).status_code == 200
