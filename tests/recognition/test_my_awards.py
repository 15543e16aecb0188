"""Awards on "My learning": the winner's confirmed awards with their certificates."""

from datetime import date
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from lms.people.models import ManagerScope
from lms.recognition.services import award_confirm
from tests.factories import LearnerFactory, ManagerFactory, StoreFactory
from tests.factories.recognition import AwardFactory, MonthResultFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

MY_LEARNING = "/en/my-learning/"


@pytest.fixture
def store(db):
    return StoreFactory(name="Bratislava Old Town")


@pytest.fixture
def winner(store):
    return LearnerFactory(home_store=store, full_name="Anna Nováková")


def confirmed(programme, store, person, **kwargs):
    MonthResultFactory(programme=programme, unit=store, month=kwargs.get("month", date(2026, 1, 1)))
    award = AwardFactory(programme=programme, unit=store, user=person, **kwargs)
    manager = ManagerFactory(two_factor=False)
    ManagerScope.objects.create(manager=manager, unit=store)
    return award_confirm(award=award, actor=manager)


def awards_section(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.find(id="awards-heading").find_parent("section")


def test_a_confirmed_award_is_listed_with_its_certificate(
    client, store, winner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        award = confirmed(ProgrammeFactory(name="Service star"), store, winner, score=Decimal(96))
    client.force_login(winner)

    section = awards_section(client.get(MY_LEARNING))

    text = " ".join(section.get_text(" ", strip=True).split())
    assert "Service star" in text
    assert "January 2026" in text
    assert "Bratislava Old Town" in text
    assert "96 %" in text
    link = section.select_one(".my-certificate__ready a.button")
    assert link.get_text(" ", strip=True).startswith("Download PDF")
    assert link["href"] == reverse("certificates:download", args=[award.certificate.pk])
    assert client.get(link["href"]).status_code == 200
    # The award certificate is listed with the award, not again among the courses'.
    certificates = BeautifulSoup(client.get(MY_LEARNING).content, "html.parser")
    section = certificates.find(id="certificates-heading").find_parent("section")
    assert "Certificates you earn by finishing a course will appear here." in section.get_text()


def test_a_certificate_still_rendering_says_it_is_being_prepared(client, store, winner):
    # Without running the commit callbacks the PDF is not rendered yet.
    award = confirmed(ProgrammeFactory(), store, winner)
    client.force_login(winner)

    section = awards_section(client.get(MY_LEARNING))

    tracked = section.select_one("[data-certificate]")
    assert tracked["data-status-url"] == reverse("certificates:status", args=[award.certificate.pk])
    assert "Your certificate is being prepared…" in section.get_text()


def test_proposed_and_withdrawn_awards_are_not_listed(client, store, winner):
    programme = ProgrammeFactory()
    AwardFactory(programme=programme, unit=store, user=winner, status="proposed")
    AwardFactory(
        programme=programme, unit=store, user=winner, status="withdrawn", month=date(2026, 2, 1)
    )
    client.force_login(winner)

    section = awards_section(client.get(MY_LEARNING))

    assert "Awards you win for great service will appear here once they are confirmed." in (
        section.get_text()
    )


def test_another_persons_award_certificate_is_not_theirs_to_download(
    client, store, winner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        award = confirmed(ProgrammeFactory(), store, winner)
    client.force_login(LearnerFactory(home_store=store))

    url = reverse("certificates:download", args=[award.certificate.pk])
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("certificates:status", args=[award.certificate.pk])).status_code == 404
    )
