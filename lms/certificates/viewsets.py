"""Wagtail admin for certificates: designs trainers edit, and the issued certificates.

Designs are snippets with drafts, revisions and a live preview rendered from the same
template as the PDF, with sample data in the design's language; the edit page also offers
the real sample PDF. Issued certificates are read-only here: they are made by the
services when a course is completed, and an administrator can only revoke one, with a
written reason that goes to the audit log.
"""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import (
    BooleanColumn,
    Column,
    DateColumn,
    LiveStatusTagColumn,
    LocaleColumn,
    UpdatedAtColumn,
)
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import BaseObjectMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.snippets.views.snippets import EditView, SnippetViewSet, SnippetViewSetGroup

from . import services
from .models import Certificate, CertificateDesign
from .rendering import sample_pdf

# Designs ---------------------------------------------------------------------------------


class CertificateDesignEditView(EditView):
    """The design's edit page, with a link to the sample PDF in its header."""

    sample_pdf_url_name = None

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.sample_pdf_url_name:
            buttons.append(
                Button(
                    _("Download sample PDF"),
                    url=reverse(self.sample_pdf_url_name, args=[self.object.pk]),
                    icon_name="download",
                    priority=30,
                )
            )
        return buttons


class CertificateDesignSamplePdfView(BaseObjectMixin, PermissionCheckedMixin, View):
    """The latest draft of a design as a real PDF, filled with sample data.

    The live preview shows the HTML in the browser; this is what WeasyPrint makes of it,
    with the same fonts, fetcher and page size as an issued certificate.
    """

    any_permission_required = ["add", "change", "view"]

    def get(self, request, *args, **kwargs):
        design = self.object.get_latest_revision_as_object()
        response = HttpResponse(sample_pdf(design=design), content_type="application/pdf")
        filename = f"sample-{slugify(design.name) or 'certificate'}-{design.pk}.pdf"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response


class CertificateDesignViewSet(SnippetViewSet):
    """Certificate designs: searchable, filtered by kind, language and status."""

    model = CertificateDesign
    icon = "doc-full"
    menu_label = _("Designs")
    menu_order = 100
    edit_view_class = CertificateDesignEditView
    list_display = [
        "name",
        Column("kind", label=_("Kind"), accessor="get_kind_display", sort_key="kind"),
        BooleanColumn("is_default", label=_("Default")),
        LocaleColumn(),
        UpdatedAtColumn(),
        LiveStatusTagColumn(),
    ]
    list_filter = ["kind", "is_default", "live"]
    ordering = ["kind", "-is_default", "name"]
    copy_view_enabled = True
    inspect_view_enabled = False

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(
            sample_pdf_url_name=self.get_url_name("sample_pdf"), **kwargs
        )

    @property
    def sample_pdf_view(self):
        return self.construct_view(CertificateDesignSamplePdfView)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("sample-pdf/<str:pk>/", self.sample_pdf_view, name="sample_pdf"),
        ]


# Issued certificates ---------------------------------------------------------------------


class CertificateFilterSet(WagtailFilterSet):
    """Status as the verification page says it (expired worked out from today), and kind."""

    current_status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Certificate.Status.choices,
        method="filter_current_status",
        empty_label=_("Any"),
    )

    class Meta:
        model = Certificate
        fields = ["kind"]

    def filter_current_status(self, queryset, name, value):
        today = timezone.localdate()
        unexpired = Q(expires_on__isnull=True) | Q(expires_on__gte=today)
        if value == Certificate.Status.VALID:
            return queryset.filter(unexpired, status=Certificate.Status.VALID)
        if value == Certificate.Status.EXPIRED:
            return queryset.filter(status=Certificate.Status.VALID, expires_on__lt=today)
        return queryset.filter(status=value)


class CertificateIndexView(generic.IndexView):
    """The list of issued certificates, with "Revoke" for those who may."""

    revoke_url_name = None

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user")

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if (
            self.revoke_url_name
            and instance.status != Certificate.Status.REVOKED
            and self.user_has_permission("change")
        ):
            buttons.append(
                MenuItem(
                    _("Revoke"),
                    url=reverse(self.revoke_url_name, args=[instance.pk]),
                    icon_name="cross",
                    priority=40,
                )
            )
        return buttons


class CertificateInspectView(generic.InspectView):
    """One certificate: what it says, its status, and "Revoke" for those who may."""

    revoke_url_name = None

    def get_status_display_value(self):
        status = self.object.get_current_status_display()
        if self.object.revoked_reason:
            return f"{status}: {self.object.revoked_reason}"
        return status

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if (
            self.revoke_url_name
            and self.object.status != Certificate.Status.REVOKED
            and self.user_has_permission("change")
        ):
            buttons.append(
                Button(
                    _("Revoke"),
                    url=reverse(self.revoke_url_name, args=[self.object.pk]),
                    icon_name="cross",
                    priority=30,
                )
            )
        return buttons


class RevokeForm(forms.Form):
    """Why the certificate is revoked: required, kept with it and in the audit log."""

    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_(
            "Shown in the certificate's history. The verification page says it is revoked."
        ),
    )


class CertificateRevokeView(
    BaseObjectMixin, PermissionCheckedMixin, generic.base.WagtailAdminTemplateMixin, FormView
):
    """Revoke a certificate (POST, with a reason); the service checks and logs it."""

    template_name = "wagtailadmin/generic/form.html"
    form_class = RevokeForm
    permission_required = "change"
    header_icon = "cross"
    index_url_name = None
    inspect_url_name = None

    def get_page_title(self):
        return gettext("Revoke certificate")

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Certificates")},
            {
                "url": reverse(self.inspect_url_name, args=[self.object.pk]),
                "label": str(self.object),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action_url=self.request.path,
            submit_button_label=gettext("Revoke"),
            submit_button_active_label=gettext("Revoking…"),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            services.certificate_revoke(
                certificate=self.object, actor=self.request.user, reason=form.cleaned_data["reason"]
            )
        except PermissionDenied:
            raise
        except ValidationError as error:
            form.add_error("reason", error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            gettext("Certificate %(certificate)s revoked.") % {"certificate": self.object},
        )
        return redirect(self.inspect_url_name, self.object.pk)


class CertificateViewSet(ModelViewSet):
    """Issued certificates, read-only: list, inspect, history; administrators revoke."""

    model = Certificate
    icon = "doc-full-inverse"
    menu_label = _("Issued certificates")
    menu_order = 200
    index_view_class = CertificateIndexView
    inspect_view_class = CertificateInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = CertificateFilterSet
    search_fields = ["learner_name", "user__full_name", "serial", "code"]
    search_backend_name = None
    list_per_page = 50
    ordering = ["-issued_on", "-pk"]
    list_display = [
        Column("serial", label=_("Serial number"), sort_key="serial"),
        Column("learner_name", label=_("Person"), sort_key="learner_name"),
        Column("title", label=_("Course or award"), sort_key="title"),
        DateColumn("issued_on", label=_("Issued"), sort_key="issued_on"),
        DateColumn("expires_on", label=_("Expires"), sort_key="expires_on"),
        Column("status", label=_("Status"), accessor="get_current_status_display"),
    ]
    inspect_view_fields = [
        "serial",
        "code",
        "kind",
        "user",
        "learner_name",
        "title",
        "score",
        "issued_on",
        "expires_on",
        "status",
        "language",
        "design",
        "rendered_at",
    ]
    # Only so that Wagtail can build the (unrouted) add and edit views.
    form_fields = []

    def get_common_view_kwargs(self, **kwargs):
        # Certificates are issued by the services, never typed in or deleted here.
        return super().get_common_view_kwargs(
            add_url_name=None, edit_url_name=None, delete_url_name=None, **kwargs
        )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(revoke_url_name=self.get_url_name("revoke"), **kwargs)

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            revoke_url_name=self.get_url_name("revoke"), **kwargs
        )

    @property
    def revoke_view(self):
        return self.construct_view(
            CertificateRevokeView,
            index_url_name=self.get_url_name("index"),
            inspect_url_name=self.get_url_name("inspect"),
        )

    def get_urlpatterns(self):
        kept = {"index", "index_results", "inspect", "history", "history_results", "usage"}
        return [
            *(pattern for pattern in super().get_urlpatterns() if pattern.name in kept),
            path("revoke/<str:pk>/", self.revoke_view, name="revoke"),
        ]


class CertificatesViewSetGroup(SnippetViewSetGroup):
    """The "Certificates" menu of the admin: designs and issued certificates."""

    menu_label = _("Certificates")
    menu_icon = "doc-full"
    menu_name = "certificates"
    menu_order = 320
    items = (
        CertificateDesignViewSet,
        CertificateViewSet("issued_certificates", url_prefix="certificates/issued"),
    )
