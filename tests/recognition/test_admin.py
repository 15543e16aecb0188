"""The recognition admin: administrators set programmes up, others only read or stay out."""

import pytest
from django.urls import reverse

from lms.people.roles import HEAD_TRAINER
from lms.recognition.models import Programme
from tests.factories import LearnerFactory, UserFactory
from tests.factories.recognition import ProgrammeFactory

pytestmark = pytest.mark.django_db


def programme_url(name: str, *args) -> str:
    return reverse(f"recognition_programmes:{name}", args=args)


def form_data(**overrides) -> dict:
    """The programme form as an administrator would send it, with ``overrides`` typed in."""
    data = {
        "name": "Region star",
        "slug": "region-star",
        "active": "on",
        "weight_exams": "3",
        "weight_roleplay": "1",
        "weight_on_time": "1",
        "scope_level": Programme.ScopeLevel.REGION,
        "min_finished_exams": "2",
        "winners_per_unit": "2",
        "confirm_after_days": "5",
        "leaderboard": Programme.Leaderboard.NEIGHBOURS,
        "leaderboard_top_n": "10",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_administrator_creates_a_programme(client, administrator):
    client.force_login(administrator)

    form = client.get(programme_url("add"))
    response = client.post(programme_url("add"), form_data())

    assert form.status_code == 200
    page = form.content.decode()
    for heading in ("What counts", "Who takes part", "Winners and confirmation"):
        assert heading in page
    assert "Leaderboard privacy" in page
    assert response.status_code == 302
    programme = Programme.objects.get(slug="region-star")
    assert programme.weights == {"exams": 3, "roleplay": 1, "on_time": 1}
    assert programme.scope_level == Programme.ScopeLevel.REGION
    assert programme.min_finished_exams == 2
    assert programme.include_managers is False
    assert programme.winners_per_unit == 2
    assert programme.confirm_after_days == 5
    assert programme.leaderboard == Programme.Leaderboard.NEIGHBOURS


def test_administrator_edits_a_programme(client, administrator):
    programme = ProgrammeFactory(name="Store star", slug="store-star")
    client.force_login(administrator)

    response = client.post(
        programme_url("edit", programme.pk),
        form_data(
            name="Store star",
            slug="store-star",
            scope_level=Programme.ScopeLevel.STORE,
            include_managers="on",
            leaderboard=Programme.Leaderboard.EVERYONE,
        ),
    )

    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.include_managers is True
    assert programme.leaderboard == Programme.Leaderboard.EVERYONE
    assert programme.weight_exams == 3


def test_a_programme_with_every_weight_at_zero_is_refused(client, administrator):
    client.force_login(administrator)

    response = client.post(
        programme_url("add"), form_data(weight_exams="0", weight_roleplay="0", weight_on_time="0")
    )

    assert response.status_code == 200
    assert "Give at least one part a weight above 0." in response.content.decode()
    assert not Programme.objects.exists()


def test_list_shows_the_columns_and_filters_by_level_and_status(client, administrator):
    ProgrammeFactory(name="Store star", scope_level=Programme.ScopeLevel.STORE, weight_exams=2)
    ProgrammeFactory(name="Region star", scope_level=Programme.ScopeLevel.REGION)
    ProgrammeFactory(name="Old star", active=False)
    client.force_login(administrator)

    everything = client.get(programme_url("index")).content.decode()
    regions = client.get(programme_url("index"), {"scope_level": "region"}).content.decode()
    inactive = client.get(programme_url("index"), {"active": "false"}).content.decode()
    searched = client.get(programme_url("index"), {"q": "region"}).content.decode()

    assert all(name in everything for name in ("Store star", "Region star", "Old star"))
    assert "2 : 0 : 0" in everything
    assert "Region star" in regions and "Store star" not in regions
    assert "Old star" in inactive and "Store star" not in inactive
    assert "Region star" in searched and "Store star" not in searched


def test_recognition_menu_is_in_the_admin_for_administrators(client, administrator):
    client.force_login(administrator)

    home = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Recognition" in home
    assert programme_url("index") in home


def test_head_trainer_may_read_but_not_add_programmes(client):
    client.force_login(UserFactory(roles=[HEAD_TRAINER]))
    ProgrammeFactory(name="Store star")

    assert client.get(programme_url("index")).status_code == 200
    response = client.post(programme_url("add"), form_data())

    assert response.status_code == 302  # Wagtail's "no permission" redirect
    assert not Programme.objects.filter(slug="region-star").exists()


def test_learner_cannot_open_or_change_programmes(client):
    programme = ProgrammeFactory(name="Store star")
    client.force_login(LearnerFactory())

    index = client.get(programme_url("index"))
    response = client.post(programme_url("edit", programme.pk), form_data(name="Hacked"))

    assert index.status_code == 302
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.name == "Store star"


def test_a_reserved_slug_is_refused_with_a_message(client, administrator):
    client.force_login(administrator)

    response = client.post(programme_url("add"), form_data(slug="awards"))

    assert response.status_code == 200
    assert "is the address of another page; choose another slug." in response.content.decode()
    assert not Programme.objects.exists()
