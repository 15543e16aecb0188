"""Writes of the exam: starting, answering, submitting, closing and regrading attempts.

Every service locks what it changes and is safe to call twice. Deadlines are checked
whenever an attempt is touched; the periodic task only closes the attempts nobody touched.
"""

import random
from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Locale, Revision

from . import grading
from .models import (
    REGRADE_LOG_ACTION,
    Answer,
    Attempt,
    AttemptQuestion,
    ExamPage,
    Question,
    assign_draw,
)
from .signals import attempt_finished

# The system's randomness: a learner cannot replay a draw or an option order.
_random = random.SystemRandom()

REGRADE_ACTION = REGRADE_LOG_ACTION


class AnswerRefused(ValidationError):
    """An answer arrived when the attempt no longer takes answers; the message says why."""


def grace_period() -> timedelta:
    """How long after the deadline answers are still accepted (network delays)."""
    return timedelta(seconds=settings.EXAM_GRACE_SECONDS)


def attempt_is_overdue(attempt: Attempt, now: datetime | None = None) -> bool:
    """An open attempt past its deadline and the grace period."""
    if not attempt.is_open or attempt.deadline is None:
        return False
    return (now or timezone.now()) > attempt.deadline + grace_period()


def _check_person(user) -> None:
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("Only an active, signed-in person can sit an exam."))


def _check_owner(attempt: Attempt, user) -> None:
    if attempt.user_id != user.pk:
        raise PermissionDenied(_("This is someone else's attempt."))


def _local_time(moment: datetime) -> str:
    return formats.time_format(timezone.localtime(moment), "H:i")


def _local_datetime(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


# Grading ---------------------------------------------------------------------------------


def _frozen_grading_question(attempt_question: AttemptQuestion) -> grading.Question:
    """The question as its frozen revision grades it, named by its position.

    Read from the revision's stored content rather than ``as_object()``, which would
    load the question's related objects again: grading an attempt then costs the same
    number of queries however many questions it has.
    """
    content = attempt_question.revision.content
    options = sorted(
        content.get("options", []),
        key=lambda option: (option.get("sort_order") is None, option.get("sort_order") or 0),
    )
    return grading.Question(
        key=str(attempt_question.position),
        question_type=grading.QuestionType(content["question_type"]),
        points=Decimal(attempt_question.points),
        options=tuple(
            grading.Option(key=option["key"], fraction=Decimal(str(option["fraction"])))
            for option in options
        ),
        label=str(attempt_question.standard_key),
    )


def _grade(attempt: Attempt, *, now: datetime) -> grading.AttemptGrade:
    """Grade a locked attempt from its frozen revisions and store the result."""
    attempt_questions = list(
        attempt.questions.select_related("revision", "answer").order_by("position")
    )
    questions = [_frozen_grading_question(item) for item in attempt_questions]
    responses = {}
    for item in attempt_questions:
        answer = getattr(item, "answer", None)
        if answer is not None and answer.selected:
            responses[str(item.position)] = answer.selected
    grade = grading.grade_attempt(questions, responses, pass_mark=Decimal(attempt.pass_mark))
    for item, result in zip(attempt_questions, grade.questions, strict=True):
        item.score = result.score
    AttemptQuestion.objects.bulk_update(attempt_questions, ["score"])
    attempt.score_points = grade.points
    attempt.max_points = grade.max_points
    attempt.percentage = grade.percentage
    attempt.passed = grade.passed
    attempt.graded_at = now
    return grade


def _send_finished(attempt: Attempt, *, regraded: bool = False) -> None:
    transaction.on_commit(
        lambda: attempt_finished.send(sender=Attempt, attempt=attempt, regraded=regraded)
    )


def _finish(attempt: Attempt, *, status: str, now: datetime) -> Attempt:
    """Close a locked open attempt, grade it and announce it (once: it is open no more)."""
    attempt.status = status
    attempt.finished_at = now
    if status == Attempt.Status.SUBMITTED:
        attempt.submitted_at = now
    _grade(attempt, now=now)
    attempt.save(
        update_fields=[
            "status",
            "submitted_at",
            "finished_at",
            "score_points",
            "max_points",
            "percentage",
            "passed",
            "graded_at",
        ]
    )
    _send_finished(attempt)
    return attempt


def _lock(attempt: Attempt) -> Attempt:
    # of=("self",): lock the attempt only, not the exam page it is read with.
    return Attempt.objects.select_for_update(of=("self",)).select_related("exam").get(pk=attempt.pk)


# Closing overdue attempts ----------------------------------------------------------------


def attempt_close_overdue(*, attempt: Attempt) -> Attempt:
    """Close and grade ``attempt`` if its time and the grace period are over; safe to repeat.

    Returns the attempt as stored, closed or not.
    """
    with transaction.atomic():
        locked = _lock(attempt)
        now = timezone.now()
        if attempt_is_overdue(locked, now):
            _finish(locked, status=Attempt.Status.CLOSED_OVERDUE, now=now)
    return locked


def attempts_close_overdue() -> int:
    """Close every attempt whose time and grace period are over; returns how many."""
    due = Attempt.objects.filter(
        status=Attempt.Status.OPEN, deadline__lt=timezone.now() - grace_period()
    ).values_list("pk", flat=True)
    closed = 0
    for attempt_id in list(due):
        attempt = attempt_close_overdue(attempt=Attempt(pk=attempt_id))
        if attempt.status == Attempt.Status.CLOSED_OVERDUE:
            closed += 1
    return closed


# Starting --------------------------------------------------------------------------------


def _check_may_start(*, user, exam: ExamPage, now: datetime) -> None:
    """Raise ValidationError when ``user`` may not start a new attempt of ``exam`` now."""
    if exam.opens_at and now < exam.opens_at:
        raise ValidationError(
            _("This exam opens on %(date)s.") % {"date": _local_datetime(exam.opens_at)},
            code="not_open",
        )
    if exam.closes_at and now >= exam.closes_at:
        raise ValidationError(
            _("This exam closed on %(date)s.") % {"date": _local_datetime(exam.closes_at)},
            code="closed",
        )
    finished = list(
        Attempt.objects.filter(user=user, exam_key=exam.translation_key)
        .exclude(status=Attempt.Status.OPEN)
        .values_list("passed", "finished_at")
    )
    if not exam.resit_after_pass and any(passed for passed, _finished in finished):
        raise ValidationError(_("You have passed this exam already."), code="passed")
    if exam.attempts_allowed is not None and len(finished) >= exam.attempts_allowed:
        raise ValidationError(_("No attempts left."), code="no_attempts_left")
    if exam.wait_minutes and finished:
        last = max((at for _passed, at in finished if at), default=None)
        next_start = last + timedelta(minutes=exam.wait_minutes) if last else now
        if now < next_start:
            if timezone.localdate(next_start) == timezone.localdate(now):
                message = _("You can try again at %(time)s.") % {"time": _local_time(next_start)}
            else:
                message = _("You can try again on %(date)s.") % {
                    "date": _local_datetime(next_start)
                }
            raise ValidationError(message, code="wait")


def _draw(exam: ExamPage) -> list[Question]:
    """Questions for a new attempt, in the default language: random, never twice."""
    pools = exam.draw_pools()
    shuffled = []
    for pool in pools:
        keys = [str(question.pk) for question in pool]
        _random.shuffle(keys)
        shuffled.append(keys)
    chosen = assign_draw(shuffled) if pools else None
    if chosen is None:
        raise ValidationError(
            _(
                "This exam cannot be started: its question bank is short of questions. "
                "Please tell your trainer."
            ),
            code="pool_too_small",
        )
    by_key = {str(question.pk): question for pool in pools for question in pool}
    questions = [by_key[key] for key in chosen]
    if exam.shuffle_questions:
        _random.shuffle(questions)
    return questions


def _attempt_locale(user, drawn: Sequence[Question]) -> tuple[Locale, list[Question]]:
    """The one language of the attempt and its questions in it.

    The person's language when every drawn question is published in it, else the default.
    """
    default = Locale.get_default()
    keys = [question.translation_key for question in drawn]
    queryset = Question.objects.select_related("standard", "live_revision")
    wanted = Locale.objects.filter(language_code=user.preferred_language).first()
    if wanted is not None and wanted.pk != default.pk:
        translations = {
            question.translation_key: question
            for question in queryset.filter(translation_key__in=keys, locale=wanted, live=True)
        }
        if len(translations) == len(keys):
            return wanted, [translations[key] for key in keys]
    by_key = {
        question.translation_key: question
        for question in queryset.filter(pk__in=[question.pk for question in drawn])
    }
    return default, [by_key[key] for key in keys]


def _live_revision(question: Question) -> Revision:
    """The question's live revision; one is recorded for a live question without any.

    Questions created outside the admin (imports, demo data) may be live with no
    revision; an attempt must point at a revision, so it is made from the live row.
    """
    if question.live_revision_id:
        return question.live_revision
    with transaction.atomic():
        locked = Question.objects.select_for_update().get(pk=question.pk)
        if locked.live_revision_id:
            return Revision.objects.get(pk=locked.live_revision_id)
        # Made from the live row, it is the live revision; a trainer's draft, if any,
        # stays the latest revision with its unpublished changes.
        draft_id, unpublished = locked.latest_revision_id, locked.has_unpublished_changes
        revision = locked.save_revision(clean=False, log_action=False)
        Question.objects.filter(pk=locked.pk).update(
            live_revision=revision,
            latest_revision=draft_id or revision.pk,
            has_unpublished_changes=unpublished,
        )
        return revision


def _create_attempt(*, user, exam: ExamPage, now: datetime) -> Attempt:
    drawn = _draw(exam)
    locale, questions = _attempt_locale(user, drawn)
    deadline = None
    if exam.time_limit_minutes:
        deadline = now + timedelta(minutes=exam.time_limit_minutes)
    if exam.closes_at and (deadline is None or exam.closes_at < deadline):
        deadline = exam.closes_at
    last_number = Attempt.objects.filter(user=user, exam_key=exam.translation_key).aggregate(
        last=Max("number")
    )["last"]
    attempt = Attempt(
        user=user,
        exam=exam,
        exam_key=exam.translation_key,
        number=(last_number or 0) + 1,
        locale=locale,
        store_id=user.home_store_id,
        job_role_id=user.job_role_id,
        pass_mark=exam.pass_mark,
        started_at=now,
        deadline=deadline,
    )
    attempt.full_clean(validate_constraints=False)
    attempt.save()
    attempt_questions = []
    for position, question in enumerate(questions, start=1):
        revision = _live_revision(question)
        frozen = question.with_content_json(revision.content)
        option_order = [option.key for option in frozen.ordered_options()]
        # Ordering questions list their items in the right order: always shuffle them.
        if exam.shuffle_options or frozen.question_type == Question.Type.ORDERING:
            _random.shuffle(option_order)
        attempt_questions.append(
            AttemptQuestion(
                attempt=attempt,
                position=position,
                question_key=question.translation_key,
                standard_key=question.standard.translation_key,
                revision=revision,
                option_order=option_order,
                points=frozen.points,
            )
        )
    AttemptQuestion.objects.bulk_create(attempt_questions)
    Answer.objects.bulk_create(Answer(attempt_question=item) for item in attempt_questions)
    return attempt


def attempt_start(*, user, exam: ExamPage) -> Attempt:
    """Resume ``user``'s open attempt of ``exam`` (in any language), or start a new one.

    An open attempt past its deadline is closed and graded first. A new attempt checks
    the window, "passed may not sit again", the attempts left and the wait; then draws
    the questions and freezes their revisions, the option order and one language. Starts
    of one person are serialized on their user row, so two at once never exceed the
    attempts allowed: the second resumes the first's attempt.
    """
    _check_person(user)
    if not isinstance(exam, ExamPage) or not exam.live:
        raise ValidationError(_("Only a published exam can be taken."), code="not_live")
    open_attempts = Attempt.objects.filter(
        user=user, exam_key=exam.translation_key, status=Attempt.Status.OPEN
    )
    stale = open_attempts.first()
    if stale is not None and attempt_is_overdue(stale):
        # Closed in its own transaction: it stays closed even if no new attempt may start.
        attempt_close_overdue(attempt=stale)
    User = get_user_model()
    with transaction.atomic():
        person = User.objects.select_for_update().get(pk=user.pk)
        now = timezone.now()
        open_attempt = open_attempts.select_for_update(of=("self",)).select_related("exam").first()
        if open_attempt is not None:
            return open_attempt
        _check_may_start(user=person, exam=exam, now=now)
        try:
            # The user row lock keeps starts apart; the savepoint is a second guard.
            with transaction.atomic():
                return _create_attempt(user=person, exam=exam, now=now)
        except IntegrityError:
            return open_attempts.get()


# Answering -------------------------------------------------------------------------------


def _clean_selected(selected) -> list[str]:
    if isinstance(selected, str) or not isinstance(selected, list | tuple):
        raise grading.InvalidResponse(_("An answer is a list of option keys."))
    if not all(isinstance(key, str) for key in selected):
        raise grading.InvalidResponse(_("An answer is a list of option keys."))
    return list(selected)


def attempt_answer_save(
    *,
    user,
    attempt: Attempt,
    selected: Sequence[str],
    sequence: int,
    question_position: int | None = None,
    attempt_question_id: int | None = None,
) -> Answer:
    """Save the answer to one question of ``attempt``; returns the answer as stored.

    Name the question by ``question_position`` (1, 2 ...) or ``attempt_question_id``.
    A save whose ``sequence`` is not newer than the stored one changes nothing (an older
    tab, a retried request). Raises ``grading.UnknownQuestion`` for a question not in the
    attempt and ``grading.UnknownOption`` / ``grading.InvalidResponse`` for options that
    cannot answer it (a view answers 400 with the message), and ``AnswerRefused`` once the
    attempt is finished or its time and grace period are over (an overdue attempt is
    closed and graded on the way).
    """
    _check_person(user)
    if (question_position is None) == (attempt_question_id is None):
        raise TypeError("Give either question_position or attempt_question_id.")
    if isinstance(sequence, bool) or not isinstance(sequence, int) or sequence < 0:
        raise grading.InvalidResponse(_("The save has no valid sequence number."))
    selected = _clean_selected(selected)
    overdue = False
    with transaction.atomic():
        locked = _lock(attempt)
        _check_owner(locked, user)
        if not locked.is_open:
            raise AnswerRefused(
                _("This attempt is finished; its answers can no longer change."),
                code="finished",
            )
        now = timezone.now()
        if attempt_is_overdue(locked, now):
            overdue = True
        else:
            where = (
                {"attempt_question__position": question_position}
                if question_position is not None
                else {"attempt_question_id": attempt_question_id}
            )
            answer = (
                Answer.objects.select_for_update(of=("self",))
                .select_related("attempt_question__revision")
                .filter(attempt_question__attempt=locked, **where)
                .first()
            )
            if answer is None:
                raise grading.UnknownQuestion(_("This question is not part of the attempt."))
            item = answer.attempt_question
            unknown = [key for key in selected if key not in item.option_order]
            if unknown:
                raise grading.UnknownOption(
                    _("This question has no such option."),
                    question_key=str(item.position),
                    option_key=unknown[0],
                )
            if selected:
                # The same checks grading makes: one answer where one is asked, every
                # item of an ordering, no option twice.
                grading.grade_question(_frozen_grading_question(item), selected)
            if sequence <= answer.sequence:
                return answer
            answer.selected = selected
            answer.sequence = sequence
            answer.saved_at = now
            answer.save(update_fields=["selected", "sequence", "saved_at"])
            return answer
    if overdue:
        attempt_close_overdue(attempt=attempt)
    raise AnswerRefused(
        _("Time is up: this answer arrived after the deadline and was not saved."),
        code="overdue",
    )


# Submitting ------------------------------------------------------------------------------


def attempt_submit(*, user, attempt: Attempt) -> Attempt:
    """Finish and grade ``attempt``; returns it with its result. Safe to repeat.

    The attempt is locked, so a second submit, or two at once from two tabs, returns the
    stored result: the attempt is graded and ``attempt_finished`` sent exactly once.
    A submit after the deadline and grace period closes it as overdue. Warn about
    unanswered questions first with ``selectors.attempt_unanswered_count``.
    """
    _check_person(user)
    with transaction.atomic():
        locked = _lock(attempt)
        _check_owner(locked, user)
        if not locked.is_open:
            return locked
        now = timezone.now()
        status = (
            Attempt.Status.CLOSED_OVERDUE
            if attempt_is_overdue(locked, now)
            else Attempt.Status.SUBMITTED
        )
        return _finish(locked, status=status, now=now)


# Regrading -------------------------------------------------------------------------------


def _refreeze(item: AttemptQuestion, live: dict[tuple, Question]) -> bool:
    """Point ``item`` at its question's current live revision, if answers still fit it.

    The new revision must have the same option keys and type, so every stored answer
    means the same; otherwise the frozen revision stays. Returns whether it moved.
    """
    question = live.get((item.question_key, item.revision_locale_id))
    if question is None or question.live_revision_id in (None, item.revision_id):
        return False
    current = question.with_content_json(question.live_revision.content)
    frozen = item.revision.as_object()
    if current.question_type != frozen.question_type or {
        option.key for option in current.ordered_options()
    } != set(item.option_order):
        return False
    item.revision = question.live_revision
    item.points = current.points
    return True


def exam_regrade(*, exam: ExamPage, user) -> dict[str, int]:
    """Regrade every finished attempt of ``exam`` (all languages) after a trainer's fix.

    Each attempt question moves to its question's current live revision in the attempt's
    language, when that revision keeps the same option keys and type (a fixed fraction,
    points or text); then the attempt is graded again from its frozen revisions, with
    the pass mark it started with. Idempotent: a second run changes nothing. Logged on
    the exam page as ``quizzes.exam_regrade``; ``attempt_finished`` is sent (with
    ``regraded=True``) for each attempt whose result changed.
    """
    exam_key = exam.translation_key
    with transaction.atomic():
        attempts = list(
            Attempt.objects.select_for_update()
            .filter(exam_key=exam_key)
            .exclude(status=Attempt.Status.OPEN)
            .order_by("pk")
        )
        items = list(
            AttemptQuestion.objects.filter(attempt__in=attempts).select_related("revision")
        )
        locale_of = {attempt.pk: attempt.locale_id for attempt in attempts}
        for item in items:
            item.revision_locale_id = locale_of[item.attempt_id]
        live = {
            (question.translation_key, question.locale_id): question
            for question in Question.objects.filter(
                translation_key__in={item.question_key for item in items}, live=True
            ).select_related("live_revision")
        }
        moved = [item for item in items if _refreeze(item, live)]
        AttemptQuestion.objects.bulk_update(moved, ["revision", "points"])
        now = timezone.now()
        changed = 0
        for attempt in attempts:
            before = (attempt.score_points, attempt.max_points, attempt.percentage, attempt.passed)
            _grade(attempt, now=now)
            after = (attempt.score_points, attempt.max_points, attempt.percentage, attempt.passed)
            if after == before:
                continue
            changed += 1
            attempt.regrade_count += 1
            _send_finished(attempt, regraded=True)
            attempt.save(
                update_fields=[
                    "score_points",
                    "max_points",
                    "percentage",
                    "passed",
                    "graded_at",
                    "regrade_count",
                ]
            )
        summary = {"attempts": len(attempts), "questions_updated": len(moved), "changed": changed}
        log(instance=exam, action=REGRADE_ACTION, user=user, data=summary)
    return summary
