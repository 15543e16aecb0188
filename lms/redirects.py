"""Where to send a person back after a form: the page it was posted from, never another
site."""

from django.utils.http import url_has_allowed_host_and_scheme


def posted_next(request, default: str) -> str:
    """The POSTed ``next`` if it is a page of this site, else ``default`` (a URL, or a URL
    name for ``redirect``)."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
