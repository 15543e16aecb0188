"""The exam as a learner uses it: start, answer (form and autosave), submit, result."""

import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes import services
from quizzes.models import Answer, Attempt, ExamPage, Question
from tests.factories.content import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    StandardFactory,
)
from tests.factories.people import LearnerFactory
from tests.factories.quizzes import (
    QuestionFactory,
    answer_attempt,
    exam_with_questions,
    right_answer,
    wrong_answer,
)

pytestmark = pytest.mark.django_db

# Strings only the review may show: the test questions carry them in feedback and
# explanations, so a page that leaks them is caught.
SECRET_FEEDBACK = "SECRET-FEEDBACK-right-choice"
SECRET_EXPLANATION = "SECRET-EXPLANATION-why"


@pytest.fixture
def course(home_page):
    return CoursePageFactory(parent=CourseIndexPageFactory(parent=home_page))


@pytest.fixture
def learner(db):
    return LearnerFactory()


@pytest.fixture
def standards(db):
    return [StandardFactory(code="GREET-01"), StandardFactory(code="TILL-02")]


def make_questions(standards, count=3):
    """``count`` questions of every type, alternating between the two standards."""
    types = [
        Question.Type.SINGLE,
        Question.Type.MULTIPLE,
        Question.Type.ORDERING,
        Question.Type.TRUE_FALSE,
        Question.Type.SITUATION,
    ]
    questions = []
    for index in range(count):
        question = QuestionFactory(
            standard=standards[index % 2],
            question_type=types[index % len(types)],
            explanation=f"<p>{SECRET_EXPLANATION} {index}</p>",
        )
        question.options.filter(fraction__gt=0).update(feedback=SECRET_FEEDBACK)
        question.save_revision().publish()
        questions.append(question)
    return questions


def make_exam(course, standards, count=3, **fields):
    return exam_with_questions(course, make_questions(standards, count), **fields)


def start(client, learner, exam) -> Attempt:
    client.force_login(learner)
    response = client.post(reverse("quizzes:exam_start", kwargs={"page_id": exam.pk}))
    attempt = Attempt.objects.get(user=learner, status=Attempt.Status.OPEN)
    assert response.status_code == 302
    assert response["Location"] == attempt_url(attempt)
    return attempt


def attempt_url(attempt, name="attempt"):
    return reverse(f"quizzes:{name}", kwargs={"attempt_id": attempt.pk})


def autosave(client, attempt, payload):
    return client.post(
        attempt_url(attempt, "attempt_autosave"),
        data=json.dumps(payload),
        content_type="application/json",
    )


def items(attempt):
    return list(attempt.questions.select_related("revision", "answer").order_by("position"))


def text_of(response):
    return " ".join(response.content.decode().split())


def form_data(item, selected, go="next"):
    """What the attempt form posts for one question answered with ``selected``."""
    data = {"question": str(item.position), "go": go}
    if item.revision.content["question_type"] == Question.Type.ORDERING:
        for place, key in enumerate(selected, start=1):
            data[f"q{item.position}-rank-{key}"] = str(place)
    else:
        data[f"q{item.position}"] = selected
    return data


# -- Starting and resuming -----------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, course, standards):
    exam = make_exam(course, standards)
    response = client.post(reverse("quizzes:exam_start", kwargs={"page_id": exam.pk}))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Attempt.objects.exists()


def test_start_then_start_again_resumes_the_same_attempt(client, course, standards, learner):
    exam = make_exam(course, standards)
    attempt = start(client, learner, exam)
    again = start(client, learner, exam)
    assert again.pk == attempt.pk
    page = text_of(client.get(exam.url))
    assert "Continue the exam" in page
    assert "Attempt 1: in progress" in page


def test_exam_page_shows_attempts_and_best_result(client, course, standards, learner):
    exam = make_exam(course, standards)
    client.force_login(learner)
    assert "Start the exam" in text_of(client.get(exam.url))
    attempt = services.attempt_start(user=learner, exam=exam)
    answer_attempt(attempt, right=True)
    services.attempt_submit(user=learner, attempt=attempt)
    page = text_of(client.get(exam.url))
    assert "Your best result: 100%" in page
    assert "Take the exam again" in page
    assert attempt_url(attempt, "attempt_result") in page


def test_no_attempts_left_is_explained_on_the_exam_page(client, course, standards, learner):
    exam = make_exam(course, standards, attempts_allowed=1, resit_after_pass=True)
    attempt = services.attempt_start(user=learner, exam=exam)
    services.attempt_submit(user=learner, attempt=attempt)
    client.force_login(learner)
    response = client.post(reverse("quizzes:exam_start", kwargs={"page_id": exam.pk}), follow=True)
    assert response.redirect_chain[-1][0] == exam.url
    assert "No attempts left." in text_of(response)


def test_waiting_time_is_explained_on_the_exam_page(client, course, standards, learner):
    exam = make_exam(course, standards, wait_minutes=60)
    attempt = services.attempt_start(user=learner, exam=exam)
    services.attempt_submit(user=learner, attempt=attempt)
    client.force_login(learner)
    response = client.post(reverse("quizzes:exam_start", kwargs={"page_id": exam.pk}), follow=True)
    assert "You can try again" in text_of(response)


def test_a_closed_exam_is_explained_on_the_exam_page(client, course, standards, learner):
    exam = make_exam(course, standards)
    ExamPage.objects.filter(pk=exam.pk).update(closes_at=timezone.now() - timedelta(days=1))
    client.force_login(learner)
    response = client.post(reverse("quizzes:exam_start", kwargs={"page_id": exam.pk}), follow=True)
    assert "This exam closed on" in text_of(response)


# -- Answering without script ----------------------------------------------------------------------


def test_next_saves_the_answer_and_moves_on(client, course, standards, learner):
    exam = make_exam(course, standards, shuffle_questions=False)  # a single choice first
    attempt = start(client, learner, exam)
    first = items(attempt)[0]
    response = client.post(
        attempt_url(attempt, "attempt_save"), form_data(first, right_answer(first))
    )
    assert response.status_code == 302
    assert response["Location"] == f"{attempt_url(attempt)}?question=2"
    first.answer.refresh_from_db()
    assert first.answer.selected == right_answer(first)

    # Previous goes back, and the answer is shown checked.
    response = client.post(
        attempt_url(attempt, "attempt_save"),
        form_data(items(attempt)[1], [], go="previous"),
    )
    assert response["Location"] == f"{attempt_url(attempt)}?question=1"
    page = client.get(response["Location"]).content.decode()
    for key in right_answer(first):
        assert re.search(rf'value="{key}"[^>]*checked', page)


def test_an_ordering_question_is_answered_with_places(client, course, standards, learner):
    question = QuestionFactory(standard=standards[0], question_type=Question.Type.ORDERING)
    question.save_revision().publish()
    exam = exam_with_questions(course, [question])
    attempt = start(client, learner, exam)
    item = items(attempt)[0]
    client.post(attempt_url(attempt, "attempt_save"), form_data(item, right_answer(item)))
    item.answer.refresh_from_db()
    assert item.answer.selected == right_answer(item)

    # The same place twice is refused with a message; the stored answer stays.
    data = form_data(item, right_answer(item))
    data[f"q1-rank-{item.option_order[0]}"] = data[f"q1-rank-{item.option_order[1]}"]
    response = client.post(attempt_url(attempt, "attempt_save"), data, follow=True)
    assert "Give each item a different place" in text_of(response)
    item.answer.refresh_from_db()
    assert item.answer.selected == right_answer(item)


def test_all_on_one_page_saves_every_answer(client, course, standards, learner):
    exam = make_exam(course, standards, count=4, layout=ExamPage.Layout.ALL_ON_ONE_PAGE)
    attempt = start(client, learner, exam)
    data = {"go": "submit", "question": []}
    for item in items(attempt):
        one = form_data(item, right_answer(item))
        data["question"].append(one.pop("question"))
        one.pop("go")
        data.update(one)
    response = client.post(attempt_url(attempt, "attempt_save"), data)
    assert response["Location"] == attempt_url(attempt, "attempt_submit")
    assert all(item.answer.selected == right_answer(item) for item in items(attempt))


# -- Autosave --------------------------------------------------------------------------------------


def test_autosave_saves_and_returns_the_sequence(client, course, standards, learner):
    exam = make_exam(course, standards)
    attempt = start(client, learner, exam)
    item = items(attempt)[0]
    response = autosave(
        client, attempt, {"question": 1, "selected": right_answer(item), "sequence": 5}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["sequence"] == 5
    assert body["saved_at"]
    assert Answer.objects.get(attempt_question=item).selected == right_answer(item)


def test_an_older_autosave_does_not_overwrite_a_newer_one(client, course, standards, learner):
    # Unshuffled, so question 1 is the single choice: one wrong key is a whole answer.
    exam = make_exam(course, standards, shuffle_questions=False)
    attempt = start(client, learner, exam)
    item = items(attempt)[0]
    autosave(client, attempt, {"question": 1, "selected": right_answer(item), "sequence": 10})
    response = autosave(
        client, attempt, {"question": 1, "selected": wrong_answer(item), "sequence": 9}
    )
    assert response.status_code == 200
    assert response.json()["sequence"] == 10
    assert Answer.objects.get(attempt_question=item).selected == right_answer(item)


def test_autosave_refuses_a_question_not_in_the_attempt(client, course, standards, learner):
    exam = make_exam(course, standards)
    attempt = start(client, learner, exam)
    response = autosave(client, attempt, {"question": 99, "selected": [], "sequence": 1})
    assert response.status_code == 400
    assert response.json()["error"] == "This question is not part of the attempt."


def test_autosave_refuses_another_questions_option(client, course, standards, learner):
    exam = make_exam(course, standards)
    attempt = start(client, learner, exam)
    first, second = items(attempt)[:2]
    response = autosave(
        client, attempt, {"question": 1, "selected": [second.option_order[0]], "sequence": 1}
    )
    assert response.status_code == 400
    assert response.json()["error"] == "This question has no such option."
    assert Answer.objects.get(attempt_question=first).selected == []


def test_autosave_refuses_a_malformed_request(client, course, standards, learner):
    exam = make_exam(course, standards)
    attempt = start(client, learner, exam)
    assert (
        autosave(client, attempt, {"question": 1, "selected": "x", "sequence": 1}).status_code
        == 400
    )
    response = client.post(
        attempt_url(attempt, "attempt_autosave"), data="not json", content_type="application/json"
    )
    assert response.status_code == 400


def test_autosave_needs_the_csrf_token(course, standards, learner):
    from django.test import Client

    exam = make_exam(course, standards)
    attempt = services.attempt_start(user=learner, exam=exam)
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    response = autosave(client, attempt, {"question": 1, "selected": [], "sequence": 1})
    assert response.status_code == 403


def test_autosave_after_the_deadline_and_grace_is_refused(client, course, standards, learner):
    exam = make_exam(course, standards, time_limit_minutes=10)
    attempt = start(client, learner, exam)
    item = items(attempt)[0]
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=31))
    response = autosave(
        client, attempt, {"question": 1, "selected": right_answer(item), "sequence": 3}
    )
    assert response.status_code == 409
    assert response.json()["error"] == (
        "Time is up: this answer arrived after the deadline and was not saved."
    )
    assert response.json()["result_url"] == attempt_url(attempt, "attempt_result")
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.CLOSED_OVERDUE


def test_autosave_within_the_grace_period_is_saved(client, course, standards, learner):
    exam = make_exam(course, standards, time_limit_minutes=10)
    attempt = start(client, learner, exam)
    item = items(attempt)[0]
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=5))
    response = autosave(
        client, attempt, {"question": 1, "selected": right_answer(item), "sequence": 3}
    )
    assert response.status_code == 200


# -- Submitting ------------------------------------------------------------------------------------


def test_submit_page_warns_about_unanswered_questions(client, course, standards, learner):
    exam = make_exam(course, standards, count=3)
    attempt = start(client, learner, exam)
    answer_attempt(attempt, positions={1})
    page = text_of(client.get(attempt_url(attempt, "attempt_submit")))
    assert "2 of 3 questions are not answered yet." in page
    answer_attempt(attempt, positions={2, 3})
    page = text_of(client.get(attempt_url(attempt, "attempt_submit")))
    assert "You have answered every question." in page


def test_double_submit_returns_the_same_result(client, course, standards, learner):
    exam = make_exam(course, standards)
    attempt = start(client, learner, exam)
    answer_attempt(attempt, right=True)
    first = client.post(attempt_url(attempt, "attempt_submit"))
    assert first["Location"] == attempt_url(attempt, "attempt_result")
    attempt.refresh_from_db()
    graded_at = attempt.graded_at
    second = client.post(attempt_url(attempt, "attempt_submit"))
    assert second["Location"] == first["Location"]
    attempt.refresh_from_db()
    assert attempt.graded_at == graded_at
    assert attempt.status == Attempt.Status.SUBMITTED
    # The finished attempt's pages lead to the result; saves are refused.
    assert client.get(attempt_url(attempt))["Location"] == attempt_url(attempt, "attempt_result")
    assert (
        autosave(client, attempt, {"question": 1, "selected": [], "sequence": 99}).status_code
        == 409
    )


def test_another_persons_attempt_is_not_found_on_every_url(client, course, standards, learner):
    exam = make_exam(course, standards)
    attempt = services.attempt_start(user=learner, exam=exam)
    client.force_login(LearnerFactory())
    for name in ("attempt", "attempt_submit", "attempt_result"):
        assert client.get(attempt_url(attempt, name)).status_code == 404
    for name in ("attempt_save", "attempt_submit"):
        assert client.post(attempt_url(attempt, name), {"question": "1"}).status_code == 404
    assert (
        autosave(client, attempt, {"question": 1, "selected": [], "sequence": 1}).status_code == 404
    )
    attempt.refresh_from_db()
    assert attempt.is_open


def test_every_attempt_url_asks_anonymous_visitors_to_log_in(client, course, standards, learner):
    exam = make_exam(course, standards)
    attempt = services.attempt_start(user=learner, exam=exam)
    for name in ("attempt", "attempt_submit", "attempt_result"):
        response = client.get(attempt_url(attempt, name))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


# -- Result and review -----------------------------------------------------------------------------


def finished_attempt(client, learner, exam, *, right_positions):
    attempt = start(client, learner, exam)
    for item in items(attempt):
        selected = right_answer(item) if item.position in right_positions else wrong_answer(item)
        if item.revision.content["question_type"] == Question.Type.ORDERING and (
            item.position not in right_positions
        ):
            selected = list(reversed(right_answer(item)))
        services.attempt_answer_save(
            user=learner,
            attempt=attempt,
            selected=selected,
            sequence=1,
            question_position=item.position,
        )
    client.post(attempt_url(attempt, "attempt_submit"))
    attempt.refresh_from_db()
    return attempt


def test_result_breaks_down_by_standard_and_links_lessons_to_revise(
    client, course, standards, learner
):
    greet_lesson = LessonPageFactory(parent=course, title="Greeting in ten seconds")
    greet_lesson.standards.create(standard=standards[0])
    greet_lesson.save()
    till_lesson = LessonPageFactory(parent=course, title="At the till")
    till_lesson.standards.create(standard=standards[1])
    till_lesson.save()
    single = QuestionFactory(standard=standards[0])
    other = QuestionFactory(standard=standards[1])
    exam = exam_with_questions(course, [single, other], shuffle_questions=False)
    attempt = start(client, learner, exam)
    first, second = items(attempt)
    greet_item = first if first.standard_key == standards[0].translation_key else second
    till_item = second if greet_item is first else first
    services.attempt_answer_save(
        user=learner,
        attempt=attempt,
        selected=wrong_answer(greet_item),
        sequence=1,
        attempt_question_id=greet_item.pk,
    )
    services.attempt_answer_save(
        user=learner,
        attempt=attempt,
        selected=right_answer(till_item),
        sequence=1,
        attempt_question_id=till_item.pk,
    )
    client.post(attempt_url(attempt, "attempt_submit"))
    response = client.get(attempt_url(attempt, "attempt_result"))
    page = " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
    assert "50% (1 of 2 points)" in page
    assert "Not passed: 80% is needed." in page
    assert f"{standards[0].code} {standards[0].title} 0 of 1" in page
    assert f"{standards[1].code} {standards[1].title} 1 of 1" in page
    revise = page.split("What to revise", 1)[1]
    assert "Greeting in ten seconds" in revise
    assert "At the till" not in revise
    assert greet_lesson.url in response.content.decode()


@pytest.mark.parametrize(
    ("review", "marks", "answers"),
    [
        (ExamPage.Review.SCORE, False, False),
        (ExamPage.Review.MARKS, True, False),
        (ExamPage.Review.ANSWERS, True, True),
    ],
)
def test_review_shows_what_the_exam_allows(
    client, course, standards, learner, review, marks, answers
):
    exam = make_exam(course, standards, count=3, review=review)
    attempt = finished_attempt(client, learner, exam, right_positions={1})
    page = text_of(client.get(attempt_url(attempt, "attempt_result")))
    assert "Your result" in page
    assert ("Your answers" in page) is marks
    assert ("Not right" in page) is marks
    assert ("Right answer:" in page) is answers
    assert (SECRET_EXPLANATION in page) is answers


def test_an_open_attempts_result_leads_back_to_the_questions(client, course, standards, learner):
    exam = make_exam(course, standards)
    attempt = start(client, learner, exam)
    response = client.get(attempt_url(attempt, "attempt_result"))
    assert response["Location"] == attempt_url(attempt)


# -- Integrity: nothing before submitting tells the right answer ---------------------------------


def assert_tells_nothing(html, attempt_items):
    assert SECRET_FEEDBACK not in html
    assert SECRET_EXPLANATION not in html
    assert "fraction" not in html.lower()
    assert "correct" not in html.lower()
    for item in attempt_items:
        question = item.revision.as_object()
        for option in question.ordered_options():
            # Option keys are random hex, not positions or telling words.
            assert re.fullmatch(r"[0-9a-f]{12}", option.key)
            assert f"{option.fraction:.5f}" not in html


def keys_in_page_order(html, item):
    """The option keys of ``item`` in the order its inputs appear on the page."""
    position = item.position
    pattern = rf'(?:name="q{position}" id="q{position}-|id="q{position}-rank-)([0-9a-f]{{12}})"'
    return re.findall(pattern, html)


@pytest.mark.parametrize("layout", [ExamPage.Layout.ONE_PER_PAGE, ExamPage.Layout.ALL_ON_ONE_PAGE])
def test_attempt_pages_hold_nothing_that_tells_the_answer(
    client, course, standards, learner, layout
):
    exam = make_exam(course, standards, count=5, layout=layout)
    attempt = start(client, learner, exam)
    attempt_items = items(attempt)
    if layout == ExamPage.Layout.ONE_PER_PAGE:
        pages = {
            item.position: client.get(f"{attempt_url(attempt)}?question={item.position}")
            for item in attempt_items
        }
    else:
        whole = client.get(attempt_url(attempt))
        pages = {item.position: whole for item in attempt_items}
    for item in attempt_items:
        html = pages[item.position].content.decode()
        assert_tells_nothing(html, attempt_items)
        # The options appear in the order frozen for this attempt, the only order there is.
        assert keys_in_page_order(html, item) == item.option_order
    submit_page = client.get(attempt_url(attempt, "attempt_submit")).content.decode()
    assert_tells_nothing(submit_page, attempt_items)


def test_the_frozen_order_is_shuffled_for_ordering_questions(client, course, standards, learner):
    question = QuestionFactory(
        standard=standards[0],
        question_type=Question.Type.ORDERING,
        options=[(f"Stage {n}", 0) for n in range(8)],
    )
    exam = exam_with_questions(course, [question])
    attempt = start(client, learner, exam)
    item = items(attempt)[0]
    html = client.get(attempt_url(attempt)).content.decode()
    # 8 items: the chance that shuffling keeps the right order is 1 in 40,320.
    assert keys_in_page_order(html, item) == item.option_order != right_answer(item)


# -- Queries -----------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", [ExamPage.Layout.ONE_PER_PAGE, ExamPage.Layout.ALL_ON_ONE_PAGE])
def test_attempt_page_runs_the_same_queries_for_3_or_15_questions(
    client, course, standards, django_assert_max_num_queries, layout
):
    counts = []
    for count in (3, 15):
        learner = LearnerFactory()
        exam = make_exam(course, standards, count=count, layout=layout)
        attempt = start(client, learner, exam)
        answer_attempt(attempt, positions={1, 2})
        client.get(attempt_url(attempt))  # warm caches (site root paths, sessions)
        with django_assert_max_num_queries(6) as captured:
            response = client.get(attempt_url(attempt))
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_autosave_runs_the_same_queries_for_3_or_15_questions(
    client, course, standards, django_assert_max_num_queries
):
    counts = []
    for count in (3, 15):
        learner = LearnerFactory()
        # The same question type in both: the first question is a single choice.
        exam = make_exam(course, standards, count=count, shuffle_questions=False)
        attempt = start(client, learner, exam)
        item = items(attempt)[0]
        payload = {"question": item.position, "selected": right_answer(item), "sequence": 7}
        with django_assert_max_num_queries(8) as captured:
            response = autosave(client, attempt, payload)
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
