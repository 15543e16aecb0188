"""Wagtail pages of the course site, and the service standards they teach."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    Page,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from .blocks import LessonStreamBlock


class HomePage(Page):
    """The site's front page: what the Academy is and where to start."""

    introduction = models.CharField(_("introduction"), max_length=300, blank=True)
    body = RichTextField(
        _("body"), blank=True, features=["bold", "italic", "link", "ol", "ul", "h2", "h3"]
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["content.CourseIndexPage"]
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


class CourseIndexPage(Page):
    """Lists the courses published in this language."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.CoursePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("course index")


class CoursePage(Page):
    """A course: its children, in order, are its syllabus."""

    summary = models.TextField(_("summary"), max_length=600)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    audience = models.CharField(
        _("who it is for"),
        max_length=300,
        blank=True,
        help_text=_("E.g. 'New sales consultants in their first month'."),
    )
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=30)
    certificate_validity_months = models.PositiveSmallIntegerField(
        _("certificate valid for (months)"),
        null=True,
        blank=True,
        help_text=_("Leave blank for a certificate that does not expire."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("audience"),
        FieldPanel("estimated_minutes"),
        FieldPanel("certificate_validity_months"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    override_translatable_fields = [
        SynchronizedField("estimated_minutes", overridable=False),
        SynchronizedField("certificate_validity_months", overridable=False),
    ]

    parent_page_types = ["content.CourseIndexPage"]
    subpage_types = ["content.LessonPage"]

    class Meta:
        verbose_name = _("course")


class LessonStandard(Orderable):
    """A standard a lesson teaches, in the order the lesson lists them."""

    lesson = ParentalKey("content.LessonPage", on_delete=models.CASCADE, related_name="standards")
    standard = models.ForeignKey(
        Standard, verbose_name=_("standard"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("standard")]

    class Meta(Orderable.Meta):
        verbose_name = _("standard taught")
        verbose_name_plural = _("standards taught")


class LessonPage(Page):
    """A lesson of a course: what to do, why, and the standards it teaches."""

    summary = models.TextField(_("summary"), max_length=400, blank=True)
    body = StreamField(LessonStreamBlock(), verbose_name=_("body"), blank=True)
    required = models.BooleanField(
        _("required"),
        default=True,
        help_text=_("A required lesson must be completed to finish the course."),
    )
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=5)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("standards", label=_("Standards taught")),
    ]
    settings_panels = [
        *Page.settings_panels,
        FieldPanel("required"),
        FieldPanel("estimated_minutes"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    override_translatable_fields = [
        SynchronizedField("required", overridable=False),
        SynchronizedField("estimated_minutes", overridable=False),
    ]

    parent_page_types = ["content.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lesson")
