"""The question bank, the exam page with its draw rules, and attempts with their answers."""

import html
import uuid
from collections.abc import Sequence
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    Locale,
    LockableMixin,
    Orderable,
    Page,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index
from wagtail.search.tasks import insert_or_update_object_task
from wagtail_localize.fields import SynchronizedField

from content.models import Standard

from . import grading, rules
from .forms import QuestionForm

# Rich text is cleaned to these features when saved from the editor.
STEM_FEATURES = ["bold", "italic", "ol", "ul"]
EXPLANATION_FEATURES = ["bold", "italic", "ol", "ul", "link"]


def new_option_key() -> str:
    """A short random key for an option: stable for life, the same in every language."""
    return uuid.uuid4().hex[:12]


class QuestionTag(TaggedItemBase):
    """A tag on a question ("till", "phone", "first week"), shared by every language."""

    content_object = ParentalKey(
        "quizzes.Question", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("question tag")
        verbose_name_plural = _("question tags")


class Question(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    TranslatableMixin,
    index.Indexed,
    ClusterableModel,
):
    """A question of the standards exam, tied to the one standard it checks."""

    class Type(models.TextChoices):
        SINGLE = grading.QuestionType.SINGLE.value, _("Single choice")
        MULTIPLE = grading.QuestionType.MULTIPLE.value, _("Multiple response")
        TRUE_FALSE = grading.QuestionType.TRUE_FALSE.value, _("True or false")
        ORDERING = grading.QuestionType.ORDERING.value, _("Ordering")
        SITUATION = grading.QuestionType.SITUATION.value, _("Situation")

    class Difficulty(models.TextChoices):
        EASY = "easy", _("Easy")
        MEDIUM = "medium", _("Medium")
        HARD = "hard", _("Hard")

    standard = models.ForeignKey(
        Standard,
        verbose_name=_("standard"),
        # Attempts and results refer to questions; a standard in use is not deleted.
        on_delete=models.PROTECT,
        related_name="questions",
    )
    question_type = models.CharField(
        _("type"),
        max_length=20,
        choices=Type.choices,
        default=Type.SINGLE,
        help_text=_(
            "Situation: describe a customer's situation in the question and offer replies "
            "to choose from. Ordering: enter the items in the right order; learners see "
            "them shuffled."
        ),
    )
    stem = RichTextField(
        _("question"),
        features=STEM_FEATURES,
        help_text=_("What the learner reads: the question, or the customer's situation."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("image description"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for learners who cannot see it."),
    )
    points = models.DecimalField(
        _("points"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    difficulty = models.CharField(
        _("difficulty"), max_length=10, choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    tags = ClusterTaggableManager(
        verbose_name=_("tags"), through=QuestionTag, blank=True, related_name="questions"
    )
    explanation = RichTextField(
        _("explanation"),
        features=EXPLANATION_FEATURES,
        blank=True,
        help_text=_("Why the right answer is right; shown when learners review their attempt."),
    )
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive questions stay in the bank but are not drawn into new attempts."),
    )

    # With a related_query_name, unlike the mixins' private relations, so revisions and
    # workflow states can be queried from the question's side.
    revisions_relation = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="content_type",
        object_id_field="object_id",
        for_concrete_model=False,
        related_query_name="question",
    )
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        for_concrete_model=False,
        related_query_name="question",
    )

    base_form_class = QuestionForm

    panels = [
        FieldPanel("standard"),
        FieldPanel("question_type"),
        FieldPanel("stem"),
        MultiFieldPanel(
            [FieldPanel("image"), FieldPanel("image_alt")],
            heading=_("Image"),
        ),
        InlinePanel(
            "options",
            label=_("Options"),
            heading=_("Options"),
            help_text=_(
                "Fractions are percentages of the question's points: 100 for the right "
                "answer, 0 for a wrong one, a negative value to take points off a guess. "
                "In a multiple-response question the options worth points add up to 100."
            ),
        ),
        FieldPanel("explanation"),
        MultiFieldPanel(
            [
                FieldPanel("points"),
                FieldPanel("difficulty"),
                FieldPanel("tags"),
                FieldPanel("active"),
            ],
            heading=_("Use in exams"),
        ),
    ]

    search_fields = [
        index.SearchField("stem"),
        index.AutocompleteField("stem"),
        index.SearchField("explanation"),
        index.RelatedFields("tags", [index.SearchField("name"), index.AutocompleteField("name")]),
        # The admin's filters narrow search results by primary key (see viewsets.py).
        index.FilterField("id"),
        index.FilterField("standard"),
        index.FilterField("question_type"),
        index.FilterField("difficulty"),
        index.FilterField("active"),
        index.FilterField("locale"),
        index.FilterField("live"),
    ]

    # What grading needs stays that of the source: a question scores the same in every
    # language, so results stay comparable. The standard is a translatable snippet, so a
    # translation points at the standard's translation where one exists (wagtail-localize's
    # default); the image may be replaced by one with text in the translation's language.
    override_translatable_fields = [
        SynchronizedField("question_type", overridable=False),
        SynchronizedField("points", overridable=False),
        SynchronizedField("difficulty", overridable=False),
        SynchronizedField("active", overridable=False),
        SynchronizedField("image"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.stem_excerpt()

    def stem_excerpt(self, length: int = 80) -> str:
        """The stem as plain text, cut to ``length`` characters."""
        return Truncator(html.unescape(strip_tags(self.stem)).strip()).chars(length)

    def standard_code(self) -> str:
        """The standard's code, the same in every language."""
        return self.standard.code

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "tags" in update_fields:
            # Indexing starts on post_save, which modelcluster sends before it saves the
            # tags; index again now that they are saved, so a search by tag finds the
            # question. (Where tasks wait for the commit, both runs see the tags.)
            insert_or_update_object_task.enqueue(
                self._meta.app_label, self._meta.model_name, str(self.pk)
            )

    def clean(self) -> None:
        super().clean()
        if self.image_id and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": _("Describe the image for learners who cannot see it.")}
            )

    def ordered_options(self) -> list["QuestionOption"]:
        """The options in their order, saved or not (a revision's, or the form's)."""
        options = list(self.options.all())
        return sorted(
            options,
            key=lambda option: (option.sort_order is None, option.sort_order or 0),
        )

    def option_problems(self) -> list[rules.Problem]:
        """Why the current options cannot be graded; empty when they can."""
        return rules.question_problems(
            self.question_type, [option.grading_option() for option in self.ordered_options()]
        )

    def clean_options(self) -> None:
        """Raise a ValidationError if the options cannot be graded.

        Not part of ``clean()``: when the admin form cleans the question, its options are
        still the old ones. The form checks the submitted options itself.
        """
        problems = self.option_problems()
        if problems:
            raise ValidationError([problem.message for problem in problems])

    def shown_standard(self) -> Standard:
        """The standard in the question's language where it is published, else as linked.

        A translation made before its standard was translated still points at the
        source-language standard (as lessons' "standards taught" may, see
        ``content.models._localized_live_standards``).
        """
        standard = self.standard
        if standard.locale_id == self.locale_id:
            return standard
        translation = Standard.objects.filter(
            translation_key=standard.translation_key, locale_id=self.locale_id, live=True
        ).first()
        return translation or standard

    def grading_question(self, key: str | None = None) -> grading.Question:
        """This question as the grading module sees it.

        ``key`` names it in an attempt (by default its translation key); the label is the
        standard's translation key, the same for every language of question and standard.
        """
        return grading.Question(
            key=str(self.translation_key) if key is None else key,
            question_type=grading.QuestionType(self.question_type),
            points=Decimal(self.points),
            options=tuple(option.grading_option() for option in self.ordered_options()),
            label=str(self.standard.translation_key),
        )

    # Previews: how learners see the question, and how it looks in review with the answers.
    @property
    def preview_modes(self):
        return [("", _("As learners see it")), ("review", _("With answers"))]

    def get_preview_template(self, request, mode_name):
        return "quizzes/question_preview.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context.update(
            options=self.ordered_options(),
            show_answers=mode_name == "review",
            standard=self.shown_standard() if self.standard_id else None,
        )
        return context


class QuestionOption(TranslatableMixin, Orderable):
    """An option of a question: an answer to choose, a reply, or an item to put in order."""

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="options")
    # Answers refer to options by key, never by position: display order is shuffled, and
    # the key stays when options are reordered, edited or translated.
    key = models.CharField(_("key"), max_length=32, default=new_option_key, editable=False)
    text = models.TextField(_("text"), max_length=500)
    fraction = models.DecimalField(
        _("fraction (%)"),
        max_digits=8,
        decimal_places=5,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(-100)), MaxValueValidator(Decimal(100))],
        help_text=_("Share of the question's points, from -100 to 100."),
    )
    feedback = models.TextField(
        _("feedback"),
        max_length=500,
        blank=True,
        help_text=_("Shown in review to a learner who chose this option."),
    )

    panels = [FieldPanel("text"), FieldPanel("fraction"), FieldPanel("feedback")]

    # Text and feedback are translated; the key and the fraction never are.
    override_translatable_fields = [
        SynchronizedField("key", overridable=False),
        SynchronizedField("fraction", overridable=False),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("option")
        verbose_name_plural = _("options")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "key"], name="quizzes_questionoption_question_key_unique"
            ),
        ]

    def __str__(self) -> str:
        return Truncator(self.text).chars(60)

    def grading_option(self) -> grading.Option:
        return grading.Option(key=self.key, fraction=Decimal(self.fraction))


# Exams -----------------------------------------------------------------------------------

INTRODUCTION_FEATURES = ["bold", "italic", "link", "ol", "ul", "h2", "h3"]


def assign_draw(pools: Sequence[Sequence[str]]) -> list[str] | None:
    """A distinct question for every slot, each from its slot's pool; None when impossible.

    ``pools[i]`` lists the question keys slot ``i`` may take, in order of preference
    (shuffle them for a random draw). Augmenting paths (Kuhn's matching) find an
    assignment whenever one exists, so overlapping rules such as "5 from the greeting
    category" and "3 from GREET-01" never fail on an unlucky order. Pure: no database.
    """
    owner: dict[str, int] = {}

    def place(slot: int, seen: set[str]) -> bool:
        for key in pools[slot]:
            if key in seen:
                continue
            seen.add(key)
            if key not in owner or place(owner[key], seen):
                owner[key] = slot
                return True
        return False

    for slot in range(len(pools)):
        if not place(slot, set()):
            return None
    chosen = {slot: key for key, slot in owner.items()}
    return [chosen[slot] for slot in range(len(pools))]


# The log action recorded when a trainer regrades an exam (registered in wagtail_hooks.py;
# Wagtail imports every app's hooks the first time any hook is looked up, workers included).
REGRADE_LOG_ACTION = "quizzes.exam_regrade"


class ExamPageForm(WagtailAdminPageForm):
    """Gives the page the submitted draw rules before the page is cleaned.

    A cluster form validates its inline rows after the page itself, so without this the
    page's ``clean()`` would check the pool against the rules saved before the edit.
    """

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("draw_rules")
        if formset is not None and formset.is_valid():
            deleted = set(formset.deleted_forms)
            self.instance.draw_rules = [
                form.instance
                for form in formset.forms
                if form not in deleted and (form.instance.pk or form.has_changed())
            ]
        return cleaned_data


class ExamPage(Page):
    """A standards exam under a course: how questions are drawn, timed and graded."""

    class Layout(models.TextChoices):
        ONE_PER_PAGE = "one_per_page", _("One question per page")
        ALL_ON_ONE_PAGE = "all_on_one_page", _("All questions on one page")

    class Review(models.TextChoices):
        SCORE = "score", _("Score only")
        MARKS = "marks", _("Score and which answers were right")
        ANSWERS = "answers", _("Score, right answers and explanations")

    introduction = RichTextField(_("introduction"), features=INTRODUCTION_FEATURES, blank=True)
    required = models.BooleanField(
        _("required"),
        default=True,
        help_text=_("A required exam must be passed to finish the course."),
    )
    pass_mark = models.DecimalField(
        _("pass mark (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(80),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave blank for no time limit."),
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave blank for unlimited attempts."),
    )
    wait_minutes = models.PositiveIntegerField(
        _("wait between attempts (minutes)"),
        default=0,
        help_text=_("How long a learner waits after an attempt before the next; 0 for none."),
    )
    resit_after_pass = models.BooleanField(
        _("may sit again after passing"),
        default=False,
        help_text=_("Let a learner who passed take the exam again; the best attempt counts."),
    )
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(
        _("closes"),
        null=True,
        blank=True,
        help_text=_("An attempt under way ends at this time at the latest."),
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=True)
    shuffle_options = models.BooleanField(
        _("shuffle options"),
        default=True,
        help_text=_("Items of ordering questions are always shuffled."),
    )
    layout = models.CharField(
        _("layout"), max_length=20, choices=Layout.choices, default=Layout.ONE_PER_PAGE
    )
    review = models.CharField(
        _("after submitting, learners see"),
        max_length=20,
        choices=Review.choices,
        default=Review.MARKS,
    )

    base_form_class = ExamPageForm

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        InlinePanel(
            "draw_rules",
            label=_("Question draw rule"),
            heading=_("Questions"),
            min_num=1,
            help_text=_(
                "Each rule adds either one fixed question or a number of questions drawn "
                "at random from a standard, a category or a tag. A question is never "
                "drawn twice in one attempt; only active, published questions are drawn."
            ),
        ),
    ]
    settings_panels = [
        *Page.settings_panels,
        MultiFieldPanel(
            [
                FieldPanel("required"),
                FieldPanel("pass_mark"),
                FieldPanel("time_limit_minutes"),
                FieldPanel("attempts_allowed"),
                FieldPanel("wait_minutes"),
                FieldPanel("resit_after_pass"),
            ],
            heading=_("Rules"),
        ),
        MultiFieldPanel(
            [FieldPanel("opens_at"), FieldPanel("closes_at")], heading=_("Availability")
        ),
        MultiFieldPanel(
            [
                FieldPanel("shuffle_questions"),
                FieldPanel("shuffle_options"),
                FieldPanel("layout"),
                FieldPanel("review"),
            ],
            heading=_("Presentation"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    # An exam is the same test in every language: translators only touch its texts.
    override_translatable_fields = [
        SynchronizedField(name, overridable=False)
        for name in (
            "required",
            "pass_mark",
            "time_limit_minutes",
            "attempts_allowed",
            "wait_minutes",
            "resit_after_pass",
            "opens_at",
            "closes_at",
            "shuffle_questions",
            "shuffle_options",
            "layout",
            "review",
        )
    ]

    parent_page_types = ["content.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("exam")
        verbose_name_plural = _("exams")

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list] = {}
        if self.pass_mark is not None and not Decimal(0) <= self.pass_mark <= Decimal(100):
            errors.setdefault("pass_mark", []).append(
                _("The pass mark is a percentage from 0 to 100.")
            )
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors.setdefault("closes_at", []).append(_("The exam must close after it opens."))
        if errors:
            raise ValidationError(errors)
        problems = self.draw_problems()
        if problems:
            raise ValidationError(problems)

    def ordered_draw_rules(self) -> list["ExamDrawRule"]:
        """The draw rules in their order, saved or not."""
        return sorted(
            self.draw_rules.all(),
            key=lambda rule: (rule.sort_order is None, rule.sort_order or 0),
        )

    def draw_pools(self) -> list[list["Question"]]:
        """For each slot of the draw, the questions that may fill it, in the default bank.

        A fixed rule is one slot with one question; "N from a source" is N slots sharing
        the source's active, live questions in the default language. Questions are
        matched by translation key, so a translated page's rules (copied from the source
        page, or pointing at translations) draw from the same bank.
        """
        default_locale = Locale.get_default()
        bank = Question.objects.filter(locale=default_locale, live=True, active=True)
        pools: list[list[Question]] = []
        for rule in self.ordered_draw_rules():
            if rule.question_id:
                pools.append(list(bank.filter(translation_key=rule.question.translation_key)[:1]))
                continue
            source = rule.source_filter()
            if source is None or not rule.count:
                continue
            candidates = list(bank.filter(**source).distinct().order_by("pk"))
            pools.extend([candidates] * rule.count)
        return pools

    def draw_problems(self) -> list[str]:
        """Why the bank cannot fill every rule; empty when it can."""
        rules_ = self.ordered_draw_rules()
        if not rules_:
            return [_("Add at least one rule saying which questions the exam draws.")]
        if any(rule.rule_problems() for rule in rules_):
            return []  # shown on the rule itself
        problems = []
        pools = self.draw_pools()
        slot = 0
        for position, rule in enumerate(rules_, start=1):
            size = 1 if rule.question_id else rule.count
            if rule.question_id and not pools[slot]:
                problems.append(
                    _(
                        "Rule %(number)s: the question is not active and published in the "
                        "default language."
                    )
                    % {"number": position}
                )
            elif not rule.question_id and len(pools[slot]) < rule.count:
                problems.append(
                    _(
                        "Rule %(number)s asks for %(count)s questions but the bank has only "
                        "%(available)s active, published ones for it."
                    )
                    % {"number": position, "count": rule.count, "available": len(pools[slot])}
                )
            slot += size
        if problems:
            return problems
        keys = [[str(question.pk) for question in pool] for pool in pools]
        if assign_draw(keys) is None:
            return [
                _(
                    "The rules overlap: the bank has too few different questions to fill "
                    "them all without drawing one twice."
                )
            ]
        return []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["question_count"] = sum(
            1 if rule.question_id else (rule.count or 0) for rule in self.draw_rules.all()
        )
        return context


class ExamDrawRule(Orderable):
    """One rule of an exam's draw: a fixed question, or N questions from one source."""

    exam = ParentalKey(ExamPage, on_delete=models.CASCADE, related_name="draw_rules")
    question = models.ForeignKey(
        Question,
        verbose_name=_("fixed question"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    count = models.PositiveSmallIntegerField(
        _("number of questions"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("How many to draw from the standard, category or tag below."),
    )
    standard = models.ForeignKey(
        Standard,
        verbose_name=_("from standard"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    category = models.ForeignKey(
        "content.StandardCategory",
        verbose_name=_("from standard category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    tag = models.CharField(_("from tag"), max_length=100, blank=True)

    panels = [
        FieldPanel("question"),
        FieldPanel("count"),
        FieldPanel("standard"),
        FieldPanel("category"),
        FieldPanel("tag"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("draw rule")
        verbose_name_plural = _("draw rules")

    def __str__(self) -> str:
        if self.question_id:
            return str(self.question)
        source = self.standard or self.category or self.tag
        return f"{self.count} x {source}"

    def sources(self) -> list[str]:
        return [
            name
            for name, value in (
                ("standard", self.standard_id),
                ("category", self.category_id),
                ("tag", self.tag.strip()),
            )
            if value
        ]

    def source_filter(self) -> dict | None:
        """Lookups on Question selecting this rule's source in any language; None if none."""
        if self.standard_id:
            return {"standard__translation_key": self.standard.translation_key}
        if self.category_id:
            return {"standard__category__translation_key": self.category.translation_key}
        if self.tag.strip():
            return {"tags__name__iexact": self.tag.strip()}
        return None

    def rule_problems(self) -> dict[str, list[str]]:
        """Field errors of a rule that is neither one fixed question nor N from one source."""
        sources = self.sources()
        if self.question_id:
            if sources or self.count:
                return {
                    "question": [
                        _(
                            "Choose either a fixed question, or a number of questions from a "
                            "standard, category or tag, not both."
                        )
                    ]
                }
            return {}
        if not sources:
            return {
                "question": [
                    _(
                        "Choose a fixed question, or a standard, category or tag to draw "
                        "questions from."
                    )
                ]
            }
        if len(sources) > 1:
            return {sources[1]: [_("Draw from one source only: a standard, a category or a tag.")]}
        if not self.count:
            return {"count": [_("Say how many questions to draw.")]}
        return {}

    def clean(self) -> None:
        super().clean()
        problems = self.rule_problems()
        if problems:
            raise ValidationError(problems)


# Attempts --------------------------------------------------------------------------------


class Attempt(models.Model):
    """One sitting of an exam by one person, from start to grade.

    Everything the grade depends on is frozen at the start: the questions (as revisions),
    the option order, the language, the pass mark and the deadline. Attempts are counted
    by the exam's ``translation_key``, so sittings in any language share the allowance.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("In progress")
        SUBMITTED = "submitted", _("Submitted")
        CLOSED_OVERDUE = "closed_overdue", _("Closed when time ran out")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="exam_attempts",
    )
    exam = models.ForeignKey(
        ExamPage,
        verbose_name=_("exam"),
        on_delete=models.CASCADE,
        related_name="attempts",
        help_text=_("The page, in the language it was started from."),
    )
    exam_key = models.UUIDField(_("exam (any language)"), db_index=True)
    number = models.PositiveSmallIntegerField(_("attempt number"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    locale = models.ForeignKey(
        "wagtailcore.Locale",
        verbose_name=_("language"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Every question of the attempt is shown in this language."),
    )
    store = models.ForeignKey(
        "people.OrgUnit",
        verbose_name=_("store"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The person's home store when the attempt started."),
    )
    job_role = models.ForeignKey(
        "people.JobRole",
        verbose_name=_("job role"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The person's job role when the attempt started."),
    )
    pass_mark = models.DecimalField(_("pass mark (%)"), max_digits=5, decimal_places=2)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    deadline = models.DateTimeField(
        _("deadline"), null=True, blank=True, help_text=_("Empty when there is no time limit.")
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    score_points = models.DecimalField(
        _("score"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    max_points = models.DecimalField(
        _("maximum score"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    percentage = models.DecimalField(
        _("percentage"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    graded_at = models.DateTimeField(_("graded"), null=True, blank=True)
    regrade_count = models.PositiveSmallIntegerField(
        _("times regraded"),
        default=0,
        help_text=_("How many times a trainer's regrade changed this attempt's result."),
    )

    class Meta:
        verbose_name = _("exam attempt")
        verbose_name_plural = _("exam attempts")
        ordering = ["-started_at", "-pk"]
        constraints = [
            # Starting again resumes the open attempt: two tabs never sit two at once.
            models.UniqueConstraint(
                fields=["user", "exam_key"],
                condition=models.Q(status="open"),
                name="quizzes_one_open_attempt_per_exam",
            ),
            models.UniqueConstraint(
                fields=["user", "exam_key", "number"], name="quizzes_attempt_number_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "deadline"], name="quizzes_attempt_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.exam} #{self.number}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def finished(self) -> bool:
        return self.finished_at is not None


class AttemptQuestion(models.Model):
    """A question as frozen in an attempt: its revision, the option order shown, its points."""

    attempt = models.ForeignKey(
        Attempt, verbose_name=_("attempt"), on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    question_key = models.UUIDField(_("question (any language)"), db_index=True)
    standard_key = models.UUIDField(
        _("standard (any language)"), help_text=_("For the per-standard breakdown.")
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("revision"),
        # Grading and regrading read the frozen revision: it must outlive edits.
        on_delete=models.PROTECT,
        related_name="+",
    )
    option_order = models.JSONField(
        _("option order"), default=list, help_text=_("The option keys, in the order shown.")
    )
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("attempt question")
        verbose_name_plural = _("attempt questions")
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "position"], name="quizzes_attempt_question_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attempt} — {self.position}"


class Answer(models.Model):
    """The learner's answer to one attempt question, saved in place as it changes.

    ``sequence`` is the client's counter: a save with an older number than the stored one
    (from another tab, or a request overtaken on a slow network) changes nothing.
    """

    attempt_question = models.OneToOneField(
        AttemptQuestion,
        verbose_name=_("question"),
        on_delete=models.CASCADE,
        related_name="answer",
    )
    selected = models.JSONField(
        _("selected options"),
        default=list,
        blank=True,
        help_text=_("Option keys chosen; for ordering questions, every key in order."),
    )
    sequence = models.PositiveIntegerField(_("sequence number"), default=0)
    saved_at = models.DateTimeField(_("saved"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.attempt_question}: {', '.join(self.selected)}"
