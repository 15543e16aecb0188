"""The PDF in every language: real text, shipped fonts, metadata, tags, a page, a QR code."""

import re
import subprocess
import zlib
from pathlib import Path

import pytest
import zxingcpp
from django.conf import settings
from django.utils import formats, translation
from PIL import Image

from lms.certificates.models import Certificate
from lms.certificates.services import certificate_issue

pytestmark = pytest.mark.django_db

# A name in each demo language, with the letters a fallback font would most likely miss.
NAMES = {
    "en": "Chloë Brontë-Hughes",
    "ru": "Алёна Щербакова-Ёлкина",
    "sk": "Ľubomír Šťastný-Ďurňa Ĺaŕová",
    "ro": "Ștefan Țurcanu-Brâncoveanu Bălă Îoniță",
    "ky": "Айгүл Өмүрбекова Жаңыл",
}


def run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def words(text: str) -> str:
    """The text with every run of white space (line breaks included) as one space."""
    return " ".join(text.split())


def pdf_info(path: Path) -> dict[str, str]:
    lines = run("pdfinfo", str(path)).splitlines()
    return {key.strip(): value.strip() for key, value in (line.split(":", 1) for line in lines)}


def pdf_fonts(path: Path) -> list[list[str]]:
    """pdffonts' rows: name, type..., emb, sub, uni, object id."""
    return [line.split() for line in run("pdffonts", str(path)).splitlines()[2:]]


def catalog_language(pdf: bytes) -> str | None:
    """The document language (``/Lang``) of the catalog, which sits in a compressed stream."""
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            data = zlib.decompress(match.group(1))
        except zlib.error:
            continue
        found = re.search(rb"/Type /Catalog.*?/Lang \(([^)]*)\)", data)
        if found:
            return found.group(1).decode()
    return None


def first_page_png(path: Path, resolution: int) -> Image.Image:
    prefix = path.with_suffix(f".{resolution}")
    run("pdftoppm", "-png", "-r", str(resolution), "-f", "1", "-l", "1", str(path), str(prefix))
    (png,) = path.parent.glob(f"{prefix.name}*.png")
    return Image.open(png).convert("RGB")


@pytest.fixture
def issued(completed_enrolment, django_capture_on_commit_callbacks, tmp_path):
    """Issue the fixture's certificate to a learner speaking ``language``; the PDF's path."""

    def issue(language: str) -> tuple[Certificate, Path]:
        learner = completed_enrolment.user
        learner.full_name = NAMES[language]
        learner.preferred_language = language
        learner.save()
        with django_capture_on_commit_callbacks(execute=True):
            certificate_issue(enrolment=completed_enrolment)
        certificate = Certificate.objects.get(enrolment=completed_enrolment)
        path = tmp_path / f"certificate-{language}.pdf"
        path.write_bytes(certificate.pdf.read())
        return certificate, path

    return issue


@pytest.mark.parametrize("language", ["en", "ru", "sk", "ro", "ky"])
def test_pdf_in_each_language_has_its_text_fonts_metadata_and_one_page(issued, language):
    certificate, path = issued(language)
    assert certificate.language == language
    assert certificate.learner_name == NAMES[language]

    text = words(run("pdftotext", "-layout", str(path), "-"))
    with translation.override(language):
        issued_on = formats.date_format(certificate.issued_on, "DATE_FORMAT")
        expires_on = formats.date_format(certificate.expires_on, "DATE_FORMAT")
    # The exact letters, diacritics included: nothing came out as an empty box.
    assert NAMES[language] in text
    assert certificate.title in text
    assert issued_on in text
    assert expires_on in text
    assert certificate.code in text
    assert certificate.serial in text
    assert "\ufffd" not in text

    # Only the shipped DejaVu fonts, embedded as subsets with a Unicode map: a letter
    # missing from them would have brought in a system font.
    fonts = pdf_fonts(path)
    assert fonts
    for row in fonts:
        name, embedded, subset, unicode_map = row[0], row[-5], row[-4], row[-3]
        assert re.fullmatch(r"[A-Z]{6}\+Academy-(Sans|Serif)(-Bold)?", name), row
        assert (embedded, subset, unicode_map) == ("yes", "yes", "yes"), row

    info = pdf_info(path)
    assert info["Pages"] == "1"
    assert info["Tagged"] == "yes"
    assert NAMES[language] in info["Title"]
    assert info["Author"] == settings.WAGTAIL_SITE_NAME
    assert 'pdfuaid:part="1"' in run("pdfinfo", "-meta", str(path))
    assert catalog_language(path.read_bytes()) == language


def test_first_page_is_a_drawn_certificate_with_a_qr_code_to_the_verification_page(issued):
    certificate, path = issued("sk")

    page = first_page_png(path, 60)
    width, height = page.size
    assert width > height  # the shipped design is A4 landscape
    greyscale = page.convert("L")
    ink = sum(greyscale.histogram()[:200])
    assert ink > 0.03 * width * height, "the page is (almost) blank"

    codes = zxingcpp.read_barcodes(first_page_png(path, 200))
    assert [code.text for code in codes] == [f"{settings.SITE_URL}/sk/verify/{certificate.code}/"]


def test_a_long_name_and_course_title_wrap_on_the_one_page(
    completed_enrolment, django_capture_on_commit_callbacks, tmp_path
):
    learner = completed_enrolment.user
    learner.full_name = "Maximiliana Wolfeschlegelsteinhausenbergerdorff " * 4
    learner.save()
    course = completed_enrolment.course
    course.title = "Greeting, serving and thanking the customer in every store " * 4
    course.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        certificate_issue(enrolment=completed_enrolment)
    certificate = Certificate.objects.get()
    path = tmp_path / "long.pdf"
    path.write_bytes(certificate.pdf.read())

    assert pdf_info(path)["Pages"] == "1"
    text = words(run("pdftotext", str(path), "-"))
    assert words(certificate.learner_name) in text
    assert certificate.code in text
