"""Demo pages for ``manage.py load_initial_data``."""

from wagtail.models import Site

from .models import HomePage

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
