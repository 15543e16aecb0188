"""The demo question bank and the demo course's final exam for ``manage.py load_initial_data``.

Every question checks one of the demo standards (``content.demo.DEMO_STANDARDS``) with a
fact from the standards documents in ``shared/seeds``. A question is known by its demo
code (``GREET-01-a``): its translation key is derived from the code, so running the
loader again finds it, in every language, without a field or tag of its own.
"""

import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from wagtail.models import Locale, Page

from content.demo import load_demo_course
from content.models import Standard, StandardCategory

from .models import ExamDrawRule, ExamPage, Question, QuestionOption

# Translation keys of the demo questions are uuid5(DEMO_NAMESPACE, code).
DEMO_NAMESPACE = uuid.UUID("6f1c1b8e-3d2a-4f7e-9a51-0d3c4b2e8a17")

SINGLE = Question.Type.SINGLE
MULTIPLE = Question.Type.MULTIPLE
TRUE_FALSE = Question.Type.TRUE_FALSE
ORDERING = Question.Type.ORDERING
SITUATION = Question.Type.SITUATION

EASY = Question.Difficulty.EASY
MEDIUM = Question.Difficulty.MEDIUM
HARD = Question.Difficulty.HARD


@dataclass(frozen=True)
class DemoQuestion:
    code: str
    question_type: str
    difficulty: str
    tags: tuple[str, ...]
    stem: str
    # (text, fraction in %, feedback); an ordering question's items in the right order.
    options: tuple[tuple[str, int, str], ...]
    explanation: str

    @property
    def standard_code(self) -> str:
        return self.code.rsplit("-", 1)[0]

    @property
    def points(self) -> Decimal:
        return Decimal(2) if self.question_type == ORDERING else Decimal(1)

    @property
    def translation_key(self) -> uuid.UUID:
        return demo_translation_key(self.code)


def demo_translation_key(code: str) -> uuid.UUID:
    """The translation key of the demo question ``code``, the same in every language."""
    return uuid.uuid5(DEMO_NAMESPACE, f"demo-question/{code}")


def _true_false(true_feedback: str, false_feedback: str, *, answer: bool):
    return (
        ("True", 100 if answer else 0, true_feedback),
        ("False", 0 if answer else 100, false_feedback),
    )


Q = DemoQuestion

DEMO_QUESTIONS = [
    # ---- Greeting ------------------------------------------------------------------------
    Q(
        "GREET-01-a", SINGLE, EASY, ("greeting",),
        "<p>A customer walks onto the sales floor. By when must they be greeted?</p>",
        (
            ("Within 10 seconds of coming in.", 100, "Right: the greeting comes at once."),
            ("Within a minute, once you have finished your task.", 0,
             "A minute feels long to someone who has not been noticed."),
            ("Only when they ask for help.", 0,
             "Waiting to be asked leaves the customer feeling ignored."),
        ),
        "<p>The standard asks for a greeting within <b>10 seconds</b> of the customer "
        "entering the sales floor, even when you are busy.</p>",
    ),
    Q(
        "GREET-01-b", SITUATION, MEDIUM, ("greeting", "busy-times"),
        "<p>You are serving a customer at the till when another customer comes in and "
        "looks around for help.</p><p>What do you do?</p>",
        (
            ("Make eye contact and say: \"Good morning, I'll be with you in a moment.\"", 100,
             "The new customer knows they have been seen, and your current customer is not "
             "abandoned."),
            ("Keep serving in silence and greet the new customer when you are free.", 0,
             "Silence tells the waiting customer that nobody noticed them."),
            ("Leave the till to greet the new customer properly.", 0,
             "The customer you are serving comes first; a word and a look are enough."),
        ),
        "<p>Greet every customer, <b>even when you are busy with someone else</b>: a look "
        "and a short sentence are enough until you are free.</p>",
    ),
    Q(
        "GREET-01-c", TRUE_FALSE, EASY, ("greeting", "motivation"),
        "<p>Once a month, the employee who gave the best customer service is rewarded.</p>",
        _true_false(
            "Right: good service is noticed and rewarded every month.",
            "It is true: the best service of the month is recognised.",
            answer=True,
        ),
        "<p>Rewarding the best customer service <b>once a month</b> keeps good service "
        "visible and worth the effort.</p>",
    ),
    Q(
        "SPACE-01-a", SINGLE, EASY, ("greeting", "shop-floor"),
        "<p>After the greeting, where do you stay while the customer looks around?</p>",
        (
            ("1 to 2 metres away, in the customer's field of view.", 100,
             "Right: close enough to help, far enough not to press."),
            ("Right next to the customer, so you can answer at once.", 0,
             "Standing too close puts pressure on the customer."),
            ("At the till, out of sight, until they call you.", 0,
             "The customer must be able to see that help is near."),
        ),
        "<p>Stay <b>1 to 2 metres</b> away while in the customer's field of view: they can "
        "look in peace and still find you at once.</p>",
    ),
    Q(
        "SPACE-01-b", TRUE_FALSE, EASY, ("greeting", "shop-floor"),
        "<p>Following the customer closely around the store shows that you are attentive.</p>",
        _true_false(
            "No: being followed feels like being watched.",
            "Right: give the customer room and stay in view.",
            answer=False,
        ),
        "<p>Do not follow the customer. Stay 1 to 2 metres away, where they can see you.</p>",
    ),
    # ---- Telephone -----------------------------------------------------------------------
    Q(
        "PHONE-01-a", SINGLE, EASY, ("telephone",),
        "<p>The telephone rings. By which ring at the latest do you pick it up?</p>",
        (
            ("The third ring.", 100, "Right: a ringing phone is a customer waiting."),
            ("The sixth ring.", 0, "Six rings is long enough for the caller to hang up."),
            ("Whenever you have finished what you are doing.", 0,
             "The caller cannot see that you are busy; they only hear the phone ring."),
        ),
        "<p>Pick up <b>by the third ring</b>. The standard is measurable: anyone checking can "
        "count the rings.</p>",
    ),
    Q(
        "PHONE-01-b", SINGLE, HARD, ("telephone", "measurable-standards"),
        "<p>Which of these is a real service standard, concrete enough to be checked?</p>",
        (
            ("The phone is answered by the third ring.", 100,
             "Right: anyone can count the rings and say whether it was met."),
            ("We offer fast service on the phone.", 0,
             "\"Fast\" means something different to everyone; it cannot be checked."),
            ("Callers should feel welcome.", 0,
             "A good aim, but nobody can measure whether it was met."),
        ),
        "<p>A standard must be <b>concrete and measurable</b>. \"Fast service\" is a wish, "
        "not a standard; \"by the third ring\" is one.</p>",
    ),
    Q(
        "PHONE-01-c", ORDERING, MEDIUM, ("telephone",),
        "<p>Put the steps of a call you cannot answer at once in the right order.</p>",
        (
            ("Pick up by the third ring.", 0, ""),
            ("Say your name and your department.", 0, ""),
            ("Listen to the question.", 0, ""),
            ("Offer to call back and agree a time.", 0, ""),
            ("Call back at the agreed time.", 0, ""),
        ),
        "<p>Answer quickly, introduce yourself, listen, and if you need time, "
        "<b>offer a call-back</b> instead of putting the caller on hold.</p>",
    ),
    Q(
        "PHONE-02-a", MULTIPLE, MEDIUM, ("telephone",),
        "<p>What belongs to the first sentence of a call? Choose all that apply.</p>",
        (
            ("Your name.", 40, "Right: the caller knows who is speaking."),
            ("Your department.", 30, "Right: the caller knows they reached the right place."),
            ("Speaking slowly and clearly.", 30,
             "Right: the caller cannot see you and may be somewhere noisy."),
            ("Just \"Hello?\"", -50, "The caller still does not know where they are."),
            ("Speaking quickly to save the caller's time.", -50,
             "Fast speech on the phone is hard to follow."),
        ),
        "<p>Start every call with <b>your name and your department</b>, slowly and clearly.</p>",
    ),
    Q(
        "PHONE-02-b", SITUATION, EASY, ("telephone",),
        "<p>The phone in the electronics department rings and you pick it up.</p>"
        "<p>What do you say first?</p>",
        (
            ("\"Electronics, Jana speaking. How can I help?\"", 100,
             "Right: department and name, then an offer to help."),
            ("\"Yes?\"", 0, "The caller does not know whom they are talking to."),
            ("\"Hold on, please.\"", 0, "The caller is put on hold before saying a word."),
        ),
        "<p>Name and department in the first sentence tell the caller at once that they "
        "reached the right place.</p>",
    ),
    Q(
        "PHONE-03-a", TRUE_FALSE, EASY, ("telephone",),
        "<p>If you cannot answer a caller's question at once, it is better to keep them on "
        "hold than to call them back.</p>",
        _true_false(
            "No: offer to call back instead of leaving the caller on hold.",
            "Right: agree a time and call back.",
            answer=False,
        ),
        "<p>Nobody is left on hold: every question you cannot answer at once ends with an "
        "<b>agreed call-back time</b>.</p>",
    ),
    # ---- Response time -------------------------------------------------------------------
    Q(
        "RESP-01-a", SINGLE, EASY, ("response-time", "complaints"),
        "<p>Within how many hours must every customer question or complaint be answered?</p>",
        (
            ("10 hours.", 100, "Right, and the target is to answer sooner."),
            ("24 hours.", 0, "That is more than twice the time the standard allows."),
            ("Three working days.", 0, "Far too long: the customer is waiting now."),
        ),
        "<p>Answer every question or complaint <b>within 10 hours</b>, and aim for 8.</p>",
    ),
    Q(
        "RESP-01-b", TRUE_FALSE, MEDIUM, ("response-time",),
        "<p>If the promise to the customer is an answer within 10 hours, we aim to answer "
        "within 8.</p>",
        _true_false(
            "Right: beating the promise is what the customer remembers.",
            "It is true: the target is 8 hours, better than promised.",
            answer=True,
        ),
        "<p><b>Beat the promise</b>: if the customer expects an answer in 10 hours, "
        "deliver it in 8.</p>",
    ),
    # ---- Language ------------------------------------------------------------------------
    Q(
        "LANG-01-a", SINGLE, MEDIUM, ("language", "objections"),
        "<p>A customer asks for a size that is not in stock. Which answer follows the "
        "standard?</p>",
        (
            ("\"I can order it for you; it will be here on Thursday.\"", 100,
             "Right: you say what you can do."),
            ("\"No, we don't have it.\"", 0, "A flat \"no\" ends the conversation."),
            ("\"We never stock that size.\"", 0,
             "\"Never\" closes every door without offering anything."),
        ),
        "<p>Avoid a flat \"no\" or \"never\". Tell the customer <b>what you can do</b>.</p>",
    ),
    Q(
        "LANG-01-b", SITUATION, MEDIUM, ("language", "delivery"),
        "<p>A customer asks: \"Can you deliver the fridge on Sunday?\" The store does not "
        "deliver on Sundays.</p><p>Which reply is best?</p>",
        (
            ("\"We deliver from Monday to Saturday. Shall I book Saturday morning for you?\"",
             100, "Right: an alternative, offered at once."),
            ("\"No, never on Sundays.\"", 0, "True, but it leaves the customer with nothing."),
            ("\"That's not possible, sorry.\"", 0,
             "Polite, but still a flat refusal with no alternative."),
        ),
        "<p>Phrase what you can do: the customer hears a solution, not a refusal.</p>",
    ),
    Q(
        "LANG-01-c", MULTIPLE, MEDIUM, ("language",),
        "<p>Which words should you avoid when they come without an alternative? Choose all "
        "that apply.</p>",
        (
            ("\"No\"", 50, "Right: a flat \"no\" ends the conversation."),
            ("\"Never\"", 50, "Right: \"never\" shuts every door."),
            ("\"I can\"", -50, "This is exactly what you should say."),
            ("\"Let me check for you\"", -50, "A good phrase: it promises action."),
        ),
        "<p>No \"no\" or \"never\" without an alternative in the same answer.</p>",
    ),
    # ---- Forbidden phrases ---------------------------------------------------------------
    Q(
        "FORB-01-a", MULTIPLE, EASY, ("forbidden-phrases",),
        "<p>Which of these are forbidden phrases? Choose all that apply.</p>",
        (
            ("\"We don't have that.\"", 50, "Right: it sends the customer away."),
            ("\"Everything is on the shelf, choose yourself.\"", 50,
             "Right: it refuses help."),
            ("\"That one is sold out, but this model does the same job.\"", -50,
             "This is the alternative the standard asks for."),
            ("\"Let me show you where it is.\"", -50, "A helpful phrase, not a forbidden one."),
        ),
        "<p>\"We don't have that\" and \"everything is on the shelf, choose yourself\" are "
        "forbidden: <b>offer an alternative or help the customer choose</b>.</p>",
    ),
    Q(
        "FORB-01-b", SINGLE, MEDIUM, ("forbidden-phrases", "checks"),
        "<p>How does the company check, from the outside, that forbidden phrases are not "
        "used?</p>",
        (
            ("Mystery shoppers visit the stores.", 100,
             "Right: an external check, as a real customer would experience it."),
            ("Staff fill in a self-assessment once a year.", 0,
             "That is neither external nor frequent."),
            ("It is not checked: staff are trusted.", 0,
             "What is not checked is not done."),
        ),
        "<p>What is not checked is not done. Managers check on forms from the inside; "
        "<b>mystery shoppers</b> check from the outside.</p>",
    ),
    Q(
        "FORB-01-c", SITUATION, MEDIUM, ("forbidden-phrases", "sales"),
        "<p>A customer asks for a blender you no longer sell.</p><p>Which reply is best?</p>",
        (
            ("\"We no longer sell that one. Tell me what you make with it, and I'll show "
             "you two that do the job.\"", 100,
             "Right: you offer an alternative and help the customer choose."),
            ("\"We don't have that.\"", 0, "A forbidden phrase: the customer leaves."),
            ("\"All our blenders are on the shelf, choose yourself.\"", 0,
             "A forbidden phrase: the customer is left alone."),
        ),
        "<p>Never answer with a forbidden phrase: offer an alternative or help the customer "
        "choose.</p>",
    ),
    # ---- Complaints ----------------------------------------------------------------------
    Q(
        "COMPL-01-a", SINGLE, MEDIUM, ("complaints",),
        "<p>The customer has finished telling you about the problem. What do you do first?</p>",
        (
            ("Repeat the problem in your own words.", 100,
             "Right: the customer knows you understood."),
            ("Explain why it was not the store's fault.", 0,
             "Justifying yourself makes the customer feel unheard."),
            ("Offer a refund straight away.", 0,
             "A solution before the problem is confirmed may be the wrong one."),
        ),
        "<p>Listen until the customer has finished, then <b>repeat the problem in your own "
        "words</b> before offering any solution.</p>",
    ),
    Q(
        "COMPL-01-b", ORDERING, MEDIUM, ("complaints",),
        "<p>Put the steps of handling a complaint in the right order.</p>",
        (
            ("Listen and repeat the problem in your own words.", 0, ""),
            ("Show you share the customer's feelings and apologise.", 0, ""),
            ("Offer several ways to settle it.", 0, ""),
            ("Decide quickly.", 0, ""),
            ("Thank the customer.", 0, ""),
        ),
        "<ol><li>Listen and repeat the problem.</li><li>Show empathy and apologise.</li>"
        "<li>Offer several solutions.</li><li>Decide fast.</li><li>Thank the customer.</li>"
        "</ol>",
    ),
    Q(
        "COMPL-02-a", SITUATION, MEDIUM, ("complaints",),
        "<p>A customer says: \"The washing machine you delivered yesterday leaks, and I had "
        "to take the day off to wait for it!\"</p><p>Which reply is best?</p>",
        (
            ("\"I'm sorry, that must be really annoying after taking a day off. Let's sort it "
             "out now.\"", 100, "Right: empathy and an apology, then action."),
            ("\"The delivery company did that, not us.\"", 0,
             "Apologise whoever caused it; blame does not help the customer."),
            ("\"Calm down, please.\"", 0, "This dismisses the customer's feelings."),
        ),
        "<p>Show that you understand how the customer feels and <b>apologise, whoever "
        "caused the trouble</b>.</p>",
    ),
    Q(
        "COMPL-03-a", MULTIPLE, MEDIUM, ("complaints",),
        "<p>How do you settle a complaint according to the standard? Choose all that "
        "apply.</p>",
        (
            ("Offer more than one way to put things right.", 50,
             "Right: at least two solutions."),
            ("Let the customer choose.", 50, "Right: the customer decides what suits them."),
            ("Insist on the one solution the store prefers.", -50,
             "One take-it-or-leave-it offer is not a choice."),
            ("Ask the customer to write to head office.", -50,
             "This delays the decision instead of settling it."),
        ),
        "<p>Propose <b>at least two</b> ways to settle the complaint and let the customer "
        "choose.</p>",
    ),
    Q(
        "COMPL-04-a", SINGLE, MEDIUM, ("complaints",),
        "<p>How many other people does an unhappy customer tell about a bad experience?</p>",
        (
            ("8 to 10.", 100, "Right: that is why every complaint matters."),
            ("1 or 2.", 0, "Far more people hear about it."),
            ("Nobody: unhappy customers simply leave.", 0,
             "They leave, and they tell others."),
        ),
        "<p>An unhappy customer tells <b>8 to 10</b> other people. A complaint settled fast "
        "and well stops that story.</p>",
    ),
    Q(
        "COMPL-04-b", TRUE_FALSE, EASY, ("complaints",),
        "<p>At the end of a complaint, you thank the customer for telling you about it.</p>",
        _true_false(
            "Right: a complaint is a chance to put things right.",
            "It is true: the customer helped you find a problem.",
            answer=True,
        ),
        "<p>Decide fast and <b>thank the customer</b>: they told you instead of telling 8 to "
        "10 other people.</p>",
    ),
    # ---- Store ---------------------------------------------------------------------------
    Q(
        "STORE-01-a", SINGLE, EASY, ("store", "opening"),
        "<p>When do shop staff arrive for a morning shift?</p>",
        (
            ("30 minutes before opening.", 100,
             "Right: time to prepare the floor, the till and yourself."),
            ("5 minutes before opening.", 0, "Not enough time to get everything ready."),
            ("At opening time.", 0, "The first customers would meet a store that is not ready."),
        ),
        "<p>Staff arrive <b>30 minutes before opening</b>, so the first customer meets a "
        "store that is already working.</p>",
    ),
    Q(
        "STORE-01-b", MULTIPLE, EASY, ("store", "opening"),
        "<p>What is done before the doors open? Choose all that apply.</p>",
        (
            ("Lights and music on.", 25, "Right."),
            ("Aisles clear and gaps on the shelves filled.", 25, "Right."),
            ("Till open with change.", 25, "Right."),
            ("Uniform complete, name badge on.", 25, "Right."),
            ("Unlock early and finish preparing while customers browse.", -50,
             "Customers should never see the store being prepared."),
        ),
        "<p>The half hour before opening is for the shop floor, the till and yourself.</p>",
    ),
    Q(
        "STORE-02-a", SINGLE, HARD, ("store", "standards"),
        "<p>Which customer expectations become <b>mandatory</b> standards?</p>",
        (
            ("The most important ones.", 100,
             "Right: the others become recommended standards."),
            ("All of them.", 0, "Less important expectations become recommended standards."),
            ("Only those that cost nothing.", 0, "Cost does not decide; importance does."),
        ),
        "<p>The most important customer expectations become mandatory standards; others, "
        "like keeping the shop floor tidy, are <b>recommended</b>.</p>",
    ),
    Q(
        "STORE-02-b", SINGLE, HARD, ("store", "standards"),
        "<p>How long does a full roll-out of service standards take, from writing them to "
        "the exam?</p>",
        (
            ("About six months.", 100, "Right: writing, training and the exam take time."),
            ("About a week.", 0, "Far too short to write the standards and train everyone."),
            ("About three years.", 0, "That is closer to how often they are revised."),
        ),
        "<p>A full roll-out takes <b>about six months</b> and ends with an exam on the "
        "standards.</p>",
    ),
    # ---- Appearance ----------------------------------------------------------------------
    Q(
        "LOOK-01-a", SINGLE, MEDIUM, ("appearance", "checks"),
        "<p>How is the uniform and name badge standard checked inside the company?</p>",
        (
            ("Managers check it regularly and record it on a form.", 100,
             "Right: an internal check on a form."),
            ("It is not checked; everyone knows the rule.", 0, "What is not checked is not done."),
            ("Customers are asked to report missing badges.", 0,
             "Customers are not the company's inspectors."),
        ),
        "<p>What is not checked is not done: managers make <b>internal checks on forms</b>, "
        "and mystery shoppers check from the outside.</p>",
    ),
    Q(
        "LOOK-01-b", TRUE_FALSE, EASY, ("appearance",),
        "<p>As long as you wear the uniform, the name badge may stay in your pocket.</p>",
        _true_false(
            "No: the name badge is visible on the chest.",
            "Right: the badge is part of the uniform.",
            answer=False,
        ),
        "<p>Wear the complete uniform with your <b>name badge visible</b>.</p>",
    ),
    # ---- Sales ---------------------------------------------------------------------------
    Q(
        "SALE-01-a", SINGLE, EASY, ("sales", "preparation"),
        "<p>What do you need to know before the customer arrives?</p>",
        (
            ("The goods, the prices and the current offers.", 100,
             "Right: you can answer without looking things up."),
            ("Only where the till is.", 0, "The customer will ask about goods and prices."),
            ("Nothing: you can look everything up.", 0,
             "Looking everything up makes the customer wait."),
        ),
        "<p>Preparation is the first stage of a sale: know <b>the goods, the prices and "
        "today's offers</b>.</p>",
    ),
    Q(
        "SALE-01-b", ORDERING, HARD, ("sales",),
        "<p>Put the stages of a sale in the right order.</p>",
        (
            ("Preparation", 0, ""),
            ("Greeting and contact", 0, ""),
            ("Finding the need", 0, ""),
            ("Presenting", 0, ""),
            ("Handling objections", 0, ""),
            ("Offering an additional purchase", 0, ""),
            ("Closing and farewell", 0, ""),
        ),
        "<p>The stages of a sale: preparation, greeting and contact, finding the need, "
        "presenting, handling objections, offering an additional purchase, closing and "
        "farewell.</p>",
    ),
    Q(
        "SALE-02-a", SINGLE, MEDIUM, ("sales", "greeting"),
        "<p>Which opening follows the \"make contact\" standard?</p>",
        (
            ("\"Good morning! What brings you in today?\"", 100,
             "Right: an open question about the visit."),
            ("\"Can I help you?\"", 0, "It invites \"No, thanks\" and ends the contact."),
            ("\"This TV is on offer today.\"", 0,
             "Open with the customer's visit, not with a product."),
        ),
        "<p>Open the conversation with <b>a question about the visit</b>, not about a "
        "product.</p>",
    ),
    Q(
        "SALE-03-a", SINGLE, MEDIUM, ("sales", "needs"),
        "<p>How many open questions do you ask before showing a product?</p>",
        (
            ("At least two.", 100, "Right: you need to know what the customer needs and why."),
            ("None: show the best seller at once.", 0,
             "The best seller may not fit this customer."),
            ("Exactly one, to save time.", 0, "One question is rarely enough to find the need."),
        ),
        "<p>Ask <b>at least two open questions</b> and listen before you show anything.</p>",
    ),
    Q(
        "SALE-03-b", SITUATION, MEDIUM, ("sales", "needs"),
        "<p>A customer says: \"I need a vacuum cleaner.\"</p><p>Which reply is best?</p>",
        (
            ("\"Of course. What kind of floors do you have at home?\"", 100,
             "Right: an open question to find the need."),
            ("\"This one is our best seller.\"", 0,
             "Presenting before you know the need."),
            ("\"Do you want a cheap one?\"", 0,
             "A closed question, and an assumption about the budget."),
        ),
        "<p>Find the need with open questions before presenting a product.</p>",
    ),
    Q(
        "SALE-04-a", SINGLE, MEDIUM, ("sales", "presentation"),
        "<p>A parent is buying a tablet for their child. Which presentation follows the "
        "standard?</p>",
        (
            ("\"The case survives a fall, and you can set how long your child plays.\"", 100,
             "Right: what the product does for this customer."),
            ("\"It has an octa-core processor and 4 GB of RAM.\"", 0,
             "A specification sheet, not a benefit."),
            ("\"Everybody buys this one.\"", 0, "This says nothing about this customer's need."),
        ),
        "<p>Present <b>benefits for this customer</b>, not the specification sheet.</p>",
    ),
    Q(
        "SALE-05-a", SITUATION, HARD, ("sales", "objections"),
        "<p>A customer looks at a coffee machine and says: \"That's too expensive.\"</p>"
        "<p>Which reply is best?</p>",
        (
            ("\"I understand. What are you comparing it with?\"", 100,
             "Right: acknowledge the objection and find out what lies behind it."),
            ("\"No, it's not expensive at all.\"", 0, "Never contradict the customer."),
            ("\"Then you'll have to buy a cheaper one.\"", 0,
             "This ends the conversation instead of answering the objection."),
        ),
        "<p>Treat an objection as a question: <b>acknowledge it, ask what lies behind it</b> "
        "and answer with facts.</p>",
    ),
    Q(
        "SALE-05-b", TRUE_FALSE, EASY, ("sales", "objections"),
        "<p>Firmly contradicting a customer's objection shows that you know the product.</p>",
        _true_false(
            "No: the customer is never contradicted.",
            "Right: acknowledge the objection and answer with facts.",
            answer=False,
        ),
        "<p>Acknowledge the objection and answer it; never contradict the customer.</p>",
    ),
    Q(
        "SALE-06-a", SINGLE, HARD, ("sales", "checks"),
        "<p>Mystery shoppers measured how often electronics stores met the \"offer to buy\" "
        "standard: 80.75% of visits in early 2013. What was the figure in 2007?</p>",
        (
            ("43%", 100, "Right: a measured standard nearly doubled."),
            ("80%", 0, "No: the improvement was large."),
            ("12%", 0, "No: it was 43%."),
        ),
        "<p>From <b>43% in 2007 to 80.75% in 2013</b>: what is measured and trained "
        "improves.</p>",
    ),
    Q(
        "SALE-06-b", MULTIPLE, MEDIUM, ("sales",),
        "<p>A customer is buying a new smartphone. Which offers complete the purchase? "
        "Choose all that apply.</p>",
        (
            ("A protective case.", 50, "Right: it completes the phone."),
            ("A screen protector.", 50, "Right: it completes the phone."),
            ("A washing machine on special offer.", -50,
             "It has nothing to do with what the customer is buying."),
            ("A second smartphone.", -50, "That is a second sale, not an addition."),
        ),
        "<p>Offer <b>one item that completes</b> what the customer is buying.</p>",
    ),
    Q(
        "SALE-07-a", SINGLE, EASY, ("sales", "closing"),
        "<p>How do you close a sale at the till?</p>",
        (
            ("Confirm the purchase, thank the customer and invite them back.", 100,
             "Right: the last impression stays."),
            ("Hand over the receipt without a word.", 0, "The customer leaves unthanked."),
            ("Call the next customer while the first is packing.", 0,
             "The farewell is part of the sale."),
        ),
        "<p>Confirm the purchase, <b>thank the customer and invite them back</b>.</p>",
    ),
    # ---- Surveys and standards -----------------------------------------------------------
    Q(
        "SURV-01-a", SINGLE, EASY, ("surveys",),
        "<p>How many questions does a customer survey have at most?</p>",
        (
            ("10 to 15.", 100, "Right: short enough to finish."),
            ("30 to 40.", 0, "Customers give up long before the end."),
            ("As many as needed.", 0, "A long survey is left unfinished."),
        ),
        "<p>Keep a survey to <b>at most 10 to 15 questions</b> so customers finish it.</p>",
    ),
    Q(
        "SURV-01-b", SINGLE, MEDIUM, ("surveys", "standards"),
        "<p>Customers' expectations change. How often are service standards revised?</p>",
        (
            ("Every 2 to 3 years.", 100, "Right: often enough to follow the customers."),
            ("Every month.", 0, "Too often: nobody could learn them."),
            ("Never: once written, they stay.", 0, "Standards that never change grow old."),
        ),
        "<p>Standards are <b>revised every 2 to 3 years</b>, with what customers say in "
        "surveys.</p>",
    ),
]  # fmt: skip


def _build(demo: DemoQuestion, standard: Standard, locale: Locale) -> Question:
    question = Question(
        translation_key=demo.translation_key,
        locale=locale,
        standard=standard,
        question_type=demo.question_type,
        stem=demo.stem,
        points=demo.points,
        difficulty=demo.difficulty,
        explanation=demo.explanation,
        active=True,
        live=False,
    )
    question.options = [
        QuestionOption(
            locale=locale,
            text=text,
            fraction=Decimal(fraction),
            feedback=feedback,
            sort_order=sort_order,
        )
        for sort_order, (text, fraction, feedback) in enumerate(demo.options)
    ]
    question.tags.add(*demo.tags)
    return question


@transaction.atomic
def load_demo_questions() -> list[Question]:
    """Create and publish the demo questions in the default language.

    Running again changes nothing: a question is found by its translation key (derived
    from its demo code) and is neither saved nor published twice.
    """
    english = Locale.get_default()
    standards = {standard.code: standard for standard in Standard.objects.filter(locale=english)}
    questions = []
    for demo in DEMO_QUESTIONS:
        question = Question.objects.filter(
            translation_key=demo.translation_key, locale=english
        ).first()
        if question is None:
            question = _build(demo, standards[demo.standard_code], english)
            question.full_clean()
            question.clean_options()
            question.save()
        if not question.live:
            question.save_revision().publish()
            question.refresh_from_db()
        questions.append(question)
    return questions


# ---- The demo course's final exam ----------------------------------------------------------

COURSE_SLUG = "service-standards-essentials"  # the demo course, made by content.demo
EXAM_SLUG = "final-exam"
EXAM_TITLE = "Final exam: service standards"
EXAM_INTRODUCTION = (
    "<p>This exam shows whether you can put the service standards of this course to work: "
    "greeting customers, answering the telephone, finding out what a customer needs, "
    "handling objections and complaints, and keeping yourself and the store ready.</p>"
    "<p>The questions are drawn at random from every part of the course, so no two attempts "
    "are the same. Most describe a real moment in the store: choose what you would do or "
    "say.</p>"
    "<ul>"
    "<li>Answer one question at a time. Every answer is saved as you go, so if the connection "
    "drops you carry on where you left off.</li>"
    "<li>Keep an eye on the timer: when time runs out, the exam is handed in with the answers "
    "you have given.</li>"
    "<li>After you hand it in, you see your score, the right answers and why they are "
    "right.</li>"
    "</ul>"
)

# (category code, questions drawn): 20 questions, shared out in proportion to each
# category's questions in the bank (largest remainders), so no part of the course is left
# out and none is drawn dry. Every rule draws at most half of its category's questions.
DEMO_EXAM_DRAW = [
    ("greeting", 3),
    ("telephone", 3),
    ("needs-and-presentation", 4),
    ("objections", 2),
    ("complaints", 4),
    ("appearance", 1),
    ("store-environment", 3),
]

DEMO_EXAM_SETTINGS = {
    "required": True,
    "pass_mark": Decimal(80),
    "time_limit_minutes": 20,
    "attempts_allowed": 3,
    "wait_minutes": 60,
    "resit_after_pass": False,
    "shuffle_questions": True,
    "shuffle_options": True,
    "layout": ExamPage.Layout.ONE_PER_PAGE,
    "review": ExamPage.Review.ANSWERS,
}


def _keep_last(page: Page) -> None:
    """Move ``page`` to the end of its siblings, if something was added after it."""
    if page.get_next_sibling() is not None:
        page.move(page.get_parent(), pos="last-child")


@transaction.atomic
def load_demo_exam() -> ExamPage:
    """Add the published, required final exam as the last page of the demo course.

    It draws 20 questions across every standard category (``DEMO_EXAM_DRAW``). Running
    again changes nothing: the exam is found by its slug in the course and is neither
    saved nor published twice (it is only moved back to the end if pages were added
    after it).
    """
    course = load_demo_course()
    load_demo_questions()
    exam = course.get_children().filter(slug=EXAM_SLUG).first()
    if exam is not None:
        exam = exam.specific
        _keep_last(exam)
        return exam

    english = Locale.get_default()
    categories = {
        category.code: category for category in StandardCategory.objects.filter(locale=english)
    }
    exam = ExamPage(
        title=EXAM_TITLE,
        slug=EXAM_SLUG,
        introduction=EXAM_INTRODUCTION,
        live=False,
        **DEMO_EXAM_SETTINGS,
    )
    # Set before the page is saved: saving cleans the page, which checks the draw.
    exam.draw_rules = [
        ExamDrawRule(sort_order=position, category=categories[code], count=count)
        for position, (code, count) in enumerate(DEMO_EXAM_DRAW)
    ]
    course.add_child(instance=exam)
    exam.save_revision().publish()
    exam.refresh_from_db()
    return exam
