"""Issuing and rendering are idempotent on PostgreSQL, also when two run at the same moment.

These tests commit for real (two threads are two database connections), so they use
``transactional_site``. They do not leave the overlap to chance: the main thread holds a
lock that both threads must wait for, checks in ``pg_stat_activity`` that both are
waiting, and only then lets them go.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction

from lms.certificates import services
from lms.certificates.models import Certificate
from lms.certificates.receivers import issue_on_completion
from lms.certificates.services import certificate_issue, certificate_render
from lms.learning.signals import enrolment_completed
from tests.concurrency import (
    insert_gate,
    join,
    open_gate,
    run_in_threads,
    wait_for,
    waiting_on_locks,
)

# No ``django_db`` mark: with one, pytest-django decides from the mark alone whether to
# serialize the database at set-up, and ``transactional_site`` could not restore it.

# Advisory locks are per database, so runs on other test databases never meet this key.
GATE_KEY = 8_0001
ISSUE_ON_COMPLETION = "certificates.issue_on_completion"


@pytest.fixture(autouse=True)
def _issuing_on_completion_muted():
    """Outside a test transaction a completion's on-commit callbacks run at once and would
    issue the certificate while the fixture builds the enrolment; each test here issues
    when it chooses."""
    enrolment_completed.disconnect(dispatch_uid=ISSUE_ON_COMPLETION)
    yield
    enrolment_completed.connect(issue_on_completion, dispatch_uid=ISSUE_ON_COMPLETION)


@pytest.fixture
def completed_enrolment(transactional_site, completed_enrolment):
    """The shared fixture's enrolment, committed for real, with no certificate yet."""
    assert not Certificate.objects.exists()
    return completed_enrolment


def pdf_files() -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "certificates"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_issuing_from_two_threads_at_once_gives_one_certificate(completed_enrolment, mailoutbox):
    with insert_gate(Certificate, GATE_KEY):
        results, errors, threads = run_in_threads(
            lambda: certificate_issue(enrolment=completed_enrolment).pk
        )
        both_waiting = wait_for(lambda: waiting_on_locks() == 2)
        open_gate(GATE_KEY)
        join(threads)

    assert errors == []
    assert both_waiting, "the two threads never met at the insert"
    assert Certificate.objects.count() == 1
    certificate = Certificate.objects.get()
    assert results == [certificate.pk, certificate.pk]
    # Each call queues a render (eager here); the second finds the PDF or waits for it.
    assert certificate.pdf
    assert [path.name for path in pdf_files()] == [Path(certificate.pdf.name).name]
    assert len(mailoutbox) == 1


@pytest.fixture
def issued_certificate(completed_enrolment, monkeypatch) -> Certificate:
    """An issued certificate whose PDF is not rendered yet."""
    with monkeypatch.context() as patch:
        patch.setattr(services, "_queue_render", lambda certificate: None)
        certificate = certificate_issue(enrolment=completed_enrolment)
    assert not certificate.pdf
    return certificate


def test_rendering_from_two_threads_at_once_writes_one_pdf_and_one_email(
    issued_certificate, mailoutbox
):
    with transaction.atomic():
        # Holding the row's lock makes both threads queue up behind it.
        Certificate.objects.select_for_update().get(pk=issued_certificate.pk)
        results, errors, threads = run_in_threads(
            lambda: certificate_render(certificate_id=issued_certificate.pk).pdf.name
        )
        both_waiting = wait_for(lambda: waiting_on_locks() == 2)
    join(threads)

    assert errors == []
    assert both_waiting, "the two threads never met at the row lock"
    issued_certificate.refresh_from_db()
    assert results == [issued_certificate.pdf.name, issued_certificate.pdf.name]
    assert [path.name for path in pdf_files()] == [Path(issued_certificate.pdf.name).name]
    assert pdf_files()[0].read_bytes().startswith(b"%PDF-")
    assert [mail.subject for mail in mailoutbox] == [
        "Your certificate is ready: Greeting the customer"
    ]


def test_second_render_does_nothing(issued_certificate, mailoutbox, monkeypatch):
    first = certificate_render(certificate_id=issued_certificate.pk)
    renders = []
    render = services.certificate_pdf
    monkeypatch.setattr(
        services, "certificate_pdf", lambda certificate: renders.append(1) or render(certificate)
    )

    again = certificate_render(certificate_id=issued_certificate.pk)

    assert renders == []
    assert again.pdf.name == first.pdf.name
    assert again.rendered_at == first.rendered_at
    assert len(pdf_files()) == 1
    assert len(mailoutbox) == 1
