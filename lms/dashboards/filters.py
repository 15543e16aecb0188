"""The filters of the manager pages (django-filter), each limited to the viewer's scope."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from lms.learning.models import Enrolment
from lms.people.models import JobRole, OrgUnit

from .selectors import TeamStatus, courses_for_filter

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class UnitFilter(django_filters.ModelChoiceFilter):
    """A unit of the viewer's scope; the people of its stores (a region covers its stores)."""

    def filter(self, queryset, value):
        if not value:
            return queryset
        return queryset.filter(**{f"{self.field_name}__path__startswith": value.path})


def unit_label(unit: OrgUnit) -> str:
    # Stores are indented under their region in the list.
    return ("— " * max(unit.depth - 2, 0)) + unit.name


class TeamFilterSet(django_filters.FilterSet):
    """The team overview's filters, search and sorting."""

    q = django_filters.CharFilter(label=_("Name or e-mail"), method="filter_search")
    unit = UnitFilter(
        label=_("Store or region"),
        field_name="user__home_store",
        queryset=OrgUnit.objects.none(),
        empty_label=_("All my stores"),
    )
    role = django_filters.ModelChoiceFilter(
        label=_("Job role"),
        field_name="user__job_role",
        queryset=JobRole.objects.all(),
        empty_label=_("All roles"),
    )
    course = django_filters.ChoiceFilter(
        label=_("Course"), field_name="course_key", empty_label=_("All courses")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        field_name="team_status",
        choices=TeamStatus.choices,
        empty_label=_("Any status"),
    )
    hired_from = django_filters.DateFilter(
        label=_("Hired on or after"),
        field_name="user__hire_date",
        lookup_expr="gte",
        widget=DATE_INPUT,
    )
    hired_to = django_filters.DateFilter(
        label=_("Hired on or before"),
        field_name="user__hire_date",
        lookup_expr="lte",
        widget=DATE_INPUT,
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        empty_label=None,
        fields=(
            ("user__full_name", "name"),
            ("user__home_store__name", "store"),
            ("course__title", "course"),
            ("due_on", "due"),
            ("team_status", "status"),
            ("user__hire_date", "hired"),
        ),
        field_labels={
            "user__full_name": pgettext_lazy("person", "Name"),
            "user__home_store__name": _("Store"),
            "course__title": _("Course"),
            "due_on": _("Due date"),
            "team_status": _("Status"),
            "user__hire_date": _("Hire date"),
        },
    )

    class Meta:
        model = Enrolment
        fields = []

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        units = self.filters["unit"]
        units.queryset = scope.order_by("path")
        self.form.fields["unit"].queryset = scope.order_by("path")
        self.form.fields["unit"].label_from_instance = unit_label
        self.form.fields["course"].choices = [
            ("", _("All courses")),
            *courses_for_filter(get_language()),
        ]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(user__full_name__icontains=value)
            | Q(user__email__iexact=value)
            | Q(user__employee_number__iexact=value)
        )

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.is_bound or not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by("user__full_name", "course__title", "pk")
        else:
            queryset = queryset.order_by(*queryset.query.order_by, "user__full_name", "pk")
        return queryset
