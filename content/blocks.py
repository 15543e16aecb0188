"""The block library that lessons are written with.

Every block renders through its own template in ``templates/content/blocks/`` and has a
preview for the block chooser. Blocks that choose an image, a document or a standard take
their preview from the newest one in the library, so the preview shows real content.
"""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

# Wagtail's own preview page, extended with the site's style sheets.
PREVIEW_TEMPLATE = "content/blocks/preview.html"

# Learners read on phones: short, plain formatting only, no headings inside text.
TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]

# Formats that every phone browser plays without plug-ins.
VIDEO_EXTENSIONS = ("mp4", "webm")
CAPTIONS_EXTENSIONS = ("vtt",)


def language_choices():
    """The site's languages; a callable, so changing LANGUAGES needs no migration."""
    return settings.LANGUAGES


def default_language():
    return settings.LANGUAGE_CODE


# Previews of choosing blocks are built when the chooser opens, from what the library holds.
def _newest_document(extensions):
    for document in get_document_model().objects.order_by("-created_at")[:50]:
        if document.file_extension.lower() in extensions:
            return document
    return None


def _standard_preview():
    try:
        standard_model = apps.get_model("content", "Standard")
    except LookupError:  # the model is not there yet
        return {"standard": None}
    return {"standard": standard_model.objects.filter(live=True).order_by("code").first()}


def _image_preview():
    return {
        "image": get_image_model().objects.order_by("-created_at").first(),
        "alt_text": "A shop assistant greeting a customer at the door",
        "caption": "Greet the customer at the door.",
    }


def _video_preview():
    return {
        "video": _newest_document(VIDEO_EXTENSIONS),
        "captions": _newest_document(CAPTIONS_EXTENSIONS),
        "captions_language": settings.LANGUAGE_CODE,
        "transcript": "A customer comes in; the assistant looks up and says hello.",
    }


class HeadingBlock(blocks.StructBlock):
    """A section heading or subheading inside a lesson."""

    text = blocks.CharBlock(label=_("text"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("level"),
        choices=[("h2", _("Section heading (h2)")), ("h3", _("Subheading (h3)"))],
        default="h2",
        help_text=_("Use a subheading only under a section heading."),
    )

    class Meta:
        icon = "title"
        template = "content/blocks/heading_block.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {"text": "Greeting the customer", "level": "h2"}
        description = _("A heading that starts a section of the lesson.")
        label = _("Heading")


class FormattedTextBlock(blocks.RichTextBlock):
    """Paragraphs with bold, italic, links and lists."""

    def __init__(self, features=None, **kwargs):
        super().__init__(features=features or TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        template = "content/blocks/formatted_text_block.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = (
            "<p>Greet every customer within <b>ten seconds</b> of them coming in, "
            "even when you are busy with someone else.</p>"
        )
        description = _("Paragraphs of text with bold, italic, links and lists.")
        label = _("Text")


class StandardBlock(blocks.StructBlock):
    """One service standard: its code, rule, level and how it is checked."""

    # A string reference, so the block can be declared before the model is imported.
    standard = SnippetChooserBlock("content.Standard", label=_("standard"))

    class Meta:
        icon = "tick-inverse"
        template = "content/blocks/standard_block.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = staticmethod(_standard_preview)
        description = _("Shows a service standard with its level and how it is checked.")
        label = _("Standard")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        standard = value.get("standard")
        # On a translated lesson, show the standard in the reader's language when it has one.
        context["standard"] = getattr(standard, "localized", standard)
        return context


class PhrasePairBlock(blocks.StructBlock):
    """A phrase to say and the phrase it replaces, with an optional reason."""

    say_this = blocks.CharBlock(label=_("say this"), max_length=300)
    not_this = blocks.CharBlock(label=_("not this"), max_length=300)
    why = blocks.CharBlock(label=_("why"), max_length=300, required=False)

    class Meta:
        icon = "openquote"
        template = "content/blocks/phrase_pair_block.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "say_this": "Let me find out for you.",
            "not_this": "That's not my department.",
            "why": "The customer hears that you will help.",
        }
        description = _("One phrase to say instead of another.")
        label = _("Phrase pair")


class PhrasePairsBlock(blocks.StructBlock):
    """A list of 'say this / not this' phrase pairs."""

    pairs = blocks.ListBlock(PhrasePairBlock(), min_num=1, label=_("pairs"))

    class Meta:
        icon = "openquote"
        template = "content/blocks/phrase_pairs_block.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "pairs": [
                {
                    "say_this": "Let me find out for you.",
                    "not_this": "That's not my department.",
                    "why": "The customer hears that you will help.",
                },
                {
                    "say_this": "Thank you for waiting.",
                    "not_this": "Sorry for the wait.",
                    "why": "",
                },
            ]
        }
        description = _("Phrases to say, each with the phrase it replaces.")
        label = _("Say this / not this")


class DoDontBlock(blocks.StructBlock):
    """What to do and what not to do, side by side."""

    dos = blocks.ListBlock(blocks.CharBlock(max_length=200), min_num=1, label=_("do"))
    donts = blocks.ListBlock(blocks.CharBlock(max_length=200), min_num=1, label=_("don't"))

    class Meta:
        icon = "list-ul"
        template = "content/blocks/do_dont_block.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "dos": ["Smile and make eye contact", "Keep your name badge visible"],
            "donts": ["Talk to colleagues while a customer waits", "Point instead of showing"],
        }
        description = _("Two lists: what to do and what not to do.")
        label = _("Do and don't")


class ChecklistBlock(blocks.StructBlock):
    """A titled list of points to check, shown with check marks."""

    title = blocks.CharBlock(label=_("title"), max_length=120)
    items = blocks.ListBlock(blocks.CharBlock(max_length=200), min_num=1, label=_("items"))

    class Meta:
        icon = "tasks"
        template = "content/blocks/checklist_block.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "title": "Before the store opens",
            "items": ["Lights and music on", "Tills have change", "Entrance is clear"],
        }
        description = _("A list of points to check, such as an opening routine.")
        label = _("Checklist")


class CalloutBlock(blocks.StructBlock):
    """A tip, an important note or an example set apart from the text."""

    kind = blocks.ChoiceBlock(
        label=_("kind"),
        choices=[("tip", _("Tip")), ("important", _("Important")), ("example", _("Example"))],
        default="tip",
    )
    text = blocks.RichTextBlock(label=_("text"), features=TEXT_FEATURES)

    class Meta:
        icon = "help"
        template = "content/blocks/callout_block.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "kind": "tip",
            "text": "<p>Use the customer's name once you know it.</p>",
        }
        description = _("A tip, an important note or an example, set apart from the text.")
        label = _("Callout")


class CaptionedImageBlock(blocks.StructBlock):
    """An image with the alt text that describes it and an optional caption."""

    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("alt text"),
        max_length=250,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("caption"), max_length=250, required=False)

    class Meta:
        icon = "image"
        template = "content/blocks/captioned_image_block.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = staticmethod(_image_preview)
        description = _("An image with alt text and an optional caption.")
        label = _("Image")


class VideoBlock(blocks.StructBlock):
    """An uploaded video with a captions track and a transcript."""

    # Uploaded, never embedded: the site must work on a closed network.
    video = DocumentChooserBlock(
        label=_("video file"), help_text=_("An MP4 or WebM file from the documents library.")
    )
    captions = DocumentChooserBlock(
        label=_("captions"), help_text=_("A WebVTT (.vtt) file with the captions.")
    )
    captions_language = blocks.ChoiceBlock(
        label=_("captions language"), choices=language_choices, default=default_language
    )
    poster = ImageChooserBlock(
        label=_("poster image"),
        required=False,
        help_text=_("Shown before the video plays."),
    )
    transcript = blocks.TextBlock(
        label=_("transcript"),
        help_text=_("What is said and shown, for people who cannot watch the video."),
    )

    class Meta:
        icon = "media"
        template = "content/blocks/video_block.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = staticmethod(_video_preview)
        description = _("An uploaded video with captions and a transcript.")
        label = _("Video")

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if value["video"].file_extension.lower() not in VIDEO_EXTENSIONS:
            errors["video"] = ValidationError(_("Choose an MP4 or WebM video file."))
        if value["captions"].file_extension.lower() not in CAPTIONS_EXTENSIONS:
            errors["captions"] = ValidationError(_("Choose a WebVTT (.vtt) captions file."))
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["captions_label"] = dict(settings.LANGUAGES).get(
            value.get("captions_language"), value.get("captions_language")
        )
        return context


class QuoteBlock(blocks.StructBlock):
    """A quotation, for example from a customer, with who said it."""

    quote = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("attribution"), max_length=200, required=False)

    class Meta:
        icon = "openquote"
        template = "content/blocks/quote_block.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "quote": "She remembered my name the second time I came in.",
            "attribution": "A customer in Bratislava",
        }
        description = _("A quotation with who said it.")
        label = _("Quote")


class KeyTakeawaysBlock(blocks.StructBlock):
    """The few points a learner should remember from the lesson."""

    points = blocks.ListBlock(blocks.CharBlock(max_length=200), min_num=1, label=_("points"))

    class Meta:
        icon = "pick"
        template = "content/blocks/key_takeaways_block.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "points": [
                "Greet within ten seconds.",
                "Offer help; don't wait to be asked.",
                "Thank the customer as they leave.",
            ]
        }
        description = _("A short list of what to remember from the lesson.")
        label = _("Key takeaways")


class LessonStreamBlock(blocks.StreamBlock):
    """Everything a lesson's body can be built from."""

    heading = HeadingBlock()
    text = FormattedTextBlock()
    standard = StandardBlock()
    phrase_pairs = PhrasePairsBlock()
    do_dont = DoDontBlock()
    checklist = ChecklistBlock()
    callout = CalloutBlock()
    image = CaptionedImageBlock()
    video = VideoBlock()
    quote = QuoteBlock()
    key_takeaways = KeyTakeawaysBlock()
