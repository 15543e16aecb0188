"""Forms of the manager pages' actions."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from content.models import CoursePage
from lms.people.models import OrgUnit

from .filters import DATE_INPUT, unit_label
from .selectors import courses_for_filter, exams_for_filter


class AssignForm(forms.Form):
    """Assign a course, with a due date, to the people ticked on the overview (the ticked
    ids are read by the view and checked by the service)."""

    course = forms.ChoiceField(label=_("Course"), choices=())
    due_on = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=DATE_INPUT,
        help_text=_(
            "Leave empty for no due date. People who already have the course get "
            "this due date, unless they have completed it."
        ),
    )

    def __init__(self, *args, courses: list[tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if courses is None:
            courses = courses_for_filter(get_language())
        self.fields["course"].choices = [("", _("Choose a course")), *courses]

    def clean_course(self):
        key = self.cleaned_data["course"]
        # Any language's page will do: enrolments are kept by the course's translation key.
        course = CoursePage.objects.live().filter(translation_key=key).order_by("pk").first()
        if course is None:
            raise forms.ValidationError(_("This course is no longer published."))
        return course


class DueDateForm(forms.Form):
    """A new due date for one person's course."""

    due_on = forms.DateField(
        label=_("New due date"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Leave empty to remove the due date."),
    )


class PeriodForm(forms.Form):
    """A unit of the viewer's scope and a period, shared by the results and the heatmap.

    Dates are the viewer's local dates; without any, the last 90 days are shown.
    """

    DEFAULT_DAYS = 90

    unit = forms.ModelChoiceField(
        label=_("Store or region"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=_("All my stores"),
    )
    start = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT)
    end = forms.DateField(label=_("Until"), required=False, widget=DATE_INPUT)

    def __init__(self, data, *, scope, today, **kwargs):
        data = data.copy()
        if not data.get("start") and not data.get("end"):
            data["start"] = (today - timedelta(days=self.DEFAULT_DAYS)).isoformat()
            data["end"] = today.isoformat()
        super().__init__(data, **kwargs)
        self.fields["unit"].queryset = scope.order_by("path")
        self.fields["unit"].label_from_instance = unit_label

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end of the period is before its start."))
        return cleaned


class ResultsForm(PeriodForm):
    """The exam results' filters: a course or one exam, a unit, a period."""

    course = forms.ChoiceField(label=_("Course"), required=False, choices=())
    exam = forms.ChoiceField(label=_("Exam"), required=False, choices=())

    field_order = ["course", "exam", "unit", "start", "end"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = get_language()
        self.fields["course"].choices = [("", _("All courses")), *courses_for_filter(language)]
        self.fields["exam"].choices = [("", _("All exams")), *exams_for_filter(language)]


class HeatmapForm(PeriodForm):
    """The heatmap's filters: a unit, columns by store or region, a period."""

    by = forms.ChoiceField(
        label=_("Columns"),
        required=False,
        choices=[(OrgUnit.Kind.STORE, _("Stores")), (OrgUnit.Kind.REGION, _("Regions"))],
    )

    field_order = ["unit", "by", "start", "end"]
