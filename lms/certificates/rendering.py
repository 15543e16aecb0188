"""Turning a certificate into a PDF with WeasyPrint.

WeasyPrint fetches the images and fonts a page refers to. Ours only ever reaches the
project's own static files and media, read through Django's storage (media may live on
object storage), under a private origin that no network request can reach; any other URL
(remote, loopback, a redirect) is refused. The PDF is tagged (PDF/UA-1) for screen
readers, with its title, author and language set, and keeps its text as text.
"""

import mimetypes
import posixpath
import re
from decimal import Decimal
from urllib.parse import unquote, urlsplit

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .models import PLACEHOLDER_RE, Certificate, CertificateDesign

# The origin the certificate's HTML is rendered under. ``.invalid`` never resolves, and
# the fetcher below answers it from storage without any network request.
ORIGIN = "http://certificate.invalid"
PDF_VARIANT = "pdf/ua-1"

# Portrait width and height of each page size, in millimetres. The template draws one
# fixed-size sheet of exactly the page, so whatever the wording it never spills over.
PAGE_SIZES_MM = {
    CertificateDesign.PageSize.A4: (210, 297),
    CertificateDesign.PageSize.LETTER: (215.9, 279.4),
}


class FetchRefused(ValueError):
    """A URL the certificate fetcher will not fetch (WeasyPrint then leaves it out)."""


class ProjectFilesFetcher(URLFetcher):
    """Serves ``ORIGIN/static/...`` from the static files and ``ORIGIN/media/...`` from
    media storage, ``data:`` URLs as they are, and refuses everything else."""

    def __init__(self, **kwargs):
        kwargs.update(allow_redirects=False, allowed_protocols={"http", "data"})
        super().__init__(**kwargs)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != ORIGIN or parts.query or parts.username:
            raise FetchRefused(f"Not a file of the project: {url}")
        path = posixpath.normpath(unquote(parts.path))
        if path != unquote(parts.path).rstrip("/") or "/../" in f"{path}/":
            raise FetchRefused(f"Not a file of the project: {url}")
        static_prefix = "/" + _path_of(settings.STATIC_URL)
        media_prefix = "/" + _path_of(settings.MEDIA_URL)
        if path.startswith(static_prefix):
            body = _read_static(path.removeprefix(static_prefix))
        elif path.startswith(media_prefix):
            body = _read_media(path.removeprefix(media_prefix))
        else:
            raise FetchRefused(f"Not a file of the project: {url}")
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})


def _path_of(url: str) -> str:
    """``/static/`` or ``https://cdn.example/static/`` → ``static/``."""
    return urlsplit(url).path.lstrip("/")


def _read_static(name: str) -> bytes:
    found = finders.find(name)
    if found:
        with open(found, "rb") as file:
            return file.read()
    if staticfiles_storage.exists(name):
        with staticfiles_storage.open(name) as file:
            return file.read()
    raise FetchRefused(f"No such static file: {name}")


def _read_media(name: str) -> bytes:
    if not default_storage.exists(name):
        raise FetchRefused(f"No such media file: {name}")
    with default_storage.open(name) as file:
        return file.read()


def static_url(name: str) -> str:
    """The address of a static file inside a certificate's HTML."""
    return f"{ORIGIN}/{_path_of(settings.STATIC_URL)}{name}"


def media_url(file) -> str:
    """The address of a stored file (an image's ``file``) inside a certificate's HTML."""
    return f"{ORIGIN}/{_path_of(settings.MEDIA_URL)}{file.name}"


def image_url(image, spec: str = "max-1600x1600") -> str:
    """A rendition of a Wagtail image, by address inside a certificate's HTML."""
    return media_url(image.get_rendition(spec).file)


def verification_url(code: str, language: str) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse("certificates:verify", args=[code])


def qr_svg(url: str) -> str:
    """The QR code of ``url`` as inline SVG (scalable, no image file to fetch)."""
    return segno.make(url, error="m").svg_inline(scale=4, border=0, dark="#111111")


def _value(match: re.Match, values: dict[str, str]) -> str:
    """A placeholder's value. One that already ends in a full stop (Russian and Kyrgyz
    dates end in an abbreviation) does not get the text's own full stop a second time."""
    value = values[match.group(1)]
    if value.endswith(".") and match.string[match.end() : match.end() + 1] == ".":
        return value[:-1]
    return value


def _fill(text: str, values: dict[str, str]) -> str:
    """Put the certificate's values in the design's placeholders (and nothing else)."""
    return PLACEHOLDER_RE.sub(lambda match: _value(match, values), text)


def _fill_html(text: str, values: dict[str, str]) -> SafeString:
    """The design's text as HTML paragraphs, each value in its own ``<span>`` so the
    template can set the name and the course apart; the wording itself is escaped."""
    filled = PLACEHOLDER_RE.sub(
        lambda match: (
            f'<span class="value value-{match.group(1)}">{escape(_value(match, values))}</span>'
        ),
        escape(text),
    )
    return mark_safe(linebreaks(filled, autoescape=False))  # noqa: S308 (escaped above)


def page_size_mm(design: CertificateDesign) -> tuple[float, float]:
    """The sheet's width and height in millimetres, turned for the design's orientation."""
    width, height = PAGE_SIZES_MM.get(design.page_size, PAGE_SIZES_MM["A4"])
    if design.orientation == CertificateDesign.Orientation.LANDSCAPE:
        return height, width
    return width, height


def _score_text(score: Decimal | None) -> str:
    if score is None:
        return ""
    return _("%(score)s %%") % {"score": formats.number_format(score.normalize(), use_l10n=True)}


def certificate_context(
    *, certificate, design: CertificateDesign, for_browser: bool = False
) -> dict:
    """What the certificate template shows, worded in the certificate's language.

    ``certificate`` is a ``Certificate`` or anything with the same attributes (the admin
    preview passes sample data). Call inside ``translation.override(language)``. With
    ``for_browser`` the fonts and images are linked by their public URLs (the admin's
    preview in a browser) instead of the private origin only WeasyPrint's fetcher answers.
    """
    static_link = static if for_browser else static_url

    def image_link(image, spec: str) -> str:
        if not image:
            return ""
        return image.get_rendition(spec).url if for_browser else image_url(image, spec)

    issued = formats.date_format(certificate.issued_on, "DATE_FORMAT")
    expires = (
        formats.date_format(certificate.expires_on, "DATE_FORMAT") if certificate.expires_on else ""
    )
    values = {
        "name": certificate.learner_name,
        "course": certificate.title,
        "score": _score_text(certificate.score),
        "issued": issued,
        "expires": expires,
        "code": certificate.code,
        "serial": certificate.serial or "",
    }
    url = verification_url(certificate.code, certificate.language)
    width, height = page_size_mm(design)
    return {
        "certificate": certificate,
        "design": design,
        "language": certificate.language,
        "title": _fill(design.title, values),
        "body": _fill(design.body, values),
        "body_html": _fill_html(design.body, values),
        "page": {
            "width": f"{width}mm",
            "height": f"{height}mm",
            "landscape": width > height,
        },
        "values": values,
        "verification_url": url,
        "qr_svg": qr_svg(url),
        "signatories": [
            {
                "name": signatory.name,
                "role": signatory.role,
                "signature_url": image_link(signatory.signature, "max-600x200"),
            }
            for signatory in design.signatories.all()
        ],
        "logo_url": image_link(design.logo, "max-800x300"),
        "background_url": image_link(design.background_image, "max-1600x1600"),
        "font_urls": {
            "sans": static_link("fonts/DejaVuSans.ttf"),
            "sans_bold": static_link("fonts/DejaVuSans-Bold.ttf"),
            "serif": static_link("fonts/DejaVuSerif.ttf"),
            "serif_bold": static_link("fonts/DejaVuSerif-Bold.ttf"),
        },
        "for_browser": for_browser,
    }


def certificate_html(*, certificate, design: CertificateDesign) -> str:
    with translation.override(certificate.language):
        return render_to_string(
            "certificates/pdf/certificate.html",
            certificate_context(certificate=certificate, design=design),
        )


def html_to_pdf(html: str) -> bytes:
    """WeasyPrint, with the project-files fetcher, tagged for screen readers."""
    document = HTML(string=html, base_url=f"{ORIGIN}/", url_fetcher=ProjectFilesFetcher())
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def certificate_pdf(certificate: Certificate) -> bytes:
    """The PDF of an issued certificate, from the design revision it was issued with."""
    design = (
        certificate.design_revision.as_object()
        if certificate.design_revision is not None
        else certificate.design
    )
    return html_to_pdf(certificate_html(certificate=certificate, design=design))


class SampleCertificate:
    """Made-up values for previewing a design in the admin."""

    def __init__(self, design: CertificateDesign):
        language = design.locale.language_code if design.locale_id else settings.LANGUAGE_CODE
        self.learner_name = "Jana Nováková"
        self.title = _("Service standards essentials")
        self.score = Decimal("92.5")
        self.issued_on = timezone.localdate()
        self.expires_on = self.issued_on.replace(year=self.issued_on.year + 2)
        self.code = "7KQ2-M9XD-4HTR-0BWN-C3FP"
        self.serial = f"{self.issued_on.year}-000123"
        self.language = language
        self.kind = design.kind


def sample_context(*, design: CertificateDesign, for_browser: bool = True) -> dict:
    """The admin preview's context: the design with sample data, in the design's language
    (the template switches to ``language`` itself, so the admin's own language does not
    leak into the preview). ``for_browser=False`` gives the context of a sample PDF."""
    language = design.locale.language_code if design.locale_id else settings.LANGUAGE_CODE
    with translation.override(language):
        sample = SampleCertificate(design)
        return certificate_context(certificate=sample, design=design, for_browser=for_browser)


def sample_pdf(*, design: CertificateDesign) -> bytes:
    """A PDF of ``design`` filled with sample data, rendered exactly as certificates are."""
    context = sample_context(design=design, for_browser=False)
    with translation.override(context["language"]):
        html = render_to_string("certificates/pdf/certificate.html", context)
    return html_to_pdf(html)
