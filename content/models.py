"""Wagtail pages of the course site, and the service standards they teach."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Page,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField


class HomePage(Page):
    """The site's front page: what the Academy is and where to start."""

    introduction = models.CharField(_("introduction"), max_length=300, blank=True)
    body = RichTextField(
        _("body"), blank=True, features=["bold", "italic", "link", "ol", "ul", "h2", "h3"]
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")


class StandardCategory(TranslatableMixin, models.Model):
    """A group of standards: greeting, telephone, complaints, appearance and so on."""

    name = models.CharField(_("name"), max_length=100)
    code = models.SlugField(
        _("code"),
        max_length=50,
        help_text=_("A short name for links and imports, the same in every language."),
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("code"), FieldPanel("sort_order")]

    # The code identifies the category across languages, so translators never touch it.
    override_translatable_fields = [
        SynchronizedField("code", overridable=False),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("standard category")
        verbose_name_plural = _("standard categories")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "locale"], name="content_standardcategory_code_locale_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Standard(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    TranslatableMixin,
    index.Indexed,
    models.Model,
):
    """One service standard: a concrete rule staff follow, and how it is checked."""

    class Level(models.TextChoices):
        MANDATORY = "mandatory", _("Mandatory")
        RECOMMENDED = "recommended", _("Recommended")

    code = models.CharField(
        _("code"),
        max_length=20,
        validators=[
            RegexValidator(
                r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$",
                _("Use capital letters, digits and hyphens, for example PHONE-01."),
            )
        ],
        help_text=_("A short code such as PHONE-01; translations keep the same code."),
    )
    title = models.CharField(_("title"), max_length=150)
    rule = models.TextField(
        _("rule"),
        max_length=500,
        validators=[MaxLengthValidator(500)],
        help_text=_("The rule in one or two sentences, as staff should follow it."),
    )
    level = models.CharField(
        _("level"), max_length=20, choices=Level.choices, default=Level.MANDATORY
    )
    criterion = models.CharField(
        _("how it is checked"),
        max_length=300,
        blank=True,
        help_text=_(
            "What a checker can observe or measure, e.g. 'phone answered by the third ring'. "
            "Required for mandatory standards."
        ),
    )
    category = models.ForeignKey(
        StandardCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="standards",
    )

    # With a related_query_name, unlike the mixins' private relations, so revisions and
    # workflow states can be queried from the standard's side.
    revisions_relation = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="content_type",
        object_id_field="object_id",
        for_concrete_model=False,
        related_query_name="standard",
    )
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        for_concrete_model=False,
        related_query_name="standard",
    )

    panels = [
        FieldPanel("code"),
        FieldPanel("title"),
        FieldPanel("rule"),
        FieldPanel("level"),
        FieldPanel("criterion"),
        FieldPanel("category"),
    ]

    search_fields = [
        index.SearchField("code"),
        index.SearchField("code_words"),
        index.AutocompleteField("code_words"),
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("rule"),
        index.SearchField("criterion"),
        index.FilterField("level"),
        index.FilterField("category"),
        index.FilterField("locale"),
        index.FilterField("live"),
    ]

    # wagtail-localize translates text fields; the code, level and sort of the standard
    # stay those of the source. The category is a translatable snippet, so a translation
    # points at the same category in its own language (wagtail-localize's default).
    override_translatable_fields = [
        SynchronizedField("code", overridable=False),
        SynchronizedField("level", overridable=False),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("standard")
        verbose_name_plural = _("standards")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "locale"], name="content_standard_code_locale_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    def clean(self) -> None:
        super().clean()
        if self.level == self.Level.MANDATORY and not self.criterion.strip():
            raise ValidationError(
                {
                    "criterion": _(
                        "A mandatory standard needs a measurable check, such as "
                        "'phone answered by the third ring'. 'Fast service' is a slogan, "
                        "not a standard."
                    )
                }
            )

    def code_words(self) -> str:
        """The code as separate words, so a search for "PHONE-01" finds it.

        PostgreSQL indexes "PHONE-01" as "phone" and "-01", while the search backend
        splits the query at the hyphen into "phone" and "01", which would miss.
        """
        return self.code.replace("-", " ")

    def get_preview_template(self, request, mode_name):
        return "content/standard_preview.html"
