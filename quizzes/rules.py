"""What makes a question's options gradable, with no database.

The admin form and the model call ``question_problems`` with the options being saved, so
every question that reaches an exam can be graded fairly:

* every question has at least two options, and a true/false question exactly two;
* single choice, true/false and situation questions have exactly one option worth 100 %
  (the right answer) and none worth more; others may be partly right or take points off;
* in a multiple-response question the options worth points add up to 100 %, so choosing
  all and only those scores full marks (the sum is rounded to two decimal places, so
  three options at 33.33333 % add up);
* an ordering question has at least three items; their fractions are not used;
* every fraction lies within -100 % and 100 %, and option keys are unique.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .grading import HUNDRED, ONE_ANSWER_TYPES, Option, QuestionType

MIN_OPTIONS = 2
MIN_ORDERING_ITEMS = 3
TRUE_FALSE_OPTIONS = 2


@dataclass(frozen=True)
class Problem:
    """What is wrong; ``option`` is the position of the option concerned, or None."""

    message: str
    option: int | None = None


def _each_option_problems(options: Sequence[Option]) -> list[Problem]:
    problems = []
    seen = set()
    for position, option in enumerate(options):
        if not option.key or option.key in seen:
            problems.append(Problem(_("Each option needs a key of its own."), position))
        seen.add(option.key)
        if not -HUNDRED <= option.fraction <= HUNDRED:
            problems.append(Problem(_("A fraction lies between -100 % and 100 %."), position))
    return problems


def _one_answer_problems(options: Sequence[Option]) -> list[Problem]:
    full = sum(1 for option in options if option.fraction == HUNDRED)
    if full == 1:
        return []
    if full == 0:
        return [Problem(_("Mark the right answer: exactly one option must be worth 100 %."))]
    return [
        Problem(
            ngettext(
                "Only one option may be worth 100 %%; %(count)d is.",
                "Only one option may be worth 100 %%; %(count)d are.",
                full,
            )
            % {"count": full}
        )
    ]


def _multiple_response_problems(options: Sequence[Option]) -> list[Problem]:
    positive = [option.fraction for option in options if option.fraction > 0]
    if not positive:
        return [Problem(_("At least one option must be worth points."))]
    total = sum(positive, Decimal(0)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if total != HUNDRED:
        return [
            Problem(
                _("The options worth points must add up to 100 %%; they add up to %(total)s %%.")
                % {"total": f"{total.normalize():f}"}
            )
        ]
    return []


def question_problems(
    question_type: QuestionType | str, options: Sequence[Option]
) -> list[Problem]:
    """Every reason why these options cannot be graded as ``question_type``; empty if none."""
    question_type = QuestionType(question_type)
    problems = _each_option_problems(options)
    count = len(options)

    if question_type == QuestionType.ORDERING:
        if count < MIN_ORDERING_ITEMS:
            problems.append(
                Problem(
                    _("An ordering question needs at least %(count)d items to put in order.")
                    % {"count": MIN_ORDERING_ITEMS}
                )
            )
        return problems

    if count < MIN_OPTIONS:
        problems.append(Problem(_("Give at least %(count)d options.") % {"count": MIN_OPTIONS}))
    elif question_type == QuestionType.TRUE_FALSE and count != TRUE_FALSE_OPTIONS:
        problems.append(Problem(_("A true/false question has exactly two options.")))

    if count:
        if question_type in ONE_ANSWER_TYPES:
            problems.extend(_one_answer_problems(options))
        else:
            problems.extend(_multiple_response_problems(options))
    return problems
