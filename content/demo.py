"""Demo pages and standards for ``manage.py load_initial_data``."""

from wagtail.models import Locale, Page, Site

from .blocks import LessonStreamBlock
from .models import (
    CourseIndexPage,
    CoursePage,
    HomePage,
    LessonPage,
    LessonStandard,
    Standard,
    StandardCategory,
)

HOME_INTRODUCTION = (
    "Our service standards, in short lessons you can read on your phone, "
    "role-plays to practise them, and the exam that certifies you."
)
HOME_BODY = (
    "<h2>How it works</h2>"
    "<ol><li>Read the lessons for your role: greeting, the telephone, complaints, "
    "the stages of a sale.</li>"
    "<li>Practise with role-play customers and see what each reply does.</li>"
    "<li>Sit the standards exam and download your certificate.</li></ol>"
    "<p>Every month the best service in each store is recognised.</p>"
)


def load_demo_pages() -> HomePage:
    """Give the home page its demo text; unchanged text is not saved again."""
    home = Site.objects.get(is_default_site=True).root_page.specific
    assert isinstance(home, HomePage), "migrations put a HomePage at the site root"
    if home.introduction != HOME_INTRODUCTION or home.body != HOME_BODY:
        home.introduction = HOME_INTRODUCTION
        home.body = HOME_BODY
        home.save_revision().publish()
    return home


# (code, name, sort order) of the demo categories.
DEMO_CATEGORIES = [
    ("greeting", "Greeting", 10),
    ("telephone", "Telephone", 20),
    ("needs-and-presentation", "Needs and presentation", 30),
    ("objections", "Objections", 40),
    ("complaints", "Complaints", 50),
    ("appearance", "Appearance", 60),
    ("store-environment", "Store environment", 70),
]

MANDATORY = Standard.Level.MANDATORY
RECOMMENDED = Standard.Level.RECOMMENDED

# (code, category code, level, title, rule, how it is checked)
DEMO_STANDARDS = [
    (
        "GREET-01", "greeting", MANDATORY, "Greet every customer",
        "Greet each customer who comes in with eye contact and a friendly word, "
        "even when you are busy with someone else.",
        "Customer greeted within 10 seconds of entering the sales floor.",
    ),
    (
        "SPACE-01", "greeting", MANDATORY, "Give the customer room",
        "After the greeting, let the customer look around on their own: stay close "
        "enough to be seen, but do not follow them.",
        "Staff stay 1 to 2 metres from the customer while in their field of view.",
    ),
    (
        "PHONE-01", "telephone", MANDATORY, "Pick up quickly",
        "Answer the telephone promptly; a ringing phone is a customer waiting.",
        "Phone answered by the third ring.",
    ),
    (
        "PHONE-02", "telephone", MANDATORY, "Introduce yourself on the phone",
        "Start every call by saying your name and your department, slowly and clearly.",
        "Name and department said in the first sentence of the call.",
    ),
    (
        "PHONE-03", "telephone", MANDATORY, "Offer to call back",
        "If you cannot answer straight away, offer to call the customer back instead "
        "of leaving them on hold.",
        "No caller is left on hold; every unanswered question ends with an agreed "
        "call-back time.",
    ),
    (
        "RESP-01", "complaints", MANDATORY, "Answer within the promised time",
        "Reply to every customer question or complaint within 10 hours, and aim to "
        "beat that promise.",
        "Reply sent within 10 hours; target 8 hours.",
    ),
    (
        "LANG-01", "objections", MANDATORY, "Say what you can do",
        "Avoid a flat 'no' or 'never'; tell the customer what you can do for them instead.",
        "No 'no' or 'never' without an alternative offered in the same answer.",
    ),
    (
        "FORB-01", "needs-and-presentation", MANDATORY, "Forbidden phrases",
        "Never tell a customer 'we don't have that' or 'everything is on the shelf, "
        "choose yourself'; offer an alternative or help them choose.",
        "Neither forbidden phrase is heard during a mystery shopper visit.",
    ),
    (
        "COMPL-01", "complaints", MANDATORY, "Listen and repeat the problem",
        "Let the customer finish, then repeat the problem in your own words so they "
        "know you understood.",
        "Problem restated to the customer before any solution is offered.",
    ),
    (
        "COMPL-02", "complaints", MANDATORY, "Show empathy and apologise",
        "Show the customer that you understand how they feel and apologise for the "
        "trouble, whoever caused it.",
        "An apology is spoken in every complaint conversation.",
    ),
    (
        "COMPL-03", "complaints", MANDATORY, "Offer several ways to settle",
        "Propose more than one way to put things right and let the customer choose.",
        "At least two solutions offered.",
    ),
    (
        "COMPL-04", "complaints", MANDATORY, "Decide fast and say thank you",
        "Settle the complaint quickly and thank the customer for telling you about it.",
        "Decision given in the same conversation or within 10 hours; the customer is "
        "thanked.",
    ),
    (
        "STORE-01", "store-environment", MANDATORY, "Be ready before opening",
        "Come in early enough to prepare the shop floor, the till and yourself before "
        "the doors open.",
        "Staff arrive 30 minutes before opening time.",
    ),
    (
        "STORE-02", "store-environment", RECOMMENDED, "Keep the shop floor tidy",
        "Put goods back, fill gaps on the shelves and keep the aisles clear during the day.",
        "",
    ),
    (
        "LOOK-01", "appearance", MANDATORY, "Wear the uniform and name badge",
        "Wear the company uniform, clean and complete, with your name badge visible.",
        "Name badge visible on the chest at every check.",
    ),
    (
        "SALE-01", "needs-and-presentation", MANDATORY, "Prepare for the customer",
        "Before the customer arrives, know the goods, the prices and the current offers.",
        "Staff name today's offers without looking them up.",
    ),
    (
        "SALE-02", "greeting", MANDATORY, "Make contact",
        "Greet the customer and open the conversation with a question about their visit, "
        "not about a product.",
        "An open question asked within the first minute of contact.",
    ),
    (
        "SALE-03", "needs-and-presentation", MANDATORY, "Find the need",
        "Ask open questions and listen until you know what the customer needs and why.",
        "At least two open questions asked before a product is shown.",
    ),
    (
        "SALE-04", "needs-and-presentation", RECOMMENDED, "Present the benefits",
        "Present the product through what it does for this customer, not through its "
        "specification sheet.",
        "",
    ),
    (
        "SALE-05", "objections", MANDATORY, "Handle objections",
        "Treat an objection as a question: acknowledge it, ask what lies behind it and "
        "answer with facts.",
        "The objection is acknowledged and answered; the customer is never contradicted.",
    ),
    (
        "SALE-06", "needs-and-presentation", MANDATORY, "Offer an additional purchase",
        "Offer one item that completes what the customer is buying.",
        "An additional item offered in every sale (mystery shopper check).",
    ),
    (
        "SALE-07", "greeting", MANDATORY, "Close and say goodbye",
        "Confirm the purchase, thank the customer and invite them back.",
        "Customer thanked and bid goodbye at the till in every sale.",
    ),
    (
        "SURV-01", "store-environment", RECOMMENDED, "Keep surveys short",
        "When you ask customers for feedback, keep the survey to at most 10 to 15 "
        "questions so they finish it.",
        "",
    ),
]  # fmt: skip


def load_demo_standards() -> list[Standard]:
    """Create the demo categories and published English standards; running again changes
    nothing (they are found by code and locale, and never published twice)."""
    english = Locale.get_default()
    categories = {}
    for code, name, sort_order in DEMO_CATEGORIES:
        categories[code], _created = StandardCategory.objects.get_or_create(
            code=code, locale=english, defaults={"name": name, "sort_order": sort_order}
        )

    standards = []
    for code, category_code, level, title, rule, criterion in DEMO_STANDARDS:
        standard = Standard.objects.filter(code=code, locale=english).first()
        if standard is None:
            standard = Standard(
                code=code,
                locale=english,
                category=categories[category_code],
                level=level,
                title=title,
                rule=rule,
                criterion=criterion,
                live=False,
            )
            standard.full_clean()
            standard.save()
        if not standard.live:
            standard.save_revision().publish()
            standard.refresh_from_db()
        standards.append(standard)
    return standards


# ---- The demo course ---------------------------------------------------------------------

COURSE_INDEX_INTRODUCTION = (
    "Short courses on the service standards of our stores. Each lesson takes a few minutes "
    "and ends with what to remember."
)
COURSE_SUMMARY = (
    "The standards every colleague on the shop floor follows: getting the store ready, "
    "greeting customers, the telephone, the stages of a sale, complaints and how we look "
    "and speak."
)
COURSE_AUDIENCE = "Everyone who serves customers in our stores"


# Builders of raw stream data, so the lessons below read like their outline.
def _heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def _text(html):
    return {"type": "text", "value": html}


def _standard(code):
    # Replaced by the standard's id when the lesson is built.
    return {"type": "standard", "value": {"standard": code}}


def _phrases(*pairs):
    return {
        "type": "phrase_pairs",
        "value": {
            "pairs": [
                {"say_this": say, "not_this": instead, "why": why} for say, instead, why in pairs
            ]
        },
    }


def _do_dont(dos, donts):
    return {"type": "do_dont", "value": {"dos": dos, "donts": donts}}


def _checklist(title, items):
    return {"type": "checklist", "value": {"title": title, "items": items}}


def _callout(kind, html):
    return {"type": "callout", "value": {"kind": kind, "text": html}}


def _takeaways(*points):
    return {"type": "key_takeaways", "value": {"points": list(points)}}


# (slug, title, summary, minutes, required, standard codes, body)
DEMO_LESSONS = [
    (
        "store-and-first-impression",
        "The store and the first impression",
        "The customer judges the store before anyone says a word. Get it ready in time.",
        10,
        True,
        ["STORE-01", "STORE-02", "SPACE-01"],
        [
            _heading("Ready before the doors open"),
            _text(
                "<p>Come in <b>30 minutes before opening</b>. That half hour is for the shop "
                "floor, the till and yourself, so the first customer of the day meets a store "
                "that is already working.</p>"
            ),
            _checklist(
                "Before opening",
                [
                    "Lights and music on",
                    "Aisles clear, gaps on the shelves filled",
                    "Till open with change",
                    "Uniform complete, name badge on",
                ],
            ),
            _standard("STORE-01"),
            _heading("A tidy floor all day"),
            _text(
                "<p>Put goods back where they belong and keep the aisles clear. A tidy floor "
                "tells the customer that we care about details.</p>"
            ),
            _standard("STORE-02"),
            _heading("Room to look around"),
            _text(
                "<p>After the greeting, stay <b>1 to 2 metres</b> away, where the customer can "
                "see you. Close enough to help at once, far enough not to press them.</p>"
            ),
            _standard("SPACE-01"),
            _takeaways(
                "Arrive 30 minutes before opening.",
                "Keep the shop floor tidy during the whole day.",
                "Stay 1 to 2 metres away, in the customer's field of view.",
            ),
        ],
    ),
    (
        "greeting-and-personal-attention",
        "Greeting and personal attention",
        "Every customer is greeted, and every customer feels noticed.",
        10,
        True,
        ["GREET-01", "SALE-02"],
        [
            _heading("Greet every customer"),
            _text(
                "<p>Look up, make eye contact and say hello within <b>ten seconds</b> of the "
                "customer coming in, even when you are serving someone else.</p>"
            ),
            _standard("GREET-01"),
            _heading("Open with a question about the visit"),
            _phrases(
                (
                    "Good morning! What brings you in today?",
                    "Can I help you?",
                    "An open question starts a conversation; 'can I help you' invites 'no, "
                    "thanks'.",
                ),
                (
                    "I'll be with you in a moment.",
                    "(silence while you finish with another customer)",
                    "The waiting customer knows you have seen them.",
                ),
            ),
            _standard("SALE-02"),
            _do_dont(
                ["Smile and make eye contact", "Use the customer's name once you know it"],
                ["Talk to colleagues while a customer waits", "Follow the customer around"],
            ),
            _takeaways(
                "Greet within ten seconds.",
                "Open with a question about the visit, not about a product.",
            ),
        ],
    ),
    (
        "telephone-etiquette",
        "Telephone etiquette",
        "A ringing phone is a customer waiting. Answer quickly, clearly and with a plan.",
        10,
        True,
        ["PHONE-01", "PHONE-02", "PHONE-03"],
        [
            _heading("Pick up by the third ring"),
            _standard("PHONE-01"),
            _heading("Say who you are"),
            _text(
                "<p>Start with your name and your department. Speak <b>slowly and "
                "clearly</b>: the caller cannot see you and may be in a noisy place.</p>"
            ),
            _standard("PHONE-02"),
            _phrases(
                (
                    "Alder & Finch, electronics, Jana speaking. How can I help?",
                    "Hello?",
                    "The caller knows at once that they reached the right place.",
                ),
            ),
            _heading("Call back instead of holding"),
            _callout(
                "important",
                "<p>If you cannot answer straight away, <b>offer to call back</b> and agree a "
                "time. Do not leave the customer on hold.</p>",
            ),
            _standard("PHONE-03"),
            _takeaways(
                "Third ring at the latest.",
                "Name and department first, slowly and clearly.",
                "Offer a call-back rather than hold.",
            ),
        ],
    ),
    (
        "stages-of-a-sale-and-objections",
        "The stages of a sale and handling objections",
        "Seven stages take a customer from hello to goodbye; an objection is a question.",
        15,
        True,
        ["SALE-01", "SALE-03", "SALE-04", "SALE-05", "SALE-06", "SALE-07", "LANG-01"],
        [
            _heading("The seven stages"),
            _text(
                "<ol><li>Preparation</li><li>Greeting and contact</li><li>Finding the "
                "need</li><li>Presenting</li><li>Handling objections</li><li>Offering an "
                "additional purchase</li><li>Closing and farewell</li></ol>"
            ),
            _standard("SALE-01"),
            _standard("SALE-03"),
            _standard("SALE-04"),
            _heading("Objections"),
            _text(
                "<p>When a customer objects, they are telling you what is still missing. "
                "Acknowledge it, ask what lies behind it, answer with facts.</p>"
            ),
            _standard("SALE-05"),
            _phrases(
                (
                    "We can order it for you by Friday.",
                    "No, we don't do that.",
                    "Say what you can do instead of a flat no.",
                ),
                (
                    "That usually takes a week; I'll check if it can be sooner.",
                    "That never happens.",
                    "'Never' closes the conversation.",
                ),
            ),
            _standard("LANG-01"),
            _heading("Finish the sale"),
            _standard("SALE-06"),
            _standard("SALE-07"),
            _takeaways(
                "Know the seven stages and where you are in them.",
                "Treat an objection as a question.",
                "Never a flat 'no' or 'never': say what you can do.",
            ),
        ],
    ),
    (
        "complaints",
        "Complaints",
        "A complaint handled well wins the customer back; one handled badly is retold.",
        15,
        True,
        ["COMPL-01", "COMPL-02", "COMPL-03", "COMPL-04", "RESP-01"],
        [
            _callout(
                "important",
                "<p>An unhappy customer tells <b>8 to 10 other people</b> about it.</p>",
            ),
            _heading("Five steps"),
            _checklist(
                "Handling a complaint",
                [
                    "Listen to the end and repeat the problem in your own words",
                    "Show you understand how they feel, and apologise",
                    "Offer several ways to put it right",
                    "Decide quickly",
                    "Thank the customer for telling you",
                ],
            ),
            _standard("COMPL-01"),
            _standard("COMPL-02"),
            _phrases(
                (
                    "I'm sorry this happened. Let me make sure I understood: ...",
                    "That's not our fault.",
                    "An apology is about their trouble, not about blame.",
                ),
            ),
            _standard("COMPL-03"),
            _standard("COMPL-04"),
            _heading("Answer within 10 hours"),
            _text(
                "<p>Reply to every complaint or question within <b>10 hours</b>, and aim for "
                "<b>8</b>: beating the promise is what the customer remembers.</p>"
            ),
            _standard("RESP-01"),
            _takeaways(
                "Listen, repeat, apologise.",
                "Offer more than one solution and decide fast.",
                "Reply within 10 hours, aim for 8.",
            ),
        ],
    ),
    (
        "appearance-and-forbidden-phrases",
        "Appearance and forbidden phrases",
        "How we look and what we never say.",
        5,
        False,
        ["LOOK-01", "FORB-01"],
        [
            _heading("Uniform and badge"),
            _standard("LOOK-01"),
            _heading("Phrases we never use"),
            _phrases(
                (
                    "That one is sold out; this one does the same job. Shall I show you?",
                    "We don't have that.",
                    "Offer an alternative instead of ending the conversation.",
                ),
                (
                    "Let me help you choose: what will you use it for?",
                    "Everything is on the shelf, choose yourself.",
                    "The customer came for help, not for a shelf.",
                ),
            ),
            _standard("FORB-01"),
            _takeaways(
                "Uniform complete, name badge visible.",
                "Never 'we don't have that' or 'choose yourself'.",
            ),
        ],
    ),
]


def _child_by_slug(parent: Page, slug: str) -> Page | None:
    page = parent.get_children().filter(slug=slug).first()
    return page.specific if page else None


def _add_and_publish(parent: Page, page: Page) -> Page:
    page.live = False
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def _lesson_body(raw: list[dict], standards: dict[str, Standard]):
    for block in raw:
        if block["type"] == "standard":
            block = {**block, "value": {"standard": standards[block["value"]["standard"]].pk}}
        yield block


def load_demo_course() -> CoursePage:
    """Create the course index and the published demo course with its six lessons under the
    home page; running again changes nothing (pages are found by slug under their parent)."""
    load_demo_standards()
    english = Locale.get_default()
    standards = {standard.code: standard for standard in Standard.objects.filter(locale=english)}
    home = Site.objects.get(is_default_site=True).root_page.specific

    index = _child_by_slug(home, "courses") or _add_and_publish(
        home,
        CourseIndexPage(title="Courses", slug="courses", introduction=COURSE_INDEX_INTRODUCTION),
    )
    course = _child_by_slug(index, "service-standards-essentials") or _add_and_publish(
        index,
        CoursePage(
            title="Service standards essentials",
            slug="service-standards-essentials",
            summary=COURSE_SUMMARY,
            audience=COURSE_AUDIENCE,
            estimated_minutes=60,
            certificate_validity_months=24,
        ),
    )

    body_block = LessonStreamBlock()
    for slug, title, summary, minutes, required, codes, body in DEMO_LESSONS:
        if _child_by_slug(course, slug) is not None:
            continue
        lesson = LessonPage(
            title=title,
            slug=slug,
            summary=summary,
            estimated_minutes=minutes,
            required=required,
            body=body_block.to_python(list(_lesson_body(body, standards))),
        )
        lesson.standards = [
            LessonStandard(standard=standards[code], sort_order=order)
            for order, code in enumerate(codes)
        ]
        # Reading the stream gives list items their IDs, which wagtail-localize needs to
        # translate them item by item.
        list(lesson.body)
        _add_and_publish(course, lesson)
    return course
