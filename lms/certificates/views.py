"""Public verification of certificates, and downloads for the people who may see them."""

from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from .codes import normalize_code
from .selectors import certificate_by_code, certificates_visible_to


def _noindex(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_GET
def verify_form(request):
    """Type a code: a good one goes to its page; otherwise the form says what is wrong."""
    typed = request.GET.get("code", "")
    code = normalize_code(typed) if typed else None
    if code:
        return redirect("certificates:verify", code=code)
    return _noindex(
        render(request, "certificates/verify_form.html", {"typed": typed, "invalid": bool(typed)})
    )


@require_GET
def verify(request, code):
    """The public page of one certificate: enough to spot an edited PDF, nothing more."""
    certificate = certificate_by_code(code)
    if certificate is not None and certificate.code != code:
        return redirect("certificates:verify", code=certificate.code)
    context = {
        "certificate": certificate,
        "code": code,
        "status": certificate.status_on(timezone.localdate()) if certificate else None,
    }
    response = render(
        request, "certificates/verify.html", context, status=200 if certificate else 404
    )
    return _noindex(response)


def download(request, pk):
    """The PDF, for its owner, their managers, trainers and administrators; else 404."""
    certificate = get_object_or_404(certificates_visible_to(request.user), pk=pk)
    if not certificate.pdf:
        raise Http404
    return FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=f"certificate-{certificate.serial}.pdf",
        content_type="application/pdf",
    )


def status(request, pk):
    """Whether the owner's certificate is ready yet (for the page that waits for it)."""
    if not request.user.is_authenticated:
        raise Http404
    certificate = get_object_or_404(request.user.certificates, pk=pk)
    return JsonResponse(
        {
            "ready": certificate.is_ready,
            "download_url": reverse("certificates:download", args=[certificate.pk])
            if certificate.is_ready
            else None,
        }
    )
