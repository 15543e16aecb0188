"""The lesson block library: what a reader sees, and what an editor may not save."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.loader import get_template
from wagtail.admin.views.generic.preview import StreamFieldBlockPreview
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale

from content.blocks import (
    CalloutBlock,
    CaptionedImageBlock,
    ChecklistBlock,
    DoDontBlock,
    FormattedTextBlock,
    HeadingBlock,
    KeyTakeawaysBlock,
    LessonStreamBlock,
    PhrasePairsBlock,
    QuoteBlock,
    StandardBlock,
    VideoBlock,
)

LESSON_BLOCKS = list(LessonStreamBlock().child_blocks.values())


def render(block, raw_value):
    """Render a block from the JSON-like value a StreamField stores."""
    return block.render(block.to_python(raw_value))


@pytest.fixture
def image(db):
    return Image.objects.create(title="Greeting at the door", file=get_test_image_file())


@pytest.fixture
def video_document(db):
    return Document.objects.create(
        title="Greeting video", file=ContentFile(b"\x00\x00\x00\x18ftypmp42", name="greeting.mp4")
    )


@pytest.fixture
def captions_document(db):
    return Document.objects.create(
        title="Greeting captions", file=ContentFile(b"WEBVTT\n\n", name="captions.vtt")
    )


def _video_value(video, captions, **overrides):
    return {
        "video": video.pk,
        "captions": captions.pk if captions else None,
        "captions_language": "sk",
        "poster": None,
        "transcript": "The assistant looks up and says hello.",
        **overrides,
    }


# ---- The library as a whole ----------------------------------------------------------


@pytest.mark.parametrize("block", LESSON_BLOCKS, ids=lambda block: block.name)
def test_every_lesson_block_has_docstring_icon_template_and_preview(block):
    assert type(block).__doc__
    assert block.meta.icon
    assert block.meta.template == f"content/blocks/{_snake(type(block).__name__)}.html"
    get_template(block.meta.template)
    assert block.get_description()
    assert block.is_previewable


def _snake(name):
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


@pytest.mark.django_db
@pytest.mark.parametrize("block", LESSON_BLOCKS, ids=lambda block: block.name)
def test_every_block_preview_renders_with_an_empty_library(block, rf):
    # Wagtail's own preview view, as the block chooser calls it; the chooser shows
    # previews before anyone has uploaded an image or a video.
    request = rf.get("/admin/block-preview/", {"id": block.definition_prefix})

    response = StreamFieldBlockPreview.as_view()(request)
    html = response.render().content.decode()

    assert response.status_code == 200
    assert "css/blocks.css" in html
    assert f"block-{block.name}" in html


def test_preview_shows_the_example_content():
    block = LessonStreamBlock().child_blocks["phrase_pairs"]

    html = block.render(block.get_preview_value())

    assert "Let me find out for you." in html


def test_lesson_stream_renders_blocks_in_order():
    stream_block = LessonStreamBlock()
    value = stream_block.to_python(
        [
            {"type": "heading", "value": {"text": "On the phone", "level": "h2"}},
            {"type": "text", "value": "<p>Answer by the third ring.</p>"},
            {"type": "key_takeaways", "value": {"points": ["Say the store's name."]}},
        ]
    )

    html = stream_block.render(value)

    assert html.index("<h2") < html.index("third ring") < html.index("Say the store")


# ---- Text blocks ----------------------------------------------------------------------


def test_heading_renders_the_chosen_level():
    assert "<h3" in render(HeadingBlock(), {"text": "Eye contact", "level": "h3"})
    assert "<h2" in render(HeadingBlock(), {"text": "Greeting", "level": "h2"})


def test_formatted_text_allows_only_simple_formatting():
    block = FormattedTextBlock()

    html = render(block, "<p>Always <b>smile</b>.</p>")

    assert block.features == ["bold", "italic", "link", "ol", "ul"]
    assert "<b>smile</b>" in html


def test_phrase_pairs_label_what_to_say_and_what_not_to_say():
    html = render(
        PhrasePairsBlock(),
        {
            "pairs": [
                {
                    "say_this": "Let me find out for you.",
                    "not_this": "That's not my department.",
                    "why": "The customer hears that you will help.",
                }
            ]
        },
    )

    assert "Say this" in html
    assert "Not this" in html
    assert "Let me find out for you." in html
    assert "That&#x27;s not my department." in html
    assert "The customer hears that you will help." in html


def test_phrase_pair_without_reason_shows_no_why_label():
    html = render(PhrasePairsBlock(), {"pairs": [{"say_this": "Hello", "not_this": "Yes?"}]})

    assert "Why" not in html


def test_do_dont_shows_both_lists():
    html = render(DoDontBlock(), {"dos": ["Smile"], "donts": ["Point"]})

    assert "Do</p>" in html
    assert "Don't</p>" in html
    assert "<li>Smile</li>" in html
    assert "<li>Point</li>" in html


def test_checklist_shows_every_item_with_a_check_mark_and_no_controls():
    html = render(ChecklistBlock(), {"title": "Opening", "items": ["Lights on", "Door clear"]})

    assert "Opening" in html
    assert html.count("<li>") == 2
    assert html.count("✓") == 2
    assert "<input" not in html


def test_callout_says_its_kind_in_words():
    html = render(CalloutBlock(), {"kind": "important", "text": "<p>Never argue.</p>"})

    assert 'role="note"' in html
    assert "Important" in html
    assert "Never argue." in html


def test_quote_shows_the_quote_and_who_said_it():
    html = render(QuoteBlock(), {"quote": "She knew my name.", "attribution": "A customer"})

    assert "<blockquote>" in html
    assert "She knew my name." in html
    assert "<cite>A customer</cite>" in html


def test_key_takeaways_are_a_list():
    html = render(KeyTakeawaysBlock(), {"points": ["Greet", "Help", "Thank"]})

    assert "Key takeaways" in html
    assert html.count("<li>") == 3


# ---- Standard ------------------------------------------------------------------------


@pytest.fixture
def standard(db):
    from content.models import Standard, StandardCategory

    locale = Locale.get_default()
    category = StandardCategory.objects.create(name="Telephone", code="telephone", locale=locale)
    return Standard.objects.create(
        code="PHONE-01",
        title="Answer quickly",
        rule="Answer the phone by the third ring.",
        level=Standard.Level.MANDATORY,
        criterion="Phone answered by the third ring.",
        category=category,
        locale=locale,
        live=True,
    )


def test_standard_shows_code_rule_level_in_words_and_check(standard):
    html = render(StandardBlock(), {"standard": standard.pk})

    assert "PHONE-01" in html
    assert "Answer quickly" in html
    assert "Answer the phone by the third ring." in html
    assert "Mandatory" in html
    assert "How it is checked:" in html
    assert "Phone answered by the third ring." in html


def test_unpublished_standard_is_not_shown(standard):
    standard.live = False
    standard.save()

    html = render(StandardBlock(), {"standard": standard.pk})

    assert "PHONE-01" not in html


# ---- Image and video ---------------------------------------------------------------------


def test_captioned_image_uses_the_alt_text_of_the_block(image):
    html = render(
        CaptionedImageBlock(),
        {"image": image.pk, "alt_text": "An assistant at the door", "caption": "At the door"},
    )

    assert "<figure" in html
    assert 'alt="An assistant at the door"' in html
    assert "srcset=" in html
    assert "width-800" in html
    assert "<figcaption>At the door</figcaption>" in html


def test_captioned_image_without_alt_text_is_invalid(image):
    stream_block = LessonStreamBlock()
    value = stream_block.to_python(
        [{"type": "image", "value": {"image": image.pk, "alt_text": "", "caption": ""}}]
    )

    with pytest.raises(ValidationError):
        stream_block.clean(value)


def test_video_plays_with_a_captions_track(video_document, captions_document):
    html = render(VideoBlock(), _video_value(video_document, captions_document))

    assert '<video controls preload="metadata"' in html
    assert f'<source src="{video_document.url}" type="video/mp4">' in html
    assert '<track kind="captions"' in html
    assert 'srclang="sk"' in html
    assert 'label="Slovenčina"' in html
    assert "Transcript" in html
    assert "The assistant looks up and says hello." in html


def test_video_with_captions_is_valid(video_document, captions_document):
    block = VideoBlock()

    block.clean(block.to_python(_video_value(video_document, captions_document)))


def test_video_without_captions_is_invalid(video_document):
    stream_block = LessonStreamBlock()
    value = stream_block.to_python(
        [{"type": "video", "value": _video_value(video_document, captions=None)}]
    )

    with pytest.raises(ValidationError):
        stream_block.clean(value)


def test_video_that_is_not_a_video_file_is_invalid(captions_document):
    block = VideoBlock()
    value = block.to_python(_video_value(captions_document, captions_document))

    with pytest.raises(ValidationError) as error:
        block.clean(value)

    assert set(error.value.block_errors) == {"video"}
