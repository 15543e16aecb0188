"""The attempt lifecycle: start, resume, answer, submit, close when overdue, regrade."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale, PageLogEntry

from quizzes import grading, selectors, services, tasks
from quizzes.models import Answer, Attempt, Question, QuestionOption
from quizzes.signals import attempt_finished
from tests.factories.content import CourseIndexPageFactory, CoursePageFactory, StandardFactory
from tests.factories.people import LearnerFactory
from tests.factories.quizzes import (
    ExamPageFactory,
    QuestionFactory,
    answer_attempt,
    exam_with_questions,
    right_answer,
    wrong_answer,
)
from tests.quizzes.helpers import translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(home_page):
    return CoursePageFactory(parent=CourseIndexPageFactory(parent=home_page))


@pytest.fixture
def learner(db):
    return LearnerFactory()


@pytest.fixture
def finished_signals():
    """Every ``attempt_finished`` sent during the test, as (attempt id, regraded)."""
    received = []

    def receiver(sender, attempt, regraded=False, **kwargs):
        received.append((attempt.pk, regraded))

    attempt_finished.connect(receiver, weak=False)
    yield received
    attempt_finished.disconnect(receiver)


def make_overdue(attempt, seconds_past=31):
    """Move the attempt's deadline into the past (the grace period is 30 seconds)."""
    deadline = timezone.now() - timedelta(seconds=seconds_past)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=deadline)
    attempt.refresh_from_db()


def finish(attempt, *, right=True):
    answer_attempt(attempt, right=right)
    return services.attempt_submit(user=attempt.user, attempt=attempt)


# -- Starting ---------------------------------------------------------------------------------


def test_start_draws_freezes_and_records_the_person(course, learner):
    exam = ExamPageFactory(parent=course, time_limit_minutes=20)
    before = timezone.now()

    attempt = services.attempt_start(user=learner, exam=exam)

    assert attempt.number == 1
    assert attempt.status == Attempt.Status.OPEN
    assert attempt.exam_key == exam.translation_key
    assert attempt.locale == Locale.get_default()
    assert attempt.store == learner.home_store
    assert attempt.job_role == learner.job_role
    assert attempt.pass_mark == Decimal(80)
    assert before + timedelta(minutes=20) <= attempt.deadline
    assert attempt.deadline <= timezone.now() + timedelta(minutes=20)
    items = list(attempt.questions.select_related("revision").order_by("position"))
    assert [item.position for item in items] == [1, 2, 3]
    assert len({item.question_key for item in items}) == 3
    for item in items:
        question = Question.objects.get(translation_key=item.question_key)
        assert item.revision == question.live_revision
        assert sorted(item.option_order) == sorted(o.key for o in question.options.all())
        assert item.points == question.points
        assert item.standard_key == question.standard.translation_key
    assert Answer.objects.filter(attempt_question__attempt=attempt, selected=[]).count() == 3


def test_starting_again_resumes_the_open_attempt(course, learner):
    exam = ExamPageFactory(parent=course, attempts_allowed=1)
    first = services.attempt_start(user=learner, exam=exam)

    again = services.attempt_start(user=learner, exam=exam)

    assert again.pk == first.pk
    assert Attempt.objects.count() == 1


def test_only_active_published_questions_are_drawn_never_twice(course, learner):
    standard = StandardFactory()
    active = {QuestionFactory(standard=standard).translation_key for _n in range(4)}
    QuestionFactory(standard=standard, active=False)
    QuestionFactory(standard=standard, live=False)
    exam = ExamPageFactory(parent=course, draw_rules=[{"count": 4, "standard": standard}])

    for _n in range(3):
        attempt = services.attempt_start(user=LearnerFactory(), exam=exam)
        keys = [item.question_key for item in attempt.questions.all()]
        assert sorted(keys) == sorted(active)


def test_fixed_questions_keep_their_order_when_not_shuffled(course, learner):
    questions = [QuestionFactory() for _n in range(4)]
    exam = exam_with_questions(course, questions, shuffle_questions=False, shuffle_options=False)

    attempt = services.attempt_start(user=learner, exam=exam)

    items = list(attempt.questions.order_by("position"))
    assert [item.question_key for item in items] == [q.translation_key for q in questions]
    for item, question in zip(items, questions, strict=True):
        assert item.option_order == [option.key for option in question.ordered_options()]


def test_ordering_items_are_shuffled_even_when_options_are_not(course, learner):
    question = QuestionFactory(
        question_type=Question.Type.ORDERING,
        options=[(f"Stage {n}", 0) for n in range(8)],
    )
    exam = exam_with_questions(course, [question], shuffle_options=False)
    correct = [option.key for option in question.ordered_options()]

    orders = {
        tuple(services.attempt_start(user=LearnerFactory(), exam=exam).questions.get().option_order)
        for _n in range(3)
    }

    # Three identical orders of eight items by chance: 1 in 40320 squared.
    assert orders != {tuple(correct)}


def test_no_attempts_left(course, learner):
    exam = ExamPageFactory(parent=course, attempts_allowed=1, resit_after_pass=True)
    finish(services.attempt_start(user=learner, exam=exam), right=False)

    with pytest.raises(ValidationError) as raised:
        services.attempt_start(user=learner, exam=exam)

    assert raised.value.messages == ["No attempts left."]


def test_the_wait_between_attempts_says_when_to_come_back(course, learner):
    exam = ExamPageFactory(parent=course, wait_minutes=60)
    first = finish(services.attempt_start(user=learner, exam=exam), right=False)

    with pytest.raises(ValidationError) as raised:
        services.attempt_start(user=learner, exam=exam)

    expected = timezone.localtime(first.finished_at + timedelta(minutes=60))
    message = raised.value.messages[0]
    assert message.startswith("You can try again")
    assert expected.strftime("%H:%M") in message or expected.strftime("%-d") in message

    Attempt.objects.filter(pk=first.pk).update(finished_at=timezone.now() - timedelta(minutes=61))
    second = services.attempt_start(user=learner, exam=exam)
    assert second.number == 2


def test_exam_window_is_enforced(course, learner):
    now = timezone.now()
    exam = ExamPageFactory(parent=course, opens_at=now + timedelta(days=1))

    with pytest.raises(ValidationError) as raised:
        services.attempt_start(user=learner, exam=exam)
    assert raised.value.messages[0].startswith("This exam opens on ")

    exam.opens_at = now - timedelta(days=2)
    exam.closes_at = now - timedelta(days=1)
    exam.save()
    with pytest.raises(ValidationError) as raised:
        services.attempt_start(user=learner, exam=exam)
    assert raised.value.messages[0].startswith("This exam closed on ")


def test_the_deadline_never_passes_the_closing_time(course, learner):
    closes = timezone.now() + timedelta(minutes=5)
    exam = ExamPageFactory(parent=course, time_limit_minutes=20, closes_at=closes)

    attempt = services.attempt_start(user=learner, exam=exam)

    assert attempt.deadline == closes


def test_no_time_limit_means_no_deadline(course, learner):
    attempt = services.attempt_start(user=learner, exam=ExamPageFactory(parent=course))

    assert attempt.deadline is None


def test_a_learner_who_passed_may_not_sit_again_unless_allowed(course, learner):
    exam = ExamPageFactory(parent=course)
    assert finish(services.attempt_start(user=learner, exam=exam)).passed

    with pytest.raises(ValidationError) as raised:
        services.attempt_start(user=learner, exam=exam)
    assert raised.value.messages == ["You have passed this exam already."]

    exam.resit_after_pass = True
    exam.save()
    assert services.attempt_start(user=learner, exam=exam).number == 2


def test_an_unpublished_exam_cannot_be_started(course, learner):
    exam = ExamPageFactory(parent=course)
    exam.unpublish()

    with pytest.raises(ValidationError):
        services.attempt_start(user=learner, exam=exam)


def test_a_live_question_without_a_revision_is_frozen_as_published_keeping_its_draft(
    course, learner
):
    question = QuestionFactory(stem="<p>Published wording</p>")
    question.stem = "<p>Draft wording</p>"
    draft = question.save_revision()
    exam = exam_with_questions(course, [Question.objects.get(pk=question.pk)])

    attempt = services.attempt_start(user=learner, exam=exam)

    frozen = attempt.questions.select_related("revision").get().revision
    assert frozen.content["stem"] == "<p>Published wording</p>"
    question.refresh_from_db()
    assert question.live_revision == frozen
    assert question.latest_revision == draft
    assert question.has_unpublished_changes
    assert question.stem == "<p>Published wording</p>"


# -- Language ---------------------------------------------------------------------------------


def test_the_attempt_is_in_the_learners_language_when_every_question_is(course, locales):
    questions = [QuestionFactory() for _n in range(2)]
    russian = [translate(question, locales["ru"]) for question in questions]
    exam = exam_with_questions(course, questions)
    learner = LearnerFactory(preferred_language="ru")

    attempt = services.attempt_start(user=learner, exam=exam)

    assert attempt.locale == locales["ru"]
    frozen = {item.revision_id for item in attempt.questions.all()}
    assert frozen == {question.live_revision_id for question in russian}
    state = selectors.attempt_state(attempt)
    assert all("RU " in question.stem for question in state.questions)
    assert all(o.text.startswith("RU ") for q in state.questions for o in q.options)


def test_one_question_without_a_translation_puts_the_whole_attempt_in_the_default(course, locales):
    questions = [QuestionFactory() for _n in range(2)]
    translate(questions[0], locales["ru"])
    exam = exam_with_questions(course, questions)

    attempt = services.attempt_start(user=LearnerFactory(preferred_language="ru"), exam=exam)

    assert attempt.locale == Locale.get_default()
    for item in attempt.questions.select_related("revision"):
        assert item.revision.as_object().locale_id == Locale.get_default().pk


# -- Answering --------------------------------------------------------------------------------


@pytest.fixture
def attempt(course, learner):
    questions = [QuestionFactory() for _n in range(3)]
    exam = exam_with_questions(course, questions, time_limit_minutes=20, shuffle_questions=False)
    return services.attempt_start(user=learner, exam=exam)


def item_at(attempt, position):
    return attempt.questions.select_related("revision").get(position=position)


def test_an_answer_is_saved_in_place(attempt, learner):
    item = item_at(attempt, 1)

    saved = services.attempt_answer_save(
        user=learner, attempt=attempt, question_position=1, selected=right_answer(item), sequence=1
    )
    again = services.attempt_answer_save(
        user=learner,
        attempt=attempt,
        attempt_question_id=item.pk,
        selected=wrong_answer(item),
        sequence=2,
    )

    assert again.pk == saved.pk
    assert again.selected == wrong_answer(item)
    assert again.sequence == 2
    assert Answer.objects.filter(attempt_question=item).count() == 1


def test_an_older_save_changes_nothing(attempt, learner):
    item = item_at(attempt, 1)
    services.attempt_answer_save(
        user=learner, attempt=attempt, question_position=1, selected=right_answer(item), sequence=5
    )

    stale = services.attempt_answer_save(
        user=learner, attempt=attempt, question_position=1, selected=wrong_answer(item), sequence=4
    )

    assert stale.selected == right_answer(item)
    assert stale.sequence == 5
    assert Answer.objects.get(attempt_question=item).selected == right_answer(item)


def test_an_option_of_another_question_is_refused(attempt, learner):
    other = item_at(attempt, 2)

    with pytest.raises(grading.UnknownOption):
        services.attempt_answer_save(
            user=learner,
            attempt=attempt,
            question_position=1,
            selected=[other.option_order[0]],
            sequence=1,
        )
    assert Answer.objects.get(attempt_question=item_at(attempt, 1)).selected == []


def test_a_question_not_in_the_attempt_is_refused(attempt, learner):
    with pytest.raises(grading.UnknownQuestion):
        services.attempt_answer_save(
            user=learner, attempt=attempt, question_position=9, selected=[], sequence=1
        )


@pytest.mark.parametrize("selected", ["abc", [1], None])
def test_an_answer_must_be_a_list_of_keys(attempt, learner, selected):
    with pytest.raises(grading.InvalidResponse):
        services.attempt_answer_save(
            user=learner, attempt=attempt, question_position=1, selected=selected, sequence=1
        )


def test_two_answers_to_a_single_choice_question_are_refused(attempt, learner):
    item = item_at(attempt, 1)

    with pytest.raises(grading.InvalidResponse):
        services.attempt_answer_save(
            user=learner,
            attempt=attempt,
            question_position=1,
            selected=item.option_order[:2],
            sequence=1,
        )


def test_someone_elses_attempt_is_refused(attempt):
    with pytest.raises(PermissionDenied):
        services.attempt_answer_save(
            user=LearnerFactory(), attempt=attempt, question_position=1, selected=[], sequence=1
        )
    with pytest.raises(PermissionDenied):
        services.attempt_submit(user=LearnerFactory(), attempt=attempt)


def test_an_answer_within_the_grace_period_is_saved(attempt, learner):
    make_overdue(attempt, seconds_past=10)
    item = item_at(attempt, 1)

    saved = services.attempt_answer_save(
        user=learner, attempt=attempt, question_position=1, selected=right_answer(item), sequence=1
    )

    assert saved.selected == right_answer(item)


def test_an_answer_after_the_grace_period_is_refused_and_the_attempt_closed(
    attempt, learner, finished_signals, django_capture_on_commit_callbacks
):
    make_overdue(attempt)

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(services.AnswerRefused) as raised:
            services.attempt_answer_save(
                user=learner, attempt=attempt, question_position=1, selected=[], sequence=1
            )

    assert "Time is up" in raised.value.messages[0]
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.CLOSED_OVERDUE
    assert attempt.percentage == Decimal("0.00")
    assert finished_signals == [(attempt.pk, False)]


def test_the_grace_period_is_a_setting(attempt, learner, settings):
    settings.EXAM_GRACE_SECONDS = 120
    make_overdue(attempt, seconds_past=60)

    services.attempt_answer_save(
        user=learner, attempt=attempt, question_position=1, selected=[], sequence=1
    )


def test_an_answer_to_a_submitted_attempt_is_refused(attempt, learner):
    services.attempt_submit(user=learner, attempt=attempt)

    with pytest.raises(services.AnswerRefused):
        services.attempt_answer_save(
            user=learner, attempt=attempt, question_position=1, selected=[], sequence=1
        )


# -- Submitting -------------------------------------------------------------------------------


def test_unanswered_questions_are_counted_before_submitting(attempt):
    assert selectors.attempt_unanswered_count(attempt) == 3

    answer_attempt(attempt, positions={1, 3})

    assert selectors.attempt_unanswered_count(attempt) == 1


def test_submit_grades_and_a_second_submit_grades_nothing_more(
    attempt, learner, finished_signals, django_capture_on_commit_callbacks
):
    answer_attempt(attempt, positions={1, 2})

    with django_capture_on_commit_callbacks(execute=True):
        first = services.attempt_submit(user=learner, attempt=attempt)
    graded_at = first.graded_at
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second = services.attempt_submit(user=learner, attempt=attempt)

    assert first.status == Attempt.Status.SUBMITTED
    assert (first.score_points, first.max_points, first.percentage) == (
        Decimal(2),
        Decimal(3),
        Decimal("66.67"),
    )
    assert first.passed is False
    assert second.pk == first.pk
    assert second.percentage == first.percentage
    assert second.graded_at == graded_at
    assert callbacks == []
    assert finished_signals == [(attempt.pk, False)]
    scores = list(attempt.questions.order_by("position").values_list("score", flat=True))
    assert scores == [Decimal(1), Decimal(1), Decimal(0)]


def test_grading_uses_the_frozen_revisions_not_later_edits(attempt, learner):
    answer_attempt(attempt)
    item = item_at(attempt, 1)
    question = Question.objects.get(translation_key=item.question_key)
    QuestionOption.objects.filter(question=question).update(fraction=0)
    question.refresh_from_db()
    question.save_revision().publish()

    graded = services.attempt_submit(user=learner, attempt=attempt)

    assert graded.percentage == Decimal(100)
    assert graded.passed


def test_a_submit_after_the_grace_period_closes_the_attempt_as_overdue(attempt, learner):
    answer_attempt(attempt)
    make_overdue(attempt)

    graded = services.attempt_submit(user=learner, attempt=attempt)

    assert graded.status == Attempt.Status.CLOSED_OVERDUE
    assert graded.percentage == Decimal(100)  # answers saved in time count


# -- Overdue attempts -------------------------------------------------------------------------


def test_an_overdue_attempt_is_closed_when_the_learner_starts_again(
    attempt, learner, finished_signals, django_capture_on_commit_callbacks
):
    answer_attempt(attempt, positions={1})
    make_overdue(attempt)

    with django_capture_on_commit_callbacks(execute=True):
        new = services.attempt_start(user=learner, exam=attempt.exam)

    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.CLOSED_OVERDUE
    assert attempt.score_points == Decimal(1)
    assert new.number == 2
    assert finished_signals == [(attempt.pk, False)]


def test_an_overdue_attempt_stays_closed_when_no_attempt_is_left(course, learner):
    exam = ExamPageFactory(parent=course, attempts_allowed=1, time_limit_minutes=10)
    attempt = services.attempt_start(user=learner, exam=exam)
    make_overdue(attempt)

    with pytest.raises(ValidationError):
        services.attempt_start(user=learner, exam=exam)

    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.CLOSED_OVERDUE


def test_the_periodic_task_closes_overdue_attempts_only(course, attempt):
    make_overdue(attempt)
    in_time = services.attempt_start(user=LearnerFactory(), exam=attempt.exam)
    untimed = services.attempt_start(user=LearnerFactory(), exam=ExamPageFactory(parent=course))

    assert tasks.close_overdue_attempts() == 1
    assert tasks.close_overdue_attempts() == 0

    statuses = dict(Attempt.objects.values_list("pk", "status"))
    assert statuses == {
        attempt.pk: Attempt.Status.CLOSED_OVERDUE,
        in_time.pk: Attempt.Status.OPEN,
        untimed.pk: Attempt.Status.OPEN,
    }


def test_closing_an_attempt_in_time_changes_nothing(attempt):
    closed = services.attempt_close_overdue(attempt=attempt)

    assert closed.status == Attempt.Status.OPEN


# -- Regrading --------------------------------------------------------------------------------


def test_regrade_after_a_trainer_fixed_a_question(
    course, learner, finished_signals, django_capture_on_commit_callbacks
):
    # The trainer marked the wrong option right.
    question = QuestionFactory(options=[("Finish the shelf first.", 100), ("Greet them.", 0)])
    exam = exam_with_questions(course, [question], shuffle_options=False)
    attempt = services.attempt_start(user=learner, exam=exam)
    greet = attempt.questions.get().option_order[1]
    services.attempt_answer_save(
        user=learner, attempt=attempt, question_position=1, selected=[greet], sequence=1
    )
    assert not services.attempt_submit(user=learner, attempt=attempt).passed
    QuestionOption.objects.filter(question=question, key=greet).update(fraction=100)
    QuestionOption.objects.filter(question=question).exclude(key=greet).update(fraction=0)
    question.refresh_from_db()
    fixed = question.save_revision()
    fixed.publish()

    with django_capture_on_commit_callbacks(execute=True):
        summary = services.exam_regrade(exam=exam, user=None)
    again = services.exam_regrade(exam=exam, user=None)

    assert summary == {"attempts": 1, "questions_updated": 1, "changed": 1}
    assert again == {"attempts": 1, "questions_updated": 0, "changed": 0}
    attempt.refresh_from_db()
    assert attempt.passed
    assert attempt.percentage == Decimal(100)
    assert attempt.regrade_count == 1
    assert attempt.questions.get().revision_id == fixed.pk
    assert finished_signals == [(attempt.pk, True)]
    logged = PageLogEntry.objects.filter(page=exam, action=services.REGRADE_ACTION)
    assert logged.count() == 2
    assert logged.order_by("timestamp").first().data == summary


def test_regrade_keeps_the_frozen_revision_when_the_options_changed(course, learner):
    question = QuestionFactory()
    exam = exam_with_questions(course, [question])
    attempt = finish(services.attempt_start(user=learner, exam=exam))
    frozen = attempt.questions.get().revision_id
    question.options.first().delete()
    question.refresh_from_db()
    question.save_revision().publish()

    summary = services.exam_regrade(exam=exam, user=None)

    assert summary["questions_updated"] == 0
    assert attempt.questions.get().revision_id == frozen


# -- Reading ----------------------------------------------------------------------------------


def test_best_attempt_counts(course, learner):
    exam = ExamPageFactory(parent=course, resit_after_pass=True)
    assert selectors.best_attempt_for(learner, exam.translation_key) is None
    first = finish(services.attempt_start(user=learner, exam=exam), right=False)
    second = finish(services.attempt_start(user=learner, exam=exam))
    finish(services.attempt_start(user=learner, exam=exam))

    best = selectors.best_attempt_for(learner, exam.translation_key)

    assert first.percentage < second.percentage
    assert best.pk == second.pk


def test_attempt_state_shows_frozen_options_and_answers_but_never_what_is_right(attempt):
    answer_attempt(attempt, positions={2})

    state = selectors.attempt_state(attempt)

    assert [question.position for question in state.questions] == [1, 2, 3]
    assert state.unanswered == 2
    for question, item in zip(state.questions, attempt.questions.order_by("position"), strict=True):
        assert [option.key for option in question.options] == item.option_order
        assert all(option.text for option in question.options)
        assert set(vars(question.options[0])) == {"key", "text"}
    assert state.questions[1].selected == tuple(right_answer(item_at(attempt, 2)))
    assert state.questions[1].sequence == 1
    assert "explanation" not in vars(state.questions[0])


@pytest.mark.parametrize("count", [2, 6])
def test_attempt_state_runs_one_query_whatever_the_number_of_questions(course, learner, count):
    exam = exam_with_questions(course, [QuestionFactory() for _n in range(count)])
    attempt = services.attempt_start(user=learner, exam=exam)

    with CaptureQueriesContext(connection) as queries:
        state = selectors.attempt_state(attempt)

    assert len(state.questions) == count
    assert len(queries) == 1
