"""Demo pages and standards for ``manage.py load_initial_data``."""

from wagtail.models import Locale, Site

from .models import HomePage, Standard, StandardCategory

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
