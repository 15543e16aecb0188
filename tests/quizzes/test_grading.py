"""Grading rules, with no database: each question type, attempts, breakdown, best attempt."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizzes.grading import (
    InvalidResponse,
    Option,
    Question,
    QuestionType,
    UnknownOption,
    UnknownQuestion,
    best_attempt,
    grade_attempt,
    grade_question,
    ordering_pairs,
    percentage,
)

D = Decimal


def question(question_type, *fractions, points=1, key="q1", label="STD"):
    """A question whose options are keyed a, b, c ... with the given fractions."""
    options = tuple(
        Option(key=chr(ord("a") + index), fraction=D(str(fraction)))
        for index, fraction in enumerate(fractions)
    )
    return Question(
        key=key, question_type=question_type, points=D(str(points)), options=options, label=label
    )


def ordering(count, points=1, key="q1"):
    return question(QuestionType.ORDERING, *[0] * count, points=points, key=key)


# -- Single choice, true/false, situation -------------------------------------------------


@pytest.mark.parametrize(
    "question_type", [QuestionType.SINGLE, QuestionType.TRUE_FALSE, QuestionType.SITUATION]
)
def test_one_answer_questions_score_the_chosen_fraction(question_type):
    graded = question(question_type, 100, 50, 0, -50, points=2)

    assert grade_question(graded, ["a"]).score == D("2.00")
    assert grade_question(graded, ["b"]).score == D("1.00")
    assert grade_question(graded, ["c"]).score == D("0.00")


def test_a_negative_choice_scores_zero_not_less():
    graded = question(QuestionType.SINGLE, 100, -100, points=3)

    assert grade_question(graded, ["b"]).score == D("0.00")


def test_no_answer_scores_zero_and_is_marked_unanswered():
    result = grade_question(question(QuestionType.SINGLE, 100, 0), [])

    assert result.score == 0
    assert not result.answered
    assert not result.correct


def test_two_answers_to_a_one_answer_question_are_refused():
    with pytest.raises(InvalidResponse, match="one answer"):
        grade_question(question(QuestionType.SITUATION, 100, 0), ["a", "b"])


def test_a_partial_fraction_rounds_half_up_to_a_hundredth_of_a_point():
    graded = question(QuestionType.SINGLE, 100, "33.33333", points=1)

    result = grade_question(graded, ["b"])

    assert result.score == D("0.33")
    assert result.partially_correct


# -- Multiple response --------------------------------------------------------------------


def test_multiple_response_sums_the_chosen_fractions():
    graded = question(QuestionType.MULTIPLE, 50, 50, -50, 0, points=4)

    assert grade_question(graded, ["a", "b"]).score == D("4.00")
    assert grade_question(graded, ["a"]).score == D("2.00")
    assert grade_question(graded, ["a", "d"]).score == D("2.00")


def test_choosing_every_option_loses_what_the_wrong_ones_take_off():
    graded = question(QuestionType.MULTIPLE, 50, 50, -50, points=2)

    assert grade_question(graded, ["a", "b", "c"]).score == D("1.00")


def test_multiple_response_never_goes_below_zero():
    graded = question(QuestionType.MULTIPLE, 50, 50, -100, -100)

    assert grade_question(graded, ["a", "c", "d"]).score == D("0.00")


def test_thirds_add_up_to_full_marks():
    graded = question(QuestionType.MULTIPLE, "33.33333", "33.33333", "33.33333", -100, points=1)

    assert grade_question(graded, ["c", "b", "a"]).score == D("1.00")


def test_an_option_chosen_twice_is_refused():
    with pytest.raises(InvalidResponse, match="twice"):
        grade_question(question(QuestionType.MULTIPLE, 50, 50), ["a", "a"])


# -- Ordering -----------------------------------------------------------------------------


def test_ordering_counts_neighbouring_pairs_in_the_right_order():
    graded = ordering(5, points=4)  # correct order: a b c d e, so 4 pairs

    assert grade_question(graded, ["a", "b", "c", "d", "e"]).score == D("4.00")
    # One swap of neighbours: only the swapped pair is wrong.
    assert grade_question(graded, ["a", "b", "d", "c", "e"]).score == D("3.00")
    # The first item moved to the end: only the last pair is wrong.
    assert grade_question(graded, ["b", "c", "d", "e", "a"]).score == D("3.00")
    assert grade_question(graded, ["e", "d", "c", "b", "a"]).score == D("0.00")


def test_ordering_partial_credit_rounds_half_up():
    graded = ordering(4, points=1)  # 3 pairs

    # a<c right, c>b wrong, b<d right: 2 of 3 pairs.
    assert grade_question(graded, ["a", "c", "b", "d"]).score == D("0.67")


def test_ordering_pairs_are_reported():
    assert ordering_pairs(["a", "b", "c"], ["b", "a", "c"]) == (1, 2)


def test_an_ordering_that_leaves_an_item_out_is_refused():
    with pytest.raises(InvalidResponse, match="every item"):
        grade_question(ordering(3), ["a", "b"])


def test_an_unanswered_ordering_scores_zero():
    assert grade_question(ordering(3), []).score == 0


# -- Bad responses and bad questions --------------------------------------------------------


def test_an_unknown_option_key_raises_a_clear_error():
    with pytest.raises(UnknownOption) as error:
        grade_question(question(QuestionType.SINGLE, 100, 0, key="q7"), ["zzz"])

    assert error.value.question_key == "q7"
    assert error.value.option_key == "zzz"
    assert isinstance(error.value, InvalidResponse)


def test_a_lone_string_is_not_taken_for_a_list_of_keys():
    with pytest.raises(TypeError):
        grade_question(question(QuestionType.SINGLE, 100, 0), "a")


def test_a_question_needs_decimal_points_above_zero_and_unique_keys():
    with pytest.raises(ValueError, match="points"):
        Question("q", QuestionType.SINGLE, D(0), (Option("a", D(100)),))
    with pytest.raises(ValueError, match="unique"):
        Question("q", QuestionType.SINGLE, D(1), (Option("a", D(100)), Option("a", D(0))))
    with pytest.raises(TypeError):
        Option("a", 100.0)


def test_the_stored_type_name_is_accepted():
    graded = Question("q", "true_false", D(1), (Option("t", D(100)), Option("f", D(0))))

    assert graded.question_type is QuestionType.TRUE_FALSE


# -- Attempts -------------------------------------------------------------------------------


def test_attempt_percentage_rounds_half_up_and_passes_at_the_mark():
    questions = [question(QuestionType.SINGLE, 100, 0, key=f"q{n}") for n in range(8)]
    # 7 of 8 right: 87.5 %.
    responses = {f"q{n}": ["a"] for n in range(7)}

    passing = grade_attempt(questions, responses, pass_mark=D("87.5"))
    failing = grade_attempt(questions, responses, pass_mark=D("87.51"))

    assert passing.points == D("7.00")
    assert passing.max_points == D("8")
    assert passing.percentage == D("87.50")
    assert passing.passed
    assert not failing.passed


def test_percentage_rounds_half_up_to_two_places():
    assert percentage(D(2), D(3)) == D("66.67")
    assert percentage(D(1), D(3)) == D("33.33")
    assert percentage(D("0.00125"), D(1)) == D("0.13")  # half-up, not half-even
    assert percentage(D(0), D(0)) == D("0.00")


def test_breakdown_gives_earned_and_possible_per_label_in_order_of_appearance():
    questions = [
        question(QuestionType.SINGLE, 100, 0, key="q1", label="PHONE", points=1),
        question(QuestionType.SINGLE, 100, 0, key="q2", label="GREET", points=2),
        question(QuestionType.SINGLE, 100, 0, key="q3", label="PHONE", points=3),
    ]

    grade = grade_attempt(questions, {"q1": ["a"], "q2": ["b"], "q3": ["b"]}, pass_mark=D(80))

    assert [(r.label, r.earned, r.possible) for r in grade.by_label] == [
        ("PHONE", D("1.00"), D(4)),
        ("GREET", D("0.00"), D(2)),
    ]
    assert grade.label("PHONE").percentage == D("25.00")
    assert grade.label("ABSENT") is None
    assert not grade.passed


def test_an_answer_to_a_question_outside_the_attempt_is_refused():
    with pytest.raises(UnknownQuestion):
        grade_attempt(
            [question(QuestionType.SINGLE, 100, 0, key="q1")], {"q9": ["a"]}, pass_mark=D(80)
        )


def test_an_attempt_without_questions_cannot_be_graded():
    with pytest.raises(ValueError, match="at least one question"):
        grade_attempt([], {}, pass_mark=D(80))


# -- Best attempt ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FinishedAttempt:
    name: str
    percentage: Decimal
    finished_at: datetime | None


def test_best_attempt_is_the_highest_percentage_then_the_earliest():
    start = datetime(2025, 3, 1, 9, tzinfo=UTC)
    first = FinishedAttempt("first", D("80.00"), start)
    second = FinishedAttempt("second", D("90.00"), start + timedelta(days=1))
    third = FinishedAttempt("third", D("90.00"), start + timedelta(days=2))
    open_attempt = FinishedAttempt("open", D("100.00"), None)

    assert best_attempt([third, open_attempt, first, second]) == second
    assert best_attempt([open_attempt]) is None
    assert best_attempt([]) is None


# -- Properties -----------------------------------------------------------------------------

keys = st.text(alphabet="0123456789abcdef", min_size=1, max_size=6)
# Wider than the authoring rules allow (-100 to 100): grading must hold whatever it gets.
fractions = st.decimals(min_value=-1000, max_value=1000, places=5)
points = st.decimals(min_value=D("0.01"), max_value=D("999.99"), places=2)


@st.composite
def questions(draw, question_type=None, key="q"):
    question_type = draw(st.sampled_from(QuestionType)) if question_type is None else question_type
    option_keys = draw(st.lists(keys, min_size=2, max_size=8, unique=True))
    options = tuple(Option(key=option_key, fraction=draw(fractions)) for option_key in option_keys)
    label = draw(st.sampled_from(["PHONE", "GREET", "TILL"]))
    return Question(key, question_type, draw(points), options, label)


@st.composite
def responses(draw, question):
    option_keys = [option.key for option in question.options]
    if question.question_type == QuestionType.ORDERING:
        return draw(st.one_of(st.just([]), st.permutations(option_keys)))
    if question.question_type == QuestionType.MULTIPLE:
        return draw(st.lists(st.sampled_from(option_keys), unique=True))
    return draw(st.one_of(st.just([]), st.sampled_from(option_keys).map(lambda key: [key])))


@st.composite
def questions_with_responses(draw):
    graded = draw(questions())
    return graded, draw(responses(graded))


@given(questions_with_responses())
def test_a_score_stays_within_zero_and_the_points(case):
    graded, response = case

    result = grade_question(graded, response)

    assert D(0) <= result.score <= graded.points


@st.composite
def attempts(draw):
    count = draw(st.integers(min_value=1, max_value=6))
    attempt_questions = [draw(questions(key=f"q{n}")) for n in range(count)]
    answers = {}
    for graded in attempt_questions:
        if draw(st.booleans()):
            answers[graded.key] = draw(responses(graded))
    return attempt_questions, answers, draw(st.randoms(use_true_random=False))


@given(attempts())
def test_the_order_questions_are_answered_in_does_not_change_the_grade(case):
    attempt_questions, answers, shuffler = case
    in_order = grade_attempt(attempt_questions, answers, pass_mark=D(80))

    shuffled_questions = list(attempt_questions)
    shuffler.shuffle(shuffled_questions)
    answer_items = list(answers.items())
    shuffler.shuffle(answer_items)
    shuffled = grade_attempt(shuffled_questions, dict(answer_items), pass_mark=D(80))

    assert shuffled.points == in_order.points
    assert shuffled.max_points == in_order.max_points
    assert shuffled.percentage == in_order.percentage
    assert shuffled.passed == in_order.passed
    assert set(shuffled.by_label) == set(in_order.by_label)
    assert D(0) <= in_order.percentage <= D(100)


@st.composite
def valid_multiple_response(draw):
    """A multiple-response question whose positive fractions add up to exactly 100."""
    right_count = draw(st.integers(min_value=1, max_value=5))
    cuts = sorted(draw(st.lists(st.integers(1, 99), min_size=right_count - 1,
                                max_size=right_count - 1, unique=True)))  # fmt: skip
    right = [D(b - a) for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    wrong = draw(st.lists(st.decimals(min_value=-100, max_value=0, places=5), max_size=4))
    all_fractions = draw(st.permutations(right + wrong))
    options = tuple(Option(key=f"o{n}", fraction=f) for n, f in enumerate(all_fractions))
    return Question("q", QuestionType.MULTIPLE, draw(points), options)


@given(valid_multiple_response())
def test_all_and_only_the_options_worth_points_give_full_marks(graded):
    chosen = [option.key for option in graded.options if option.fraction > 0]

    assert grade_question(graded, chosen).score == graded.points


@given(st.integers(min_value=2, max_value=10), points)
def test_ordering_in_order_is_full_marks_and_reversed_is_zero(count, question_points):
    graded = question(QuestionType.ORDERING, *[0] * count)
    graded = Question("q", QuestionType.ORDERING, question_points, graded.options)
    correct = [option.key for option in graded.options]

    assert grade_question(graded, correct).score == question_points
    assert grade_question(graded, correct[::-1]).score == 0
