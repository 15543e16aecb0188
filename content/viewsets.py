"""Admin for the service standards: snippet viewsets grouped under one menu item."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import LiveStatusTagColumn, LocaleColumn, UpdatedAtColumn
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Standard, StandardCategory


class StandardViewSet(SnippetViewSet):
    """Standards, searchable by code and text, filtered by level, category, language and status."""

    model = Standard
    icon = "tasks"
    menu_label = _("Standards")
    menu_order = 100
    list_display = [
        "__str__",
        "level",
        "category",
        LocaleColumn(),
        UpdatedAtColumn(),
        LiveStatusTagColumn(),
    ]
    list_filter = ["level", "category", "live"]
    list_per_page = 50
    ordering = ["code"]
    # A copy starts as a draft with the same code and is refused until the code changes.
    copy_view_enabled = True
    inspect_view_enabled = True


class StandardCategoryViewSet(SnippetViewSet):
    """Categories that group the standards."""

    model = StandardCategory
    icon = "folder-open-inverse"
    menu_label = _("Categories")
    menu_order = 200
    list_display = ["name", "code", "sort_order", LocaleColumn()]
    search_fields = ["name", "code"]
    ordering = ["sort_order", "name"]
    copy_view_enabled = False


class StandardsViewSetGroup(SnippetViewSetGroup):
    """The "Standards" menu in the admin."""

    items = (StandardViewSet, StandardCategoryViewSet)
    menu_icon = "tasks"
    menu_label = _("Standards")
    menu_name = "standards"
    menu_order = 250
