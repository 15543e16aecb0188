"""Public verification of certificates, and downloads for the people who may see them.

The verification pages are public and kept out of search engines (a ``noindex`` meta
tag and an ``X-Robots-Tag`` header on every answer). Looking codes up is rate-limited per
client address, so that codes cannot be guessed by trying many.
"""

import time

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from .codes import normalize_code
from .selectors import certificate_by_code, certificates_visible_to

ROBOTS = "noindex, nofollow, noarchive"


def _noindex(response):
    response["X-Robots-Tag"] = ROBOTS
    return response


def _verify_rate() -> tuple[int, int]:
    """``CERTIFICATE_VERIFY_RATE`` ("20/600") as (lookups, seconds)."""
    count, _slash, seconds = str(settings.CERTIFICATE_VERIFY_RATE).partition("/")
    try:
        limit, period = int(count), int(seconds)
    except ValueError:
        limit = period = 0
    if limit < 1 or period < 1:
        raise ImproperlyConfigured(
            'CERTIFICATE_VERIFY_RATE must be "lookups/seconds", e.g. "20/600".'
        )
    return limit, period


def _client_address(request) -> str:
    # The address allauth's own rate limits count: REMOTE_ADDR, or behind a load balancer
    # the entry of X-Forwarded-For that TRUSTED_PROXY_COUNT points at. A site behind a
    # proxy must set TRUSTED_PROXY_COUNT, or every visitor shares the proxy's address.
    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return "unknown"


def _verify_wait_seconds(request, *, count: bool) -> int:
    """Seconds the client must wait before looking up another code; 0 when it may now.

    Lookups are counted in the cache per address in fixed windows of the configured
    length: ``cache.add`` then ``cache.incr`` are atomic in Redis, so web nodes sharing it
    share the count. With ``count=False`` the client's count is only read.
    """
    limit, period = _verify_rate()
    now = int(time.time())
    wait = period - now % period
    key = f"certificates:verify:{_client_address(request)}:{now // period}"
    if not count:
        used = cache.get(key, 0)
        return wait if used >= limit else 0
    cache.add(key, 0, timeout=wait + 1)
    try:
        used = cache.incr(key)
    except ValueError:  # the window's key expired between add and incr
        cache.add(key, 1, timeout=wait + 1)
        used = 1
    return wait if used > limit else 0


def _too_many_lookups(request, wait: int):
    response = render(
        request,
        "certificates/verify_limited.html",
        {"minutes": max(1, -(-wait // 60))},
        status=429,
    )
    response["Retry-After"] = str(wait)
    return _noindex(response)


@never_cache
@require_safe
def verify_form(request):
    """Type a code: a good one goes to its page; otherwise the form says what is wrong."""
    typed = request.GET.get("code", "").strip()
    if typed:
        wait = _verify_wait_seconds(request, count=False)
        if wait:
            return _too_many_lookups(request, wait)
        code = normalize_code(typed)
        if code:
            # The code's page counts the lookup.
            return redirect("certificates:verify", code=code)
    return _noindex(
        render(
            request,
            "certificates/verify_form.html",
            {"typed": typed, "invalid": bool(typed)},
        )
    )


def _not_found(request, code):
    response = render(
        request, "certificates/verify.html", {"certificate": None, "code": code}, status=404
    )
    return _noindex(response)


@never_cache
@require_safe
def verify(request, code):
    """The public page of one certificate: enough to spot an edited PDF, nothing more.

    A code written another way (lower case, without dashes, I or O for 1 or 0) is sent
    to its canonical address without a lookup; each lookup counts towards the limit.
    """
    canonical = normalize_code(code)
    if canonical is None:
        return _not_found(request, code)
    if canonical != code:
        return redirect("certificates:verify", code=canonical)
    wait = _verify_wait_seconds(request, count=True)
    if wait:
        return _too_many_lookups(request, wait)
    certificate = certificate_by_code(code)
    if certificate is None:
        return _not_found(request, code)
    context = {
        "certificate": certificate,
        "code": code,
        "status": certificate.status_on(timezone.localdate()),
    }
    return _noindex(render(request, "certificates/verify.html", context))


@never_cache
@require_GET
def download(request, pk):
    """The PDF, for its owner, their managers, trainers and administrators; else 404.

    A certificate whose PDF is not rendered yet is a 404 too.
    """
    certificate = get_object_or_404(certificates_visible_to(request.user), pk=pk)
    if not certificate.pdf:
        raise Http404
    try:
        pdf = certificate.pdf.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        pdf,
        as_attachment=True,
        filename=f"certificate-{certificate.serial}.pdf",
        content_type="application/pdf",
    )


@never_cache
@require_GET
def status(request, pk):
    """Whether the owner's certificate is ready yet (polled by certificate-status.js);
    a 404 for anyone else."""
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
