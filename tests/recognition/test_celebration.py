"""A confirmed award is celebrated: the winner gets an award certificate (rendered,
verifiable, revoked with the award) and an e-mail, once, however it was confirmed."""

import subprocess
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from lms.certificates.models import Certificate
from lms.people.models import ManagerScope
from lms.recognition.models import Award
from lms.recognition.services import award_confirm, award_override, awards_confirm_due
from tests.factories import LearnerFactory, ManagerFactory, StoreFactory
from tests.factories.recognition import AwardFactory, MonthResultFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

JANUARY = date(2026, 1, 1)


def utc(*args):
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def store(db):
    return StoreFactory(name="Bratislava Old Town", time_zone="Europe/Bratislava")


@pytest.fixture
def proposed(store):
    """Anna's proposed award in "Service star" for January 2026, proposed on 1 February."""
    programme = ProgrammeFactory(name="Service star", confirm_after_days=7)
    MonthResultFactory(programme=programme, unit=store)
    anna = LearnerFactory(home_store=store, full_name="Anna Nováková", email="anna@example.com")
    return AwardFactory(programme=programme, unit=store, user=anna, score=Decimal("93.50"))


@pytest.fixture
def manager(store):
    manager = ManagerFactory(two_factor=False)
    ManagerScope.objects.create(manager=manager, unit=store)
    return manager


def pdf_text(certificate: Certificate) -> str:
    """The certificate's PDF as a person reads it (rendered on commit, so read afresh)."""
    certificate.refresh_from_db()
    text = subprocess.run(
        ["pdftotext", certificate.pdf.path, "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())


def test_confirming_issues_a_rendered_award_certificate_and_tells_the_winner(
    proposed, manager, django_capture_on_commit_callbacks
):
    with time_machine.travel(utc(2026, 2, 3, 23, 30), tick=False):  # 4 February in Bratislava
        with django_capture_on_commit_callbacks(execute=True):
            award = award_confirm(award=proposed, actor=manager)

    certificate = Certificate.objects.get()
    assert award.certificate == certificate
    assert certificate.kind == Certificate.Kind.AWARD
    assert certificate.title == "Service star, Bratislava Old Town, January 2026"
    assert certificate.score == Decimal("93.50")
    assert certificate.issued_on == date(2026, 2, 4)
    assert certificate.expires_on is None
    assert certificate.enrolment is None
    assert certificate.is_ready

    text = pdf_text(certificate)
    assert "Certificate of recognition" in text
    assert "Anna Nováková" in text
    assert "Service star, Bratislava Old Town, January 2026" in text
    assert "93.5 %" in text
    assert certificate.code in text

    # One e-mail: the award's, which says where the certificate is; no "certificate ready".
    [message] = mail.outbox
    assert message.to == ["anna@example.com"]
    assert message.subject == (
        "Congratulations, you won: Service star, Bratislava Old Town, January 2026"
    )
    assert "Your score: 93.5 %." in message.body
    assert "/en/my-learning/" in message.body


def test_confirming_twice_issues_one_certificate_and_one_e_mail(
    proposed, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        award_confirm(award=proposed, actor=manager)
        award_confirm(award=proposed, actor=manager)

    assert Certificate.objects.count() == 1
    assert len(mail.outbox) == 1


def test_the_verification_page_names_the_award(
    client, proposed, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        award = award_confirm(award=proposed, actor=manager)

    response = client.get(reverse("certificates:verify", args=[award.certificate.code]))

    text = " ".join(response.content.decode().split())
    assert "This certificate is valid." in text
    assert "<dt>Award</dt><dd>Service star, Bratislava Old Town, January 2026</dd>" in text
    assert "Anna Nováková" in text


def test_a_russian_winners_certificate_and_e_mail_are_in_russian(
    store, manager, django_capture_on_commit_callbacks
):
    programme = ProgrammeFactory(name="Звезда сервиса")
    MonthResultFactory(programme=programme, unit=store)
    person = LearnerFactory(home_store=store, full_name="Алёна Ёлкина", preferred_language="ru")
    award = AwardFactory(programme=programme, unit=store, user=person)

    with django_capture_on_commit_callbacks(execute=True):
        award = award_confirm(award=award, actor=manager)

    certificate = award.certificate
    assert certificate.language == "ru"
    assert certificate.title == "Звезда сервиса, Bratislava Old Town, Январь 2026 г."  # noqa: RUF001
    assert "Алёна Ёлкина" in pdf_text(certificate)
    [message] = mail.outbox
    assert "Звезда сервиса, Bratislava Old Town, Январь 2026 г." in message.subject  # noqa: RUF001


def test_an_automatic_confirmation_celebrates_too(proposed, django_capture_on_commit_callbacks):
    with (
        time_machine.travel(utc(2026, 2, 8, 8), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert awards_confirm_due() == 1

    proposed.refresh_from_db()
    assert proposed.certificate.kind == Certificate.Kind.AWARD
    assert proposed.certificate.issued_on == date(2026, 2, 8)
    assert len(mail.outbox) == 1


def test_withdrawing_a_confirmed_award_revokes_its_certificate_and_reinstating_issues_another(
    proposed, manager, administrator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        award = award_confirm(award=proposed, actor=manager)
    first = award.certificate

    with django_capture_on_commit_callbacks(execute=True):
        award_override(
            actor=administrator,
            programme=award.programme,
            unit=award.unit,
            month=JANUARY,
            user=award.user,
            award=False,
            reason="The exam was sat by a colleague.",
        )

    first.refresh_from_db()
    assert first.status == Certificate.Status.REVOKED
    assert first.revoked_reason == "The exam was sat by a colleague."
    assert len(mail.outbox) == 1  # a withdrawal sends no congratulations

    with django_capture_on_commit_callbacks(execute=True):
        award = award_override(
            actor=administrator,
            programme=award.programme,
            unit=award.unit,
            month=JANUARY,
            user=award.user,
            award=True,
            reason="The colleague's statement was false.",
        )

    assert award.status == Award.Status.CONFIRMED
    assert award.certificate != first
    assert award.certificate.status == Certificate.Status.VALID
    assert Certificate.objects.count() == 2
    assert len(mail.outbox) == 2


def test_an_administrator_adding_a_winner_celebrates_them(
    store, administrator, django_capture_on_commit_callbacks
):
    programme = ProgrammeFactory()
    person = LearnerFactory(home_store=store, full_name="Boris Kráľ")

    with django_capture_on_commit_callbacks(execute=True):
        award = award_override(
            actor=administrator,
            programme=programme,
            unit=store,
            month=JANUARY,
            user=person,
            award=True,
            reason="Praised by three customers in writing.",
        )

    assert award.certificate.score is None
    assert "Boris Kráľ" in pdf_text(award.certificate)
    assert len(mail.outbox) == 1
