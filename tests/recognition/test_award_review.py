"""The page where managers confirm the proposed winners of their units: scope on every
read and write, filters, the ticked awards together, double submits and foreign ids."""

from datetime import date
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse

from lms.people.models import ManagerScope
from lms.recognition.models import Award
from tests.factories import LearnerFactory, ManagerFactory
from tests.factories.recognition import AwardFactory, MonthResultFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

JANUARY = date(2026, 1, 1)
FEBRUARY = date(2026, 2, 1)
REVIEW = "/en/recognition/awards/"
CONFIRM = "/en/recognition/awards/confirm/"


@pytest.fixture
def programme(db):
    return ProgrammeFactory(name="Service star")


def award(programme, unit, name, *, month=JANUARY, **kwargs):
    MonthResultFactory(programme=programme, unit=unit, month=month) if not (
        programme.month_results.filter(unit=unit, month=month).exists()
    ) else None
    person = LearnerFactory(home_store=unit, full_name=name)
    return AwardFactory(programme=programme, unit=unit, user=person, month=month, **kwargs)


def manager_of(*units):
    manager = ManagerFactory()
    for unit in units:
        ManagerScope.objects.create(manager=manager, unit=unit)
    return manager


def names_listed(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [element.get_text(strip=True) for element in soup.select(".recognition-award__name")]


def test_a_manager_sees_the_proposed_awards_of_their_stores_only(
    client, programme, store, other_store
):
    award(programme, store, "Anna")
    award(programme, other_store, "Boris")
    award(programme, store, "Cecilia", status=Award.Status.CONFIRMED)
    client.force_login(manager_of(store))

    response = client.get(REVIEW)

    assert response.status_code == 200
    assert names_listed(response) == ["Anna"]
    assert names_listed(client.get(REVIEW, {"status": "confirmed"})) == ["Cecilia"]
    assert names_listed(client.get(REVIEW, {"status": "all"})) == ["Anna", "Cecilia"]


def test_a_regional_manager_sees_every_store_of_the_region(client, programme, store, other_store):
    award(programme, store, "Anna")
    award(programme, other_store, "Boris")
    client.force_login(manager_of(store.get_parent()))

    assert sorted(names_listed(client.get(REVIEW))) == ["Anna", "Boris"]


def test_filters_by_month_and_programme(client, programme, store):
    award(programme, store, "Anna")
    award(programme, store, "Boris", month=FEBRUARY)
    award(ProgrammeFactory(name="Region star"), store, "Cecilia")
    client.force_login(manager_of(store))

    assert names_listed(client.get(REVIEW, {"month": "2026-02-01"})) == ["Boris"]
    assert names_listed(client.get(REVIEW, {"programme": programme.pk})) == ["Boris", "Anna"]
    # A month that is not offered is a form error, and the list is not filtered by it.
    assert len(names_listed(client.get(REVIEW, {"month": "1999-01-01"}))) == 3


def test_people_without_a_scope_have_no_such_page(client, programme, store):
    award(programme, store, "Anna")
    client.force_login(LearnerFactory(home_store=store))

    assert client.get(REVIEW).status_code == 404
    assert client.post(CONFIRM, {"only": Award.objects.get().pk}).status_code == 404


def test_the_page_needs_a_login(client):
    response = client.get(REVIEW)

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def test_confirming_one_award_tells_the_winner_and_returns_to_the_list(
    client, programme, store, django_capture_on_commit_callbacks
):
    anna = award(programme, store, "Anna", score=Decimal(95))
    client.force_login(manager_of(store))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CONFIRM, {"only": anna.pk, "next": REVIEW + "?status=proposed"}, follow=True
        )

    assert response.redirect_chain[-1][0] == REVIEW + "?status=proposed"
    anna.refresh_from_db()
    assert anna.status == Award.Status.CONFIRMED
    assert anna.certificate is not None
    assert len(mail.outbox) == 1
    assert "1 award confirmed. The winner is told by e-mail." in response.content.decode()
    assert names_listed(response) == []
    assert "There is nothing to confirm" in response.content.decode()


def test_confirming_the_ticked_awards_and_a_double_submit(
    client, programme, store, django_capture_on_commit_callbacks
):
    anna = award(programme, store, "Anna")
    boris = award(programme, store, "Boris")
    cecilia = award(programme, store, "Cecilia")
    client.force_login(manager_of(store))

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(CONFIRM, {"award": [anna.pk, boris.pk]}, follow=True)
        second = client.post(CONFIRM, {"award": [anna.pk, boris.pk]}, follow=True)

    assert "2 awards confirmed." in first.content.decode()
    assert "2 awards were already confirmed." in second.content.decode()
    statuses = dict(Award.objects.values_list("user__full_name", "status"))
    assert statuses == {"Anna": "confirmed", "Boris": "confirmed", "Cecilia": "proposed"}
    assert len(mail.outbox) == 2
    cecilia.refresh_from_db()
    assert cecilia.certificate is None


def test_a_foreign_or_tampered_id_confirms_nothing(client, programme, store, other_store):
    anna = award(programme, store, "Anna")
    boris = award(programme, other_store, "Boris")
    client.force_login(manager_of(store))

    assert client.post(CONFIRM, {"award": [anna.pk, boris.pk]}).status_code == 404
    assert client.post(CONFIRM, {"only": boris.pk}).status_code == 404
    assert client.post(CONFIRM, {"only": "1 OR 1=1"}).status_code == 404
    assert client.get(CONFIRM).status_code == 405
    assert set(Award.objects.values_list("status", flat=True)) == {"proposed"}


def test_nothing_ticked_says_so(client, programme, store):
    award(programme, store, "Anna")
    client.force_login(manager_of(store))

    response = client.post(CONFIRM, {}, follow=True)

    assert "Tick the awards to confirm first." in response.content.decode()


def test_a_withdrawn_award_cannot_be_confirmed_from_the_page(client, programme, store):
    anna = award(programme, store, "Anna", status=Award.Status.WITHDRAWN)
    client.force_login(manager_of(store))

    response = client.post(CONFIRM, {"only": anna.pk}, follow=True)

    assert "An administrator withdrew this award; it cannot be confirmed." in (
        response.content.decode()
    )
    anna.refresh_from_db()
    assert anna.status == Award.Status.WITHDRAWN


def test_next_never_leads_off_the_site(client, programme, store):
    anna = award(programme, store, "Anna")
    client.force_login(manager_of(store))

    response = client.post(CONFIRM, {"only": anna.pk, "next": "https://evil.example/"})

    assert response["Location"] == REVIEW


def test_months_in_which_nobody_won_say_why(client, programme, store):
    MonthResultFactory(
        programme=programme,
        unit=store,
        winners_count=0,
        reason="Nobody finished at least 1 exam in January 2026.",
    )
    client.force_login(manager_of(store))

    text = " ".join(client.get(REVIEW).content.decode().split())

    assert "Months in which nobody won" in text
    assert "Nobody finished at least 1 exam in January 2026." in text


@pytest.mark.parametrize("count", [2, 20])
def test_the_page_runs_a_fixed_number_of_queries(
    client, programme, store, count, django_assert_max_num_queries
):
    for number in range(count):
        award(programme, store, f"Person {number:02}", rank=number + 1)
    client.force_login(manager_of(store))

    # Session (read and saved), person, two-factor, the scope (administrator?, paths, any),
    # the months, the programmes of the filter, the count, the page, the empty months and
    # the header's permissions.
    with django_assert_max_num_queries(15):
        response = client.get(REVIEW)

    assert len(names_listed(response)) == count


def test_the_hub_links_the_review_with_its_count(client, programme, store):
    award(programme, store, "Anna")
    award(programme, store, "Boris")
    client.force_login(manager_of(store))

    text = " ".join(client.get(reverse("recognition:programme_list")).content.decode().split())

    assert "2 proposed awards in your units are waiting for you." in text
