"""Large downloads of the manager pages, prepared by a worker."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TeamExport(models.Model):
    """The team overview, with the filters a manager chose, as a CSV or XLSX file that a
    worker writes: a company's table of tens of thousands of rows takes longer than a
    page should. Only its owner may see or download it; old ones are purged daily."""

    class Format(models.TextChoices):
        CSV = "csv", _("CSV")
        XLSX = "xlsx", _("Excel (XLSX)")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="team_exports",
        verbose_name=_("asked for by"),
    )
    query = models.TextField(_("filters"), blank=True, help_text=_("As in the page's address."))
    fmt = models.CharField(_("format"), max_length=4, choices=Format.choices)
    language = models.CharField(_("language"), max_length=10)
    title = models.CharField(_("title"), max_length=200)
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="exports/", blank=True)
    job = models.OneToOneField(
        "jobs.Job",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="team_export",
        verbose_name=_("background job"),
    )
    created_at = models.DateTimeField(_("asked for"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("team export")
        verbose_name_plural = _("team exports")
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """What the file is, such as "Team overview as Excel (XLSX)"."""
        return _("%(table)s as %(format)s") % {
            "table": self.title,
            "format": self.get_fmt_display(),
        }

    @property
    def is_ready(self) -> bool:
        return bool(self.file)
