"""Wagtail admin pages of the staff import: upload, preview, progress, report, past imports.

Only people who may add people (Administrators) import staff; the views call the
services in ``staff_import.py`` and hold no rules of their own.
"""

import csv

from django import forms
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView, WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from .models import StaffImport
from .staff_import import (
    COLUMNS,
    Outcome,
    StaffImportError,
    StaffImportFileError,
    describe_counts,
    describe_row,
    staff_csv_decode,
    staff_import_can_start,
    staff_import_counts,
    staff_import_create,
    staff_import_start,
)

PERMISSION = "people.add_user"
ICON = "upload"


def may_import_staff(user) -> bool:
    """Importing creates and changes people, so it needs the right to add people."""
    return user.is_authenticated and user.has_perm(PERMISSION)


class StaffImportUploadForm(forms.Form):
    """A staff CSV: UTF-8, at most ``STAFF_IMPORT_MAX_BYTES``."""

    file = forms.FileField(
        label=gettext_lazy("Staff file (CSV)"),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "UTF-8, comma or semicolon between values, at most %(size)s. Columns: %(columns)s."
        ) % {"size": filesizeformat(settings.STAFF_IMPORT_MAX_BYTES), "columns": ", ".join(COLUMNS)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(_("Choose a .csv file."))
        if upload.size > settings.STAFF_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _(
                    "The file is larger than %(max)s, the most that can be imported at once. "
                    "Split it into smaller files."
                )
                % {"max": filesizeformat(settings.STAFF_IMPORT_MAX_BYTES)}
            )
        try:
            self.cleaned_data["content"] = staff_csv_decode(upload.read())
        except StaffImportFileError as error:
            raise forms.ValidationError(error.messages) from None
        return upload


class StaffImportPermissionMixin:
    """Everyone without the right to add people gets a 403 page."""

    def dispatch(self, request, *args, **kwargs):
        if not may_import_staff(request.user):
            # Wagtail turns a raised PermissionDenied into a redirect; say "forbidden" plainly.
            return TemplateResponse(
                request,
                "people/staff_import/forbidden.html",
                {"page_title": _("Staff import"), "header_icon": ICON},
                status=403,
            )
        return super().dispatch(request, *args, **kwargs)


class StaffImportObjectMixin:
    """Views of one import, found by the ``pk`` in the URL."""

    @cached_property
    def staff_import(self) -> StaffImport:
        return get_object_or_404(
            StaffImport.objects.select_related("job", "uploaded_by"), pk=self.kwargs["pk"]
        )

    def get_page_subtitle(self):
        return self.staff_import.file_name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("staff_import:index"), "label": _("Staff import")},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]


def staff_import_url(staff_import: StaffImport) -> str:
    """The page that fits the import's state: preview, progress or report."""
    name = {
        StaffImport.Status.PREVIEWED: "staff_import:preview",
        StaffImport.Status.QUEUED: "staff_import:progress",
    }.get(staff_import.status, "staff_import:report")
    return reverse(name, args=[staff_import.pk])


def _summary(staff_import: StaffImport) -> str:
    return describe_counts(staff_import_counts(staff_import.report or staff_import.preview))


class StaffImportIndexView(StaffImportPermissionMixin, BaseListingView):
    """Past imports, newest first, with the way to upload a new file."""

    model = StaffImport
    page_title = gettext_lazy("Staff import")
    header_icon = ICON
    index_url_name = "staff_import:index"
    paginate_by = 20
    verbose_name_plural = gettext_lazy("staff imports")
    columns = [
        TitleColumn("file_name", label=gettext_lazy("File"), get_url=staff_import_url),
        Column("uploaded_by", label=gettext_lazy("Uploaded by")),
        DateColumn("created_at", label=gettext_lazy("Uploaded")),
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        Column("summary", label=gettext_lazy("Rows"), accessor=_summary),
    ]

    def get_base_queryset(self):
        return StaffImport.objects.select_related("uploaded_by").defer("content")

    def get_header_buttons(self):
        return [
            HeaderButton(
                label=_("Upload a file"), url=reverse("staff_import:upload"), icon_name=ICON
            )
        ]


class StaffImportUploadView(StaffImportPermissionMixin, WagtailAdminTemplateMixin, FormView):
    """Upload a staff CSV; a file that cannot be imported is refused with the reason."""

    form_class = StaffImportUploadForm
    template_name = "people/staff_import/upload.html"
    page_title = gettext_lazy("Upload a staff file")
    header_icon = ICON

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("staff_import:index"), "label": _("Staff import")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["columns"] = COLUMNS
        return context

    def form_valid(self, form):
        try:
            self.staff_import = staff_import_create(
                actor=self.request.user,
                file_name=form.cleaned_data["file"].name,
                content=form.cleaned_data["content"],
            )
        except StaffImportFileError as error:
            form.add_error("file", error.messages)
            return self.form_invalid(form)
        return redirect("staff_import:preview", self.staff_import.pk)


def _outcome_label(row: dict) -> str:
    return Outcome.LABELS[row["outcome"]]


NOWRAP = "w-whitespace-nowrap"
# Rows are dicts; Wagtail's columns read dict keys as they read attributes.
ROW_COLUMNS = [
    Column("line", label=gettext_lazy("Line"), width="6%", classname=NOWRAP),
    Column("full_name", label=gettext_lazy("Name")),
    Column("email", label=gettext_lazy("E-mail")),
    Column("employee_number", label=gettext_lazy("Employee number"), classname=NOWRAP),
    Column("store_code", label=gettext_lazy("Store"), classname=NOWRAP),
    Column("outcome", label=gettext_lazy("Outcome"), accessor=_outcome_label, classname=NOWRAP),
    Column("details", label=gettext_lazy("Reason or changes"), accessor=describe_row),
]


class RowPaginator(WagtailPaginator):
    """Counts rows of the file rather than model instances."""

    verbose_name = gettext_lazy("row")
    verbose_name_plural = gettext_lazy("rows")


class StaffImportRowsView(StaffImportPermissionMixin, StaffImportObjectMixin, BaseListingView):
    """The rows of an import with their outcomes, filterable by outcome, paginated."""

    template_name = "people/staff_import/rows.html"
    header_icon = ICON
    paginate_by = 100
    paginator_class = RowPaginator
    columns = ROW_COLUMNS
    # The state in which this page is the right one to show.
    shown_in_status = ()

    def get(self, request, *args, **kwargs):
        if self.staff_import.status not in self.shown_in_status:
            return redirect(staff_import_url(self.staff_import))
        return super().get(request, *args, **kwargs)

    def get_rows(self) -> list[dict]:
        raise NotImplementedError

    @cached_property
    def outcome(self) -> str:
        outcome = self.request.GET.get("outcome", "")
        return outcome if outcome in Outcome.ALL else ""

    def get_queryset(self):
        rows = self.get_rows()
        if self.outcome:
            rows = [row for row in rows if row["outcome"] == self.outcome]
        return rows

    def get_index_url(self):
        return self.request.path

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = staff_import_counts(self.get_rows())
        context.update(
            staff_import=self.staff_import,
            outcome=self.outcome,
            total=sum(counts.values()),
            counts=[
                (outcome, Outcome.COUNT_LABELS[outcome], counts[outcome]) for outcome in Outcome.ALL
            ],
        )
        return context


class StaffImportPreviewView(StaffImportRowsView):
    """What the import would do, row by row, and the button that starts it."""

    page_title = gettext_lazy("Preview")
    shown_in_status = (StaffImport.Status.PREVIEWED,)

    def get_rows(self):
        return self.staff_import.preview

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            is_preview=True,
            can_start=staff_import_can_start(self.staff_import),
            download_url=reverse("staff_import:preview_csv", args=[self.staff_import.pk]),
        )
        return context


class StaffImportReportView(StaffImportRowsView):
    """What the import did, row by row; a failed import says why and can be tried again."""

    page_title = gettext_lazy("Import report")
    shown_in_status = (StaffImport.Status.DONE, StaffImport.Status.FAILED)

    def get_rows(self):
        return self.staff_import.report

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.staff_import.job
        context.update(
            is_preview=False,
            failed=self.staff_import.status == StaffImport.Status.FAILED,
            error=job.error if job is not None else "",
            can_start=staff_import_can_start(self.staff_import),
            download_url=reverse("staff_import:report_csv", args=[self.staff_import.pk]),
        )
        return context


class StaffImportStartView(StaffImportPermissionMixin, StaffImportObjectMixin, View):
    """Queue the import (POST); starting twice queues it once."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            staff_import_start(staff_import=self.staff_import, actor=request.user)
        except StaffImportError as error:
            messages.error(request, str(error))
            return redirect(staff_import_url(self.staff_import))
        return redirect("staff_import:progress", self.staff_import.pk)


class StaffImportProgressView(
    StaffImportPermissionMixin, StaffImportObjectMixin, WagtailAdminTemplateMixin, TemplateView
):
    """The progress bar of the running import; it moves on to the report when done."""

    template_name = "people/staff_import/progress.html"
    page_title = gettext_lazy("Importing")
    header_icon = ICON

    def get(self, request, *args, **kwargs):
        if self.staff_import.status != StaffImport.Status.QUEUED:
            return redirect(staff_import_url(self.staff_import))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            staff_import=self.staff_import,
            job=self.staff_import.job,
            report_url=reverse("staff_import:report", args=[self.staff_import.pk]),
        )
        return context


# Spreadsheets run cells that start with these as formulas.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _spreadsheet_safe(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class StaffImportRowsCsvView(StaffImportPermissionMixin, StaffImportObjectMixin, View):
    """The preview or the report as a CSV file, one line per row of the upload."""

    which = "report"

    def get(self, request, *args, **kwargs):
        rows = getattr(self.staff_import, self.which)
        base = get_valid_filename(self.staff_import.file_name.rsplit(".", 1)[0]) or "staff"
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{base}-{self.which}.csv"'
        # A byte order mark makes Excel read the file as UTF-8.
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow(
            ["line", "outcome", "full_name", "email", "employee_number", "store_code", "details"]
        )
        for row in rows:
            writer.writerow(
                [
                    row["line"],
                    row["outcome"],
                    *(
                        _spreadsheet_safe(row[key])
                        for key in ("full_name", "email", "employee_number", "store_code")
                    ),
                    _spreadsheet_safe(describe_row(row)),
                ]
            )
        return response


urlpatterns = [
    path("", StaffImportIndexView.as_view(), name="index"),
    path("upload/", StaffImportUploadView.as_view(), name="upload"),
    path("<int:pk>/", StaffImportPreviewView.as_view(), name="preview"),
    path(
        "<int:pk>/preview.csv", StaffImportRowsCsvView.as_view(which="preview"), name="preview_csv"
    ),
    path("<int:pk>/start/", StaffImportStartView.as_view(), name="start"),
    path("<int:pk>/progress/", StaffImportProgressView.as_view(), name="progress"),
    path("<int:pk>/report/", StaffImportReportView.as_view(), name="report"),
    path("<int:pk>/report.csv", StaffImportRowsCsvView.as_view(which="report"), name="report_csv"),
]
