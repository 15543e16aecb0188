"""Forms of the exam: the admin form of a question."""

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
