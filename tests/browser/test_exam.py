"""A learner takes an exam on a phone: answers autosave, survive a reload, then the result."""

import pytest
from playwright.sync_api import expect

from quizzes.models import Attempt, ExamPage, Question
from tests.browser.conftest import fits_screen, serious_violations
from tests.factories import LearnerFactory
from tests.factories.content import CourseIndexPageFactory, CoursePageFactory, StandardFactory
from tests.factories.people import PASSWORD
from tests.factories.quizzes import QuestionFactory, exam_with_questions, right_answer

pytestmark = pytest.mark.browser


def _log_in(page, base_url, email, password):
    page.goto(f"{base_url}/en/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_label("Password").press("Enter")
    page.wait_for_url("**/my-learning/")


@pytest.fixture
def exam(home_page):
    course = CoursePageFactory(parent=CourseIndexPageFactory(parent=home_page))
    standard = StandardFactory()
    questions = [
        QuestionFactory(standard=standard, question_type=question_type)
        for question_type in (
            Question.Type.SINGLE,
            Question.Type.MULTIPLE,
            Question.Type.ORDERING,
            Question.Type.TRUE_FALSE,
        )
    ]
    return exam_with_questions(
        course,
        questions,
        title="Final exam",
        layout=ExamPage.Layout.ALL_ON_ONE_PAGE,
        shuffle_questions=False,
        time_limit_minutes=20,
    )


def _answer(page, item):
    keys = right_answer(item)
    if item.revision.content["question_type"] == Question.Type.ORDERING:
        for place, key in enumerate(keys, start=1):
            page.locator(f"#q{item.position}-rank-{key}").select_option(str(place))
    else:
        for key in keys:
            page.locator(f"#q{item.position}-{key}").check()


def _assert_answered(page, item):
    keys = right_answer(item)
    if item.revision.content["question_type"] == Question.Type.ORDERING:
        for place, key in enumerate(keys, start=1):
            expect(page.locator(f"#q{item.position}-rank-{key}")).to_have_value(str(place))
    else:
        for key in keys:
            expect(page.locator(f"#q{item.position}-{key}")).to_be_checked()


def test_learner_takes_the_exam_on_a_phone_and_a_reload_loses_nothing(page, live_site, axe, exam):
    learner = LearnerFactory()
    _log_in(page, live_site.url, learner.email, PASSWORD)
    page.goto(f"{live_site.url}{exam.get_url()}")
    page.get_by_role("button", name="Start the exam").click()
    page.wait_for_url("**/exams/attempts/*/")

    attempt = Attempt.objects.get(user=learner)
    items = list(attempt.questions.select_related("revision").order_by("position"))
    status = page.locator("[data-exam-save-status]")
    expect(page.locator("[data-exam-timer-text]")).to_contain_text("Time left: 19:")
    assert serious_violations(axe.run(page)) == []
    assert fits_screen(page)

    # Half the answers, saved as they are given, with nothing pressed.
    for item in items[:2]:
        _answer(page, item)
    expect(status).to_have_text("Saved")

    page.reload()
    for item in items[:2]:
        _assert_answered(page, item)

    for item in items[2:]:
        _answer(page, item)
    expect(status).to_have_text("Saved")
    page.reload()
    for item in items:
        _assert_answered(page, item)

    page.get_by_role("button", name="Review and submit").click()
    page.wait_for_url("**/submit/")
    expect(page.get_by_text("You have answered every question.")).to_be_visible()
    page.get_by_role("button", name="Submit now").click()
    page.wait_for_url("**/result/")
    expect(page.get_by_text("100% (4 of 4 points)")).to_be_visible()
    expect(page.locator(".exam-score__verdict")).to_contain_text("Passed")
    assert serious_violations(axe.run(page)) == []
    assert fits_screen(page)
