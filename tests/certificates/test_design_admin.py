"""The certificates admin: designs trainers edit and preview, certificates administrators revoke."""

import subprocess

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from lms.certificates.models import Certificate, CertificateDesign
from lms.certificates.services import certificate_issue, certificate_render
from lms.people.roles import ADMINISTRATOR, HEAD_TRAINER, TRAINER
from tests.factories import LearnerFactory, UserFactory

pytestmark = pytest.mark.django_db

SAMPLE_NAME = "Jana Nováková"  # the admin preview's made-up learner


def design_url(name: str, *args) -> str:
    return reverse(f"wagtailsnippets_certificates_certificatedesign:{name}", args=args)


def certificate_url(name: str, *args) -> str:
    return reverse(f"issued_certificates:{name}", args=args)


def default_design(language: str = "en") -> CertificateDesign:
    return CertificateDesign.objects.get(
        kind=CertificateDesign.Kind.COURSE, is_default=True, locale__language_code=language
    )


def design_form_data(design: CertificateDesign, signatories=(), **overrides) -> dict:
    """The edit form as a trainer would send it, with ``overrides`` typed in."""
    data = {
        "name": design.name,
        "kind": design.kind,
        "page_size": design.page_size,
        "orientation": design.orientation,
        "background_image": "",
        "logo": "",
        "logo_alt": design.logo_alt,
        "primary_colour": design.primary_colour,
        "accent_colour": design.accent_colour,
        "issuer": design.issuer,
        "title": design.title,
        "body": design.body,
        "signatories": inline_formset(list(signatories)),
        **overrides,
    }
    if design.is_default:
        data["is_default"] = "on"
    return nested_form_data(data)


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())


@pytest.fixture
def trainer(db):
    return UserFactory(roles=[TRAINER])


@pytest.fixture
def head_trainer(db):
    return UserFactory(roles=[HEAD_TRAINER])


@pytest.fixture
def administrator(db):
    return UserFactory(roles=[ADMINISTRATOR])


@pytest.fixture
def certificate(completed_enrolment, django_capture_on_commit_callbacks) -> Certificate:
    with django_capture_on_commit_callbacks(execute=True):
        certificate_issue(enrolment=completed_enrolment)
    return Certificate.objects.get(enrolment=completed_enrolment)


# Designs ---------------------------------------------------------------------------------


def test_trainer_opens_the_design_list_and_edit_page(client, trainer):
    design = default_design()
    client.force_login(trainer)

    listing = client.get(design_url("list"))
    edit = client.get(design_url("edit", design.pk))

    assert listing.status_code == 200
    assert design.name in listing.content.decode()
    assert edit.status_code == 200
    assert design_url("sample_pdf", design.pk) in edit.content.decode()


def test_design_list_filters_by_kind_and_searches(client, trainer):
    client.force_login(trainer)

    awards = client.get(design_url("list"), {"kind": CertificateDesign.Kind.AWARD})
    found = client.get(design_url("list"), {"q": "course"})

    assert default_design().name not in awards.content.decode()
    assert awards.context["object_list"]
    assert all(design.kind == "award" for design in awards.context["object_list"])
    assert found.status_code == 200


def test_live_preview_renders_the_edited_design_with_sample_data(client, trainer):
    design = default_design()
    client.force_login(trainer)
    data = design_form_data(design, title="Diploma of good service")

    posted = client.post(design_url("preview_on_edit", design.pk), data)
    preview = client.get(design_url("preview_on_edit", design.pk), {"mode": ""})

    assert posted.json()["is_valid"]
    html = preview.content.decode()
    assert preview.status_code == 200
    assert SAMPLE_NAME in html
    assert "Diploma of good service" in html
    # The browser preview links the public static files, not the PDF's private origin.
    assert "certificate.invalid" not in html


def test_preview_of_a_translated_design_is_in_the_designs_language(client, trainer):
    design = default_design("ru")
    client.force_login(trainer)

    response = client.get(
        design_url("revisions_view", design.pk, design.latest_revision_id),
        HTTP_ACCEPT_LANGUAGE="en",
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ru">' in html
    assert design.title in html
    assert SAMPLE_NAME in html
    with translation.override("ru"):
        label = gettext("Valid until")
    assert label != "Valid until"
    assert label in html


def test_sample_pdf_is_the_latest_draft_rendered_as_a_certificate(client, trainer, tmp_path):
    design = default_design()
    design.title = "Draft diploma"
    design.save_revision(user=trainer)
    client.force_login(trainer)

    response = client.get(design_url("sample_pdf", design.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "Draft diploma" in text
    assert SAMPLE_NAME in text


def test_learner_cannot_open_the_design_admin(client):
    design = default_design()
    client.force_login(LearnerFactory())

    for url in [
        design_url("list"),
        design_url("edit", design.pk),
        design_url("sample_pdf", design.pk),
        design_url("revisions_view", design.pk, design.latest_revision_id),
        certificate_url("index"),
    ]:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"%PDF" not in response.content


def test_trainer_cannot_publish_a_design(client, trainer):
    design = default_design()
    client.force_login(trainer)

    client.post(
        design_url("edit", design.pk),
        design_form_data(design, title="Unapproved title", **{"action-publish": "1"}),
    )

    design.refresh_from_db()
    assert design.title != "Unapproved title"
    # What the trainer typed is kept as a draft for a head trainer to publish.
    assert design.latest_revision.as_object().title == "Unapproved title"
    assert design.has_unpublished_changes


def test_publishing_a_new_version_leaves_issued_certificates_as_they_were(
    client, head_trainer, certificate, tmp_path
):
    design = default_design()
    old_title = design.title
    old_revision = certificate.design_revision
    assert old_revision == design.live_revision
    revisions = design.revisions.count()
    client.force_login(head_trainer)

    response = client.post(
        design_url("edit", design.pk),
        design_form_data(
            design,
            signatories=[{"name": "Mária Kováčová", "role": "Head of training", "signature": ""}],
            title="Certificate of excellence",
            **{"action-publish": "1"},
        ),
    )

    assert response.status_code == 302
    design.refresh_from_db()
    assert design.title == "Certificate of excellence"
    assert design.revisions.count() == revisions + 1
    assert design.live_revision != old_revision
    assert [signatory.name for signatory in design.signatories.all()] == ["Mária Kováčová"]

    # Render the issued certificate again: it keeps the design revision it was issued with.
    certificate.refresh_from_db()
    assert certificate.design_revision == old_revision
    certificate.pdf.delete(save=True)
    certificate_render(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    text = pdf_text(certificate.pdf.read(), tmp_path)
    assert old_title in text
    assert "Certificate of excellence" not in text
    assert "Mária Kováčová" not in text


# Issued certificates ---------------------------------------------------------------------


def test_trainer_sees_issued_certificates_and_finds_one_by_code(client, trainer, certificate):
    client.force_login(trainer)

    listing = client.get(certificate_url("index"))
    found = client.get(certificate_url("index"), {"q": certificate.code})
    inspect = client.get(certificate_url("inspect", certificate.pk))

    assert listing.status_code == 200
    assert certificate.serial in listing.content.decode()
    assert list(found.context["object_list"]) == [certificate]
    assert inspect.status_code == 200
    assert certificate.learner_name in inspect.content.decode()
    # Trainers only look: no revoke link, no revoke page.
    assert certificate_url("revoke", certificate.pk) not in inspect.content.decode()
    assert client.get(certificate_url("revoke", certificate.pk)).status_code in (302, 403)


def test_revoking_needs_a_reason_and_is_logged_and_shown_on_the_verification_page(
    client, administrator, certificate
):
    client.force_login(administrator)
    revoke_url = certificate_url("revoke", certificate.pk)
    assert revoke_url in client.get(certificate_url("inspect", certificate.pk)).content.decode()
    assert client.get(revoke_url).status_code == 200

    refused = client.post(revoke_url, {"reason": "  "})

    assert refused.status_code == 200
    assert refused.context["form"].errors["reason"]
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID

    response = client.post(revoke_url, {"reason": "Issued to the wrong person."})

    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revoked_reason == "Issued to the wrong person."
    entry = ModelLogEntry.objects.get(action="certificates.revoked", object_id=str(certificate.pk))
    assert entry.user == administrator
    assert entry.data["reason"] == "Issued to the wrong person."

    revoked = client.get(certificate_url("index"), {"current_status": "revoked"})
    assert list(revoked.context["object_list"]) == [certificate]
    verify = client.get(reverse("certificates:verify", args=[certificate.code]))
    assert "This certificate has been revoked." in verify.content.decode()
