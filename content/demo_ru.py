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

from .models import CoursePage, LessonPage, ScenarioPage, Standard, StandardCategory

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
    # Scenario: an angry customer with a complaint
    "An angry customer with a complaint": "Рассерженный покупатель с жалобой",
    "A customer brings back a leaking coffee machine for the second time. Turn her anger into a "
    "solution she chooses.": (
        "Покупательница второй раз возвращает протекающую кофеварку. Превратите её гнев в "
        "решение, которое она выберет сама."
    ),
    "Saturday afternoon at the service desk of the Main Street store. There is a short queue "
    "behind the customer, and she has the coffee machine with her in its box.": (
        "Суббота, вторая половина дня, стойка обслуживания в магазине на Главной улице. За "
        "покупательницей небольшая очередь, кофеварка у неё с собой, в коробке."
    ),
    "Mrs Horvat, a regular customer for years, who bought the coffee machine ten days ago and "
    "has already been sent home once.": (
        "Госпожа Хорват, многолетняя постоянная покупательница. Она купила кофеварку десять "
        "дней назад, и однажды её уже отправили домой ни с чем."
    ),
    "Listen, show you understand, offer more than one way to put it right, decide today and "
    "thank her, so that she comes back instead of telling 8 to 10 people about us.": (
        "Выслушайте, покажите, что понимаете её, предложите больше одного способа всё "
        "исправить, примите решение сегодня и поблагодарите — чтобы она вернулась к нам, а не "
        "рассказала о нас 8–10 знакомым."
    ),
    "This coffee machine leaks all over my kitchen! I bought it here ten days ago, and this is "
    "the second time I've had to come back. Does anyone here actually care?": (
        "Эта кофеварка заливает мне всю кухню! Я купила её у вас десять дней назад и прихожу уже "
        "второй раз. Здесь вообще кому-нибудь есть до этого дело?"
    ),
    "I'm sorry you've had to come back. I'm listening: tell me everything that happened, from "
    "the start.": (
        "Мне жаль, что вам пришлось прийти снова. Я вас слушаю: расскажите, пожалуйста, всё с "
        "самого начала."
    ),
    "An angry customer first needs to be heard. Inviting her to tell the whole story, and "
    "letting her finish, is the start of every complaint we settle.": (
        "Рассерженному покупателю прежде всего нужно, чтобы его выслушали. Предложить рассказать "
        "всё и дать договорить — так начинается каждая жалоба, которую мы урегулировали."
    ),
    "(Start unpacking the machine to look at it while she is still talking.)": (
        "(Начать распаковывать кофеварку и осматривать её, пока покупательница ещё говорит.)"
    ),
    "Looking at the machine instead of at her tells her the machine matters more. The "
    "inspection can wait a minute: let her finish first.": (
        "Вы смотрите на кофеварку, а не на неё, и она понимает: прибор вам важнее. Осмотр "
        "подождёт минуту — сначала дайте ей договорить."
    ),
    "That model has excellent reviews. Are you sure you're using it properly?": (
        "У этой модели отличные отзывы. Вы уверены, что правильно ею пользуетесь?"
    ),
    "Questioning the customer turns a complaint into an argument. Remember who hears about it "
    "next: an unhappy customer tells 8 to 10 other people.": (
        "Сомнение в словах покупателя превращает жалобу в спор. И помните, кто узнает об этом "
        "следующим: недовольный покупатель рассказывает о своём опыте 8–10 людям."
    ),
    "The water tank is cracked at the bottom. Last week your colleague told me that was normal "
    "and sent me home. Now there's a puddle under it every single morning!": (
        "У бака для воды трещина на дне. На прошлой неделе ваш коллега сказал, что это "
        "нормально, и отправил меня домой. А теперь каждое утро под ней лужа!"
    ),
    "So the tank has cracked, it leaks every morning, and last week you were sent home without "
    "a fix. Have I got that right?": (
        "Значит, бак треснул, кофеварка течёт каждое утро, а на прошлой неделе вас отправили "
        "домой, ничего не исправив. Всё верно?"
    ),
    "Repeating the problem in your own words proves you understood all of it, including the "
    "wasted visit, and lets her correct you before you offer anything.": (
        "Пересказ проблемы своими словами доказывает, что вы поняли всё, включая напрасный "
        "визит, и даёт ей возможность поправить вас, прежде чем вы что-то предложите."
    ),
    "OK, a cracked tank.": "Понятно, треснул бак.",
    "You caught the fault but not the rest of the story. Two words do not show that you "
    "understood: restate the whole problem, the earlier visit included.": (
        "Вы уловили поломку, но не всю историю. Пара слов не показывает, что вы поняли: "
        "перескажите проблему целиком, включая прошлый визит."
    ),
    "My colleague shouldn't have said that, but I wasn't working last week.": (
        "Коллега не должен был так говорить, но меня на прошлой неделе не было на смене."
    ),
    "To the customer, every one of us is the store. Pointing at a colleague sounds like an "
    "excuse and leaves her trouble with nobody.": (
        "Для покупателя каждый из нас — это весь магазин. Ссылка на коллегу звучит как отговорка, "
        "и её проблема остаётся ничьей."
    ),
    "Unbelievable! Nobody here takes responsibility for anything. I'm going to tell everyone I "
    "know about this shop.": (
        "Невероятно! Здесь никто ни за что не отвечает. Я расскажу об этом магазине всем своим "
        "знакомым."
    ),
    "You're right to be upset, and I'm sorry. I'll take care of this myself. Please tell me "
    "again exactly what is happening with the machine.": (
        "Вы вправе расстраиваться, и я приношу извинения. Я займусь этим лично. Пожалуйста, "
        "расскажите ещё раз, что именно происходит с кофеваркой."
    ),
    "A sincere apology and taking ownership can rescue a conversation that went wrong. It only "
    "wins back what the last reply lost: you are back where you started.": (
        "Искреннее извинение и готовность взять дело на себя могут спасти разговор, который "
        "пошёл не так. Но так вы лишь возвращаете потерянное прошлым ответом: вы снова там, "
        "откуда начали."
    ),
    "There's no need to raise your voice. If you're not happy, write to head office.": (
        "Не нужно повышать голос. Если вы недовольны, напишите в головной офис."
    ),
    "Sending an angry customer elsewhere ends the conversation and starts the story she will "
    "tell. Stay with her problem and apologise for the trouble.": (
        "Отправив рассерженную покупательницу куда-то ещё, вы заканчиваете разговор и начинаете "
        "историю, которую она будет рассказывать. Займитесь её проблемой и извинитесь за "
        "неудобства."
    ),
    "Exactly. Two trips to the store and a week of mopping the kitchen floor. I'm really fed up.": (
        "Вот именно. Две поездки в магазин и неделя с тряпкой на кухне. Я уже сыта этим по горло."
    ),
    "I understand. That's really frustrating, especially after you'd already come in once. I'm "
    "sorry for all the trouble it has caused you.": (
        "Понимаю, это очень неприятно, особенно после того, как вы уже приходили. Простите за "
        "все неудобства, которые это вам доставило."
    ),
    "Naming her feeling and apologising takes the heat out of the conversation. The apology is "
    "for her trouble; it does not need to settle who is to blame.": (
        "Когда вы называете её чувство и извиняетесь, напряжение спадает. Извинение — за её "
        "неудобства; решать, кто виноват, оно не обязано."
    ),
    "These things happen with appliances, unfortunately.": (
        "С техникой, к сожалению, такое бывает."
    ),
    "It may be true, but it brushes her frustration aside. Show that you understand how she "
    "feels and apologise, whoever caused the fault.": (
        "Возможно, это и правда, но так вы отмахиваетесь от её досады. Покажите, что понимаете "
        "её чувства, и извинитесь, кто бы ни был виноват в поломке."
    ),
    "Please calm down, otherwise I can't help you.": (
        "Успокойтесь, пожалуйста, иначе я не смогу вам помочь."
    ),
    "Telling an upset customer to calm down sounds like blame and makes things worse. "
    "Acknowledge the feeling instead: 'I understand, that's frustrating.'": (
        "Просьба успокоиться звучит для расстроенного покупателя как упрёк и только ухудшает "
        "дело. Лучше признайте его чувства: «Понимаю, это очень неприятно»."
    ),
    "So what are you going to do about it?": "И что вы собираетесь с этим делать?",
    "I can offer you three options: a new machine of the same model today, a full refund, or a "
    "different model with 10% off. Which would suit you best?": (
        "Могу предложить три варианта: сегодня же новую кофеварку той же модели, полный возврат "
        "денег или другую модель со скидкой 10%. Что вам удобнее?"
    ),
    "Several ways to settle let the customer choose, which gives back some of the control the "
    "fault took from her. By choosing, she also agrees to the outcome.": (
        "Несколько вариантов дают покупательнице выбор и возвращают ей часть контроля, который "
        "отняла поломка. А выбрав сама, она соглашается с результатом."
    ),
    "We can send it away for repair. That usually takes about three weeks.": (
        "Мы можем отправить её в ремонт. Обычно это занимает около трёх недель."
    ),
    "One option, and a slow one: she has no choice and three more weeks without her machine. "
    "Offer at least two ways to put it right.": (
        "Один вариант, и к тому же долгий: у неё нет выбора и ещё три недели без кофеварки. "
        "Предложите хотя бы два способа всё исправить."
    ),
    "No, we can't do anything until the manufacturer has inspected it.": (
        "Нет, мы ничего не можем сделать, пока её не проверит производитель."
    ),
    "A flat 'no' closes the conversation. Even when an inspection is needed, say what you can "
    "do now: a replacement while it is checked, for example.": (
        "Категоричное «нет» закрывает разговор. Даже если проверка нужна, скажите, что вы можете "
        "сделать сейчас, например выдать замену на время проверки."
    ),
    "A new one, then. But I'm not coming back a third time if that one leaks too.": (
        "Тогда новую. Но в третий раз я не приду, если и она потечёт."
    ),
    "I'll exchange it right now, and we'll fill the new one with water here at the desk so you "
    "can see it doesn't leak before you go.": (
        "Я обменяю её прямо сейчас, и мы нальём воду в новую здесь, у стойки, чтобы вы ещё до "
        "ухода увидели, что она не течёт."
    ),
    "Deciding on the spot, and removing her last worry, is what makes the complaint feel "
    "settled. The quicker the decision, the less the fault is remembered.": (
        "Решение на месте, которое снимает её последнее опасение, — вот что делает жалобу "
        "по-настоящему урегулированной. Чем быстрее решение, тем меньше запоминается поломка."
    ),
    "I'll need my manager to approve the exchange. She's in on Monday.": (
        "Обмен должна одобрить моя руководительница. Она будет в понедельник."
    ),
    "A decision two days away feels like no decision. Settle it in the same conversation, or "
    "at least within 10 hours; phone your manager if you must.": (
        "Решение, до которого два дня, воспринимается как отсутствие решения. Урегулируйте всё в "
        "том же разговоре или хотя бы в течение 10 часов; если нужно, позвоните руководителю."
    ),
    "Fill in this form, please. Head office will reply within four to six weeks.": (
        "Заполните, пожалуйста, эту форму. Головной офис ответит в течение четырёх–шести недель."
    ),
    "Weeks of waiting break our promise to answer every complaint within 10 hours. Paperwork "
    "can follow; the decision should not wait.": (
        "Недели ожидания нарушают наше обещание отвечать на каждую жалобу в течение 10 часов. "
        "Бумаги можно оформить потом, а решение ждать не должно."
    ),
    "Well... thank you. That's more like it.": "Ну... спасибо. Вот это другое дело.",
    "Thank you for bringing it back and telling us. I'll ask the team to check the other "
    "machines from the same delivery.": (
        "Спасибо, что принесли её и рассказали нам. Я попрошу коллег проверить другие кофеварки "
        "из той же поставки."
    ),
    "Thanking the customer turns a complaint into useful feedback: she may have saved the next "
    "buyer the same trouble, and she knows it.": (
        "Благодарность превращает жалобу в полезную обратную связь: возможно, она избавила "
        "следующего покупателя от тех же неприятностей — и она это знает."
    ),
    "(Nod and call the next customer in the queue.)": (
        "(Кивнуть и пригласить следующего покупателя из очереди.)"
    ),
    "The problem is solved, but the last thing she sees is the queue. A short thank-you is "
    "what she will remember when she tells the story.": (
        "Проблема решена, но последнее, что она видит, — очередь. Короткое «спасибо» — вот что "
        "она вспомнит, рассказывая эту историю."
    ),
    "Customer won back": "Покупательница снова с нами",
    "Mrs Horvat leaves with a new machine that does not leak and says she will be back for "
    "coffee beans. A complaint handled well has made her more loyal than before.": (
        "Госпожа Хорват уходит с новой кофеваркой, которая не течёт, и обещает вернуться за "
        "кофе в зёрнах. Хорошо разобранная жалоба сделала её ещё более верной покупательницей."
    ),
    "Settled, but only just": "Урегулировано, но не более",
    "The machine will be replaced, but the customer leaves without a smile. Next time she needs "
    "an appliance, she may try another shop first.": (
        "Кофеварку заменят, но покупательница уходит без улыбки. В следующий раз за техникой "
        "она, возможно, сначала зайдёт в другой магазин."
    ),
    "She tells everyone": "Она расскажет всем",
    "Mrs Horvat walks out with the leaking machine. By the weekend 8 to 10 people have heard "
    "how our store treated her.": (
        "Госпожа Хорват уходит с протекающей кофеваркой. К выходным 8–10 человек уже знают, как "
        "с ней обошлись в нашем магазине."
    ),
    # Scenario: a phone call you cannot answer at once
    "A phone call you cannot answer at once": "Звонок, на который нельзя ответить сразу",
    "A business customer phones with a warranty question only head office can answer. Pick up "
    "in time, introduce yourself, and call back sooner than promised.": (
        "Корпоративный клиент звонит с вопросом о гарантии, на который может ответить только "
        "головной офис. Вовремя снимите трубку, представьтесь и перезвоните раньше обещанного."
    ),
    "A weekday at 11 a.m. in the electronics department. You are handing a customer her "
    "receipt when the department phone starts to ring.": (
        "Будний день, 11 часов утра, отдел электроники. Вы отдаёте покупательнице чек, когда в "
        "отделе звонит телефон."
    ),
    "Mr Novak, who runs a small office and bought twelve laptops from us last month. He is "
    "calling from his car between two meetings.": (
        "Господин Новак руководит небольшим офисом и в прошлом месяце купил у нас двенадцать "
        "ноутбуков. Он звонит из машины между двумя встречами."
    ),
    "Answer by the third ring with your name and department, offer to call back instead of "
    "putting him on hold, agree a time within our 10-hour promise, and beat it.": (
        "Снимите трубку до третьего гудка, назовите имя и отдел, предложите перезвонить вместо "
        "ожидания на линии, договоритесь о времени в пределах обещанных 10 часов — и "
        "перезвоните раньше."
    ),
    "(The department phone rings once, then a second time. The customer at the counter is "
    "putting away her receipt.)": (
        "(Телефон в отделе звонит один раз, потом второй. Покупательница у прилавка убирает чек.)"
    ),
    "(Say 'excuse me a moment' to the customer at the counter and pick up before the third "
    "ring.)": (
        "(Сказать покупательнице у прилавка «извините, одну минуту» и снять трубку до третьего "
        "гудка.)"
    ),
    "A ringing phone is a customer waiting too. A short 'excuse me' costs the person in front "
    "of you a second; picking up by the third ring keeps the caller.": (
        "Звонящий телефон — это тоже ожидающий покупатель. Короткое «извините» стоит покупателю "
        "перед вами секунду, а ответ до третьего гудка сохраняет звонящего."
    ),
    "(Finish with the customer at the counter first, and pick up on the sixth ring.)": (
        "(Сначала закончить с покупательницей у прилавка и снять трубку на шестом гудке.)"
    ),
    "Being polite to the customer in front of you is right, but six rings feel long to a "
    "caller, who may already be dialling another shop. Pick up by the third.": (
        "Вежливость к покупателю перед вами — это правильно, но шесть гудков для звонящего — "
        "долго, он может уже набирать другой магазин. Снимайте трубку до третьего гудка."
    ),
    "(Let it ring. You're busy, and someone else may take it.)": (
        "(Пусть звонит: вы заняты, а трубку может взять кто-то другой.)"
    ),
    "Nobody else took it. An unanswered phone is a customer turned away without a word: the "
    "standard is to pick up by the third ring.": (
        "Никто другой трубку не взял. Неотвеченный звонок — это покупатель, которому отказали "
        "без единого слова: по стандарту трубку снимают до третьего гудка."
    ),
    "Hello? Hello, is that the electronics department?": "Алло? Алло, это отдел электроники?",
    "Yes, this is the electronics department at Alder & Finch, Jana speaking. How can I help "
    "you?": "Да, отдел электроники Alder & Finch, меня зовут Яна. Чем могу помочь?",
    "Name and department in the first sentence, said slowly and clearly: the caller knows at "
    "once that he has reached the right place and who he is talking to.": (
        "Имя и отдел в первой фразе, медленно и чётко: звонящий сразу понимает, что попал куда "
        "нужно и с кем говорит."
    ),
    "Yeah-electronics-Jana-how-can-I-help?": "Да-электроника-Яна-чем-помочь?",
    "All the words are there, but at that speed he catches none of them. He cannot see you and "
    "he is driving: slow down and speak clearly.": (
        "Все слова на месте, но на такой скорости он не разобрал ни одного. Он вас не видит и "
        "к тому же ведёт машину: говорите медленнее и чётче."
    ),
    "Yes. What is it?": "Да. Что у вас?",
    "Curt and nameless: the caller does not know who you are and feels he is interrupting. Say "
    "your name and department, and offer help.": (
        "Резко и без имени: звонящий не знает, кто вы, и чувствует, что отвлекает. Назовите имя "
        "и отдел и предложите помощь."
    ),
    "Sorry, who am I speaking to? I didn't catch that.": (
        "Простите, с кем я говорю? Я не расслышал."
    ),
    "Sorry about that. This is Jana, from the electronics department at Alder & Finch. How can "
    "I help you?": "Прошу прощения. Это Яна, отдел электроники Alder & Finch. Чем могу помочь?",
    "Better: slowly and clearly, with your name and department. Said like this the first time, "
    "he would not have had to ask.": (
        "Так лучше: медленно и чётко, с именем и отделом. Скажи вы так с первого раза, "
        "переспрашивать ему бы не пришлось."
    ),
    "(Repeat it just as fast, a little louder.)": (
        "(Повторить так же быстро, только чуть громче.)"
    ),
    "Louder is not clearer. Speak slowly, so that the caller hears your name and department "
    "the first time.": (
        "Громче не значит понятнее. Говорите медленно, чтобы звонящий с первого раза услышал "
        "ваше имя и отдел."
    ),
    "Right. I bought twelve laptops from you last month, and one of them has a cracked screen. "
    "Does the extended warranty cover that, and how quickly can it be fixed?": (
        "Так. В прошлом месяце я купил у вас двенадцать ноутбуков, и на одном треснул экран. "
        "Покрывает ли это расширенная гарантия и как быстро его починят?"
    ),
    "That's a fair question, and I want to give you the right answer: only our warranty team "
    "can confirm it. Rather than keep you waiting, may I call you back as soon as I have it?": (
        "Хороший вопрос, и я хочу дать вам точный ответ, а подтвердить его может только наш "
        "гарантийный отдел. Чтобы не держать вас на линии, можно я перезвоню, как только узнаю?"
    ),
    "An honest 'I will find out' with an offer to call back beats a guess or a long hold. The "
    "caller keeps his time, and you keep his trust.": (
        "Честное «я узнаю» с предложением перезвонить лучше догадки и долгого ожидания на "
        "линии. Звонящий сохраняет своё время, а вы — его доверие."
    ),
    "Hold on, I'll go and ask someone. (Put the call on hold.)": (
        "Подождите, я пойду у кого-нибудь спрошу. (Поставить звонок на удержание.)"
    ),
    "A hold feels short to you and endless to the caller, especially one in a hurry. When you "
    "cannot answer at once, offer to call back instead.": (
        "Вам ожидание кажется коротким, а звонящему — бесконечным, особенно если он спешит. "
        "Если не можете ответить сразу, предложите перезвонить."
    ),
    "No, warranties never cover broken screens.": (
        "Нет, разбитые экраны гарантия никогда не покрывает."
    ),
    "A flat 'never', and a guess you cannot stand behind. If it is wrong, you have misled him; "
    "even if it is right, it ends the conversation. Say what you can do.": (
        "Категоричное «никогда», да ещё и догадка, за которую вы не можете ручаться. Если она "
        "неверна, вы ввели его в заблуждение; даже если верна, разговор окончен. Скажите, что "
        "вы можете сделать."
    ),
    "(Four minutes later.) Hello? Is anyone there? I've been holding for ages!": (
        "(Четыре минуты спустя.) Алло? Есть там кто-нибудь? Я жду уже целую вечность!"
    ),
    "I'm sorry to have kept you waiting. Rather than keep you on the line any longer, may I "
    "call you back as soon as I have the answer?": (
        "Простите, что заставили вас ждать. Чтобы больше не держать вас на линии, можно я "
        "перезвоню, как только узнаю ответ?"
    ),
    "The right offer, made late: the four minutes on hold are already lost. Next time, offer "
    "the call-back before the hold.": (
        "Правильное предложение, но запоздалое: четыре минуты ожидания уже потеряны. В следующий "
        "раз предложите перезвонить до того, как ставить звонок на удержание."
    ),
    "Sorry, they're still looking. Could you hold a little longer? (Put him on hold again.)": (
        "Извините, коллеги ещё выясняют. Подождёте ещё немного? (Снова поставить на удержание.)"
    ),
    "Another hold only adds to the wait and earns nothing. Every minute on the line is a "
    "minute he is not getting on with his day: offer to call back.": (
        "Ещё одно удержание лишь удлиняет ожидание и ничего не даёт. Каждая минута на линии — "
        "минута, отнятая у его дня: предложите перезвонить."
    ),
    "Never? I paid extra for that warranty! Are you sure about that?": (
        "Никогда? Я доплатил за эту гарантию! Вы в этом уверены?"
    ),
    "I'm sorry, I spoke too soon. Let me check your warranty with our warranty team, and I'll "
    "call you back with a definite answer. Is this the best number to reach you?": (
        "Простите, я поторопилась с ответом. Я уточню условия вашей гарантии в гарантийном "
        "отделе и перезвоню вам с точным ответом. По этому номеру вам удобно?"
    ),
    "Admitting the mistake and saying what you will do turns the conversation round. Checking "
    "first would have spared you the correction.": (
        "Признав ошибку и сказав, что вы сделаете, вы переломили ход разговора. А если бы вы "
        "сначала уточнили, исправляться не пришлось бы."
    ),
    "I'm sure. There's nothing we can do about it.": ("Уверена. Тут мы ничего не можем сделать."),
    "'Nothing we can do' leaves the customer nowhere to go but a competitor. There is always "
    "something you can do: check, call back, explain the next step.": (
        "После «ничего не можем сделать» покупателю остаётся только идти к конкурентам. Сделать "
        "что-то можно всегда: уточнить, перезвонить, объяснить следующий шаг."
    ),
    "All right. But I need that laptop back for work. When will you call?": (
        "Хорошо. Но ноутбук мне нужен для работы. Когда вы перезвоните?"
    ),
    "Our promise is an answer within 10 hours; I'll call you by 4 p.m. today, and sooner if I "
    "can. Is this number the best one?": (
        "Мы обещаем ответ в течение 10 часов; я перезвоню вам сегодня до 16:00, а если "
        "получится, то раньше. Этот номер для вас удобен?"
    ),
    "A concrete time inside the 10-hour promise gives him something to plan around, and "
    "'sooner if I can' leaves room to beat it.": (
        "Конкретное время в пределах обещанных 10 часов позволяет ему планировать день, а "
        "«если получится, раньше» оставляет место, чтобы превзойти обещание."
    ),
    "Someone will get back to you in the next few days.": (
        "Кто-нибудь свяжется с вами в ближайшие дни."
    ),
    "Vague and slow: 'a few days' breaks our 10-hour promise and leaves him guessing who will "
    "call, and when. Name a time and make it yours.": (
        "Расплывчато и долго: «ближайшие дни» нарушают наше обещание ответить за 10 часов, и он "
        "гадает, кто и когда позвонит. Назовите время и возьмите звонок на себя."
    ),
    "I can't promise anything; the warranty team is never quick.": (
        "Ничего не могу обещать: гарантийный отдел никогда не работает быстро."
    ),
    "'Can't' and 'never' in one sentence: he hears that nobody will help. Say what you can do, "
    "and by when.": (
        "«Не могу» и «никогда» в одной фразе: он слышит, что помогать ему никто не будет. "
        "Скажите, что вы можете сделать и к какому сроку."
    ),
    "(At 2 p.m. the warranty team confirms that the cracked screen is covered and the repair "
    "takes five working days.)": (
        "(В 14:00 гарантийный отдел подтверждает: треснувший экран покрывается гарантией, ремонт "
        "займёт пять рабочих дней.)"
    ),
    "(Call him straight away.) Mr Novak, it's Jana from Alder & Finch electronics, calling "
    "back with your answer: the screen is covered, and the repair takes five working days.": (
        "(Сразу же позвонить.) Господин Новак, это Яна из отдела электроники Alder & Finch, "
        "перезваниваю с ответом: экран покрывается гарантией, ремонт займёт пять рабочих дней."
    ),
    "Calling as soon as you have the answer beats the promise: if the ideal customer needs it "
    "in 10 hours, deliver in 8. That is what he will remember.": (
        "Позвонив, как только появился ответ, вы выполняете обещание с запасом: если идеальному "
        "клиенту нужно за 10 часов, сделайте за 8. Именно это он и запомнит."
    ),
    "(Finish your other tasks first and call him later in the afternoon.)": (
        "(Сначала закончить другие дела и позвонить ему ближе к вечеру.)"
    ),
    "You answered within 10 hours, which is the standard. But the answer sat on your desk for "
    "hours: calling at once would have beaten the promise.": (
        "Вы ответили в течение 10 часов, как требует стандарт. Но ответ несколько часов "
        "пролежал у вас на столе: позвонив сразу, вы выполнили бы обещание с запасом."
    ),
    "(It's good news, so it can wait. Call him tomorrow morning.)": (
        "(Новость хорошая, значит, может подождать. Позвонить завтра утром.)"
    ),
    "He planned his afternoon around your call. A broken promise is remembered longer than the "
    "good news: answer within 10 hours, every time.": (
        "Он выстроил свой день вокруг вашего звонка. Нарушенное обещание помнят дольше, чем "
        "хорошую новость: отвечайте в течение 10 часов, всегда."
    ),
    "Promise beaten": "Обещание выполнено с запасом",
    "Mr Novak brings the laptop in the same afternoon and says he will order his office's next "
    "printers from us. Calling early cost nothing and won his trust.": (
        "Господин Новак привозит ноутбук в тот же день и говорит, что следующие принтеры для "
        "офиса закажет у нас. Ранний звонок ничего не стоил, а доверие завоевал."
    ),
    "Promise kept": "Обещание выполнено",
    "Mr Novak gets his answer in time and books the repair. He is satisfied, though nothing "
    "about the call will make him tell anyone about it.": (
        "Господин Новак вовремя получает ответ и записывается на ремонт. Он доволен, хотя в "
        "этом звонке не было ничего, о чём хотелось бы рассказать другим."
    ),
    "The caller gives up": "Клиент сдаётся",
    "Mr Novak ends the call and phones another store instead. The laptops for his next office "
    "were going to come from us.": (
        "Господин Новак заканчивает разговор и звонит в другой магазин. А ведь ноутбуки для "
        "своего следующего офиса он собирался купить у нас."
    ),
    # Scenario: an objection about the price
    "An objection about the price": "Возражение о цене",
    "A customer likes the robot vacuum you recommend until she sees the price. Take her "
    "through the stages of a sale without a single flat 'no'.": (
        "Покупательнице нравится робот-пылесос, который вы советуете, пока она не видит цену. "
        "Проведите её по этапам продажи без единого категоричного «нет»."
    ),
    "A Thursday evening in the small-appliance department. A customer has been standing in "
    "front of the robot vacuum cleaners for several minutes.": (
        "Четверг, вечер, отдел мелкой бытовой техники. Покупательница уже несколько минут стоит "
        "у роботов-пылесосов."
    ),
    "Ms Popescu, a young mother with a toddler and a dog that sheds. She has seen a robot "
    "vacuum online for less than half our price.": (
        "Госпожа Попеску, молодая мама с маленьким ребёнком и линяющей собакой. В интернете она "
        "видела робот-пылесос меньше чем за половину нашей цены."
    ),
    "Find the need with open questions, present the benefits that matter to her, answer the "
    "price objection with facts, offer one item that completes the purchase, and close with "
    "thanks.": (
        "Выявите потребность открытыми вопросами, расскажите о пользе, важной именно ей, "
        "ответьте на возражение о цене фактами, предложите один товар, дополняющий покупку, и "
        "завершите продажу благодарностью."
    ),
    "I think I need one of these robot vacuums, but there are so many. I don't know where to "
    "start.": ("Кажется, мне нужен робот-пылесос, но их так много. Даже не знаю, с чего начать."),
    "Let's find the right one together. Tell me about your home: how big is it, and what do "
    "you most want it to deal with?": (
        "Давайте подберём подходящий вместе. Расскажите о своём доме: какой он площади и с чем "
        "пылесос должен справляться в первую очередь?"
    ),
    "An open question about her home, not about a product, is where finding the need starts. "
    "Without it, any model you show is a guess.": (
        "Открытый вопрос о её доме, а не о товаре, — с этого начинается выявление потребности. "
        "Без него любая показанная модель — догадка."
    ),
    "This one is our bestseller. Most people take it.": (
        "Вот этот — наш хит продаж. Его берут чаще всего."
    ),
    "The bestseller may be right for most people and wrong for her. Skipping the questions "
    "skips the need: ask before you show.": (
        "Хит продаж может подходить большинству и не подходить ей. Пропуская вопросы, вы "
        "пропускаете потребность: сначала спросите, потом показывайте."
    ),
    "They're all on the shelf with the prices. Have a look and choose yourself.": (
        "Они все на полке, с ценами. Посмотрите и выбирайте сами."
    ),
    "'Choose yourself' is one of our forbidden phrases: she asked for help, not for a shelf. "
    "Offer to help her choose.": (
        "«Выбирайте сами» — одна из запрещённых у нас фраз: она просила помощи, а не полку. "
        "Предложите помочь с выбором."
    ),
    "A three-room flat. We have a dog that sheds, and a toddler, so I hate anything lying "
    "around on the floor.": (
        "Трёхкомнатная квартира. У нас линяющая собака и маленький ребёнок, так что терпеть не "
        "могу, когда что-то валяется на полу."
    ),
    "So it has to pick up dog hair every day, in three rooms, without you tidying up first. "
    "And how much time do you want to spend emptying it and keeping it running?": (
        "Значит, он должен каждый день собирать собачью шерсть в трёх комнатах, и без того, "
        "чтобы вы сначала наводили порядок. А сколько времени вы готовы тратить на то, чтобы его "
        "опустошать и обслуживать?"
    ),
    "You repeated the need and asked a second open question before showing anything. Now you "
    "know that her time matters as much as the hair.": (
        "Вы пересказали потребность и задали второй открытый вопрос, ещё ничего не показав. "
        "Теперь вы знаете, что её время важно не меньше, чем шерсть."
    ),
    "Right, let me show you what we have.": "Ясно, давайте покажу, что у нас есть.",
    "One question is a start, but the standard asks for at least two before a product is "
    "shown. A second would have told you what else matters to her.": (
        "Один вопрос — это начало, но стандарт требует не меньше двух до показа товара. Второй "
        "вопрос рассказал бы, что ещё для неё важно."
    ),
    "So which one would you recommend?": "Так какой бы вы посоветовали?",
    "This one. Its brush doesn't tangle with pet hair, it empties itself into its base for up "
    "to a month, and it maps your rooms to steer around toys. You start it in the morning and "
    "come home to clean floors.": (
        "Вот этот. Шерсть не наматывается на его щётку, он сам опустошает контейнер в базу, "
        "которой хватает на месяц, и запоминает план комнат, объезжая игрушки. Утром вы его "
        "запускаете, а вечером возвращаетесь к чистым полам."
    ),
    "Every feature is tied to something she told you: the dog, her time, the toddler's toys. "
    "That is presenting benefits, not reading out the specification sheet.": (
        "Каждое свойство связано с тем, что она вам рассказала: собака, её время, игрушки "
        "ребёнка. Это рассказ о пользе, а не чтение технических характеристик."
    ),
    "This one: 4,000 Pa of suction, a 5,200 mAh battery and laser navigation.": (
        "Вот этот: мощность всасывания 4000 Па, аккумулятор 5200 мА·ч и лазерная навигация."
    ),
    "All true, and all hers to translate into daily life. Tell her what each feature does for "
    "her home instead.": (
        "Всё верно, но переводить это на язык повседневной жизни ей придётся самой. Лучше "
        "скажите, что каждое свойство даст её дому."
    ),
    "€449 for this one? I saw a robot vacuum online for €199. That's far too expensive.": (
        "449 € за этот? Я видела в интернете робот-пылесос за 199 €. Это слишком дорого."
    ),
    "I understand; it's a big difference, and it's worth knowing what you get for it. Which "
    "model did you see? Let's compare the two on what matters to you: the dog hair and your "
    "time.": (
        "Понимаю: разница большая, и стоит знать, за что вы платите. Какую модель вы видели? "
        "Давайте сравним их по тому, что важно для вас: собачья шерсть и ваше время."
    ),
    "Acknowledge, ask what lies behind it, answer with facts. Her objection tells you what is "
    "still missing: a reason for the difference.": (
        "Признайте возражение, узнайте, что за ним стоит, ответьте фактами. Её возражение "
        "говорит, чего ещё не хватает: объяснения разницы в цене."
    ),
    "Then maybe this cheaper one is more your price.": (
        "Тогда, может быть, вам больше подойдёт вот этот, подешевле."
    ),
    "Dropping to the cheapest model before asking what lies behind the objection gives up on "
    "the benefits you presented. 'Too expensive' is often a question, not a verdict.": (
        "Переходя к самой дешёвой модели, не выяснив, что стоит за возражением, вы "
        "отказываетесь от пользы, о которой только что рассказали. «Слишком дорого» — часто "
        "вопрос, а не приговор."
    ),
    "No, we never match online prices.": (
        "Нет, под цены интернет-магазинов мы никогда не подстраиваемся."
    ),
    "'No' and 'never', in answer to something she did not even ask. Say what you can do: "
    "compare, explain the difference, show another option.": (
        "«Нет» и «никогда» в ответ на то, о чём она даже не просила. Скажите, что вы можете "
        "сделать: сравнить, объяснить разницу, показать другой вариант."
    ),
    "So I'm wrong to compare prices? Maybe I'll just order the cheap one.": (
        "То есть сравнивать цены — это неправильно? Пожалуй, я просто закажу дешёвый."
    ),
    "Not at all, comparing is sensible, and I'm sorry it sounded that way. Let's compare them "
    "properly.": (
        "Вовсе нет, сравнивать разумно, и простите, что прозвучало иначе. Давайте сравним их как "
        "следует."
    ),
    "You acknowledged her point and brought the conversation back. Back to where it was, "
    "though: the price question still needs an answer.": (
        "Вы признали её правоту и вернули разговор. Но вернули туда, где он был: вопрос о цене "
        "всё ещё ждёт ответа."
    ),
    "If cheap is what you want, the internet is the place for it.": (
        "Если вам нужно подешевле, это вам в интернет."
    ),
    "Contradicting the customer and sending her to a competitor ends the sale. Treat the "
    "objection as a question and answer it with facts.": (
        "Спор с покупательницей и отправка её к конкуренту заканчивают продажу. Относитесь к "
        "возражению как к вопросу и отвечайте фактами."
    ),
    "I think it was the CleanBot 2. It looked just the same.": (
        "Кажется, это был CleanBot 2. На вид точно такой же."
    ),
    "It's a good basic model. Two things differ for you: its bristle brush wraps with dog "
    "hair, so you would clean it every day, and you empty its bin after each run. This one "
    "does both for you. Over three years, the difference is less than 25 cents a day.": (
        "Хорошая базовая модель. Для вас важны два отличия: на его щётку наматывается шерсть, "
        "и чистить её придётся каждый день, а контейнер нужно опустошать после каждой уборки. "
        "Этот делает и то и другое сам. За три года разница — меньше 25 центов в день."
    ),
    "You answered with facts that matter to her and put the price into terms she can weigh. "
    "Never run down the other product: compare it honestly.": (
        "Вы ответили фактами, важными для неё, и выразили цену так, чтобы её было легко "
        "оценить. Не принижайте чужой товар — сравнивайте честно."
    ),
    "Ours is simply better quality. Trust me.": "Наш просто качественнее. Поверьте мне.",
    "'Trust me' is not an answer. She needs facts she can weigh: what this model does that the "
    "other does not, and what that is worth to her.": (
        "«Поверьте мне» — это не ответ. Ей нужны факты, которые можно взвесить: что умеет эта "
        "модель, чего не умеет другая и чего это для неё стоит."
    ),
    "Then buy that one online. It's your money.": ("Тогда покупайте тот в интернете. Деньги ваши."),
    "She came in for advice and leaves with a shrug. An objection is a question still waiting "
    "for an answer: answer it with facts.": (
        "Она пришла за советом, а получила пожатие плечами. Возражение — это вопрос, который "
        "ждёт ответа: отвечайте фактами."
    ),
    "Hmm. But will the cheaper one cope with all the dog hair?": (
        "Хм. А дешёвый справится со всей этой собачьей шерстью?"
    ),
    "Honestly, its brush will need clearing more often. If your budget is firm, it's a fair "
    "choice; if your time matters more, the first one pays for itself. Shall we put them side "
    "by side?": (
        "Честно говоря, его щётку придётся чистить чаще. Если бюджет жёсткий, это разумный "
        "выбор; если важнее ваше время, первый окупится. Давайте поставим их рядом и сравним?"
    ),
    "An honest comparison lets her decide with facts. Better still would have been to ask "
    "about the objection first, before moving to a cheaper model.": (
        "Честное сравнение позволяет ей решить, опираясь на факты. Но ещё лучше было сначала "
        "расспросить о возражении, а не сразу переходить к дешёвой модели."
    ),
    "It should be fine.": "Должен справиться.",
    "A guess she may regret after a week of dog hair. Answer objections and doubts with facts, "
    "not reassurance.": (
        "Догадка, о которой она может пожалеть после недели с собачьей шерстью. Отвечайте на "
        "возражения и сомнения фактами, а не успокоительными словами."
    ),
    "All right, you've convinced me. I'll take it.": "Ладно, вы меня убедили. Беру.",
    "Good choice. With a dog, a spare set of brushes and filters is worth having; each lasts "
    "about three months. Shall I add a set?": (
        "Отличный выбор. С собакой стоит иметь запасной комплект щёток и фильтров: каждого "
        "хватает примерно на три месяца. Добавить комплект?"
    ),
    "One item that completes the purchase, linked to her need. Mystery shoppers check this "
    "offer in every sale: in electronics stores it was made in 80.75% of visits in 2013, "
    "against 43% in 2007.": (
        "Один товар, который дополняет покупку и связан с её потребностью. Тайные покупатели "
        "проверяют такое предложение при каждой продаже: в магазинах электроники в 2013 году "
        "его делали в 80,75% визитов, а в 2007-м — в 43%."
    ),
    "Great. The till is at the front.": "Отлично. Касса у входа.",
    "The sale is made, but the additional purchase is missed: she will find out about spare "
    "brushes when the first set wears out, probably online.": (
        "Продажа состоялась, но дополнительная покупка упущена: о запасных щётках она узнает, "
        "когда износится первый комплект, — скорее всего, в интернете."
    ),
    "You'll also want the extended warranty, a spare battery, the brush set and the cleaning "
    "spray.": (
        "Вам ещё понадобятся расширенная гарантия, запасной аккумулятор, комплект щёток и "
        "чистящий спрей."
    ),
    "Four extras right after she has agreed feels like pressure and can reopen the price "
    "question. Offer one item that completes what she is buying.": (
        "Четыре дополнения сразу после её согласия — это давление, и вопрос о цене может "
        "вернуться. Предложите один товар, который дополняет покупку."
    ),
    "Fine. Where do I pay?": "Хорошо. Где оплатить?",
    "I'll walk you to the till. Thank you for taking the time to compare. If you have any "
    "questions once it's running, come and see us or give us a call.": (
        "Я провожу вас к кассе. Спасибо, что нашли время всё сравнить. Если после запуска "
        "появятся вопросы, приходите или звоните нам."
    ),
    "Confirm, thank, invite back: the farewell is the last stage of the sale and the first "
    "thing she remembers next time.": (
        "Подтвердите покупку, поблагодарите, пригласите снова: прощание — последний этап "
        "продажи и первое, что она вспомнит в следующий раз."
    ),
    "Over there, at the front.": "Вон там, у входа.",
    "Directions, but no thanks and no invitation back. The sale closes; the relationship does "
    "not start.": (
        "Дорогу показали, но ни благодарности, ни приглашения вернуться. Продажа закрыта, а "
        "отношения так и не начались."
    ),
    "A sale and a returning customer": "Продажа и постоянная покупательница",
    "Ms Popescu leaves with the robot vacuum and a set of spare brushes, and says she will ask "
    "for you next time. The price objection became the reason she trusted you.": (
        "Госпожа Попеску уходит с роботом-пылесосом и запасными щётками и говорит, что в "
        "следующий раз спросит именно вас. Возражение о цене стало поводом вам довериться."
    ),
    "A sale, nothing more": "Продажа, и только",
    "Ms Popescu buys the robot vacuum, but the conversation ends flatly. Whether she comes back "
    "depends on the next shop she visits.": (
        "Госпожа Попеску покупает робот-пылесос, но разговор заканчивается сухо. Вернётся ли "
        "она, зависит от того, какой магазин она посетит следующим."
    ),
    "She leaves without buying": "Она уходит без покупки",
    "Ms Popescu leaves without a word. That evening she orders the cheaper robot vacuum "
    "online, and our store is not part of the story she tells.": (
        "Госпожа Попеску молча уходит. Вечером она заказывает дешёвый робот-пылесос в "
        "интернете, и в её рассказе о покупке нашему магазину места нет."
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


def _store_string(segment, locale: Locale, text: str) -> bool:
    """Keep ``text`` as the translation of ``segment``; True when that changed anything."""
    existing = StringTranslation.objects.filter(
        translation_of=segment.string, locale=locale, context=segment.context
    ).first()
    if existing is None:
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            data=text,
            translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
        )
        return True
    if existing.data != text:
        existing.data = text
        existing.save()
        return True
    return False


def translate_and_publish(instance, locale: Locale, text_for) -> bool:
    """Translate ``instance`` into ``locale`` through wagtail-localize and publish it.

    ``text_for(segment)`` gives the translated text of each string segment, in segment
    order. Nothing is saved when every string was already there and the translation is
    live; a translation with unpublished changes (someone's draft) is left alone.
    Returns whether the translation was saved.
    """
    source, created = TranslationSource.get_or_create_from_instance(instance)
    if not created:
        # Pick up source-language edits made since the source was first extracted.
        source, _updated = TranslationSource.update_or_create_from_instance(instance)
    translation, changed = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    segments = source.stringsegment_set.select_related("string", "context").order_by("order")
    for segment in segments:
        changed |= _store_string(segment, locale, text_for(segment))

    draftable = isinstance(instance, DraftStateMixin)
    target = instance.get_translation_or_none(locale)
    if target is None or not getattr(target, "live", True):
        changed = True
    elif draftable and target.has_unpublished_changes:
        # Leave a draft someone is working on (perhaps in the approval workflow) alone.
        changed = False
    if changed:
        # save_target(publish=True) would publish on commit, from a copy of the page taken
        # now: inside one transaction, publishing a course after its lessons were added
        # would write back numchild=0 and hide them. So save the translation as a draft
        # revision and publish that revision at once, which is what "publish" does.
        # Categories have no drafts: wagtail-localize saves them directly.
        translation.save_target(publish=not draftable)
        if draftable:
            instance.get_translation(locale).latest_revision.publish()
    return changed


def _translate(instance, russian: Locale, report: TranslationReport) -> None:
    if translate_and_publish(instance, russian, lambda segment: _russian_text(segment, report)):
        report.saved.append(str(instance))


def place_like_source(page: Page, russian: Locale) -> None:
    """Move the Russian ``page`` right after the Russian version of its English predecessor.

    wagtail-localize adds a new translation as the last child of the translated parent;
    a scenario belongs after the lesson it practises in every language's syllabus.
    """
    previous = page.get_prev_sibling()
    russian_previous = previous.get_translation_or_none(russian) if previous else None
    translated = page.get_translation(russian)
    current = translated.get_prev_sibling()
    if russian_previous is not None and (current is None or current.pk != russian_previous.pk):
        translated.move(russian_previous, pos="right")


@transaction.atomic
def load_demo_translation_ru() -> TranslationReport:
    """Translate the demo standards, home page, course index, course, lessons and role-play
    scenarios into Russian and publish them; running again changes nothing."""
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
        for scenario in ScenarioPage.objects.child_of(course).live().order_by("path"):
            new = scenario.get_translation_or_none(russian) is None
            _translate(scenario, russian, report)
            if new:
                place_like_source(scenario, russian)
    return report
