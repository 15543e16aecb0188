"""Admin for the question bank: a snippet viewset with filters trainers use to find questions."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, LiveStatusTagColumn, LocaleColumn, UpdatedAtColumn
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.models import Locale
from wagtail.snippets.views.snippets import SnippetViewSet

from content.models import Standard, StandardCategory

from .models import Question


def _one_per_translation(queryset):
    """Each translatable object once: in the default language where it exists there."""
    default = Locale.get_default()
    in_default_language = queryset.model.objects.filter(
        translation_key=OuterRef("translation_key"), locale=default
    )
    return queryset.filter(Q(locale=default) | ~Exists(in_default_language))


def _standard_choices(request=None):
    return _one_per_translation(Standard.objects.all()).order_by("code")


def _category_choices(request=None):
    return _one_per_translation(StandardCategory.objects.all()).order_by("sort_order", "name")


def _tags_in_use(request=None):
    return Tag.objects.filter(quizzes_questiontag_items__isnull=False).distinct().order_by("name")


class LiveStatusRadioSelect(BooleanRadioSelect):
    """All, live or draft: the words the admin's status column uses."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", _("All")), ("true", _("Live")), ("false", _("Draft"))]


class QuestionFilterSet(WagtailFilterSet):
    """Filters of the question bank.

    A standard or category chosen in one language matches its translations too, so a
    filter for "PHONE-01" lists the question in every language. Filters on related rows
    narrow by primary key, because the search backend filters only on indexed fields
    (the locale filter is added by Wagtail).
    """

    standard = django_filters.ModelChoiceFilter(
        label=_("Standard"), queryset=_standard_choices, method="filter_standard"
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Standard category"), queryset=_category_choices, method="filter_category"
    )
    question_type = django_filters.ChoiceFilter(
        label=_("Type"),
        choices=Question.Type.choices,
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )
    tag = django_filters.ModelMultipleChoiceFilter(
        label=_("Tag"),
        queryset=_tags_in_use,
        method="filter_tag",
        widget=forms.CheckboxSelectMultiple,
    )
    live = django_filters.BooleanFilter(label=_("Status"), widget=LiveStatusRadioSelect)
    active = django_filters.BooleanFilter(label=_("Active"), widget=BooleanRadioSelect)
    difficulty = django_filters.ChoiceFilter(
        label=_("Difficulty"),
        choices=Question.Difficulty.choices,
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Question
        fields = []

    def _narrow(self, queryset, matching):
        return queryset.filter(pk__in=matching.values("pk"))

    def filter_standard(self, queryset, name, standard):
        if not standard:
            return queryset
        matching = Question.objects.filter(standard__translation_key=standard.translation_key)
        return self._narrow(queryset, matching)

    def filter_category(self, queryset, name, category):
        if not category:
            return queryset
        matching = Question.objects.filter(
            standard__category__translation_key=category.translation_key
        )
        return self._narrow(queryset, matching)

    def filter_tag(self, queryset, name, tags):
        if not tags:
            return queryset
        # Questions carrying any of the chosen tags.
        return self._narrow(queryset, Question.objects.filter(tags__in=tags))


class QuestionViewSet(SnippetViewSet):
    """The question bank: searchable by question text and tags, filtered as trainers need."""

    model = Question
    icon = "help"
    menu_label = _("Question bank")
    menu_name = "question-bank"
    menu_order = 260  # right after "Standards"
    add_to_admin_menu = True
    filterset_class = QuestionFilterSet
    list_display = [
        Column("stem_excerpt", label=_("Question")),
        Column("standard_code", label=_("Standard")),
        Column("get_question_type_display", label=_("Type")),
        Column("points", label=_("Points")),
        LocaleColumn(),
        UpdatedAtColumn(),
        LiveStatusTagColumn(),
    ]
    list_per_page = 50
    copy_view_enabled = True
    inspect_view_enabled = True

    def get_queryset(self, request):
        return Question.objects.select_related("standard", "locale")
