"""The public verification pages, their rate limit, and the learner's list of certificates."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.template import Context, Template

from lms.certificates.models import Certificate
from lms.certificates.services import certificate_issue, certificate_revoke
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CODE = "7KQ2-M9XD-4HTR-0BWN-C3F1"


@pytest.fixture
def certificate(completed_enrolment, django_capture_on_commit_callbacks) -> Certificate:
    """An issued certificate with a known code and score; its PDF is not rendered."""
    with django_capture_on_commit_callbacks(execute=False):
        certificate = certificate_issue(enrolment=completed_enrolment)
    Certificate.objects.filter(pk=certificate.pk).update(code=CODE, score=Decimal("92.50"))
    certificate.refresh_from_db()
    return certificate


def _assert_kept_out_of_search_engines(response):
    assert "noindex" in response["X-Robots-Tag"]
    assert '<meta name="robots" content="noindex' in response.content.decode()


def test_verify_page_of_a_valid_certificate_shows_what_it_says(client, certificate):
    response = client.get(f"/en/verify/{CODE}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "This certificate is valid." in html
    assert "Jana Nováková" in html
    assert "Greeting the customer" in html
    assert "92.5 %" in html
    assert certificate.issued_on.strftime("%Y") in html
    assert certificate.expires_on is not None
    assert certificate.expires_on.strftime("%Y") in html
    assert certificate.design.issuer in html
    assert certificate.serial in html
    assert CODE in html
    _assert_kept_out_of_search_engines(response)


def test_verify_page_shows_nothing_more_than_the_certificate_says(client, certificate):
    html = client.get(f"/en/verify/{CODE}/").content.decode()

    learner = certificate.user
    assert learner.email not in html
    assert learner.home_store.name not in html


def test_verify_page_says_expired_once_the_expiry_date_has_passed(client, certificate):
    after_expiry = dt.datetime.combine(
        certificate.expires_on + dt.timedelta(days=2), dt.time(12), tzinfo=dt.UTC
    )
    with time_machine.travel(after_expiry, tick=False):
        response = client.get(f"/en/verify/{CODE}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "This certificate has expired." in html
    assert "This certificate is valid." not in html
    assert "Jana Nováková" in html


def test_verify_page_says_revoked(client, certificate):
    administrator = UserFactory(is_superuser=True)
    certificate_revoke(certificate=certificate, actor=administrator, reason="Exam was retaken.")

    response = client.get(f"/en/verify/{CODE}/")

    html = response.content.decode()
    assert "This certificate has been revoked." in html
    assert "This certificate is valid." not in html
    # The reason is the company's record, not the public's.
    assert "Exam was retaken." not in html


def test_verify_page_says_superseded(client, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(status=Certificate.Status.SUPERSEDED)

    html = client.get(f"/en/verify/{CODE}/").content.decode()

    assert "This certificate has been replaced by a newer one." in html


@pytest.mark.parametrize(
    "typed",
    [
        CODE,
        "7kq2-m9xd-4htr-0bwn-c3f1",
        " 7KQ2 M9XD 4HTR 0BWN C3F1 ",
        "7KQ2M9XD4HTR0BWNC3F1",
        "7KQ2-M9XD-4HTR-OBWN-C3FL",  # O for 0, L for 1
        "7kq2-m9xd-4htr-obwn-c3fi",  # and I for 1
    ],
)
def test_a_typed_code_goes_to_the_canonical_page(client, certificate, typed):
    response = client.get("/en/verify/", {"code": typed})

    assert response.status_code == 302
    assert response["Location"] == f"/en/verify/{CODE}/"


def test_a_code_written_another_way_in_the_address_redirects_to_the_canonical_page(
    client, certificate
):
    response = client.get("/en/verify/7kq2m9xd4htrobwnc3fl/")

    assert response.status_code == 302
    assert response["Location"] == f"/en/verify/{CODE}/"


def test_the_form_is_kept_out_of_search_engines(client, db):
    response = client.get("/en/verify/")

    assert response.status_code == 200
    assert 'id="id_code"' in response.content.decode()
    _assert_kept_out_of_search_engines(response)


def test_a_typed_text_that_cannot_be_a_code_is_explained_on_the_form(client, db):
    response = client.get("/en/verify/", {"code": "hello"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "That is not a verification code" in html
    assert 'aria-invalid="true"' in html
    _assert_kept_out_of_search_engines(response)


@pytest.mark.parametrize(
    "code",
    [
        "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ",  # well formed, issued to nobody
        "not-a-code",  # malformed
        "7KQ2-M9XD-4HTR-0BWN-C3F",  # one character short
        "7KQ2-M9XD-4HTR-0BWN-C3FU",  # U is not in the alphabet
    ],
)
def test_an_unknown_or_malformed_code_is_not_found(client, certificate, code):
    response = client.get(f"/en/verify/{code}/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "Certificate not found." in html
    assert "Jana Nováková" not in html
    _assert_kept_out_of_search_engines(response)


def test_the_verify_page_makes_a_fixed_number_of_queries(
    client, certificate, django_assert_max_num_queries
):
    client.get(f"/en/verify/{CODE}/")  # the site and its settings are cached after this
    with django_assert_max_num_queries(4):
        response = client.get(f"/en/verify/{CODE}/")
    assert response.status_code == 200


def test_lookups_are_limited_per_address_and_the_limit_ends(client, settings, certificate):
    settings.CERTIFICATE_VERIFY_RATE = "3/600"
    start = dt.datetime(2026, 11, 23, 9, 0, 5, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        # Only lookups count: the empty form, and a code written another way, do not.
        assert client.get("/en/verify/").status_code == 200
        assert client.get("/en/verify/7kq2m9xd4htr0bwnc3f1/").status_code == 302
        assert client.get(f"/en/verify/{CODE}/").status_code == 200
        assert client.get("/en/verify/ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ/").status_code == 404
        assert client.get(f"/en/verify/{CODE}/").status_code == 200

        refused = client.get(f"/en/verify/{CODE}/")
        assert refused.status_code == 429
        assert 0 < int(refused["Retry-After"]) <= 600
        assert "Wait 10 minutes, then try again." in refused.content.decode()
        assert "Jana Nováková" not in refused.content.decode()
        _assert_kept_out_of_search_engines(refused)

        # The form refuses too, instead of sending the person on to a refusal.
        from_form = client.get("/en/verify/", {"code": CODE})
        assert from_form.status_code == 429
        assert "Retry-After" in from_form

        # Someone at another address is not affected.
        elsewhere = client.get(f"/en/verify/{CODE}/", REMOTE_ADDR="203.0.113.9")
        assert elsewhere.status_code == 200
        assert "This certificate is valid." in elsewhere.content.decode()

    with time_machine.travel(start + dt.timedelta(minutes=10), tick=False):
        assert client.get(f"/en/verify/{CODE}/").status_code == 200


# The learner's list ("My learning") --------------------------------------------------------

MY_CERTIFICATES = Template("{% load certificate_tags %}{% my_certificates person %}")


def test_my_certificates_says_a_certificate_is_being_prepared(
    certificate, django_assert_num_queries
):
    person = certificate.user
    with django_assert_num_queries(1):
        html = MY_CERTIFICATES.render(Context({"person": person}))

    assert "Greeting the customer" in html
    assert "Your certificate is being prepared…" in html
    assert f'data-status-url="/en/certificates/{certificate.pk}/status/"' in html
    assert 'aria-live="polite"' in html
    assert "js/certificate-status.js" in html
    assert f'href="/en/certificates/{certificate.pk}/download/"' not in html


def test_my_certificates_links_a_ready_pdf(certificate, django_assert_num_queries):
    certificate.pdf.save("ready.pdf", ContentFile(b"%PDF-1.7\n"), save=True)

    person = certificate.user
    with django_assert_num_queries(1):
        html = MY_CERTIFICATES.render(Context({"person": person}))

    assert f'href="/en/certificates/{certificate.pk}/download/"' in html
    assert "Download PDF" in html
    assert "being prepared" not in html
    assert "data-status-url" not in html
    assert 'my-certificate__status--valid">Valid</dd>' in html


def test_my_certificates_of_someone_without_any(db):
    html = MY_CERTIFICATES.render(Context({"person": UserFactory()}))

    assert "Certificates you earn by finishing a course will appear here." in html


def test_a_forged_forwarded_address_does_not_escape_the_limit(client, settings, certificate):
    settings.CERTIFICATE_VERIFY_RATE = "1/600"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0  # no proxy: the connection's address counts
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, 0, 5, tzinfo=dt.UTC), tick=False):
        assert client.get(f"/en/verify/{CODE}/").status_code == 200
        forged = client.get(f"/en/verify/{CODE}/", HTTP_X_FORWARDED_FOR="198.51.100.7")
        assert forged.status_code == 429


def test_behind_a_proxy_each_forwarded_address_has_its_own_count(client, settings, certificate):
    settings.CERTIFICATE_VERIFY_RATE = "1/600"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1  # the load balancer appends the client's address
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, 0, 5, tzinfo=dt.UTC), tick=False):
        first = client.get(f"/en/verify/{CODE}/", HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
        again = client.get(f"/en/verify/{CODE}/", HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
        other = client.get(f"/en/verify/{CODE}/", HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy)
    assert (first.status_code, again.status_code, other.status_code) == (200, 429, 200)
