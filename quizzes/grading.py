"""Grading of exam answers, with no database: question scores, attempt grades, best attempt.

Everything here works on frozen dataclasses, so an attempt can be graded (and regraded)
from the question revisions it froze, and the rules are tested on their own.

Questions and options
    A question has a type, its points (a ``Decimal`` above zero) and its options, each
    named by a stable ``key``: a response lists the keys the learner chose, never
    positions, so shuffling options for display changes nothing here. Each option carries
    a *fraction*: a percentage of the question's points from -100 to 100, as in Moodle's
    question banks. A negative fraction takes points off a guess.

Scoring a question
    * Single choice, true/false and situation questions: the chosen option's fraction
      of the points; no answer scores 0.
    * Multiple response: the sum of the chosen options' fractions of the points, kept
      within 0 and the points. Choosing all and only the options worth points scores
      full marks; choosing every option does not, as long as wrong ones take points off.
    * Ordering: the options' correct order is the order they are given in, and fractions
      are ignored. The learner's order is scored by its *neighbouring pairs*: of the
      n - 1 pairs of items the learner put next to each other, each one whose first item
      comes before its second in the correct order earns an equal share of the points.
      The correct order earns every pair (full points), the reversed order none (0).
      This is Moodle's "relative to the next item" idea, made more forgiving: the two
      items need not be direct neighbours in the correct order, so one misplaced item
      costs at most two pairs rather than every pair around it. No answer scores 0.

    A question's score is rounded half-up to 0.01 point and never leaves [0, points].
    The rounding also absorbs fractions such as 33.33333 %, whose sum is 99.99999 %.

Grading an attempt
    The total is the sum of the question scores; the percentage is total / maximum x 100,
    rounded half-up to two decimal places; the attempt passes when that rounded
    percentage is at least the pass mark. Each question carries a label (the standard's
    translation key), and the grade breaks points down per label, in the order the labels
    first appear. A course counts the best attempt: the highest percentage, and of equal
    ones the earliest finished.

A response that cannot belong to its question (an unknown or repeated option, two answers
to a one-answer question, an ordering that leaves items out) raises ``InvalidResponse``;
a view turns it into a "400 Bad Request" with its message.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from itertools import pairwise
from typing import Protocol, TypeVar

from django.utils.translation import gettext as _

HUNDRED = Decimal(100)
# Question scores are kept to 0.01 point, percentages to 0.01 %.
SCORE_QUANTUM = Decimal("0.01")
PERCENTAGE_QUANTUM = Decimal("0.01")


class QuestionType(StrEnum):
    """The kinds of question the bank holds; the values are stored in the database."""

    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"
    ORDERING = "ordering"
    SITUATION = "situation"


# Question types answered by choosing exactly one option.
ONE_ANSWER_TYPES = frozenset({QuestionType.SINGLE, QuestionType.TRUE_FALSE, QuestionType.SITUATION})


class InvalidResponse(ValueError):
    """A response that cannot be an answer to its question; the message says why."""

    def __init__(self, message: str, *, question_key: str = "", option_key: str = ""):
        super().__init__(message)
        self.question_key = question_key
        self.option_key = option_key


class UnknownOption(InvalidResponse):
    """A response names an option the question does not have."""


class UnknownQuestion(InvalidResponse):
    """A response answers a question that is not part of the attempt."""


@dataclass(frozen=True)
class Option:
    """An option as grading sees it: its stable key and its fraction (percent of points)."""

    key: str
    fraction: Decimal = Decimal(0)

    def __post_init__(self):
        # Out-of-range fractions are the authoring rules' concern (rules.py); grading
        # keeps any question's score within [0, points] whatever its fractions.
        if not isinstance(self.fraction, Decimal):
            raise TypeError(f"Option {self.key!r}: the fraction must be a Decimal.")


@dataclass(frozen=True)
class Question:
    """A question as grading sees it.

    ``key`` names the question within an attempt; ``label`` groups results (the
    standard's translation key). For an ordering question, ``options`` are in the
    correct order.
    """

    key: str
    question_type: QuestionType
    points: Decimal
    options: tuple[Option, ...]
    label: str = ""

    def __post_init__(self):
        if not isinstance(self.points, Decimal) or self.points <= 0:
            raise ValueError(f"Question {self.key!r}: points must be a Decimal above zero.")
        keys = [option.key for option in self.options]
        if len(set(keys)) != len(keys):
            raise ValueError(f"Question {self.key!r}: option keys must be unique.")
        # Accept the stored string ("single") as well as the enum member.
        object.__setattr__(self, "question_type", QuestionType(self.question_type))
        object.__setattr__(self, "options", tuple(self.options))

    def fraction_of(self, option_key: str) -> Decimal:
        for option in self.options:
            if option.key == option_key:
                return option.fraction
        raise UnknownOption(
            _("This question has no such option."),
            question_key=self.key,
            option_key=option_key,
        )


@dataclass(frozen=True)
class QuestionResult:
    """The score of one question in an attempt."""

    question_key: str
    label: str
    score: Decimal
    points: Decimal
    answered: bool

    @property
    def correct(self) -> bool:
        """Full marks."""
        return self.score == self.points

    @property
    def partially_correct(self) -> bool:
        return 0 < self.score < self.points


@dataclass(frozen=True)
class LabelResult:
    """Points earned and possible for one label (one standard) in an attempt."""

    label: str
    earned: Decimal
    possible: Decimal

    @property
    def percentage(self) -> Decimal:
        return percentage(self.earned, self.possible)


@dataclass(frozen=True)
class AttemptGrade:
    """The grade of an attempt: points, percentage, pass or fail, and per-label results."""

    points: Decimal
    max_points: Decimal
    percentage: Decimal
    pass_mark: Decimal
    passed: bool
    questions: tuple[QuestionResult, ...]
    by_label: tuple[LabelResult, ...]

    def label(self, label: str) -> LabelResult | None:
        """The results for one label, or None when no question carried it."""
        return next((result for result in self.by_label if result.label == label), None)


def percentage(earned: Decimal, possible: Decimal) -> Decimal:
    """``earned`` as a percentage of ``possible``, rounded half-up to two decimal places.

    Nothing possible gives 0.00.
    """
    if possible <= 0:
        return Decimal("0.00")
    return (earned * HUNDRED / possible).quantize(PERCENTAGE_QUANTUM, rounding=ROUND_HALF_UP)


def _bounded(raw: Decimal, points: Decimal) -> Decimal:
    score = raw.quantize(SCORE_QUANTUM, rounding=ROUND_HALF_UP)
    return min(max(score, Decimal("0.00")), points)


def _check_no_repeats(question: Question, selected: Sequence[str]) -> None:
    seen = set()
    for key in selected:
        question.fraction_of(key)  # raises UnknownOption
        if key in seen:
            raise InvalidResponse(
                _("The same option was chosen twice."), question_key=question.key, option_key=key
            )
        seen.add(key)


def ordering_pairs(correct: Sequence[str], given: Sequence[str]) -> tuple[int, int]:
    """(pairs in the right relative order, pairs) for a learner's ordering ``given``.

    The pairs are the n - 1 items the learner put next to each other; a pair is right when
    its first item comes before its second in ``correct``. ``given`` must hold the same
    keys as ``correct``.
    """
    position = {key: index for index, key in enumerate(correct)}
    pairs = list(pairwise(given))
    right = sum(1 for first, second in pairs if position[first] < position[second])
    return right, len(pairs)


def _ordering_score(question: Question, selected: Sequence[str]) -> Decimal:
    correct = [option.key for option in question.options]
    if sorted(selected) != sorted(correct):
        raise InvalidResponse(
            _("Put every item in order, each one once."), question_key=question.key
        )
    right, pairs = ordering_pairs(correct, selected)
    if pairs == 0:  # a single item is always in order
        return question.points
    return question.points * right / pairs


def grade_question(question: Question, selected: Sequence[str]) -> QuestionResult:
    """Score one question from the keys of the options the learner chose.

    ``selected`` is empty for no answer; for ordering questions it is every key, in the
    learner's order. Raises ``InvalidResponse`` (or ``UnknownOption``) for a response that
    cannot be an answer to this question.
    """
    if isinstance(selected, str):
        # A lone key would be read as one key per character.
        raise TypeError("selected must be a sequence of option keys, not one string.")
    selected = tuple(selected)
    _check_no_repeats(question, selected)
    if not selected:
        raw = Decimal(0)
    elif question.question_type == QuestionType.ORDERING:
        raw = _ordering_score(question, selected)
    elif question.question_type in ONE_ANSWER_TYPES:
        if len(selected) > 1:
            raise InvalidResponse(
                _("This question takes one answer only."), question_key=question.key
            )
        raw = question.points * question.fraction_of(selected[0]) / HUNDRED
    else:  # multiple response
        total_fraction = sum((question.fraction_of(key) for key in selected), Decimal(0))
        raw = question.points * total_fraction / HUNDRED
    return QuestionResult(
        question_key=question.key,
        label=question.label,
        score=_bounded(raw, question.points),
        points=question.points,
        answered=bool(selected),
    )


def grade_attempt(
    questions: Sequence[Question],
    responses: Mapping[str, Sequence[str]],
    *,
    pass_mark: Decimal,
) -> AttemptGrade:
    """Grade an attempt: ``responses`` maps question keys to the chosen option keys.

    A question without a response scores 0. A response to a question not in
    ``questions`` raises ``UnknownQuestion``. ``pass_mark`` is a percentage (0 to 100).
    """
    if not questions:
        raise ValueError("An attempt needs at least one question to be graded.")
    if not Decimal(0) <= pass_mark <= HUNDRED:
        raise ValueError("The pass mark is a percentage from 0 to 100.")
    keys = {question.key for question in questions}
    if len(keys) != len(questions):
        raise ValueError("Each question of an attempt needs its own key.")
    for question_key in responses:
        if question_key not in keys:
            raise UnknownQuestion(
                _("This question is not part of the attempt."), question_key=question_key
            )

    results = tuple(
        grade_question(question, responses.get(question.key, ())) for question in questions
    )
    earned: dict[str, Decimal] = {}
    possible: dict[str, Decimal] = {}
    for result in results:
        earned[result.label] = earned.get(result.label, Decimal(0)) + result.score
        possible[result.label] = possible.get(result.label, Decimal(0)) + result.points

    points = sum((result.score for result in results), Decimal(0))
    max_points = sum((result.points for result in results), Decimal(0))
    achieved = percentage(points, max_points)
    return AttemptGrade(
        points=points,
        max_points=max_points,
        percentage=achieved,
        pass_mark=pass_mark,
        passed=achieved >= pass_mark,
        questions=results,
        by_label=tuple(
            LabelResult(label=label, earned=earned[label], possible=possible[label])
            for label in possible
        ),
    )


class RankedAttempt(Protocol):
    """Anything ``best_attempt`` can rank: an attempt, or a small record of one."""

    percentage: Decimal
    finished_at: datetime | None


AttemptT = TypeVar("AttemptT", bound=RankedAttempt)


def best_attempt(attempts: Iterable[AttemptT]) -> AttemptT | None:
    """The attempt a course counts: the highest percentage, then the earliest finished.

    Attempts not finished yet (``finished_at`` is None) are left out; None when no
    attempt has finished. Of attempts equal in both, the first given wins.
    """
    finished = [attempt for attempt in attempts if attempt.finished_at is not None]
    if not finished:
        return None
    return min(finished, key=lambda attempt: (-attempt.percentage, attempt.finished_at))
