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
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from . import scenarios

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


# Role-play scenarios ---------------------------------------------------------------------


class ScenarioKeyBlock(blocks.RegexBlock):
    """A step's key, or the key a reply leads to: structure, not text.

    wagtail-localize offers CharBlock, TextBlock and rich text to translators and leaves
    other field blocks alone, so keys and pointers are never translated and a translated
    scenario keeps the graph of its source.
    """

    def __init__(self, **kwargs):
        super().__init__(
            regex=scenarios.KEY_PATTERN.pattern,
            max_length=40,
            error_messages={
                "invalid": _(
                    "Use lower-case letters, digits, hyphens or underscores, "
                    "starting with a letter or digit."
                )
            },
            **kwargs,
        )


class ScenarioReplyBlock(blocks.StructBlock):
    """A reply the staff member may choose, what it earns, and where it leads."""

    text = blocks.TextBlock(label=_("staff reply"), max_length=400)
    feedback = blocks.TextBlock(
        label=_("feedback"),
        max_length=600,
        help_text=_("Shown after the learner chooses this reply: why it works or does not."),
    )
    points = blocks.IntegerBlock(
        label=_("points"),
        default=0,
        min_value=-100,
        max_value=100,
        help_text=_("Negative, zero or positive."),
    )
    standard = SnippetChooserBlock("content.Standard", label=_("standard"), required=False)
    effect = blocks.ChoiceBlock(
        label=_("this reply"),
        choices=[("applies", _("applies the standard")), ("breaks", _("breaks the standard"))],
        required=False,
    )
    next = ScenarioKeyBlock(
        label=_("leads to"), help_text=_("The key of the next step or of an ending.")
    )

    class Meta:
        icon = "comment"
        label = _("Reply")

    def clean(self, value):
        value = super().clean(value)
        if value.get("standard") and not value.get("effect"):
            raise StructBlockValidationError(
                {"effect": ValidationError(_("Say whether this reply applies or breaks it."))}
            )
        return value


class ScenarioStepBlock(blocks.StructBlock):
    """A moment of the conversation: what the customer says and the replies to choose from."""

    key = ScenarioKeyBlock(label=_("key"), help_text=_("E.g. 'greeting'. Replies lead here by it."))
    customer_line = blocks.TextBlock(label=_("customer says"), max_length=600)
    replies = blocks.ListBlock(ScenarioReplyBlock(), label=_("replies"), min_num=1)

    class Meta:
        icon = "user"
        label = _("Step")


class ScenarioEndingBlock(blocks.StructBlock):
    """How the conversation ends: what the customer does after the last reply."""

    key = ScenarioKeyBlock(label=_("key"), help_text=_("E.g. 'customer-leaves-happy'."))
    title = blocks.CharBlock(label=_("title"), max_length=120)
    text = blocks.TextBlock(label=_("what happens"), max_length=600)

    class Meta:
        icon = "flag"
        label = _("Ending")


def scenario_nodes(steps) -> list[scenarios.Node]:
    """The graph of a scenario's steps stream, for the rules in ``content.scenarios``."""
    nodes = []
    for child in steps:
        value = child.value
        if child.block_type == "ending":
            nodes.append(scenarios.Node(key=value.get("key") or "", ending=True))
        else:
            replies = tuple(
                scenarios.Reply(next=reply.get("next") or "", points=reply.get("points") or 0)
                for reply in value.get("replies") or ()
            )
            nodes.append(scenarios.Node(key=value.get("key") or "", replies=replies))
    return nodes


def scenario_errors(problems) -> StreamBlockValidationError:
    """The problems as the admin shows them: each on the step, reply and field to fix."""
    fields: dict[int, dict[str, list]] = {}
    reply_fields: dict[int, dict[int, dict[str, list]]] = {}
    non_block = []
    for problem in problems:
        if problem.position is None:
            non_block.append(ValidationError(problem.message))
        elif problem.reply is None:
            fields.setdefault(problem.position, {}).setdefault(problem.field, []).append(
                problem.message
            )
        else:
            reply_fields.setdefault(problem.position, {}).setdefault(problem.reply, {}).setdefault(
                problem.field, []
            ).append(problem.message)
    block_errors = {}
    for position in sorted(set(fields) | set(reply_fields)):
        errors = {
            name: ValidationError(messages) for name, messages in fields.get(position, {}).items()
        }
        if position in reply_fields:
            errors["replies"] = ListBlockValidationError(
                block_errors={
                    index: StructBlockValidationError(
                        {name: ValidationError(messages) for name, messages in reply.items()}
                    )
                    for index, reply in reply_fields[position].items()
                }
            )
        block_errors[position] = StructBlockValidationError(errors)
    return StreamBlockValidationError(block_errors=block_errors, non_block_errors=non_block)


class ScenarioStepsBlock(blocks.StreamBlock):
    """A scenario's steps and endings; the first step is where the conversation starts."""

    step = ScenarioStepBlock()
    ending = ScenarioEndingBlock()

    class Meta:
        min_num = 1

    def clean(self, value):
        value = super().clean(value)
        problems = scenarios.scenario_problems(scenario_nodes(value))
        if problems:
            raise scenario_errors(problems)
        return value
