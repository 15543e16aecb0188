"""Wagtail admin for recognition: the programmes administrators set up.

Programmes are plain models, not snippets: they have no drafts or revisions, and a change
takes effect for the standings at once (past awards keep what they were granted with).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Programme


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


class RecognitionViewSetGroup(ViewSetGroup):
    """The "Recognition" menu of the admin."""

    menu_label = _("Recognition")
    menu_icon = "pick"
    menu_name = "recognition"
    menu_order = 330
    items = (ProgrammeViewSet("recognition_programmes", url_prefix="recognition/programmes"),)
