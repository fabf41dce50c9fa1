"""List filters every app's lists share."""

import django_filters

from .forms import SearchText, order_names_alphabetically


class SearchFilter(django_filters.CharFilter):
    """A search box of a list: its text is tidied and cut to 200 characters (SearchText)."""

    field_class = SearchText


class NamesInOrder:
    """A FilterSet mixin: its choice lists of names in Romanian alphabetical order
    (core.forms.order_names_alphabetically)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        order_names_alphabetically(self.form)
