"""Who may download a certificate and see whether it is ready: everyone else gets a 404."""

import pytest
from django.core.files.base import ContentFile

from lms.certificates.models import Certificate
from lms.certificates.services import certificate_issue
from lms.people.roles import ADMINISTRATOR, HEAD_TRAINER, TRAINER
from lms.people.services import manager_scope_grant
from tests.factories import LearnerFactory, ManagerFactory, StoreFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(completed_enrolment, django_capture_on_commit_callbacks) -> Certificate:
    """The learner's certificate, issued and rendered to a real PDF."""
    with django_capture_on_commit_callbacks(execute=True):
        certificate = certificate_issue(enrolment=completed_enrolment)
    certificate.refresh_from_db()
    assert certificate.is_ready
    return certificate


def _owner(certificate):
    return certificate.user


def _another_learner(certificate):
    # In the same store: a colleague is not a manager.
    return LearnerFactory(home_store=certificate.user.home_store)


def _manager_of_the_store(certificate):
    manager = ManagerFactory()
    manager_scope_grant(manager=manager, unit=certificate.user.home_store)
    return manager


def _manager_of_the_region(certificate):
    manager = ManagerFactory()
    manager_scope_grant(manager=manager, unit=certificate.user.home_store.get_parent())
    return manager


def _manager_of_another_store(certificate):
    manager = ManagerFactory()
    manager_scope_grant(manager=manager, unit=StoreFactory())
    return manager


def _trainer(certificate):
    return UserFactory(roles=[TRAINER])


def _head_trainer(certificate):
    return UserFactory(roles=[HEAD_TRAINER])


def _administrator(certificate):
    return UserFactory(roles=[ADMINISTRATOR])


def _superuser(certificate):
    return UserFactory(is_superuser=True)


def _inactive_owner(certificate):
    owner = certificate.user
    owner.is_active = False
    owner.save(update_fields=["is_active"])
    return owner


def _anonymous(certificate):
    return None


# (who, may they download?) — the rule of issue 8: the learner their own, a manager those
# of the people in their scope, trainers and administrators all; anything else a 404.
DOWNLOAD_RULE = [
    (_owner, True),
    (_another_learner, False),
    (_manager_of_the_store, True),
    (_manager_of_the_region, True),
    (_manager_of_another_store, False),
    (_trainer, True),
    (_head_trainer, True),
    (_administrator, True),
    (_superuser, True),
    (_inactive_owner, False),
    (_anonymous, False),
]


def _client_as(client, person):
    if person is not None:
        client.force_login(person)
    return client


@pytest.mark.parametrize(
    ("who", "allowed"), DOWNLOAD_RULE, ids=[who.__name__.strip("_") for who, _ in DOWNLOAD_RULE]
)
def test_download_follows_the_access_rule(client, certificate, who, allowed):
    client = _client_as(client, who(certificate))

    response = client.get(f"/en/certificates/{certificate.pk}/download/")

    if allowed:
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]
        assert f"certificate-{certificate.serial}.pdf" in response["Content-Disposition"]
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    else:
        assert response.status_code == 404


def test_a_certificate_not_rendered_yet_is_not_found_even_for_its_owner(
    client, completed_enrolment, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        certificate = certificate_issue(enrolment=completed_enrolment)
    client.force_login(certificate.user)

    response = client.get(f"/en/certificates/{certificate.pk}/download/")

    assert response.status_code == 404


def test_a_certificate_that_does_not_exist_is_not_found(client, certificate):
    client.force_login(UserFactory(roles=[ADMINISTRATOR]))

    response = client.get(f"/en/certificates/{certificate.pk + 1000}/download/")

    assert response.status_code == 404


def test_the_status_tells_the_owner_when_the_pdf_is_ready(
    client, completed_enrolment, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        certificate = certificate_issue(enrolment=completed_enrolment)
    client.force_login(certificate.user)
    url = f"/en/certificates/{certificate.pk}/status/"

    waiting = client.get(url)
    assert waiting.status_code == 200
    assert waiting.json() == {"ready": False, "download_url": None}
    assert "no-store" in waiting["Cache-Control"]

    certificate.pdf.save("ready.pdf", ContentFile(b"%PDF-1.7\n"), save=True)
    ready = client.get(url)
    assert ready.json() == {
        "ready": True,
        "download_url": f"/en/certificates/{certificate.pk}/download/",
    }


@pytest.mark.parametrize(
    "who",
    [_another_learner, _manager_of_the_store, _trainer, _administrator, _anonymous],
    ids=lambda who: who.__name__.strip("_"),
)
def test_the_status_is_for_the_owner_only(client, certificate, who):
    client = _client_as(client, who(certificate))

    response = client.get(f"/en/certificates/{certificate.pk}/status/")

    assert response.status_code == 404


def test_downloads_and_status_answer_only_get(client, certificate):
    client.force_login(certificate.user)

    assert client.post(f"/en/certificates/{certificate.pk}/download/").status_code == 405
    assert client.post(f"/en/certificates/{certificate.pk}/status/").status_code == 405
