# ruff: noqa: RUF001 -- the Russian texts are meant to be Cyrillic.
"""The Russian translation of the demo, made through wagtail-localize.

It goes the way the admin's "Translate" action goes: a ``TranslationSource`` for each
English object, a ``Translation`` into Russian, a ``StringTranslation`` for every
extracted string, then ``save_target``. Because the Russian texts live in
wagtail-localize's own tables, a later "Sync translated pages" keeps them.
"""

import copy
import html
from dataclasses import dataclass, field

from django.db import transaction
from wagtail.models import DraftStateMixin, Locale, Page, Site
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from .models import CoursePage, LessonPage, Standard, StandardCategory

# Translatable fields that keep their English value: slugs stay the same in every
# language, so switching language only changes the /en/ or /ru/ prefix of a URL.
KEPT_FIELDS = {"slug"}

# English source text (as wagtail-localize extracts it) → Russian.
RU = {
    # Categories
    "Greeting": "Приветствие",
    "Telephone": "Телефон",
    "Needs and presentation": "Потребности и презентация",
    "Objections": "Возражения",
    "Complaints": "Жалобы",
    "Appearance": "Внешний вид",
    "Store environment": "Порядок в магазине",
    # Standards
    "Greet every customer": "Приветствуйте каждого покупателя",
    "Greet each customer who comes in with eye contact and a friendly word, even when you "
    "are busy with someone else.": (
        "Приветствуйте каждого вошедшего покупателя взглядом и добрым словом, даже если вы "
        "заняты другим покупателем."
    ),
    "Customer greeted within 10 seconds of entering the sales floor.": (
        "Покупателя приветствуют в течение 10 секунд после входа в торговый зал."
    ),
    "Give the customer room": "Дайте покупателю пространство",
    "After the greeting, let the customer look around on their own: stay close enough to be "
    "seen, but do not follow them.": (
        "После приветствия дайте покупателю осмотреться самому: будьте на виду, но не ходите "
        "за ним следом."
    ),
    "Staff stay 1 to 2 metres from the customer while in their field of view.": (
        "Сотрудник держится в 1–2 метрах от покупателя, в его поле зрения."
    ),
    "Pick up quickly": "Отвечайте быстро",
    "Answer the telephone promptly; a ringing phone is a customer waiting.": (
        "Быстро снимайте трубку: звонящий телефон — это ожидающий покупатель."
    ),
    "Phone answered by the third ring.": "Трубку снимают не позже третьего гудка.",
    "Introduce yourself on the phone": "Представляйтесь по телефону",
    "Start every call by saying your name and your department, slowly and clearly.": (
        "Начинайте каждый разговор с имени и названия отдела — медленно и чётко."
    ),
    "Name and department said in the first sentence of the call.": (
        "Имя и отдел названы в первой фразе разговора."
    ),
    "Offer to call back": "Предложите перезвонить",
    "If you cannot answer straight away, offer to call the customer back instead of leaving "
    "them on hold.": (
        "Если не можете ответить сразу, предложите перезвонить, а не держите покупателя на линии."
    ),
    "No caller is left on hold; every unanswered question ends with an agreed call-back time.": (
        "Никто не ждёт на линии; каждый вопрос без ответа заканчивается согласованным временем "
        "обратного звонка."
    ),
    "Answer within the promised time": "Отвечайте в обещанный срок",
    "Reply to every customer question or complaint within 10 hours, and aim to beat that "
    "promise.": (
        "Отвечайте на каждый вопрос или жалобу покупателя в течение 10 часов и старайтесь "
        "успеть раньше."
    ),
    "Reply sent within 10 hours; target 8 hours.": "Ответ дан в течение 10 часов; цель — 8 часов.",
    "Say what you can do": "Говорите, что вы можете сделать",
    "Avoid a flat 'no' or 'never'; tell the customer what you can do for them instead.": (
        "Избегайте категоричных «нет» и «никогда»; скажите покупателю, что вы можете для него "
        "сделать."
    ),
    "No 'no' or 'never' without an alternative offered in the same answer.": (
        "Ни одного «нет» или «никогда» без альтернативы в том же ответе."
    ),
    "Forbidden phrases": "Запрещённые фразы",
    "Never tell a customer 'we don't have that' or 'everything is on the shelf, choose "
    "yourself'; offer an alternative or help them choose.": (
        "Никогда не говорите покупателю «такого у нас нет» или «всё на полке, выбирайте сами»; "
        "предложите альтернативу или помогите с выбором."
    ),
    "Neither forbidden phrase is heard during a mystery shopper visit.": (
        "Во время визита тайного покупателя не звучит ни одна из запрещённых фраз."
    ),
    "Listen and repeat the problem": "Выслушайте и повторите проблему",
    "Let the customer finish, then repeat the problem in your own words so they know you "
    "understood.": (
        "Дайте покупателю договорить, затем повторите проблему своими словами, чтобы он "
        "видел, что его поняли."
    ),
    "Problem restated to the customer before any solution is offered.": (
        "Проблема пересказана покупателю до того, как предложено решение."
    ),
    "Show empathy and apologise": "Проявите сочувствие и извинитесь",
    "Show the customer that you understand how they feel and apologise for the trouble, "
    "whoever caused it.": (
        "Покажите покупателю, что понимаете его чувства, и извинитесь за неудобства, кто бы "
        "их ни вызвал."
    ),
    "An apology is spoken in every complaint conversation.": (
        "В каждом разговоре о жалобе звучит извинение."
    ),
    "Offer several ways to settle": "Предложите несколько решений",
    "Propose more than one way to put things right and let the customer choose.": (
        "Предложите больше одного способа всё исправить и дайте покупателю выбрать."
    ),
    "At least two solutions offered.": "Предложено не меньше двух решений.",
    "Decide fast and say thank you": "Решайте быстро и благодарите",
    "Settle the complaint quickly and thank the customer for telling you about it.": (
        "Быстро урегулируйте жалобу и поблагодарите покупателя за то, что он о ней сообщил."
    ),
    "Decision given in the same conversation or within 10 hours; the customer is thanked.": (
        "Решение принято в том же разговоре или в течение 10 часов; покупателя благодарят."
    ),
    "Be ready before opening": "Будьте готовы до открытия",
    "Come in early enough to prepare the shop floor, the till and yourself before the doors "
    "open.": ("Приходите заранее, чтобы до открытия подготовить торговый зал, кассу и себя."),
    "Staff arrive 30 minutes before opening time.": "Сотрудники приходят за 30 минут до открытия.",
    "Keep the shop floor tidy": "Поддерживайте порядок в зале",
    "Put goods back, fill gaps on the shelves and keep the aisles clear during the day.": (
        "В течение дня возвращайте товар на место, заполняйте пустоты на полках и держите "
        "проходы свободными."
    ),
    "Wear the uniform and name badge": "Носите форму и бейдж",
    "Wear the company uniform, clean and complete, with your name badge visible.": (
        "Носите чистую и полную форму компании, бейдж с именем должен быть на виду."
    ),
    "Name badge visible on the chest at every check.": "Бейдж виден на груди при каждой проверке.",
    "Prepare for the customer": "Подготовьтесь к встрече с покупателем",
    "Before the customer arrives, know the goods, the prices and the current offers.": (
        "До прихода покупателя знайте товар, цены и текущие акции."
    ),
    "Staff name today's offers without looking them up.": (
        "Сотрудник называет сегодняшние акции, не подглядывая."
    ),
    "Make contact": "Установите контакт",
    "Greet the customer and open the conversation with a question about their visit, not "
    "about a product.": (
        "Поприветствуйте покупателя и начните разговор с вопроса о цели визита, а не о товаре."
    ),
    "An open question asked within the first minute of contact.": (
        "Открытый вопрос задан в первую минуту контакта."
    ),
    "Find the need": "Выявите потребность",
    "Ask open questions and listen until you know what the customer needs and why.": (
        "Задавайте открытые вопросы и слушайте, пока не поймёте, что нужно покупателю и зачем."
    ),
    "At least two open questions asked before a product is shown.": (
        "До показа товара задано не меньше двух открытых вопросов."
    ),
    "Present the benefits": "Рассказывайте о пользе",
    "Present the product through what it does for this customer, not through its "
    "specification sheet.": (
        "Представляйте товар через то, что он даст этому покупателю, а не через его "
        "технические характеристики."
    ),
    "Handle objections": "Работайте с возражениями",
    "Treat an objection as a question: acknowledge it, ask what lies behind it and answer "
    "with facts.": (
        "Относитесь к возражению как к вопросу: признайте его, узнайте, что за ним стоит, "
        "и ответьте фактами."
    ),
    "The objection is acknowledged and answered; the customer is never contradicted.": (
        "Возражение признано и получило ответ; с покупателем никогда не спорят."
    ),
    "Offer an additional purchase": "Предложите дополнительную покупку",
    "Offer one item that completes what the customer is buying.": (
        "Предложите один товар, который дополняет покупку."
    ),
    "An additional item offered in every sale (mystery shopper check).": (
        "Дополнительный товар предложен при каждой продаже (проверка тайным покупателем)."
    ),
    "Close and say goodbye": "Завершите продажу и попрощайтесь",
    "Confirm the purchase, thank the customer and invite them back.": (
        "Подтвердите покупку, поблагодарите покупателя и пригласите прийти снова."
    ),
    "Customer thanked and bid goodbye at the till in every sale.": (
        "При каждой продаже покупателя благодарят и прощаются с ним на кассе."
    ),
    "Keep surveys short": "Делайте опросы короткими",
    "When you ask customers for feedback, keep the survey to at most 10 to 15 questions so "
    "they finish it.": (
        "Когда просите покупателей об отзыве, ограничьте опрос 10–15 вопросами, чтобы его "
        "дописали до конца."
    ),
    # Home page (the migration's text and the demo's)
    "Service Standards Academy": "Академия стандартов обслуживания",
    "Learn the service standards, practise them, prove them.": (
        "Изучайте стандарты обслуживания, отрабатывайте их и подтверждайте знания."
    ),
    "Our service standards, in short lessons you can read on your phone, role-plays to "
    "practise them, and the exam that certifies you.": (
        "Наши стандарты обслуживания: короткие уроки, которые удобно читать с телефона, "
        "ролевые игры для практики и экзамен, который подтверждает вашу квалификацию."
    ),
    "How it works": "Как это устроено",
    "Read the lessons for your role: greeting, the telephone, complaints, the stages of a sale.": (
        "Прочитайте уроки для своей роли: приветствие, телефон, жалобы, этапы продажи."
    ),
    "Practise with role-play customers and see what each reply does.": (
        "Потренируйтесь с покупателями в ролевых играх и посмотрите, к чему ведёт каждый ответ."
    ),
    "Sit the standards exam and download your certificate.": (
        "Сдайте экзамен по стандартам и скачайте сертификат."
    ),
    "Every month the best service in each store is recognised.": (
        "Каждый месяц мы отмечаем лучшее обслуживание в каждом магазине."
    ),
    # Course index and course
    "Courses": "Курсы",
    "Short courses on the service standards of our stores. Each lesson takes a few minutes "
    "and ends with what to remember.": (
        "Короткие курсы по стандартам обслуживания наших магазинов. Каждый урок занимает "
        "несколько минут и заканчивается главным, что нужно запомнить."
    ),
    "Service standards essentials": "Основы стандартов обслуживания",
    "The standards every colleague on the shop floor follows: getting the store ready, "
    "greeting customers, the telephone, the stages of a sale, complaints and how we look "
    "and speak.": (
        "Стандарты, которым следует каждый сотрудник торгового зала: подготовка магазина, "
        "приветствие покупателей, телефон, этапы продажи, жалобы, а также то, как мы "
        "выглядим и говорим."
    ),
    "Everyone who serves customers in our stores": (
        "Все, кто обслуживает покупателей в наших магазинах"
    ),
    # Lesson 1
    "The store and the first impression": "Магазин и первое впечатление",
    "The customer judges the store before anyone says a word. Get it ready in time.": (
        "Покупатель оценивает магазин раньше, чем кто-то скажет хоть слово. "
        "Подготовьте его вовремя."
    ),
    "Ready before the doors open": "Готовы до открытия дверей",
    "Come in <b>30 minutes before opening</b>. That half hour is for the shop floor, the till "
    "and yourself, so the first customer of the day meets a store that is already working.": (
        "Приходите <b>за 30 минут до открытия</b>. Эти полчаса — для торгового зала, кассы "
        "и себя, чтобы первого покупателя дня встретил уже работающий магазин."
    ),
    "Before opening": "Перед открытием",
    "Lights and music on": "Свет и музыка включены",
    "Aisles clear, gaps on the shelves filled": "Проходы свободны, пустоты на полках заполнены",
    "Till open with change": "Касса открыта, есть размен",
    "Uniform complete, name badge on": "Форма в порядке, бейдж на месте",
    "A tidy floor all day": "Порядок в зале весь день",
    "Put goods back where they belong and keep the aisles clear. A tidy floor tells the "
    "customer that we care about details.": (
        "Возвращайте товар на место и держите проходы свободными. Порядок в зале говорит "
        "покупателю, что мы внимательны к мелочам."
    ),
    "Room to look around": "Пространство, чтобы осмотреться",
    "After the greeting, stay <b>1 to 2 metres</b> away, where the customer can see you. "
    "Close enough to help at once, far enough not to press them.": (
        "После приветствия держитесь <b>в 1–2 метрах</b>, там, где покупатель вас видит. "
        "Достаточно близко, чтобы сразу помочь, и достаточно далеко, чтобы не давить."
    ),
    "Arrive 30 minutes before opening.": "Приходите за 30 минут до открытия.",
    "Keep the shop floor tidy during the whole day.": "Поддерживайте порядок в зале весь день.",
    "Stay 1 to 2 metres away, in the customer's field of view.": (
        "Держитесь в 1–2 метрах, в поле зрения покупателя."
    ),
    # Lesson 2
    "Greeting and personal attention": "Приветствие и личное внимание",
    "Every customer is greeted, and every customer feels noticed.": (
        "Каждого покупателя приветствуют, и каждый чувствует, что его заметили."
    ),
    "Look up, make eye contact and say hello within <b>ten seconds</b> of the customer "
    "coming in, even when you are serving someone else.": (
        "Поднимите глаза, встретьтесь взглядом и поздоровайтесь в течение <b>десяти секунд</b> "
        "после прихода покупателя, даже если обслуживаете кого-то другого."
    ),
    "Open with a question about the visit": "Начните с вопроса о цели визита",
    "Good morning! What brings you in today?": "Доброе утро! Что привело вас к нам сегодня?",
    "Can I help you?": "Вам помочь?",
    "An open question starts a conversation; 'can I help you' invites 'no, thanks'.": (
        "Открытый вопрос начинает разговор, а на «вам помочь?» легко ответить «нет, спасибо»."
    ),
    "I'll be with you in a moment.": "Я подойду к вам через минуту.",
    "(silence while you finish with another customer)": (
        "(молчание, пока вы заканчиваете с другим покупателем)"
    ),
    "The waiting customer knows you have seen them.": (
        "Ожидающий покупатель знает, что его заметили."
    ),
    "Smile and make eye contact": "Улыбайтесь и смотрите в глаза",
    "Use the customer's name once you know it": "Называйте покупателя по имени, когда узнаете его",
    "Talk to colleagues while a customer waits": "Болтать с коллегами, пока покупатель ждёт",
    "Follow the customer around": "Ходить за покупателем по пятам",
    "Greet within ten seconds.": "Приветствуйте в течение десяти секунд.",
    "Open with a question about the visit, not about a product.": (
        "Начинайте с вопроса о цели визита, а не о товаре."
    ),
    # Lesson 3
    "Telephone etiquette": "Телефонный этикет",
    "A ringing phone is a customer waiting. Answer quickly, clearly and with a plan.": (
        "Звонящий телефон — это ожидающий покупатель. Отвечайте быстро, чётко и по плану."
    ),
    "Pick up by the third ring": "Снимите трубку до третьего гудка",
    "Say who you are": "Представьтесь",
    "Start with your name and your department. Speak <b>slowly and clearly</b>: the caller "
    "cannot see you and may be in a noisy place.": (
        "Начните с имени и названия отдела. Говорите <b>медленно и чётко</b>: собеседник вас "
        "не видит и может быть в шумном месте."
    ),
    "Alder & Finch, electronics, Jana speaking. How can I help?": (
        "Alder & Finch, отдел электроники, Яна. Чем могу помочь?"
    ),
    "Hello?": "Алло?",
    "The caller knows at once that they reached the right place.": (
        "Звонящий сразу понимает, что попал куда нужно."
    ),
    "Call back instead of holding": "Перезвоните, а не держите на линии",
    "If you cannot answer straight away, <b>offer to call back</b> and agree a time. Do not "
    "leave the customer on hold.": (
        "Если не можете ответить сразу, <b>предложите перезвонить</b> и договоритесь о времени. "
        "Не оставляйте покупателя ждать на линии."
    ),
    "Third ring at the latest.": "Не позже третьего гудка.",
    "Name and department first, slowly and clearly.": ("Сначала имя и отдел, медленно и чётко."),
    "Offer a call-back rather than hold.": "Предлагайте перезвонить вместо ожидания на линии.",
    # Lesson 4
    "The stages of a sale and handling objections": "Этапы продажи и работа с возражениями",
    "Seven stages take a customer from hello to goodbye; an objection is a question.": (
        "Семь этапов ведут покупателя от приветствия до прощания; возражение — это вопрос."
    ),
    "The seven stages": "Семь этапов",
    "Preparation": "Подготовка",
    "Greeting and contact": "Приветствие и контакт",
    "Finding the need": "Выявление потребности",
    "Presenting": "Презентация",
    "Handling objections": "Работа с возражениями",
    "Offering an additional purchase": "Предложение дополнительной покупки",
    "Closing and farewell": "Завершение и прощание",
    "When a customer objects, they are telling you what is still missing. Acknowledge it, "
    "ask what lies behind it, answer with facts.": (
        "Возражая, покупатель говорит вам, чего ему ещё не хватает. Признайте возражение, "
        "узнайте, что за ним стоит, и ответьте фактами."
    ),
    "We can order it for you by Friday.": "Мы можем заказать его для вас к пятнице.",
    "No, we don't do that.": "Нет, мы этим не занимаемся.",
    "Say what you can do instead of a flat no.": (
        "Скажите, что вы можете сделать, вместо категоричного «нет»."
    ),
    "That usually takes a week; I'll check if it can be sooner.": (
        "Обычно это занимает неделю; я уточню, можно ли быстрее."
    ),
    "That never happens.": "Такого никогда не бывает.",
    "'Never' closes the conversation.": "«Никогда» закрывает разговор.",
    "Finish the sale": "Завершите продажу",
    "Know the seven stages and where you are in them.": (
        "Знайте семь этапов и то, на каком из них вы сейчас."
    ),
    "Treat an objection as a question.": "Относитесь к возражению как к вопросу.",
    "Never a flat 'no' or 'never': say what you can do.": (
        "Никаких категоричных «нет» и «никогда»: говорите, что вы можете сделать."
    ),
    # Lesson 5
    "A complaint handled well wins the customer back; one handled badly is retold.": (
        "Хорошо разобранная жалоба возвращает покупателя, плохо разобранную пересказывают другим."
    ),
    "An unhappy customer tells <b>8 to 10 other people</b> about it.": (
        "Недовольный покупатель рассказывает об этом <b>8–10 людям</b>."
    ),
    "Five steps": "Пять шагов",
    "Handling a complaint": "Работа с жалобой",
    "Listen to the end and repeat the problem in your own words": (
        "Выслушайте до конца и повторите проблему своими словами"
    ),
    "Show you understand how they feel, and apologise": (
        "Покажите, что понимаете чувства покупателя, и извинитесь"
    ),
    "Offer several ways to put it right": "Предложите несколько способов всё исправить",
    "Decide quickly": "Решайте быстро",
    "Thank the customer for telling you": "Поблагодарите покупателя за то, что он сообщил",
    "I'm sorry this happened. Let me make sure I understood: ...": (
        "Мне жаль, что так вышло. Позвольте уточнить, правильно ли я понял: ..."
    ),
    "That's not our fault.": "Это не наша вина.",
    "An apology is about their trouble, not about blame.": (
        "Извинение — о неудобствах покупателя, а не о том, кто виноват."
    ),
    "Answer within 10 hours": "Ответ в течение 10 часов",
    "Reply to every complaint or question within <b>10 hours</b>, and aim for <b>8</b>: "
    "beating the promise is what the customer remembers.": (
        "Отвечайте на каждую жалобу или вопрос в течение <b>10 часов</b>, а лучше за <b>8</b>: "
        "покупатель запоминает, когда обещание выполнено с запасом."
    ),
    "Listen, repeat, apologise.": "Выслушайте, повторите, извинитесь.",
    "Offer more than one solution and decide fast.": (
        "Предложите больше одного решения и решайте быстро."
    ),
    "Reply within 10 hours, aim for 8.": "Отвечайте в течение 10 часов, а лучше за 8.",
    # Lesson 6
    "Appearance and forbidden phrases": "Внешний вид и запрещённые фразы",
    "How we look and what we never say.": "Как мы выглядим и чего никогда не говорим.",
    "Uniform and badge": "Форма и бейдж",
    "Phrases we never use": "Фразы, которые мы не используем",
    "That one is sold out; this one does the same job. Shall I show you?": (
        "Эта модель закончилась, но вот эта справится не хуже. Показать?"
    ),
    "We don't have that.": "Такого у нас нет.",
    "Offer an alternative instead of ending the conversation.": (
        "Предложите альтернативу, а не заканчивайте разговор."
    ),
    "Let me help you choose: what will you use it for?": (
        "Давайте я помогу выбрать: для чего он вам нужен?"
    ),
    "Everything is on the shelf, choose yourself.": "Всё на полке, выбирайте сами.",
    "The customer came for help, not for a shelf.": "Покупатель пришёл за помощью, а не к полке.",
    "Uniform complete, name badge visible.": "Форма в порядке, бейдж на виду.",
    "Never 'we don't have that' or 'choose yourself'.": (
        "Никогда не говорите «такого нет» или «выбирайте сами»."
    ),
}


@dataclass
class TranslationReport:
    """What ``load_demo_translation_ru`` did.

    ``saved`` names the objects whose Russian version was (re)published; ``missing`` lists
    English strings with no entry in ``RU``, which were used untranslated.
    """

    saved: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def _bind_list_items(lesson: LessonPage) -> None:
    """Store the lesson's lists in Wagtail's block format, with an id for every item.

    wagtail-localize only extracts list items that have ids; the demo course stores them
    as plain strings, so without this checklists, phrase pairs and takeaways would stay
    in English. Publishes a new English revision only when something changes.
    """
    before = copy.deepcopy(list(lesson.body.raw_data))
    list(lesson.body)  # binds every block, so saving writes the block format
    after = lesson.body.stream_block.get_prep_value(lesson.body)
    if before != after:
        lesson.save_revision().publish()
        lesson.refresh_from_db()


def _russian_text(segment, report: TranslationReport) -> str:
    """The Russian for one extracted string; the English one, counted, if RU lacks it."""
    english = segment.string.data
    if segment.context.path.rsplit(".", 1)[-1] in KEPT_FIELDS:
        return english
    if english in RU:
        return RU[english]
    if html.unescape(english) in RU:
        # Plain-text strings are stored HTML-escaped ("Alder &amp; Finch").
        return html.escape(RU[html.unescape(english)], quote=False)
    report.missing.append(english)
    return english


def _translate(instance, russian: Locale, report: TranslationReport) -> None:
    source, created = TranslationSource.get_or_create_from_instance(instance)
    if not created:
        # Pick up English edits made since the source was first extracted.
        source, _updated = TranslationSource.update_or_create_from_instance(instance)
    translation, changed = Translation.objects.get_or_create(
        source=source, target_locale=russian, defaults={"enabled": True}
    )
    for segment in source.stringsegment_set.select_related("string", "context"):
        russian_text = _russian_text(segment, report)
        existing = StringTranslation.objects.filter(
            translation_of=segment.string, locale=russian, context=segment.context
        ).first()
        if existing is None:
            StringTranslation.objects.create(
                translation_of=segment.string,
                locale=russian,
                context=segment.context,
                data=russian_text,
                translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
            )
            changed = True
        elif existing.data != russian_text:
            existing.data = russian_text
            existing.save()
            changed = True

    target = instance.get_translation_or_none(russian)
    if target is None or not getattr(target, "live", True):
        changed = True
    elif isinstance(target, Page | Standard) and target.has_unpublished_changes:
        # Leave a draft someone is working on (perhaps in the approval workflow) alone.
        changed = False
    if changed:
        # save_target(publish=True) would publish on commit, from a copy of the page taken
        # now: inside one transaction, publishing a course after its lessons were added
        # would write back numchild=0 and hide them. So save the translation as a draft
        # revision and publish that revision at once, which is what "publish" does.
        # Categories have no drafts: wagtail-localize saves them directly.
        draftable = isinstance(instance, DraftStateMixin)
        translation.save_target(publish=not draftable)
        if draftable:
            instance.get_translation(russian).latest_revision.publish()
        report.saved.append(str(instance))


@transaction.atomic
def load_demo_translation_ru() -> TranslationReport:
    """Translate the demo standards, home page, course index, course and lessons into
    Russian and publish them; running again changes nothing."""
    english = Locale.get_default()
    russian = Locale.objects.get(language_code="ru")
    report = TranslationReport()

    # Snippets first (categories before the standards that point at them): the pages'
    # standard blocks and "standards taught" point at the Russian standards.
    for category in StandardCategory.objects.filter(locale=english).order_by("pk"):
        _translate(category, russian, report)
    for standard in Standard.objects.filter(locale=english, live=True).order_by("code"):
        _translate(standard, russian, report)

    # Pages from the top down, so each one's parent already exists in Russian.
    home = Site.objects.get(is_default_site=True).root_page.specific
    _translate(home, russian, report)
    for course in CoursePage.objects.live().filter(locale=english).descendant_of(home):
        index = course.get_parent().specific
        if index.locale_id == english.pk:
            _translate(index, russian, report)
        _translate(course, russian, report)
        for lesson in LessonPage.objects.child_of(course).live().order_by("path"):
            _bind_list_items(lesson)
            _translate(lesson, russian, report)
    return report
