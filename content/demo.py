"""Demo pages, standards, course and role-play scenarios for ``manage.py load_initial_data``."""

from dataclasses import dataclass

from wagtail.models import Locale, Page, Site

from .blocks import LessonStreamBlock, ScenarioStepsBlock
from .models import (
    CourseIndexPage,
    CoursePage,
    HomePage,
    LessonPage,
    LessonStandard,
    ScenarioPage,
    ScenarioStandard,
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


def _add_and_publish(parent: Page, page: Page, after: Page | None = None) -> Page:
    """Add ``page`` as the last child of ``parent``, or right after its child ``after``."""
    page.live = False
    if after is None:
        parent.add_child(instance=page)
    else:
        after.add_sibling(pos="right", instance=page)
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


# ---- The demo role-play scenarios ----------------------------------------------------------

APPLIES = "applies"
BREAKS = "breaks"


def _reply(text, feedback, *, points, leads_to, applies=None, breaks=None):
    """A reply as raw block data; ``applies``/``breaks`` name the standard by its code."""
    return {
        "text": text,
        "feedback": feedback,
        "points": points,
        # Replaced by the standard's id when the scenario is built.
        "standard": applies or breaks,
        "effect": APPLIES if applies else BREAKS if breaks else "",
        "next": leads_to,
    }


def _step(key, customer_line, *replies):
    return {
        "type": "step",
        "value": {"key": key, "customer_line": customer_line, "replies": list(replies)},
    }


def _ending(key, title, text):
    return {"type": "ending", "value": {"key": key, "title": title, "text": text}}


@dataclass(frozen=True)
class DemoScenario:
    """A demo role-play and the lesson it follows in the course."""

    slug: str
    title: str
    after_lesson: str
    summary: str
    setting: str
    persona: str
    mood: str
    goal: str
    pass_score: int
    estimated_minutes: int
    standards: tuple[str, ...]
    steps: list


COMPLAINT_SCENARIO = DemoScenario(
    slug="angry-customer-complaint",
    title="An angry customer with a complaint",
    after_lesson="complaints",
    summary=(
        "A customer brings back a leaking coffee machine for the second time. Turn her anger "
        "into a solution she chooses."
    ),
    setting=(
        "Saturday afternoon at the service desk of the Main Street store. There is a short "
        "queue behind the customer, and she has the coffee machine with her in its box."
    ),
    persona=(
        "Mrs Horvat, a regular customer for years, who bought the coffee machine ten days ago "
        "and has already been sent home once."
    ),
    mood=ScenarioPage.Mood.ANGRY,
    goal=(
        "Listen, show you understand, offer more than one way to put it right, decide today "
        "and thank her, so that she comes back instead of telling 8 to 10 people about us."
    ),
    pass_score=10,
    estimated_minutes=7,
    standards=("COMPL-01", "COMPL-02", "COMPL-03", "COMPL-04", "RESP-01", "LANG-01"),
    steps=[
        _step(
            "opening",
            "This coffee machine leaks all over my kitchen! I bought it here ten days ago, and "
            "this is the second time I've had to come back. Does anyone here actually care?",
            _reply(
                "I'm sorry you've had to come back. I'm listening: tell me everything that "
                "happened, from the start.",
                "An angry customer first needs to be heard. Inviting her to tell the whole "
                "story, and letting her finish, is the start of every complaint we settle.",
                points=2,
                applies="COMPL-01",
                leads_to="listen",
            ),
            _reply(
                "(Start unpacking the machine to look at it while she is still talking.)",
                "Looking at the machine instead of at her tells her the machine matters more. "
                "The inspection can wait a minute: let her finish first.",
                points=0,
                breaks="COMPL-01",
                leads_to="listen",
            ),
            _reply(
                "That model has excellent reviews. Are you sure you're using it properly?",
                "Questioning the customer turns a complaint into an argument. Remember who "
                "hears about it next: an unhappy customer tells 8 to 10 other people.",
                points=-3,
                breaks="COMPL-02",
                leads_to="escalates",
            ),
        ),
        _step(
            "listen",
            "The water tank is cracked at the bottom. Last week your colleague told me that "
            "was normal and sent me home. Now there's a puddle under it every single morning!",
            _reply(
                "So the tank has cracked, it leaks every morning, and last week you were sent "
                "home without a fix. Have I got that right?",
                "Repeating the problem in your own words proves you understood all of it, "
                "including the wasted visit, and lets her correct you before you offer "
                "anything.",
                points=3,
                applies="COMPL-01",
                leads_to="feelings",
            ),
            _reply(
                "OK, a cracked tank.",
                "You caught the fault but not the rest of the story. Two words do not show "
                "that you understood: restate the whole problem, the earlier visit included.",
                points=0,
                breaks="COMPL-01",
                leads_to="feelings",
            ),
            _reply(
                "My colleague shouldn't have said that, but I wasn't working last week.",
                "To the customer, every one of us is the store. Pointing at a colleague sounds "
                "like an excuse and leaves her trouble with nobody.",
                points=-2,
                breaks="COMPL-02",
                leads_to="escalates",
            ),
        ),
        _step(
            "escalates",
            "Unbelievable! Nobody here takes responsibility for anything. I'm going to tell "
            "everyone I know about this shop.",
            # Back to "listen": with the -2 that led here, the detour earns nothing.
            _reply(
                "You're right to be upset, and I'm sorry. I'll take care of this myself. Please "
                "tell me again exactly what is happening with the machine.",
                "A sincere apology and taking ownership can rescue a conversation that went "
                "wrong. It only wins back what the last reply lost: you are back where you "
                "started.",
                points=2,
                applies="COMPL-02",
                leads_to="listen",
            ),
            _reply(
                "There's no need to raise your voice. If you're not happy, write to head office.",
                "Sending an angry customer elsewhere ends the conversation and starts the story "
                "she will tell. Stay with her problem and apologise for the trouble.",
                points=-3,
                breaks="COMPL-02",
                leads_to="tells-others",
            ),
        ),
        _step(
            "feelings",
            "Exactly. Two trips to the store and a week of mopping the kitchen floor. I'm "
            "really fed up.",
            _reply(
                "I understand. That's really frustrating, especially after you'd already come "
                "in once. I'm sorry for all the trouble it has caused you.",
                "Naming her feeling and apologising takes the heat out of the conversation. The "
                "apology is for her trouble; it does not need to settle who is to blame.",
                points=3,
                applies="COMPL-02",
                leads_to="options",
            ),
            _reply(
                "These things happen with appliances, unfortunately.",
                "It may be true, but it brushes her frustration aside. Show that you understand "
                "how she feels and apologise, whoever caused the fault.",
                points=0,
                breaks="COMPL-02",
                leads_to="options",
            ),
            _reply(
                "Please calm down, otherwise I can't help you.",
                "Telling an upset customer to calm down sounds like blame and makes things "
                "worse. Acknowledge the feeling instead: 'I understand, that's frustrating.'",
                points=-3,
                breaks="COMPL-02",
                leads_to="tells-others",
            ),
        ),
        _step(
            "options",
            "So what are you going to do about it?",
            _reply(
                "I can offer you three options: a new machine of the same model today, a full "
                "refund, or a different model with 10% off. Which would suit you best?",
                "Several ways to settle let the customer choose, which gives back some of the "
                "control the fault took from her. By choosing, she also agrees to the outcome.",
                points=3,
                applies="COMPL-03",
                leads_to="decide",
            ),
            _reply(
                "We can send it away for repair. That usually takes about three weeks.",
                "One option, and a slow one: she has no choice and three more weeks without her "
                "machine. Offer at least two ways to put it right.",
                points=0,
                breaks="COMPL-03",
                leads_to="decide",
            ),
            _reply(
                "No, we can't do anything until the manufacturer has inspected it.",
                "A flat 'no' closes the conversation. Even when an inspection is needed, say "
                "what you can do now: a replacement while it is checked, for example.",
                points=-2,
                breaks="LANG-01",
                leads_to="tells-others",
            ),
        ),
        _step(
            "decide",
            "A new one, then. But I'm not coming back a third time if that one leaks too.",
            _reply(
                "I'll exchange it right now, and we'll fill the new one with water here at the "
                "desk so you can see it doesn't leak before you go.",
                "Deciding on the spot, and removing her last worry, is what makes the complaint "
                "feel settled. The quicker the decision, the less the fault is remembered.",
                points=2,
                applies="COMPL-04",
                leads_to="thanks",
            ),
            _reply(
                "I'll need my manager to approve the exchange. She's in on Monday.",
                "A decision two days away feels like no decision. Settle it in the same "
                "conversation, or at least within 10 hours; phone your manager if you must.",
                points=0,
                breaks="COMPL-04",
                leads_to="settled",
            ),
            _reply(
                "Fill in this form, please. Head office will reply within four to six weeks.",
                "Weeks of waiting break our promise to answer every complaint within 10 hours. "
                "Paperwork can follow; the decision should not wait.",
                points=-2,
                breaks="RESP-01",
                leads_to="tells-others",
            ),
        ),
        _step(
            "thanks",
            "Well... thank you. That's more like it.",
            _reply(
                "Thank you for bringing it back and telling us. I'll ask the team to check the "
                "other machines from the same delivery.",
                "Thanking the customer turns a complaint into useful feedback: she may have "
                "saved the next buyer the same trouble, and she knows it.",
                points=2,
                applies="COMPL-04",
                leads_to="won-back",
            ),
            _reply(
                "(Nod and call the next customer in the queue.)",
                "The problem is solved, but the last thing she sees is the queue. A short "
                "thank-you is what she will remember when she tells the story.",
                points=0,
                breaks="COMPL-04",
                leads_to="settled",
            ),
        ),
        _ending(
            "won-back",
            "Customer won back",
            "Mrs Horvat leaves with a new machine that does not leak and says she will be back "
            "for coffee beans. A complaint handled well has made her more loyal than before.",
        ),
        _ending(
            "settled",
            "Settled, but only just",
            "The machine will be replaced, but the customer leaves without a smile. Next time "
            "she needs an appliance, she may try another shop first.",
        ),
        _ending(
            "tells-others",
            "She tells everyone",
            "Mrs Horvat walks out with the leaking machine. By the weekend 8 to 10 people have "
            "heard how our store treated her.",
        ),
    ],
)

PHONE_SCENARIO = DemoScenario(
    slug="phone-call-you-cannot-answer",
    title="A phone call you cannot answer at once",
    after_lesson="telephone-etiquette",
    summary=(
        "A business customer phones with a warranty question only head office can answer. "
        "Pick up in time, introduce yourself, and call back sooner than promised."
    ),
    setting=(
        "A weekday at 11 a.m. in the electronics department. You are handing a customer her "
        "receipt when the department phone starts to ring."
    ),
    persona=(
        "Mr Novak, who runs a small office and bought twelve laptops from us last month. He is "
        "calling from his car between two meetings."
    ),
    mood=ScenarioPage.Mood.HURRIED,
    goal=(
        "Answer by the third ring with your name and department, offer to call back instead "
        "of putting him on hold, agree a time within our 10-hour promise, and beat it."
    ),
    pass_score=9,
    estimated_minutes=6,
    standards=("PHONE-01", "PHONE-02", "PHONE-03", "RESP-01", "LANG-01"),
    steps=[
        _step(
            "ringing",
            "(The department phone rings once, then a second time. The customer at the counter "
            "is putting away her receipt.)",
            _reply(
                "(Say 'excuse me a moment' to the customer at the counter and pick up before the "
                "third ring.)",
                "A ringing phone is a customer waiting too. A short 'excuse me' costs the person "
                "in front of you a second; picking up by the third ring keeps the caller.",
                points=2,
                applies="PHONE-01",
                leads_to="introduce",
            ),
            _reply(
                "(Finish with the customer at the counter first, and pick up on the sixth ring.)",
                "Being polite to the customer in front of you is right, but six rings feel long "
                "to a caller, who may already be dialling another shop. Pick up by the third.",
                points=0,
                breaks="PHONE-01",
                leads_to="introduce",
            ),
            _reply(
                "(Let it ring. You're busy, and someone else may take it.)",
                "Nobody else took it. An unanswered phone is a customer turned away without a "
                "word: the standard is to pick up by the third ring.",
                points=-2,
                breaks="PHONE-01",
                leads_to="gives-up",
            ),
        ),
        _step(
            "introduce",
            "Hello? Hello, is that the electronics department?",
            _reply(
                "Yes, this is the electronics department at Alder & Finch, Jana speaking. How "
                "can I help you?",
                "Name and department in the first sentence, said slowly and clearly: the caller "
                "knows at once that he has reached the right place and who he is talking to.",
                points=2,
                applies="PHONE-02",
                leads_to="question",
            ),
            _reply(
                "Yeah-electronics-Jana-how-can-I-help?",
                "All the words are there, but at that speed he catches none of them. He cannot "
                "see you and he is driving: slow down and speak clearly.",
                points=0,
                breaks="PHONE-02",
                leads_to="didnt-catch",
            ),
            _reply(
                "Yes. What is it?",
                "Curt and nameless: the caller does not know who you are and feels he is "
                "interrupting. Say your name and department, and offer help.",
                points=-1,
                breaks="PHONE-02",
                leads_to="question",
            ),
        ),
        _step(
            "didnt-catch",
            "Sorry, who am I speaking to? I didn't catch that.",
            _reply(
                "Sorry about that. This is Jana, from the electronics department at Alder & "
                "Finch. How can I help you?",
                "Better: slowly and clearly, with your name and department. Said like this the "
                "first time, he would not have had to ask.",
                points=1,
                applies="PHONE-02",
                leads_to="question",
            ),
            _reply(
                "(Repeat it just as fast, a little louder.)",
                "Louder is not clearer. Speak slowly, so that the caller hears your name and "
                "department the first time.",
                points=-1,
                breaks="PHONE-02",
                leads_to="question",
            ),
        ),
        _step(
            "question",
            "Right. I bought twelve laptops from you last month, and one of them has a cracked "
            "screen. Does the extended warranty cover that, and how quickly can it be fixed?",
            _reply(
                "That's a fair question, and I want to give you the right answer: only our "
                "warranty team can confirm it. Rather than keep you waiting, may I call you back "
                "as soon as I have it?",
                "An honest 'I will find out' with an offer to call back beats a guess or a long "
                "hold. The caller keeps his time, and you keep his trust.",
                points=3,
                applies="PHONE-03",
                leads_to="callback-time",
            ),
            _reply(
                "Hold on, I'll go and ask someone. (Put the call on hold.)",
                "A hold feels short to you and endless to the caller, especially one in a "
                "hurry. When you cannot answer at once, offer to call back instead.",
                points=0,
                breaks="PHONE-03",
                leads_to="on-hold",
            ),
            _reply(
                "No, warranties never cover broken screens.",
                "A flat 'never', and a guess you cannot stand behind. If it is wrong, you have "
                "misled him; even if it is right, it ends the conversation. Say what you can do.",
                points=-3,
                breaks="LANG-01",
                leads_to="never",
            ),
        ),
        _step(
            "on-hold",
            "(Four minutes later.) Hello? Is anyone there? I've been holding for ages!",
            _reply(
                "I'm sorry to have kept you waiting. Rather than keep you on the line any "
                "longer, may I call you back as soon as I have the answer?",
                "The right offer, made late: the four minutes on hold are already lost. Next "
                "time, offer the call-back before the hold.",
                points=1,
                applies="PHONE-03",
                leads_to="callback-time",
            ),
            # Round again: the caller is back on hold, and nothing is gained.
            _reply(
                "Sorry, they're still looking. Could you hold a little longer? (Put him on hold "
                "again.)",
                "Another hold only adds to the wait and earns nothing. Every minute on the line "
                "is a minute he is not getting on with his day: offer to call back.",
                points=0,
                breaks="PHONE-03",
                leads_to="on-hold",
            ),
        ),
        _step(
            "never",
            "Never? I paid extra for that warranty! Are you sure about that?",
            _reply(
                "I'm sorry, I spoke too soon. Let me check your warranty with our warranty team, "
                "and I'll call you back with a definite answer. Is this the best number to reach "
                "you?",
                "Admitting the mistake and saying what you will do turns the conversation "
                "round. Checking first would have spared you the correction.",
                points=1,
                applies="LANG-01",
                leads_to="callback-time",
            ),
            _reply(
                "I'm sure. There's nothing we can do about it.",
                "'Nothing we can do' leaves the customer nowhere to go but a competitor. There "
                "is always something you can do: check, call back, explain the next step.",
                points=-2,
                breaks="LANG-01",
                leads_to="gives-up",
            ),
        ),
        _step(
            "callback-time",
            "All right. But I need that laptop back for work. When will you call?",
            _reply(
                "Our promise is an answer within 10 hours; I'll call you by 4 p.m. today, and "
                "sooner if I can. Is this number the best one?",
                "A concrete time inside the 10-hour promise gives him something to plan around, "
                "and 'sooner if I can' leaves room to beat it.",
                points=3,
                applies="RESP-01",
                leads_to="answer-ready",
            ),
            _reply(
                "Someone will get back to you in the next few days.",
                "Vague and slow: 'a few days' breaks our 10-hour promise and leaves him guessing "
                "who will call, and when. Name a time and make it yours.",
                points=0,
                breaks="RESP-01",
                leads_to="answer-ready",
            ),
            _reply(
                "I can't promise anything; the warranty team is never quick.",
                "'Can't' and 'never' in one sentence: he hears that nobody will help. Say what "
                "you can do, and by when.",
                points=-2,
                breaks="LANG-01",
                leads_to="gives-up",
            ),
        ),
        _step(
            "answer-ready",
            "(At 2 p.m. the warranty team confirms that the cracked screen is covered and the "
            "repair takes five working days.)",
            _reply(
                "(Call him straight away.) Mr Novak, it's Jana from Alder & Finch electronics, "
                "calling back with your answer: the screen is covered, and the repair takes five "
                "working days.",
                "Calling as soon as you have the answer beats the promise: if the ideal customer "
                "needs it in 10 hours, deliver in 8. That is what he will remember.",
                points=3,
                applies="RESP-01",
                leads_to="promise-beaten",
            ),
            _reply(
                "(Finish your other tasks first and call him later in the afternoon.)",
                "You answered within 10 hours, which is the standard. But the answer sat on your "
                "desk for hours: calling at once would have beaten the promise.",
                points=1,
                applies="RESP-01",
                leads_to="promise-kept",
            ),
            _reply(
                "(It's good news, so it can wait. Call him tomorrow morning.)",
                "He planned his afternoon around your call. A broken promise is remembered "
                "longer than the good news: answer within 10 hours, every time.",
                points=-3,
                breaks="RESP-01",
                leads_to="gives-up",
            ),
        ),
        _ending(
            "promise-beaten",
            "Promise beaten",
            "Mr Novak brings the laptop in the same afternoon and says he will order his "
            "office's next printers from us. Calling early cost nothing and won his trust.",
        ),
        _ending(
            "promise-kept",
            "Promise kept",
            "Mr Novak gets his answer in time and books the repair. He is satisfied, though "
            "nothing about the call will make him tell anyone about it.",
        ),
        _ending(
            "gives-up",
            "The caller gives up",
            "Mr Novak ends the call and phones another store instead. The laptops for his next "
            "office were going to come from us.",
        ),
    ],
)

PRICE_SCENARIO = DemoScenario(
    slug="price-objection",
    title="An objection about the price",
    after_lesson="stages-of-a-sale-and-objections",
    summary=(
        "A customer likes the robot vacuum you recommend until she sees the price. Take her "
        "through the stages of a sale without a single flat 'no'."
    ),
    setting=(
        "A Thursday evening in the small-appliance department. A customer has been standing "
        "in front of the robot vacuum cleaners for several minutes."
    ),
    persona=(
        "Ms Popescu, a young mother with a toddler and a dog that sheds. She has seen a robot "
        "vacuum online for less than half our price."
    ),
    mood=ScenarioPage.Mood.UNSURE,
    goal=(
        "Find the need with open questions, present the benefits that matter to her, answer "
        "the price objection with facts, offer one item that completes the purchase, and "
        "close with thanks."
    ),
    pass_score=12,
    estimated_minutes=8,
    standards=("SALE-03", "SALE-04", "SALE-05", "LANG-01", "SALE-06", "SALE-07", "FORB-01"),
    steps=[
        _step(
            "need",
            "I think I need one of these robot vacuums, but there are so many. I don't know "
            "where to start.",
            _reply(
                "Let's find the right one together. Tell me about your home: how big is it, and "
                "what do you most want it to deal with?",
                "An open question about her home, not about a product, is where finding the "
                "need starts. Without it, any model you show is a guess.",
                points=2,
                applies="SALE-03",
                leads_to="needs-detail",
            ),
            _reply(
                "This one is our bestseller. Most people take it.",
                "The bestseller may be right for most people and wrong for her. Skipping the "
                "questions skips the need: ask before you show.",
                points=0,
                breaks="SALE-03",
                leads_to="present",
            ),
            _reply(
                "They're all on the shelf with the prices. Have a look and choose yourself.",
                "'Choose yourself' is one of our forbidden phrases: she asked for help, not for "
                "a shelf. Offer to help her choose.",
                points=-3,
                breaks="FORB-01",
                leads_to="leaves",
            ),
        ),
        _step(
            "needs-detail",
            "A three-room flat. We have a dog that sheds, and a toddler, so I hate anything "
            "lying around on the floor.",
            _reply(
                "So it has to pick up dog hair every day, in three rooms, without you tidying up "
                "first. And how much time do you want to spend emptying it and keeping it "
                "running?",
                "You repeated the need and asked a second open question before showing "
                "anything. Now you know that her time matters as much as the hair.",
                points=2,
                applies="SALE-03",
                leads_to="present",
            ),
            _reply(
                "Right, let me show you what we have.",
                "One question is a start, but the standard asks for at least two before a "
                "product is shown. A second would have told you what else matters to her.",
                points=0,
                breaks="SALE-03",
                leads_to="present",
            ),
        ),
        _step(
            "present",
            "So which one would you recommend?",
            _reply(
                "This one. Its brush doesn't tangle with pet hair, it empties itself into its "
                "base for up to a month, and it maps your rooms to steer around toys. You start "
                "it in the morning and come home to clean floors.",
                "Every feature is tied to something she told you: the dog, her time, the "
                "toddler's toys. That is presenting benefits, not reading out the specification "
                "sheet.",
                points=3,
                applies="SALE-04",
                leads_to="objection",
            ),
            _reply(
                "This one: 4,000 Pa of suction, a 5,200 mAh battery and laser navigation.",
                "All true, and all hers to translate into daily life. Tell her what each "
                "feature does for her home instead.",
                points=0,
                breaks="SALE-04",
                leads_to="objection",
            ),
        ),
        _step(
            "objection",
            "€449 for this one? I saw a robot vacuum online for €199. That's far too expensive.",
            _reply(
                "I understand; it's a big difference, and it's worth knowing what you get for "
                "it. Which model did you see? Let's compare the two on what matters to you: the "
                "dog hair and your time.",
                "Acknowledge, ask what lies behind it, answer with facts. Her objection tells "
                "you what is still missing: a reason for the difference.",
                points=3,
                applies="SALE-05",
                leads_to="value",
            ),
            _reply(
                "Then maybe this cheaper one is more your price.",
                "Dropping to the cheapest model before asking what lies behind the objection "
                "gives up on the benefits you presented. 'Too expensive' is often a question, "
                "not a verdict.",
                points=0,
                breaks="SALE-05",
                leads_to="budget",
            ),
            _reply(
                "No, we never match online prices.",
                "'No' and 'never', in answer to something she did not even ask. Say what you can "
                "do: compare, explain the difference, show another option.",
                points=-2,
                breaks="LANG-01",
                leads_to="hardens",
            ),
        ),
        _step(
            "hardens",
            "So I'm wrong to compare prices? Maybe I'll just order the cheap one.",
            # Back to the objection: with the -2 that led here, the detour earns nothing.
            _reply(
                "Not at all, comparing is sensible, and I'm sorry it sounded that way. Let's "
                "compare them properly.",
                "You acknowledged her point and brought the conversation back. Back to where it "
                "was, though: the price question still needs an answer.",
                points=2,
                applies="SALE-05",
                leads_to="objection",
            ),
            _reply(
                "If cheap is what you want, the internet is the place for it.",
                "Contradicting the customer and sending her to a competitor ends the sale. "
                "Treat the objection as a question and answer it with facts.",
                points=-3,
                breaks="SALE-05",
                leads_to="leaves",
            ),
        ),
        _step(
            "value",
            "I think it was the CleanBot 2. It looked just the same.",
            _reply(
                "It's a good basic model. Two things differ for you: its bristle brush wraps "
                "with dog hair, so you would clean it every day, and you empty its bin after "
                "each run. This one does both for you. Over three years, the difference is less "
                "than 25 cents a day.",
                "You answered with facts that matter to her and put the price into terms she "
                "can weigh. Never run down the other product: compare it honestly.",
                points=3,
                applies="SALE-05",
                leads_to="extra",
            ),
            _reply(
                "Ours is simply better quality. Trust me.",
                "'Trust me' is not an answer. She needs facts she can weigh: what this model "
                "does that the other does not, and what that is worth to her.",
                points=0,
                breaks="SALE-05",
                leads_to="extra",
            ),
            _reply(
                "Then buy that one online. It's your money.",
                "She came in for advice and leaves with a shrug. An objection is a question "
                "still waiting for an answer: answer it with facts.",
                points=-3,
                breaks="SALE-05",
                leads_to="leaves",
            ),
        ),
        _step(
            "budget",
            "Hmm. But will the cheaper one cope with all the dog hair?",
            _reply(
                "Honestly, its brush will need clearing more often. If your budget is firm, "
                "it's a fair choice; if your time matters more, the first one pays for itself. "
                "Shall we put them side by side?",
                "An honest comparison lets her decide with facts. Better still would have been "
                "to ask about the objection first, before moving to a cheaper model.",
                points=1,
                applies="SALE-05",
                leads_to="extra",
            ),
            _reply(
                "It should be fine.",
                "A guess she may regret after a week of dog hair. Answer objections and doubts "
                "with facts, not reassurance.",
                points=0,
                breaks="SALE-05",
                leads_to="extra",
            ),
        ),
        _step(
            "extra",
            "All right, you've convinced me. I'll take it.",
            _reply(
                "Good choice. With a dog, a spare set of brushes and filters is worth having; "
                "each lasts about three months. Shall I add a set?",
                "One item that completes the purchase, linked to her need. Mystery shoppers "
                "check this offer in every sale: in electronics stores it was made in 80.75% of "
                "visits in 2013, against 43% in 2007.",
                points=2,
                applies="SALE-06",
                leads_to="close",
            ),
            _reply(
                "Great. The till is at the front.",
                "The sale is made, but the additional purchase is missed: she will find out "
                "about spare brushes when the first set wears out, probably online.",
                points=0,
                breaks="SALE-06",
                leads_to="close",
            ),
            _reply(
                "You'll also want the extended warranty, a spare battery, the brush set and the "
                "cleaning spray.",
                "Four extras right after she has agreed feels like pressure and can reopen the "
                "price question. Offer one item that completes what she is buying.",
                points=-1,
                breaks="SALE-06",
                leads_to="close",
            ),
        ),
        _step(
            "close",
            "Fine. Where do I pay?",
            _reply(
                "I'll walk you to the till. Thank you for taking the time to compare. If you "
                "have any questions once it's running, come and see us or give us a call.",
                "Confirm, thank, invite back: the farewell is the last stage of the sale and the "
                "first thing she remembers next time.",
                points=2,
                applies="SALE-07",
                leads_to="loyal",
            ),
            _reply(
                "Over there, at the front.",
                "Directions, but no thanks and no invitation back. The sale closes; the "
                "relationship does not start.",
                points=0,
                breaks="SALE-07",
                leads_to="bought",
            ),
        ),
        _ending(
            "loyal",
            "A sale and a returning customer",
            "Ms Popescu leaves with the robot vacuum and a set of spare brushes, and says she "
            "will ask for you next time. The price objection became the reason she trusted you.",
        ),
        _ending(
            "bought",
            "A sale, nothing more",
            "Ms Popescu buys the robot vacuum, but the conversation ends flatly. Whether she "
            "comes back depends on the next shop she visits.",
        ),
        _ending(
            "leaves",
            "She leaves without buying",
            "Ms Popescu leaves without a word. That evening she orders the cheaper robot vacuum "
            "online, and our store is not part of the story she tells.",
        ),
    ],
)

# In syllabus order: each follows the lesson it practises.
DEMO_SCENARIOS = [PHONE_SCENARIO, PRICE_SCENARIO, COMPLAINT_SCENARIO]


def _scenario_steps(raw: list[dict], standards: dict[str, Standard]):
    for node in raw:
        if node["type"] == "step":
            replies = [
                {
                    **reply,
                    "standard": standards[reply["standard"]].pk if reply["standard"] else None,
                }
                for reply in node["value"]["replies"]
            ]
            node = {**node, "value": {**node["value"], "replies": replies}}
        yield node


def load_demo_scenarios() -> list[ScenarioPage]:
    """Add the three published, required demo role-plays to the demo course, each right after
    the lesson it practises; running again changes nothing (found by slug in the course)."""
    course = load_demo_course()
    english = Locale.get_default()
    standards = {standard.code: standard for standard in Standard.objects.filter(locale=english)}
    steps_block = ScenarioStepsBlock()

    scenarios = []
    for demo in DEMO_SCENARIOS:
        scenario = _child_by_slug(course, demo.slug)
        if scenario is None:
            scenario = ScenarioPage(
                title=demo.title,
                slug=demo.slug,
                summary=demo.summary,
                setting=demo.setting,
                persona=demo.persona,
                mood=demo.mood,
                goal=demo.goal,
                pass_score=demo.pass_score,
                required=True,
                estimated_minutes=demo.estimated_minutes,
                steps=steps_block.to_python(list(_scenario_steps(demo.steps, standards))),
            )
            scenario.standards = [
                ScenarioStandard(standard=standards[code], sort_order=order)
                for order, code in enumerate(demo.standards)
            ]
            # As for lessons: reading the stream gives each reply an ID, so wagtail-localize
            # translates the replies one by one.
            list(scenario.steps)
            scenario = _add_and_publish(
                course, scenario, after=_child_by_slug(course, demo.after_lesson)
            )
        scenarios.append(scenario)
    return scenarios
