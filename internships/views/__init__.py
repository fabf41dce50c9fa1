from django.conf import settings
from django.core.paginator import Paginator


def page_of(request, items):
    """The page of `items` the request asks for (`?page=`), settings.PAGE_SIZE a page."""
    return Paginator(items, settings.PAGE_SIZE).get_page(request.GET.get("page"))
