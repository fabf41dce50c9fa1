"""List filters every app's lists share."""

import django_filters

from .forms import SearchText


class SearchFilter(django_filters.CharFilter):
    """A search box of a list: its text is tidied and cut to 200 characters (SearchText)."""

    field_class = SearchText
