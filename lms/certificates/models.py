"""Certificate designs trainers edit, and the certificates issued from them."""

import re
from datetime import date

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import (
    DraftStateMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
)
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

colour_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Give a colour as # and six hexadecimal digits, e.g. #1f4e79.")
)

# The placeholders a design's title and body may use, and what each stands for.
PLACEHOLDERS = {
    "name": _("the learner's full name"),
    "course": _("the course (or award) title"),
    "score": _("the exam score, e.g. 92 %"),
    "issued": _("the date of issue"),
    "expires": _("the expiry date, or nothing"),
    "code": _("the verification code"),
    "serial": _("the serial number"),
}
PLACEHOLDER_RE = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")


class CertificateDesign(
    DraftStateMixin,
    RevisionMixin,
    PreviewableMixin,
    TranslatableMixin,
    index.Indexed,
    ClusterableModel,
):
    """How a certificate looks: page, images, colours, wording and signatories.

    Each certificate records the design's revision it was rendered with, so editing a
    design never changes certificates already issued. The design marked default for its
    kind is used, in the learner's language when it is translated.
    """

    class Kind(models.TextChoices):
        COURSE = "course", _("Course completion")
        AWARD = "award", _("Award")

    class PageSize(models.TextChoices):
        A4 = "A4", _("A4")
        LETTER = "letter", _("US Letter")

    class Orientation(models.TextChoices):
        LANDSCAPE = "landscape", _("Landscape")
        PORTRAIT = "portrait", _("Portrait")

    name = models.CharField(_("name"), max_length=120, help_text=_("For trainers; not printed."))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COURSE)
    is_default = models.BooleanField(
        _("default for its kind"),
        default=False,
        help_text=_("Certificates of this kind are issued with the default design."),
    )
    page_size = models.CharField(
        _("page size"), max_length=10, choices=PageSize.choices, default=PageSize.A4
    )
    orientation = models.CharField(
        _("orientation"),
        max_length=10,
        choices=Orientation.choices,
        default=Orientation.LANDSCAPE,
    )
    background_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("background image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Covers the whole page behind the text; keep it light."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    logo_alt = models.CharField(
        _("logo text alternative"),
        max_length=200,
        blank=True,
        help_text=_("Read out by screen readers, e.g. the company's name."),
    )
    primary_colour = models.CharField(
        _("main colour"), max_length=7, default="#1f3a5f", validators=[colour_validator]
    )
    accent_colour = models.CharField(
        _("accent colour"), max_length=7, default="#b8860b", validators=[colour_validator]
    )
    issuer = models.CharField(
        _("issuer"),
        max_length=200,
        help_text=_("Who issues the certificate, e.g. the company's name."),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("body"),
        max_length=1000,
        help_text=_(
            "Placeholders: {name}, {course}, {score}, {issued}, {expires}, {code}, {serial}."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("is_default")]),
        FieldRowPanel([FieldPanel("page_size"), FieldPanel("orientation")]),
        MultiFieldPanel(
            [
                FieldPanel("background_image"),
                FieldPanel("logo"),
                FieldPanel("logo_alt"),
                FieldRowPanel([FieldPanel("primary_colour"), FieldPanel("accent_colour")]),
            ],
            heading=_("Look"),
        ),
        FieldPanel("issuer"),
        FieldPanel("title"),
        FieldPanel("body"),
        InlinePanel("signatories", label=_("Signatories"), heading=_("Signatories")),
    ]

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("title"),
        index.FilterField("kind"),
        index.FilterField("locale"),
    ]

    # The look is the same in every language; the wording is translated.
    override_translatable_fields = [
        SynchronizedField("kind", overridable=False),
        SynchronizedField("is_default", overridable=False),
        SynchronizedField("page_size", overridable=False),
        SynchronizedField("orientation", overridable=False),
        SynchronizedField("primary_colour", overridable=False),
        SynchronizedField("accent_colour", overridable=False),
        SynchronizedField("background_image"),
        SynchronizedField("logo"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("certificate design")
        verbose_name_plural = _("certificate designs")

    def __str__(self) -> str:
        return self.name

    def get_preview_template(self, request, mode_name):
        return "certificates/pdf/certificate.html"

    def get_preview_context(self, request, mode_name):
        from .rendering import sample_context

        return sample_context(design=self)


class Signatory(TranslatableMixin, Orderable):
    """A person who signs certificates of a design."""

    design = ParentalKey(CertificateDesign, on_delete=models.CASCADE, related_name="signatories")
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("title"), max_length=120, help_text=_("E.g. Head of training."))
    signature = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("signature image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("signature")]
    override_translatable_fields = [SynchronizedField("signature")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")

    def __str__(self) -> str:
        return self.name


class Certificate(models.Model):
    """A certificate issued to one person: the record, and the PDF rendered from it.

    One per completed enrolment, enforced by the database. What it says (name, course,
    score, dates) is copied here when it is issued, so the verification page shows what
    the PDF should say even if the person or the course is renamed later. "Expired" is
    worked out from the dates whenever it is read, never stored.
    """

    class Kind(models.TextChoices):
        COURSE = "course", _("Course completion")
        AWARD = "award", _("Award")

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")
        SUPERSEDED = "superseded", _("Superseded")

    serial = models.CharField(_("serial number"), max_length=20, unique=True, null=True)
    code = models.CharField(_("verification code"), max_length=24, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COURSE)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="certificates",
        verbose_name=_("person"),
    )
    learner_name = models.CharField(_("name as issued"), max_length=200)
    # A certificate outlives its enrolment (a course deleted later): it is the company's
    # record, and its verification page still reads from the fields copied here.
    enrolment = models.OneToOneField(
        "learning.Enrolment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificate",
        verbose_name=_("enrolment"),
    )
    course = models.ForeignKey(
        "content.CoursePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("course"),
    )
    course_key = models.UUIDField(_("course (any language)"), null=True, blank=True)
    title = models.CharField(
        _("course or award as issued"),
        max_length=255,
        help_text=_("In the certificate's language."),
    )
    attempt = models.ForeignKey(
        "quizzes.Attempt",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("exam attempt"),
    )
    score = models.DecimalField(
        _("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    issued_on = models.DateField(_("issued"))
    expires_on = models.DateField(_("expires"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=10)
    design = models.ForeignKey(
        CertificateDesign,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("design"),
    )
    design_revision = models.ForeignKey(
        "wagtailcore.Revision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("design revision"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=[
            (Status.VALID, Status.VALID.label),
            (Status.REVOKED, Status.REVOKED.label),
            (Status.SUPERSEDED, Status.SUPERSEDED.label),
        ],
        default=Status.VALID,
        help_text=_("Expired is worked out from the dates, not stored."),
    )
    revoked_reason = models.TextField(_("why it was revoked"), blank=True)
    pdf = models.FileField(_("PDF"), upload_to="certificates/", blank=True)
    rendered_at = models.DateTimeField(_("rendered"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-pk"]
        indexes = [models.Index(fields=["user", "issued_on"], name="cert_user_issued_idx")]

    def __str__(self) -> str:
        return f"{self.serial or self.code} — {self.learner_name}"

    def status_on(self, today: date) -> str:
        """Valid, expired (worked out from ``today``), revoked or superseded."""
        if self.status != self.Status.VALID:
            return self.status
        if self.expires_on is not None and today > self.expires_on:
            return self.Status.EXPIRED
        return self.Status.VALID

    @property
    def current_status(self) -> str:
        return self.status_on(timezone.localdate())

    def get_current_status_display(self) -> str:
        return self.Status(self.current_status).label

    @property
    def is_ready(self) -> bool:
        return bool(self.pdf)
