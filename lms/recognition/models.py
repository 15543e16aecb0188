from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from lms.people.models import OrgUnit

# A weight is a small whole number: enough to say "exams count twice as much as role-play".
MAX_WEIGHT = 10

# Paths under /recognition/ that a programme's slug would hide.
RESERVED_SLUGS = {"awards"}


class Programme(models.Model):
    """A monthly recognition programme: who competes, per which unit, and how scores are made."""

    class ScopeLevel(models.TextChoices):
        STORE = OrgUnit.Kind.STORE.value, _("Store")
        REGION = OrgUnit.Kind.REGION.value, _("Region")
        COMPANY = OrgUnit.Kind.COMPANY.value, _("Company")

    class Leaderboard(models.TextChoices):
        EVERYONE = "everyone", _("Everyone sees every rank")
        TOP_N = "top_n", _("Everyone sees the top ranks only")
        NEIGHBOURS = "neighbours", _("Each person sees only their own rank and neighbours")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    scope_level = models.CharField(
        _("scope level"),
        max_length=20,
        choices=ScopeLevel.choices,
        default=ScopeLevel.STORE,
        help_text=_("People compete within each unit of this kind."),
    )
    winners_per_unit = models.PositiveSmallIntegerField(
        _("winners per unit"),
        default=1,
        help_text=_("People tied at the last winning rank are all winners."),
    )
    weight_exams = models.PositiveSmallIntegerField(
        _("weight of exams"),
        default=1,
        validators=[MaxValueValidator(MAX_WEIGHT)],
        help_text=_("0 to 10. The mean of the best percentage on each exam finished that month."),
    )
    weight_roleplay = models.PositiveSmallIntegerField(
        _("weight of role-play"),
        default=0,
        validators=[MaxValueValidator(MAX_WEIGHT)],
        help_text=_("0 to 10. The mean of the best score per scenario finished that month."),
    )
    weight_on_time = models.PositiveSmallIntegerField(
        _("weight of finishing on time"),
        default=0,
        validators=[MaxValueValidator(MAX_WEIGHT)],
        help_text=_("0 to 10. The share of courses due that month completed by the due date."),
    )
    min_finished_exams = models.PositiveSmallIntegerField(
        _("exams needed to take part"),
        default=1,
        help_text=_("Only people who finished at least this many different exams that month."),
    )
    include_managers = models.BooleanField(
        _("include managers"),
        default=False,
        help_text=_("Whether people who manage a unit may be ranked and win."),
    )
    confirm_after_days = models.PositiveSmallIntegerField(
        _("confirm automatically after (days)"),
        default=7,
        help_text=_("Proposed winners the manager has not confirmed are confirmed after this."),
    )
    leaderboard = models.CharField(
        _("leaderboard"),
        max_length=20,
        choices=Leaderboard.choices,
        default=Leaderboard.TOP_N,
        help_text=_("What the live leaderboard shows to people who take part."),
    )
    leaderboard_top_n = models.PositiveSmallIntegerField(
        _("leaderboard length"),
        default=10,
        help_text=_("How many ranks the leaderboard shows when it shows the top only."),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("recognition programme")
        verbose_name_plural = _("recognition programmes")
        ordering = ["name"]
        constraints = [
            # A score is a weighted mean: with every weight at 0 there is nothing to rank by.
            models.CheckConstraint(
                condition=models.Q(weight_exams__gt=0)
                | models.Q(weight_roleplay__gt=0)
                | models.Q(weight_on_time__gt=0),
                name="recognition_programme_some_weight",
                violation_error_message=_("Give at least one part a weight above 0."),
            ),
            models.CheckConstraint(
                condition=models.Q(weight_exams__lte=MAX_WEIGHT)
                & models.Q(weight_roleplay__lte=MAX_WEIGHT)
                & models.Q(weight_on_time__lte=MAX_WEIGHT),
                name="recognition_programme_weights_at_most_10",
                violation_error_message=_("A weight is at most 10."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {
                    "slug": _("“%(slug)s” is the address of another page; choose another slug.")
                    % {"slug": self.slug}
                }
            )

    @property
    def weights(self) -> dict[str, int]:
        """The weight of each part, by the part's name in ``scoring``."""
        return {
            "exams": self.weight_exams,
            "roleplay": self.weight_roleplay,
            "on_time": self.weight_on_time,
        }


class MonthResult(models.Model):
    """One programme's month in one unit: whether it was granted, how many took part and
    won, and why nobody won when nobody did.

    The row is also what ``award_grant`` and ``award_override`` lock, so that two runs for
    the same programme, month and unit wait for each other. ``granted_at`` is empty while
    only an override has touched the month.
    """

    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="month_results",
        verbose_name=_("programme"),
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    granted_at = models.DateTimeField(_("granted"), null=True, blank=True)
    eligible_count = models.PositiveIntegerField(_("people taking part"), default=0)
    winners_count = models.PositiveIntegerField(_("winners"), default=0)
    reason = models.TextField(
        _("why nobody won"),
        blank=True,
        help_text=_("In the site's default language; empty when somebody won."),
    )

    class Meta:
        verbose_name = _("monthly result")
        verbose_name_plural = _("monthly results")
        ordering = ["-month", "programme", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "month", "unit"], name="recognition_month_result_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="recognition_month_result_first_day"
            ),
        ]

    def __str__(self):
        return f"{self.programme} · {self.unit} · {self.month:%Y-%m}"


class Award(models.Model):
    """A person's award in a programme for a month in a unit: proposed, confirmed or
    withdrawn.

    Only proposed awards change when a month is granted again; confirmed and withdrawn
    ones, and every award an administrator overrode, stay as they are.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="awards", verbose_name=_("programme")
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="awards", verbose_name=_("unit")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="awards",
        verbose_name=_("person"),
    )
    rank = models.PositiveIntegerField(
        _("rank"), null=True, blank=True, help_text=_("Empty for a person an administrator added.")
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    parts = models.JSONField(
        _("parts of the score"),
        default=dict,
        blank=True,
        help_text=_("Each part of the score and the tie-break facts, to explain the award."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    proposed_at = models.DateTimeField(_("proposed"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
        help_text=_("Empty when confirmed automatically."),
    )
    override_reason = models.TextField(
        _("reason for the override"),
        blank=True,
        help_text=_("Why an administrator added or withdrew this award."),
    )
    overridden_at = models.DateTimeField(_("overridden"), null=True, blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("overridden by"),
    )
    # Issued when the award is confirmed; one per award (the award row is locked while
    # it is issued). Withdrawing the award revokes it.
    certificate = models.OneToOneField(
        "certificates.Certificate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="award",
        verbose_name=_("award certificate"),
    )

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-month", "programme", "unit", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "month", "unit", "user"], name="recognition_award_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="recognition_award_first_day"
            ),
        ]
        indexes = [models.Index(fields=["status", "proposed_at"])]

    def __str__(self):
        return f"{self.user} · {self.programme} · {self.month:%Y-%m}"


class RecognitionWallPage(Page):
    """The recognition wall: the latest and past winners per region and store, with scores."""

    introduction = models.CharField(_("introduction"), max_length=300, blank=True)
    programmes = ParentalManyToManyField(
        Programme,
        blank=True,
        related_name="+",
        verbose_name=_("programmes"),
        help_text=_("The programmes whose winners the wall shows; none ticked shows them all."),
    )
    months_per_page = models.PositiveSmallIntegerField(
        _("months per page"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text=_("How many months of winners one page of the wall shows, newest first."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("programmes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("months_per_page"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    parent_page_types = ["content.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("recognition wall")

    def serve(self, request, *args, **kwargs):
        # Colleagues' names and scores are for the company's staff, never the public.
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        # The wall's reads live with the other selectors, which import these models.
        from .wall import wall_context

        context = super().get_context(request, *args, **kwargs)
        context.update(wall_context(page=self, request=request))
        return context
