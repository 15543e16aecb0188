"""Reads of the exam, each a fixed number of queries whatever the number of questions."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from content.selectors import lessons_by_standard, standards_by_key

from .models import Answer, Attempt, AttemptQuestion


@dataclass(frozen=True)
class OptionState:
    """An option as the learner sees it before submitting: its key and its text, nothing
    that tells whether it is right."""

    key: str
    text: str


@dataclass(frozen=True)
class QuestionState:
    """One question of an attempt as the learner sees it, with the answer saved so far."""

    attempt_question_id: int
    position: int
    question_type: str
    stem: str
    image_id: int | None
    image_alt: str
    options: tuple[OptionState, ...]
    selected: tuple[str, ...]
    sequence: int
    saved_at: datetime | None

    @property
    def answered(self) -> bool:
        return bool(self.selected)


@dataclass(frozen=True)
class AttemptState:
    """An attempt under way: what a page needs to show it, and nothing more."""

    attempt: Attempt
    questions: tuple[QuestionState, ...]

    @property
    def unanswered(self) -> int:
        return sum(1 for question in self.questions if not question.answered)


def _question_state(item: AttemptQuestion) -> QuestionState:
    # Read from the frozen revision's stored content: no query per question, and only the
    # fields a learner may see are ever picked out of it.
    content = item.revision.content
    texts = {option["key"]: option["text"] for option in content.get("options", [])}
    answer = getattr(item, "answer", None)
    return QuestionState(
        attempt_question_id=item.pk,
        position=item.position,
        question_type=content["question_type"],
        stem=content["stem"],
        image_id=content.get("image"),
        image_alt=content.get("image_alt", ""),
        options=tuple(OptionState(key=key, text=texts.get(key, "")) for key in item.option_order),
        selected=tuple(answer.selected) if answer is not None else (),
        sequence=answer.sequence if answer is not None else 0,
        saved_at=answer.saved_at if answer is not None else None,
    )


def attempt_state(attempt: Attempt) -> AttemptState:
    """The questions of ``attempt`` in their frozen order and language, with saved answers.

    Options come as (key, text) in the order frozen for this attempt: never fractions,
    feedback, explanations or anything else that tells the right answer. One query.
    """
    items = (
        AttemptQuestion.objects.filter(attempt=attempt)
        .select_related("revision", "answer")
        .order_by("position")
    )
    return AttemptState(attempt=attempt, questions=tuple(_question_state(item) for item in items))


def attempt_unanswered_count(attempt: Attempt) -> int:
    """How many questions of ``attempt`` have no answer yet, to warn before submitting."""
    return Answer.objects.filter(attempt_question__attempt=attempt, selected=[]).count()


def best_attempt_for(user, exam_key: UUID) -> Attempt | None:
    """The attempt a course counts: the highest percentage, then the earliest finished.

    The same rule as ``grading.best_attempt``, over finished, graded attempts in any
    language of the exam. None before the first is finished. One query.
    """
    return (
        Attempt.objects.filter(
            user=user, exam_key=exam_key, finished_at__isnull=False, percentage__isnull=False
        )
        .order_by("-percentage", "finished_at", "pk")
        .first()
    )


def attempts_for(user, exam_key: UUID) -> list[Attempt]:
    """``user``'s attempts of an exam in any language, newest first. One query."""
    return list(Attempt.objects.filter(user=user, exam_key=exam_key).order_by("-number"))


def attempt_breakdown(attempt: Attempt, items: list[AttemptQuestion]) -> list[dict]:
    """A finished attempt's points by standard, in the attempt's language: each row's
    standard (None once deleted), score, points, whether points were missed and the lessons
    that teach a missed standard. ``items`` are the attempt's questions; two queries."""
    breakdown: dict = {}
    for item in items:
        row = breakdown.setdefault(item.standard_key, {"score": 0, "points": 0})
        row["score"] += item.score or 0
        row["points"] += item.points
    standards = standards_by_key(breakdown.keys(), attempt.locale_id, live_only=False)
    missed = [key for key, row in breakdown.items() if row["score"] < row["points"]]
    lessons = lessons_by_standard(missed, attempt.locale_id)
    return [
        {
            "standard": standards.get(str(key)),
            "score": row["score"],
            "points": row["points"],
            "missed": key in missed,
            "lessons": lessons.get(str(key), []),
        }
        for key, row in breakdown.items()
    ]
