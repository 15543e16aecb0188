"""A learner earns a certificate on a phone: reads the lesson, passes the exam, downloads the
PDF, and the public verification page says it is valid."""

import re
import subprocess

import pytest
from playwright.sync_api import expect

from lms.certificates.models import Certificate
from lms.certificates.services import certificate_issue, certificate_render
from lms.learning.services import enrolment_assign
from lms.people.services import manager_scope_grant
from quizzes.models import ExamPage, Question
from tests.browser.conftest import fits_screen, serious_violations
from tests.factories import LearnerFactory, ManagerFactory
from tests.factories.content import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    StandardFactory,
)
from tests.factories.people import PASSWORD
from tests.factories.quizzes import QuestionFactory, exam_with_questions, right_answer

pytestmark = pytest.mark.browser

DOWNLOAD = re.compile(r"^Download PDF\s*: Greeting the customer$")


@pytest.fixture
def phone(phone):
    """The common phone, waiting longer: a certificate is rendered while the page waits."""
    phone.set_default_timeout(15_000)
    return phone


@pytest.fixture
def course(home_page):
    """A course with one lesson and a one-question exam, valid for two years."""
    course = CoursePageFactory(
        parent=CourseIndexPageFactory(parent=home_page),
        title="Greeting the customer",
        certificate_validity_months=24,
    )
    LessonPageFactory(parent=course, title="Say hello")
    question = QuestionFactory(standard=StandardFactory(), question_type=Question.Type.SINGLE)
    exam_with_questions(
        course,
        [question],
        title="Final exam",
        layout=ExamPage.Layout.ALL_ON_ONE_PAGE,
        shuffle_questions=False,
    )
    return course


@pytest.fixture
def learner(course):
    learner = LearnerFactory(full_name="Jana Nováková")
    manager = ManagerFactory()
    manager_scope_grant(manager=manager, unit=learner.home_store)
    enrolment_assign(actor=manager, people=[learner], course=course, due_on=None)
    return learner


def _log_in(page, base_url, email):
    page.goto(f"{base_url}/en/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/my-learning/")


def _pass_the_exam(page, base_url, exam, learner):
    from quizzes.models import Attempt

    page.goto(f"{base_url}{exam.get_url()}")
    page.get_by_role("button", name="Start the exam").click()
    page.wait_for_url("**/exams/attempts/*/")
    attempt = Attempt.objects.get(user=learner)
    for item in attempt.questions.select_related("revision"):
        for key in right_answer(item):
            page.locator(f"#q{item.position}-{key}").check()
    expect(page.locator("[data-exam-save-status]")).to_have_text("Saved")
    page.get_by_role("button", name="Review and submit").click()
    page.wait_for_url("**/submit/")
    page.get_by_role("button", name="Submit now").click()
    page.wait_for_url("**/result/")
    expect(page.locator(".exam-score__verdict")).to_contain_text("Passed")


def _pdf_text(path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_learner_passes_downloads_the_certificate_and_the_verification_page_says_valid(
    phone, live_site, axe, course, learner, tmp_path
):
    page = phone
    lesson = course.get_children().specific().get(title="Say hello")
    exam = course.get_children().type(ExamPage).specific().get()
    _log_in(page, live_site.url, learner.email)

    page.goto(f"{live_site.url}{lesson.get_url()}")
    page.get_by_role("button", name="Mark as complete").click()
    page.wait_for_url(f"**{lesson.get_url()}")
    _pass_the_exam(page, live_site.url, exam, learner)

    # Passing completed the course: one certificate, rendered by the (in-process) worker.
    certificate = Certificate.objects.get(user=learner)
    certificate.refresh_from_db()
    assert certificate.is_ready
    assert certificate.score == 100

    page.goto(f"{live_site.url}/en/my-learning/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=DOWNLOAD).click()
    download = download_info.value
    assert download.suggested_filename == f"certificate-{certificate.serial}.pdf"
    pdf = tmp_path / download.suggested_filename
    download.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = _pdf_text(pdf)
    assert "Jana Nováková" in text
    assert certificate.code in text

    # Anyone (signed out here) can check it by its code.
    page.context.clear_cookies()
    page.goto(f"{live_site.url}/en/verify/")
    page.get_by_label("Verification code").fill(certificate.code.lower().replace("-", " "))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"**/en/verify/{certificate.code}/")
    expect(page.get_by_text("This certificate is valid.")).to_be_visible()
    expect(page.get_by_text("Jana Nováková")).to_be_visible()
    expect(page.get_by_text("Greeting the customer")).to_be_visible()
    assert page.locator('meta[name="robots"]').get_attribute("content").startswith("noindex")
    assert serious_violations(axe.run(page)) == []
    assert fits_screen(page)


def test_the_verification_form_and_not_found_pass_axe_on_a_phone(phone, live_site, axe):
    page = phone
    page.goto(f"{live_site.url}/en/verify/")
    page.get_by_label("Verification code").fill("not a code")
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_text("That is not a verification code")).to_be_visible()
    expect(page.get_by_label("Verification code")).to_have_attribute("aria-invalid", "true")
    assert serious_violations(axe.run(page)) == []

    page.get_by_label("Verification code").fill("ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ")
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_text("Certificate not found.")).to_be_visible()
    assert serious_violations(axe.run(page)) == []
    assert fits_screen(page)


def test_a_certificate_being_prepared_becomes_a_link_without_reloading(
    phone, live_site, axe, course, learner
):
    page = phone
    enrolment = learner.enrolments.get()
    enrolment.completed_at = enrolment.started_at = learner.date_joined
    enrolment.save(update_fields=["completed_at", "started_at"])
    certificate = certificate_issue(enrolment=enrolment)
    # As if the worker had not got to it yet.
    Certificate.objects.filter(pk=certificate.pk).update(pdf="", rendered_at=None)
    _log_in(page, live_site.url, learner.email)

    page.goto(f"{live_site.url}/en/my-learning/")
    waiting = page.get_by_text("Your certificate is being prepared…")
    expect(waiting).to_be_visible()
    expect(page.get_by_role("link", name="Refresh")).to_be_hidden()
    assert serious_violations(axe.run(page)) == []
    page.evaluate("window.stillThisPage = true")

    certificate_render(certificate_id=certificate.pk)

    status = page.get_by_role("status").filter(has_text="Your certificate is ready.")
    expect(status).to_be_visible()
    expect(status.get_by_role("link", name=DOWNLOAD)).to_have_attribute(
        "href", f"/en/certificates/{certificate.pk}/download/"
    )
    assert page.evaluate("window.stillThisPage") is True
    assert serious_violations(axe.run(page)) == []
