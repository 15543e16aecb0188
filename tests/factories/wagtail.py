"""Page factories, on wagtail-factories."""

import wagtail_factories

from content.models import HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Academy home"
    introduction = "Learn the standards."
