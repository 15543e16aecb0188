"""The awards and monthly results in the admin: lists, an award's history, and the
administrator's override with a written reason."""

from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse

from lms.people.models import ManagerScope
from lms.people.roles import HEAD_TRAINER
from lms.recognition.models import Award
from lms.recognition.services import award_confirm, award_grant
from tests.factories import LearnerFactory, ManagerFactory, StoreFactory, UserFactory
from tests.factories.recognition import (
    FinishedAttemptFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db

JANUARY = date(2026, 1, 1)


@pytest.fixture
def store(db):
    return StoreFactory(name="Bratislava Old Town")


@pytest.fixture
def granted(store, exam_page):
    """January granted: Anna (90) proposed, Boris (80) and Cecilia (70) ranked below."""
    programme = ProgrammeFactory(name="Service star")
    for name, percentage in (("Anna", 90), ("Boris", 80), ("Cecilia", 70)):
        FinishedAttemptFactory(
            user=LearnerFactory(home_store=store, full_name=name),
            exam=exam_page,
            exam_key="a" * 32,
            number=1,
            percentage=percentage,
        )
    award_grant(programme=programme, unit=store, month=JANUARY)
    return programme


def override_url(result) -> str:
    return reverse("recognition_month_results:override", args=[result.pk])


def test_the_awards_list_and_an_awards_history(client, administrator, granted, store):
    manager = ManagerFactory(two_factor=False)
    ManagerScope.objects.create(manager=manager, unit=store)
    award = Award.objects.get()
    award_confirm(award=award, actor=manager)
    client.force_login(administrator)

    listing = client.get(reverse("recognition_awards:index")).content.decode()
    inspect = client.get(reverse("recognition_awards:inspect", args=[award.pk])).content.decode()
    history = client.get(reverse("recognition_awards:history", args=[award.pk])).content.decode()

    assert "Anna" in listing and "Service star" in listing and "Confirmed" in listing
    assert "Override" in inspect
    assert "Award confirmed" in history


def test_the_override_form_lists_the_awards_and_the_standings(client, administrator, granted):
    client.force_login(administrator)
    result = granted.month_results.get()

    response = client.get(override_url(result))

    soup = BeautifulSoup(response.content, "html.parser")
    options = [option.get_text(strip=True) for option in soup.select("select[name=person] option")]
    assert options == [
        "Choose a person",
        "Anna (proposed)",
        "Boris (rank 2, 80.00)",
        "Cecilia (rank 3, 70.00)",
    ]


def test_an_administrator_awards_a_runner_up_with_a_reason(
    client, administrator, granted, django_capture_on_commit_callbacks
):
    client.force_login(administrator)
    result = granted.month_results.get()
    boris = Award.objects.model.user.field.related_model.objects.get(full_name="Boris")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            override_url(result),
            {"person": boris.pk, "decision": "award", "reason": "Three written compliments."},
            follow=True,
        )

    assert "Boris is awarded; they are told by e-mail." in response.content.decode()
    award = Award.objects.get(user=boris)
    assert (award.status, award.override_reason) == ("confirmed", "Three written compliments.")
    assert award.certificate is not None
    assert [message.to for message in mail.outbox] == [[boris.email]]


def test_an_administrator_withdraws_by_e_mail_of_a_person_not_listed(
    client, administrator, granted, store
):
    client.force_login(administrator)
    result = granted.month_results.get()
    newcomer = LearnerFactory(home_store=store, email="dora@example.com", full_name="Dora")

    client.post(
        override_url(result),
        {"other_person": "DORA@example.com", "decision": "withdraw", "reason": "Left the company."},
    )

    assert Award.objects.get(user=newcomer).status == Award.Status.WITHDRAWN


def test_the_override_needs_a_person_and_a_reason(client, administrator, granted):
    client.force_login(administrator)
    result = granted.month_results.get()

    no_person = client.post(override_url(result), {"decision": "award", "reason": "Because."})
    no_reason = client.post(override_url(result), {"person": "", "other_person": "x@y.z"})

    assert "Choose a person, or type another person" in no_person.content.decode()
    assert "Nobody has this e-mail or employee number." in no_reason.content.decode()
    assert "This field is required." in no_reason.content.decode()
    assert Award.objects.count() == 1


def test_someone_from_another_store_cannot_be_awarded(client, administrator, granted):
    client.force_login(administrator)
    result = granted.month_results.get()
    stranger = LearnerFactory(home_store=StoreFactory(), email="far@example.com")

    response = client.post(
        override_url(result),
        {"other_person": stranger.email, "decision": "award", "reason": "A mistake."},
    )

    assert "neither works in" in response.content.decode()
    assert not Award.objects.filter(user=stranger).exists()


def test_head_trainers_read_awards_but_cannot_override(client, granted):
    client.force_login(UserFactory(roles=[HEAD_TRAINER]))
    result = granted.month_results.get()

    assert client.get(reverse("recognition_awards:index")).status_code == 200
    assert client.get(reverse("recognition_month_results:index")).status_code == 200
    assert client.get(override_url(result)).status_code in (302, 403)
    response = client.post(
        override_url(result), {"person": "1", "decision": "award", "reason": "x"}
    )
    assert response.status_code in (302, 403)
    assert Award.objects.count() == 1


def test_learners_have_no_recognition_admin(client, granted):
    client.force_login(LearnerFactory())

    assert client.get(reverse("recognition_awards:index")).status_code == 302
    assert client.get(override_url(granted.month_results.get())).status_code == 302
