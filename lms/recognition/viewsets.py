"""Wagtail admin for recognition: the programmes administrators set up, the awards and
monthly results they granted, and the override of an award with a written reason.

Programmes are plain models, not snippets: they have no drafts or revisions, and a change
takes effect for the standings at once (past awards keep what they were granted with).
Awards and results are made by the services, never typed in here; every confirmation
and override is in each award's history.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import formats
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import BaseObjectMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button

from lms.people.models import User

from .models import Award, MonthResult, Programme
from .selectors import standings_for_month
from .services import award_override


def _weights(programme: Programme) -> str:
    # Exams : role-play : on time, as an administrator typed them.
    return f"{programme.weight_exams} : {programme.weight_roleplay} : {programme.weight_on_time}"


class ProgrammeViewSet(ModelViewSet):
    """Recognition programmes: list, filter by level and status, search by name, edit."""

    model = Programme
    icon = "pick"
    menu_label = _("Programmes")
    menu_order = 100
    add_to_admin_menu = False
    list_display = [
        "name",
        Column(
            "scope_level",
            label=_("Level"),
            accessor="get_scope_level_display",
            sort_key="scope_level",
        ),
        Column("winners_per_unit", label=_("Winners per unit"), sort_key="winners_per_unit"),
        Column("weights", label=_("Weights (exams : role-play : on time)"), accessor=_weights),
        BooleanColumn("active", label=_("Active")),
    ]
    list_filter = ["scope_level", "active"]
    search_fields = ["name"]
    # Programmes are few: the database searches them, with no search index to keep.
    search_backend_name = None
    ordering = ["name"]
    copy_view_enabled = True
    inspect_view_enabled = False
    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("slug"), FieldPanel("active")],
            heading=_("Programme"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("weight_exams"),
                        FieldPanel("weight_roleplay"),
                        FieldPanel("weight_on_time"),
                    ]
                ),
            ],
            heading=_("What counts"),
            help_text=_(
                "Each part scores 0 to 100; the score is their mean, weighted as set here. "
                "Give at least one part a weight above 0."
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel("scope_level"),
                FieldPanel("min_finished_exams"),
                FieldPanel("include_managers"),
            ],
            heading=_("Who takes part"),
        ),
        MultiFieldPanel(
            [FieldPanel("winners_per_unit"), FieldPanel("confirm_after_days")],
            heading=_("Winners and confirmation"),
        ),
        MultiFieldPanel(
            [FieldPanel("leaderboard"), FieldPanel("leaderboard_top_n")],
            heading=_("Leaderboard privacy"),
        ),
    ]


# Awards and monthly results -------------------------------------------------------------


def _month(obj) -> str:
    return formats.date_format(obj.month, "YEAR_MONTH_FORMAT")


class OverrideForm(forms.Form):
    """Award a person or withdraw their award, with the reason the audit log keeps."""

    AWARD = "award"
    WITHDRAW = "withdraw"

    person = forms.ChoiceField(label=_("Person"), required=False)
    other_person = forms.CharField(
        label=_("Or another person"),
        required=False,
        max_length=254,
        help_text=_("Their e-mail address or employee number, if they are not in the list."),
    )
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(AWARD, _("Award them")), (WITHDRAW, _("Withdraw their award"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("Kept with the award and in its history."),
    )

    def __init__(self, *args, people: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", _("Choose a person")), *people]

    def clean(self):
        cleaned = super().clean()
        other = (cleaned.get("other_person") or "").strip()
        if other:
            person = User.objects.filter(
                Q(email__iexact=other) | Q(employee_number__iexact=other)
            ).first()
            if person is None:
                self.add_error("other_person", _("Nobody has this e-mail or employee number."))
        elif cleaned.get("person"):
            person = User.objects.filter(pk=cleaned["person"]).first()
        else:
            person = None
            self.add_error("person", _("Choose a person, or type another person's e-mail."))
        cleaned["user"] = person
        return cleaned


class AwardOverrideView(
    BaseObjectMixin, PermissionCheckedMixin, generic.base.WagtailAdminTemplateMixin, FormView
):
    """An administrator's override of one programme's month in one unit (POST, with a
    reason); the service checks the role, records and logs it."""

    template_name = "recognition/admin/award_override.html"
    form_class = OverrideForm
    permission_required = "change"
    header_icon = "pick"
    awards_index_url_name = None
    results_index_url_name = None

    def get_page_title(self):
        return gettext("Override awards")

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.results_index_url_name), "label": _("Monthly results")},
            {"url": "", "label": str(self.object)},
        ]

    @cached_property
    def standings(self):
        return standings_for_month(
            programme=self.object.programme, unit=self.object.unit, month=self.object.month
        )

    @cached_property
    def awards(self):
        return list(
            Award.objects.filter(
                programme=self.object.programme, month=self.object.month, unit=self.object.unit
            )
            .select_related("user")
            .order_by("rank", "user__full_name")
        )

    def _people(self) -> list[tuple[int, str]]:
        people = {}
        for award in self.awards:
            people[award.user_id] = gettext("%(name)s (%(status)s)") % {
                "name": award.user.full_name,
                "status": award.get_status_display().lower(),
            }
        for standing in self.standings.rows:
            people.setdefault(
                standing.row.user_id,
                gettext("%(name)s (rank %(rank)s, %(score)s)")
                % {
                    "name": standing.row.full_name,
                    "rank": standing.rank or "-",
                    "score": standing.score if standing.score is not None else "-",
                },
            )
        return list(people.items())

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["people"] = self._people()
        return kwargs

    def get_initial(self):
        return {
            "person": self.request.GET.get("person", ""),
            "decision": self.request.GET.get("decision", OverrideForm.AWARD),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            result=self.object,
            awards=self.awards,
            standings=self.standings,
            action_url=self.request.get_full_path(),
            **kwargs,
        )

    def form_valid(self, form):
        decision = form.cleaned_data["decision"] == OverrideForm.AWARD
        try:
            award = award_override(
                actor=self.request.user,
                programme=self.object.programme,
                unit=self.object.unit,
                month=self.object.month,
                user=form.cleaned_data["user"],
                award=decision,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            (
                gettext("%(person)s is awarded; they are told by e-mail.")
                if decision
                else gettext("The award of %(person)s is withdrawn.")
            )
            % {"person": award.user.full_name},
        )
        return redirect(self.request.get_full_path())


class MonthResultIndexView(generic.IndexView):
    """Granted months, each with "Override awards" for administrators."""

    override_url_name = None

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("programme", "unit")

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if self.override_url_name and self.user_has_permission("change"):
            buttons.append(
                MenuItem(
                    _("Override awards"),
                    url=reverse(self.override_url_name, args=[instance.pk]),
                    icon_name="pick",
                    priority=40,
                )
            )
        return buttons


class MonthResultViewSet(ModelViewSet):
    """Each programme's granted months per unit: who took part, how many won, and why
    nobody did; administrators override the awards of a month from here."""

    model = MonthResult
    icon = "date"
    menu_label = _("Monthly results")
    menu_order = 300
    add_to_admin_menu = False
    index_view_class = MonthResultIndexView
    inspect_view_enabled = False
    copy_view_enabled = False
    list_filter = ["programme", "month"]
    search_fields = ["unit__name", "programme__name"]
    search_backend_name = None
    list_per_page = 50
    ordering = ["-month", "programme", "unit__path"]
    list_display = [
        Column("month", label=_("Month"), accessor=_month, sort_key="month"),
        Column("programme", label=_("Programme")),
        Column("unit", label=_("Unit")),
        Column("eligible_count", label=_("Taking part")),
        Column("winners_count", label=_("Winners")),
        Column("reason", label=_("Why nobody won")),
        DateColumn("granted_at", label=_("Granted"), sort_key="granted_at"),
    ]
    form_fields = []

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            add_url_name=None, edit_url_name=None, delete_url_name=None, **kwargs
        )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            override_url_name=self.get_url_name("override"), **kwargs
        )

    @property
    def override_view(self):
        return self.construct_view(
            AwardOverrideView,
            results_index_url_name=self.get_url_name("index"),
        )

    def get_urlpatterns(self):
        kept = {"index", "index_results"}
        return [
            *(pattern for pattern in super().get_urlpatterns() if pattern.name in kept),
            path("override/<str:pk>/", self.override_view, name="override"),
        ]


class AwardIndexView(generic.IndexView):
    """Awards, with "Override" for administrators."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("programme", "unit", "user")


class AwardInspectView(generic.InspectView):
    """One award: its facts and status, with "Override" for administrators."""

    override_url_name = None

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        result = MonthResult.objects.filter(
            programme_id=self.object.programme_id,
            month=self.object.month,
            unit_id=self.object.unit_id,
        ).first()
        if (
            self.override_url_name
            and result
            and self.request.user.has_perm("recognition.change_monthresult")
        ):
            decision = "withdraw" if self.object.status != Award.Status.WITHDRAWN else "award"
            url = reverse(self.override_url_name, args=[result.pk])
            buttons.append(
                Button(
                    _("Override"),
                    url=f"{url}?person={self.object.user_id}&decision={decision}",
                    icon_name="pick",
                    priority=30,
                )
            )
        return buttons


class AwardHistoryView(generic.HistoryView):
    """An award's history (proposed, confirmed, overridden) for everyone who may read it."""

    any_permission_required = ["view", "change"]


class AwardViewSet(ModelViewSet):
    """Awards as granted, confirmed and overridden: list, filter, inspect, history."""

    model = Award
    icon = "pick"
    menu_label = _("Awards")
    menu_order = 200
    add_to_admin_menu = False
    index_view_class = AwardIndexView
    inspect_view_class = AwardInspectView
    history_view_class = AwardHistoryView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_filter = ["programme", "status", "month"]
    search_fields = ["user__full_name", "user__email", "unit__name"]
    search_backend_name = None
    list_per_page = 50
    ordering = ["-month", "programme", "unit__path", "rank"]
    list_display = [
        Column("user", label=_("Person")),
        Column("programme", label=_("Programme")),
        Column("month", label=_("Month"), accessor=_month, sort_key="month"),
        Column("unit", label=_("Unit")),
        Column("rank", label=_("Rank"), sort_key="rank"),
        Column("score", label=_("Score"), sort_key="score"),
        Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
    ]
    inspect_view_fields = [
        "user",
        "programme",
        "month",
        "unit",
        "rank",
        "score",
        "status",
        "proposed_at",
        "confirmed_at",
        "confirmed_by",
        "override_reason",
        "overridden_at",
        "overridden_by",
        "certificate",
    ]
    form_fields = []

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            add_url_name=None, edit_url_name=None, delete_url_name=None, **kwargs
        )

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            override_url_name="recognition_month_results:override", **kwargs
        )

    def get_urlpatterns(self):
        kept = {"index", "index_results", "inspect", "history", "history_results"}
        return [pattern for pattern in super().get_urlpatterns() if pattern.name in kept]


class RecognitionViewSetGroup(ViewSetGroup):
    """The "Recognition" menu of the admin."""

    menu_label = _("Recognition")
    menu_icon = "pick"
    menu_name = "recognition"
    menu_order = 330
    items = (
        ProgrammeViewSet("recognition_programmes", url_prefix="recognition/programmes"),
        AwardViewSet("recognition_awards", url_prefix="recognition/awards"),
        MonthResultViewSet("recognition_month_results", url_prefix="recognition/results"),
    )
