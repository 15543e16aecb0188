"""What makes a question's options gradable, checked without the database."""

from decimal import Decimal

import pytest

from quizzes.grading import Option, QuestionType
from quizzes.rules import question_problems


def options(*fractions):
    return [Option(key=f"o{n}", fraction=Decimal(str(f))) for n, f in enumerate(fractions)]


def messages(question_type, fractions):
    return [problem.message for problem in question_problems(question_type, options(*fractions))]


@pytest.mark.parametrize(
    ("question_type", "fractions"),
    [
        (QuestionType.SINGLE, [100, 0, -50]),
        (QuestionType.SITUATION, [100, 50, 0]),
        (QuestionType.TRUE_FALSE, [100, 0]),
        (QuestionType.MULTIPLE, [50, 50, -100, 0]),
        (QuestionType.MULTIPLE, ["33.33333", "33.33333", "33.33333"]),
        (QuestionType.ORDERING, [0, 0, 0]),
    ],
)
def test_valid_options_have_no_problems(question_type, fractions):
    assert messages(question_type, fractions) == []


@pytest.mark.parametrize("question_type", list(QuestionType))
def test_a_single_option_is_not_a_question(question_type):
    assert messages(question_type, [100]) != []


def test_true_false_has_exactly_two_options():
    assert messages(QuestionType.TRUE_FALSE, [100, 0, 0]) == [
        "A true/false question has exactly two options."
    ]


@pytest.mark.parametrize(
    "question_type", [QuestionType.SINGLE, QuestionType.TRUE_FALSE, QuestionType.SITUATION]
)
def test_one_answer_questions_need_exactly_one_right_answer(question_type):
    assert messages(question_type, [50, 0]) == [
        "Mark the right answer: exactly one option must be worth 100 %."
    ]
    assert messages(question_type, [100, 100]) == ["Only one option may be worth 100 %; 2 are."]


def test_a_fraction_above_100_is_refused_and_points_at_its_option():
    problems = question_problems(QuestionType.SINGLE, options(100, 150))

    assert [(p.message, p.option) for p in problems] == [
        ("A fraction lies between -100 % and 100 %.", 1)
    ]


def test_multiple_response_options_worth_points_add_up_to_100():
    assert messages(QuestionType.MULTIPLE, [50, 40, -100]) == [
        "The options worth points must add up to 100 %; they add up to 90 %."
    ]
    assert messages(QuestionType.MULTIPLE, [0, -50]) == [
        "At least one option must be worth points."
    ]


def test_ordering_needs_three_items_and_ignores_fractions():
    assert messages(QuestionType.ORDERING, [0, 0]) == [
        "An ordering question needs at least 3 items to put in order."
    ]
    assert messages(QuestionType.ORDERING, [0, 50, -20]) == []


def test_option_keys_must_be_unique():
    twins = [Option("same", Decimal(100)), Option("same", Decimal(0))]

    problems = question_problems(QuestionType.SINGLE, twins)

    assert [(p.message, p.option) for p in problems] == [("Each option needs a key of its own.", 1)]


def test_the_stored_type_name_is_accepted():
    assert question_problems("true_false", options(100, 0)) == []
