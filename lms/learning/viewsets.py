"""Wagtail admin for onboarding paths and enrolments: the "Learning" menu.

Saving a path enrols nobody by itself: the edit form leads to a confirmation page
(``path_admin_views.py``) that says what applying it would do, and applies it in the
background when asked.
"""

import django_filters
from django import forms
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import (
    BooleanColumn,
    ButtonsColumnMixin,
    Column,
    DateColumn,
    TitleColumn,
)
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.models import Locale

from content.models import CoursePage
from lms.people.models import OrgUnit
from lms.people.selectors import person_today, time_zones_for_units

from .models import Enrolment, OnboardingPath

# Path forms ------------------------------------------------------------------------------


class OnboardingPathForm(WagtailAdminModelForm):
    """The path form: says plainly what the database constraint would only refuse."""

    def clean(self):
        cleaned_data = super().clean()
        if (
            not cleaned_data.get("job_role")
            and not cleaned_data.get("unit")
            and not self.has_error("job_role")
            and not self.has_error("unit")
        ):
            # On a field, so the model's check constraint is not validated again (and
            # reported a second time in database words).
            self.add_error(
                "job_role",
                _(
                    "Choose a job role, a unit, or both: a path for every person everywhere "
                    "is not allowed."
                ),
            )
        return cleaned_data


class PathCourseForm(WagtailAdminModelForm):
    """A course row of a path: a number of days or a fixed date, not both."""

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("due_in_days") is not None and cleaned_data.get("due_on") is not None:
            self.add_error(
                "due_on",
                _("Give either a number of days or a fixed date, not both."),
            )
        return cleaned_data


class PathCoursesPanel(InlinePanel):
    """The course rows of a path, validated by ``PathCourseForm``.

    ``InlinePanel`` has no option for the child form class; modelcluster takes it from the
    formset options.
    """

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["form"] = PathCourseForm
        return options


# Path listing and views ------------------------------------------------------------------


def _last_applied(path: OnboardingPath) -> str:
    if path.applied_at is None:
        return gettext("Not applied yet")
    return date_format(timezone.localtime(path.applied_at), "SHORT_DATETIME_FORMAT")


def path_confirm_url(path: OnboardingPath) -> str:
    return reverse("learning_path_confirm", args=[path.pk])


def _apply_button(path: OnboardingPath, priority: int) -> Button:
    return Button(
        _("Apply to existing staff"),
        url=path_confirm_url(path),
        icon_name="group",
        priority=priority,
    )


class OnboardingPathIndexView(generic.IndexView):
    """Paths with their course count; each row can be applied to existing staff."""

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("job_role", "unit")
            .annotate(course_count=Count("courses"))
        )

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.user_has_permission("change"):
            buttons.append(_apply_button(instance, priority=15))
        return buttons


class OnboardingPathCreateView(generic.CreateView):
    """After saving, the administrator sees what applying the path would do."""

    def get_success_url(self):
        return path_confirm_url(self.object)


class OnboardingPathEditView(generic.EditView):
    """After saving, the administrator sees what applying the path would do."""

    def get_success_url(self):
        return path_confirm_url(self.object)

    @property
    def header_more_buttons(self):
        return [*super().header_more_buttons, _apply_button(self.object, priority=5)]


class OnboardingPathViewSet(ModelViewSet):
    """Onboarding paths: which courses a job role and/or a unit is given, and by when."""

    model = OnboardingPath
    icon = "list-ol"
    menu_label = _("Onboarding paths")
    index_view_class = OnboardingPathIndexView
    add_view_class = OnboardingPathCreateView
    edit_view_class = OnboardingPathEditView
    copy_view_enabled = False
    list_per_page = 50
    search_fields = ["name"]
    # The model is not in the search index: search with the database.
    search_backend_name = None
    list_filter = ["active", "job_role", "unit"]
    list_display = [
        "name",
        Column("job_role", label=_("Job role")),
        Column("unit", label=_("Unit")),
        Column("course_count", label=_("Courses"), sort_key="course_count"),
        BooleanColumn("active", label=_("Active"), sort_key="active"),
        Column(
            "applied_at", label=_("Last applied"), accessor=_last_applied, sort_key="applied_at"
        ),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("description"),
            FieldRowPanel([FieldPanel("job_role"), FieldPanel("unit")], heading=_("Who")),
            FieldPanel("active"),
            PathCoursesPanel(
                "courses",
                heading=_("Courses"),
                label=_("Course"),
                panels=[
                    FieldPanel("course"),
                    FieldRowPanel(
                        [FieldPanel("due_in_days"), FieldPanel("due_on")], heading=_("Due")
                    ),
                ],
            ),
        ],
        base_form_class=OnboardingPathForm,
    )


# Enrolments ------------------------------------------------------------------------------


def _one_per_translation(queryset):
    """Each course once: in the default language where it exists there."""
    default = Locale.get_default()
    in_default_language = queryset.model.objects.filter(
        translation_key=OuterRef("translation_key"), locale=default
    )
    return queryset.filter(Q(locale=default) | ~Exists(in_default_language))


def _course_choices(request=None):
    return _one_per_translation(CoursePage.objects.all()).order_by("title")


def _unit_choices(request=None):
    return OrgUnit.objects.order_by("path")


class EnrolmentFilterSet(WagtailFilterSet):
    """Filters of the enrolment listing.

    Status is worked out from dates as ``Enrolment.status_on`` does, on the server's date
    (a person in a zone already past midnight may show "overdue" a few hours later here).
    A course chosen in one language matches its translations; a region covers its stores.
    """

    course = django_filters.ModelChoiceFilter(
        label=_("Course"), queryset=_course_choices, method="filter_course"
    )
    source = django_filters.ChoiceFilter(
        label=_("How"),
        choices=Enrolment.Source.choices,
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Enrolment.Status.choices,
        empty_label=_("All"),
        widget=forms.RadioSelect,
        method="filter_status",
    )
    store = django_filters.ModelChoiceFilter(
        label=_("Store or region"), queryset=_unit_choices, method="filter_store"
    )
    due_on = django_filters.DateFromToRangeFilter(label=_("Due"), widget=DateRangePickerWidget)

    class Meta:
        model = Enrolment
        fields = []

    def filter_course(self, queryset, name, course):
        if not course:
            return queryset
        return queryset.filter(course_key=course.translation_key)

    def filter_store(self, queryset, name, unit):
        if not unit:
            return queryset
        return queryset.filter(user__home_store__path__startswith=unit.path)

    def filter_status(self, queryset, name, status):
        return queryset.filter(enrolment_status_q(status, timezone.localdate()))


def enrolment_status_q(status: str, today) -> Q:
    """The enrolments whose ``status_on(today)`` is ``status``, as a query condition."""
    active = Q(withdrawn_at__isnull=True)
    open_ = active & Q(completed_at__isnull=True)
    not_late = Q(due_on__isnull=True) | Q(due_on__gte=today)
    conditions = {
        Enrolment.Status.WITHDRAWN: Q(withdrawn_at__isnull=False),
        Enrolment.Status.COMPLETED: active & Q(completed_at__isnull=False),
        Enrolment.Status.OVERDUE: open_ & Q(due_on__lt=today),
        Enrolment.Status.IN_PROGRESS: open_ & not_late & Q(started_at__isnull=False),
        Enrolment.Status.NOT_STARTED: open_ & not_late & Q(started_at__isnull=True),
    }
    return conditions.get(status, Q())


def _due_date(enrolment: Enrolment) -> str:
    return date_format(enrolment.due_on, "SHORT_DATE_FORMAT") if enrolment.due_on else ""


def person_history_url(person_id) -> str:
    return reverse("learning_person_history", args=[person_id])


class PersonColumn(ButtonsColumnMixin, TitleColumn):
    """The person's name, linking to their learning history, with the row's buttons."""

    def get_buttons(self, instance, parent_context):
        # Set by the listing view, which the table's context does not carry.
        return getattr(instance, "list_buttons", [])


class EnrolmentIndexView(generic.IndexView):
    """Enrolments with a status on each person's local date; a fixed number of queries."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "user__home_store", "course")

    def get_table(self, object_list):
        enrolments = list(object_list)
        # One query for the time zones of every store on the page.
        stores = {e.user.home_store for e in enrolments if e.user.home_store_id is not None}
        zones = time_zones_for_units(stores)
        labels = dict(Enrolment.Status.choices)
        for enrolment in enrolments:
            status = enrolment.status_on(person_today(enrolment.user, zones))
            enrolment.status_label = labels[status]
            enrolment.list_buttons = self.get_list_buttons(enrolment)
        return super().get_table(enrolments)


class EnrolmentViewSet(ModelViewSet):
    """Who is enrolled in which course, how, and how far they are (read-only here)."""

    model = Enrolment
    icon = "form"
    menu_label = _("Enrolments")
    index_view_class = EnrolmentIndexView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_per_page = 50
    ordering = ["-enrolled_at", "-pk"]
    filterset_class = EnrolmentFilterSet
    search_fields = ["user__full_name", "user__email", "user__employee_number"]
    search_backend_name = None
    list_display = [
        PersonColumn(
            "user",
            label=_("Person"),
            get_url=lambda enrolment: person_history_url(enrolment.user_id),
            sort_key="user__full_name",
        ),
        Column("store", label=_("Store"), accessor="user.home_store"),
        Column("course", label=_("Course")),
        Column("source", label=_("How"), accessor="get_source_display"),
        # A due date reads better as a date than as "in 3 days".
        Column("due_on", label=_("Due"), accessor=_due_date, sort_key="due_on"),
        Column("status", label=_("Status"), accessor="status_label"),
        DateColumn("started_at", label=_("Started"), sort_key="started_at"),
        DateColumn("completed_at", label=_("Completed"), sort_key="completed_at"),
    ]
    inspect_view_fields = [
        "user",
        "course",
        "source",
        "path",
        "assigned_by",
        "enrolled_at",
        "due_on",
        "started_at",
        "completed_at",
        "completion_attempt",
        "withdrawn_at",
    ]
    # Only so that Wagtail can build the (unrouted) add and edit views.
    form_fields = []

    def get_common_view_kwargs(self, **kwargs):
        # Enrolments are made by paths, managers and learners through the services, never
        # typed in here: no add, edit, copy or delete pages.
        return super().get_common_view_kwargs(
            add_url_name=None, edit_url_name=None, delete_url_name=None, **kwargs
        )

    def get_urlpatterns(self):
        kept = {"index", "index_results", "inspect", "history", "history_results", "usage"}
        return [pattern for pattern in super().get_urlpatterns() if pattern.name in kept]


class LearningViewSetGroup(ViewSetGroup):
    """The "Learning" menu of the Wagtail admin."""

    menu_label = _("Learning")
    menu_icon = "group"
    menu_name = "learning"
    menu_order = 300
    items = (
        OnboardingPathViewSet("onboarding_paths", url_prefix="learning/paths"),
        EnrolmentViewSet("enrolments", url_prefix="learning/enrolments"),
    )
