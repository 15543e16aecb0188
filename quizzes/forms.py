"""Forms of the exam: the admin form of a question, and reading a learner's answers."""

import json
from decimal import Decimal

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm

from . import grading, rules


class QuestionForm(WagtailAdminModelForm):
    """Checks the submitted options against the question type (see ``quizzes.rules``).

    The model cannot: when the form cleans the question, the question's options are
    still the old ones. Drafts are checked too, because approving a workflow task
    publishes the latest revision without validating it again.
    """

    def clean(self):
        cleaned_data = super().clean()
        question_type = cleaned_data.get("question_type")
        formset = self.formsets.get("options")
        if not question_type or formset is None or not formset.is_valid():
            # Errors in the options themselves are shown on those options first.
            return cleaned_data
        options = [
            grading.Option(
                key=form.instance.key,
                fraction=form.cleaned_data.get("fraction") or Decimal(0),
            )
            for form in formset.ordered_forms
        ]
        for problem in rules.question_problems(question_type, options):
            self.add_error(None, problem.message)
        return cleaned_data


# The learner's answers ------------------------------------------------------------------------

# Field names of the attempt form, by question position: q3 holds the chosen option keys,
# q3-rank-<key> the place the learner gives an item of an ordering question.
ORDERING = grading.QuestionType.ORDERING.value


def answer_field(position: int) -> str:
    return f"q{position}"


def rank_field(position: int, key: str) -> str:
    return f"q{position}-rank-{key}"


def answer_from_post(data, *, position: int, question_type: str, option_keys) -> list[str]:
    """The option keys a posted attempt form gives for one question (maybe none).

    An ordering question is answered by a place for each item: all blank means not
    answered, every item in a different place gives the order; anything else raises
    ``grading.InvalidResponse``. Keys are not checked here: the service checks them.
    """
    if question_type != ORDERING:
        return [key for key in data.getlist(answer_field(position)) if key]
    ranks = {key: data.get(rank_field(position, key), "").strip() for key in option_keys}
    if not any(ranks.values()):
        return []
    try:
        places = {key: int(rank) for key, rank in ranks.items()}
    except ValueError:
        places = {}
    if sorted(places.values()) != list(range(1, len(option_keys) + 1)):
        raise grading.InvalidResponse(_("Give each item a different place, from first to last."))
    return sorted(places, key=places.get)


def autosave_from_json(body: bytes) -> tuple[int, list[str], int]:
    """(question position, selected keys, sequence) from an autosave request's JSON body.

    Raises ``grading.InvalidResponse`` for anything else.
    """
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        payload = None
    if not isinstance(payload, dict):
        raise grading.InvalidResponse(_("The save could not be read."))
    question, selected, sequence = (
        payload.get(name) for name in ("question", "selected", "sequence")
    )
    if isinstance(question, bool) or not isinstance(question, int):
        raise grading.UnknownQuestion(_("This question is not part of the attempt."))
    if isinstance(sequence, bool) or not isinstance(sequence, int):
        raise grading.InvalidResponse(_("The save has no valid sequence number."))
    return question, selected, sequence
