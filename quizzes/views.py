"""The learner's exam pages: start or resume, answer (form or autosave), submit, result."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.images import get_image_model

from . import grading
from .forms import answer_from_post, autosave_from_json
from .models import Attempt, ExamPage
from .selectors import attempt_breakdown, attempt_state, attempt_unanswered_count
from .services import (
    AnswerRefused,
    attempt_answer_save,
    attempt_close_overdue,
    attempt_is_overdue,
    attempt_start,
    attempt_submit,
)

IMAGE_FILTER = "max-800x600"


def _own_attempt(request, attempt_id: int) -> Attempt:
    """The person's own attempt; anybody else's is a 404, as if it did not exist."""
    attempt = get_object_or_404(
        Attempt.objects.select_related("exam"), pk=attempt_id, user=request.user
    )
    if attempt_is_overdue(attempt):
        attempt = attempt_close_overdue(attempt=attempt)
    return attempt


def _time_sequence(attempt: Attempt) -> int:
    """Hundredths of a second since the attempt started: how the page numbers its saves.

    The script counts the same way (from the server's clock), so whichever save is made
    later, in any tab or without script, has the higher number.
    """
    return max(0, int((timezone.now() - attempt.started_at).total_seconds() * 100))


@require_POST
@login_required
def exam_start(request, page_id: int):
    """Start an attempt of a published exam, or resume the open one, and go to it."""
    exam = get_object_or_404(ExamPage.objects.live(), pk=page_id)
    try:
        attempt = attempt_start(user=request.user, exam=exam)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(exam.get_url(request))
    return redirect("quizzes:attempt", attempt_id=attempt.pk)


def _images_by_id(questions) -> dict:
    ids = {question.image_id for question in questions if question.image_id}
    if not ids:
        return {}
    images = get_image_model().objects.filter(pk__in=ids).prefetch_renditions(IMAGE_FILTER)
    return {image.pk: image for image in images}


@require_GET
@login_required
def attempt_page(request, attempt_id: int):
    """The questions of an open attempt: one per page (``?question=N``) or all at once."""
    attempt = _own_attempt(request, attempt_id)
    if not attempt.is_open:
        return redirect("quizzes:attempt_result", attempt_id=attempt.pk)
    state = attempt_state(attempt)
    questions = state.questions
    one_per_page = attempt.exam.layout == ExamPage.Layout.ONE_PER_PAGE
    current = None
    if one_per_page and questions:
        try:
            number = int(request.GET.get("question", 1))
        except ValueError:
            number = 1
        number = min(max(number, 1), len(questions))
        current = questions[number - 1]
        shown = [current]
    else:
        shown = list(questions)
    images = _images_by_id(shown)
    return render(
        request,
        "quizzes/attempt.html",
        {
            "attempt": attempt,
            "exam": attempt.exam,
            "state": state,
            "questions": [(question, images.get(question.image_id)) for question in shown],
            "current": current,
            "one_per_page": one_per_page,
            "total": len(questions),
            "answered": len(questions) - state.unanswered,
            "server_now": timezone.now(),
            "time_sequence": _time_sequence(attempt),
            "max_sequence": max((question.sequence for question in questions), default=0),
            "image_filter": IMAGE_FILTER,
        },
    )


def _posted_positions(request) -> list[int]:
    positions = []
    for value in request.POST.getlist("question"):
        try:
            positions.append(int(value))
        except ValueError:
            continue
    return positions


def _save_posted(request, attempt: Attempt, state, positions: list[int]) -> str | None:
    """Save each posted answer that changed; the message of the first refused, if any.

    Raises ``AnswerRefused`` once the attempt no longer takes answers.
    """
    by_position = {question.position: question for question in state.questions}
    sequence = max(
        _time_sequence(attempt),
        max((question.sequence for question in state.questions), default=0) + 1,
    )
    for position in positions:
        question = by_position.get(position)
        if question is None:
            return _("This question is not part of the attempt.")
        try:
            selected = answer_from_post(
                request.POST,
                position=position,
                question_type=question.question_type,
                option_keys=[option.key for option in question.options],
            )
            if list(selected) != list(question.selected):
                attempt_answer_save(
                    user=request.user,
                    attempt=attempt,
                    selected=selected,
                    sequence=sequence,
                    question_position=position,
                )
        except grading.InvalidResponse as invalid:
            return str(invalid)
    return None


@require_POST
@login_required
def attempt_save(request, attempt_id: int):
    """Save the posted answers (the form without script) and go where the learner asked:
    the next or previous question, the same one, or the page before submitting."""
    attempt = _own_attempt(request, attempt_id)
    if not attempt.is_open:
        messages.error(request, _("This attempt is finished; its answers can no longer change."))
        return redirect("quizzes:attempt_result", attempt_id=attempt.pk)
    state = attempt_state(attempt)
    positions = _posted_positions(request)
    try:
        error = _save_posted(request, attempt, state, positions)
    except AnswerRefused as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect("quizzes:attempt_result", attempt_id=attempt.pk)
    go = request.POST.get("go", "")
    if error:
        messages.error(request, error)
    elif go == "submit":
        return redirect("quizzes:attempt_submit", attempt_id=attempt.pk)
    else:
        messages.success(request, _("Answers saved."))
    url = reverse("quizzes:attempt", kwargs={"attempt_id": attempt.pk})
    if attempt.exam.layout != ExamPage.Layout.ONE_PER_PAGE:
        return redirect(url)
    target = positions[0] if positions else 1
    if not error:
        target += {"next": 1, "previous": -1}.get(go, 0)
    target = min(max(target, 1), len(state.questions) or 1)
    return redirect(f"{url}?question={target}")


@require_POST
@login_required
def attempt_autosave(request, attempt_id: int):
    """Save one answer from the page's script: JSON in, ``{saved_at, sequence}`` out.

    A save older than the stored one changes nothing and gets the stored one back.
    400 with a message for a question or option the attempt does not have; 409 once the
    attempt no longer takes answers.
    """
    attempt = get_object_or_404(Attempt, pk=attempt_id, user=request.user)
    try:
        position, selected, sequence = autosave_from_json(request.body)
        answer = attempt_answer_save(
            user=request.user,
            attempt=attempt,
            selected=selected,
            sequence=sequence,
            question_position=position,
        )
    except grading.InvalidResponse as invalid:
        return JsonResponse({"error": str(invalid)}, status=400)
    except AnswerRefused as refused:
        return JsonResponse(
            {
                "error": " ".join(refused.messages),
                "result_url": reverse("quizzes:attempt_result", kwargs={"attempt_id": attempt.pk}),
            },
            status=409,
        )
    return JsonResponse(
        {
            "saved_at": answer.saved_at.isoformat() if answer.saved_at else None,
            "sequence": answer.sequence,
            "selected": answer.selected,
        }
    )


@require_http_methods(["GET", "POST"])
@login_required
def attempt_submit_page(request, attempt_id: int):
    """Ask before submitting (GET, with the number of unanswered questions); submit (POST)."""
    attempt = _own_attempt(request, attempt_id)
    if request.method == "POST":
        attempt = attempt_submit(user=request.user, attempt=attempt)
        return redirect("quizzes:attempt_result", attempt_id=attempt.pk)
    if not attempt.is_open:
        return redirect("quizzes:attempt_result", attempt_id=attempt.pk)
    total = attempt.questions.count()
    return render(
        request,
        "quizzes/attempt_submit.html",
        {
            "attempt": attempt,
            "exam": attempt.exam,
            "unanswered": attempt_unanswered_count(attempt),
            "total": total,
        },
    )


def _mark(score, points) -> str:
    if score is None or score <= 0:
        return "wrong"
    if score >= points:
        return "right"
    return "partly"


def _review(items, level: str) -> list[dict]:
    """What the learner may see of each question after submitting, as the exam allows."""
    reviewed = []
    for item in items:
        content = item.revision.content
        ordering = content.get("question_type") == grading.QuestionType.ORDERING
        separator = " → " if ordering else "; "
        options = {option["key"]: option for option in content.get("options", [])}
        answer = getattr(item, "answer", None)
        selected = list(answer.selected) if answer is not None else []
        entry = {
            "position": item.position,
            "stem": content.get("stem", ""),
            "score": item.score,
            "points": item.points,
            "mark": _mark(item.score, item.points),
            "question_type": content.get("question_type"),
            "chosen": separator.join(options[key]["text"] for key in selected if key in options),
        }
        if level == ExamPage.Review.ANSWERS:
            ordered = sorted(options.values(), key=lambda option: option.get("sort_order") or 0)
            entry["correct"] = separator.join(
                option["text"]
                for option in ordered
                if ordering or Decimal(str(option.get("fraction") or 0)) > 0
            )
            entry["feedback"] = [
                options[key]["feedback"]
                for key in selected
                if key in options and options[key].get("feedback")
            ]
            entry["explanation"] = content.get("explanation", "")
        reviewed.append(entry)
    return reviewed


@require_GET
@login_required
def attempt_result(request, attempt_id: int):
    """Score, pass or fail, the breakdown by standard, what to revise, and the review."""
    attempt = _own_attempt(request, attempt_id)
    if not attempt.finished:
        return redirect("quizzes:attempt", attempt_id=attempt.pk)
    items = list(attempt.questions.select_related("revision", "answer").order_by("position"))
    rows = attempt_breakdown(attempt, items)
    level = attempt.exam.review
    return render(
        request,
        "quizzes/attempt_result.html",
        {
            "attempt": attempt,
            "exam": attempt.exam,
            "breakdown": rows,
            "revise": [row for row in rows if row["missed"]],
            "show_marks": level in (ExamPage.Review.MARKS, ExamPage.Review.ANSWERS),
            "show_answers": level == ExamPage.Review.ANSWERS,
            "review": _review(items, level) if level != ExamPage.Review.SCORE else [],
        },
    )
