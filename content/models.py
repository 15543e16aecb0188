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

from . import scenarios
from .blocks import LessonStreamBlock, ScenarioStepsBlock, scenario_nodes


class HomePage(Page):
    """The site's front page: what the Academy is and where to start."""

    introduction = models.CharField(_("introduction"), max_length=300, blank=True)
    body = RichTextField(
        _("body"), blank=True, features=["bold", "italic", "link", "ol", "ul", "h2", "h3"]
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]

    parent_page_types = ["wagtailcore.Page"]
    # The recognition wall lives in lms.recognition; named here only by its label.
    subpage_types = ["content.CourseIndexPage", "recognition.RecognitionWallPage"]
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
    self_enrolment = models.BooleanField(
        _("open for self-enrolment"),
        default=False,
        help_text=_(
            "Learners may add this course to their learning themselves. Courses assigned by "
            "onboarding paths or managers need not be open."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("audience"),
        FieldPanel("estimated_minutes"),
        FieldPanel("certificate_validity_months"),
        FieldPanel("self_enrolment"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    override_translatable_fields = [
        SynchronizedField("estimated_minutes", overridable=False),
        SynchronizedField("certificate_validity_months", overridable=False),
        SynchronizedField("self_enrolment", overridable=False),
    ]

    parent_page_types = ["content.CourseIndexPage"]
    # The exam page lives in quizzes; named by string so content never imports it.
    subpage_types = ["content.LessonPage", "content.ScenarioPage", "quizzes.ExamPage"]

    class Meta:
        verbose_name = _("course")


def _localized_live_standards(rows, locale_id) -> list[Standard]:
    """The live standards of inline ``rows``, in order, each in ``locale_id`` where translated.

    A translated page's rows may still point at the source-language standard (inline rows
    are copied, not translated); where that standard has a translation in the page's
    locale, the translation is shown. Two queries whatever the number of standards.
    """
    standards = [row.standard for row in rows.select_related("standard")]
    foreign_keys = {s.translation_key for s in standards if s.locale_id != locale_id}
    translations = {}
    if foreign_keys:
        translations = {
            standard.translation_key: standard
            for standard in Standard.objects.filter(
                translation_key__in=foreign_keys, locale_id=locale_id
            )
        }
    shown = [translations.get(s.translation_key, s) for s in standards]
    return [standard for standard in shown if standard.live]


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

    def taught_standards(self) -> list[Standard]:
        """The live standards this lesson teaches, in order, in the lesson's language."""
        return _localized_live_standards(self.standards, self.locale_id)


class ScenarioStandard(Orderable):
    """A standard a scenario practises, in the order the scenario lists them."""

    scenario = ParentalKey(
        "content.ScenarioPage", on_delete=models.CASCADE, related_name="standards"
    )
    standard = models.ForeignKey(
        Standard, verbose_name=_("standard"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("standard")]

    class Meta(Orderable.Meta):
        verbose_name = _("standard practised")
        verbose_name_plural = _("standards practised")


class ScenarioPage(Page):
    """A graded role-play: a customer's lines, the replies to choose from, and endings."""

    class Mood(models.TextChoices):
        CALM = "calm", _("calm")
        HURRIED = "hurried", _("in a hurry")
        UNSURE = "unsure", _("unsure")
        IRRITATED = "irritated", _("irritated")
        ANGRY = "angry", _("angry")

    summary = models.TextField(_("summary"), max_length=400, blank=True)
    setting = models.TextField(
        _("setting"),
        max_length=600,
        help_text=_("Where and when it happens, e.g. 'A busy Saturday at the till'."),
    )
    persona = models.CharField(
        _("the customer"),
        max_length=300,
        help_text=_("Who the customer is, e.g. 'A regular who bought a kettle last week'."),
    )
    mood = models.CharField(_("mood"), max_length=20, choices=Mood.choices, default=Mood.CALM)
    goal = models.TextField(
        _("goal"), max_length=400, help_text=_("What the learner must achieve.")
    )
    pass_score = models.PositiveSmallIntegerField(
        _("pass score"),
        default=1,
        help_text=_("Points needed to pass; at most the best possible score."),
    )
    steps = StreamField(ScenarioStepsBlock(), verbose_name=_("steps and endings"))
    required = models.BooleanField(
        _("required"),
        default=True,
        help_text=_("A required scenario must be passed to finish the course."),
    )
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=5)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("setting"),
        FieldPanel("persona"),
        FieldPanel("mood"),
        FieldPanel("goal"),
        InlinePanel("standards", label=_("Standards practised")),
        FieldPanel("pass_score"),
        FieldPanel("steps"),
    ]
    settings_panels = [
        *Page.settings_panels,
        FieldPanel("required"),
        FieldPanel("estimated_minutes"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("setting"),
        index.SearchField("goal"),
    ]
    override_translatable_fields = [
        SynchronizedField("mood", overridable=False),
        SynchronizedField("pass_score", overridable=False),
        SynchronizedField("required", overridable=False),
        SynchronizedField("estimated_minutes", overridable=False),
    ]

    parent_page_types = ["content.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("role-play scenario")
        verbose_name_plural = _("role-play scenarios")

    def scenario_graph(self) -> list[scenarios.Node]:
        return scenario_nodes(self.steps)

    @property
    def max_score(self) -> int:
        """The best total a learner can reach; 0 while the steps have problems."""
        nodes = self.scenario_graph()
        if scenarios.scenario_problems(nodes):
            return 0
        return scenarios.max_score(nodes)

    def clean_fields(self, exclude=None):
        # Checked here rather than in clean() so that when the admin form has already
        # rejected the steps (and excluded them), the same problems are not listed twice.
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if not exclude or "steps" not in exclude:
            problems = scenarios.scenario_problems(self.scenario_graph())
            field_messages = [] if problems else _block_field_messages(self.steps)
            if problems or field_messages:
                errors.setdefault("steps", []).extend(
                    [_describe_problem(problem) for problem in problems] + field_messages
                )
            elif not exclude or "pass_score" not in exclude:
                best = scenarios.max_score(self.scenario_graph())
                if self.pass_score > best:
                    errors.setdefault("pass_score", []).append(
                        _("The best possible score is %(best)s; the pass score cannot be higher.")
                        % {"best": best}
                    )
        if errors:
            raise ValidationError(errors)

    def taught_standards(self) -> list[Standard]:
        """The live standards this scenario practises, in the scenario's language."""
        return _localized_live_standards(self.standards, self.locale_id)


def _flatten_block_error(error) -> list[str]:
    nested = getattr(error, "block_errors", None)
    if nested is None:
        return list(error.messages)
    messages = [message for item in error.non_block_errors.as_data() for message in item.messages]
    for child in nested.values():
        messages.extend(_flatten_block_error(child))
    return messages


def _block_field_messages(steps) -> list[str]:
    """The blocks' own field rules (lengths, required fields), for saves outside the admin."""
    try:
        steps.stream_block.clean(steps)
    except ValidationError as error:
        if not hasattr(error, "block_errors"):
            return list(error.messages)
        messages = [m for item in error.non_block_errors.as_data() for m in item.messages]
        for position, child in sorted(error.block_errors.items()):
            messages.extend(
                _("Node %(node)s: %(message)s") % {"node": position + 1, "message": message}
                for message in _flatten_block_error(child)
            )
        return messages
    return []


def _describe_problem(problem: scenarios.Problem) -> str:
    if problem.position is None:
        return problem.message
    if problem.reply is None:
        return _("Node %(node)s: %(message)s") % {
            "node": problem.position + 1,
            "message": problem.message,
        }
    return _("Node %(node)s, reply %(reply)s: %(message)s") % {
        "node": problem.position + 1,
        "reply": problem.reply + 1,
        "message": problem.message,
    }
