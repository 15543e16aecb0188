"""Issuing: one certificate per completed enrolment, rendered to a PDF people can read."""

import subprocess

import pytest

from lms.certificates.models import Certificate
from lms.certificates.services import certificate_issue

pytestmark = pytest.mark.django_db


def test_issue_twice_gives_one_certificate_with_a_readable_pdf(
    completed_enrolment, django_capture_on_commit_callbacks, tmp_path, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        first = certificate_issue(enrolment=completed_enrolment)
    with django_capture_on_commit_callbacks(execute=True):
        again = certificate_issue(enrolment=completed_enrolment)

    assert first.pk == again.pk
    assert Certificate.objects.count() == 1
    certificate = Certificate.objects.get()
    assert certificate.pdf
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(certificate.pdf.read())
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Jana Nováková" in text
    assert "Greeting the customer" in text
    assert certificate.code in text
    assert [mail.subject for mail in mailoutbox] == [
        "Your certificate is ready: Greeting the customer"
    ]


def test_a_date_ending_in_a_full_stop_does_not_get_a_second_one():
    from lms.certificates.rendering import _fill

    values = dict.fromkeys(["name", "course", "score", "expires", "code", "serial"], "")
    values["issued"] = "23 ноября 2026 г."  # noqa: RUF001 (Russian on purpose)
    assert _fill("Выдан {issued}.", values) == "Выдан 23 ноября 2026 г."  # noqa: RUF001
    values["issued"] = "23 November 2026"
    assert _fill("Issued on {issued}.", values) == "Issued on 23 November 2026."


def test_a_certificate_outlives_its_course(
    completed_enrolment, course, django_capture_on_commit_callbacks, client
):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = certificate_issue(enrolment=completed_enrolment)

    course.delete()

    certificate.refresh_from_db()
    assert (certificate.enrolment, certificate.course) == (None, None)
    page = client.get(f"/en/verify/{certificate.code}/").content.decode()
    assert "This certificate is valid." in page
    assert "Greeting the customer" in page
