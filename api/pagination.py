"""Lists are paged by a cursor: `?cursor=…` from the previous page's `next`, `?page_size=`
up to API_MAX_PAGE_SIZE. A cursor stays right while rows are added or removed, unlike a
page number. Each list is ordered by a stable unique key (the id, unless a view sets
`ordering`, which must end in a unique field)."""

from django.conf import settings
from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    ordering = "pk"
    page_size_query_param = "page_size"
    cursor_query_param = "cursor"

    def get_page_size(self, request):
        # Read at each call, so that the settings (and tests overriding them) apply.
        self.max_page_size = settings.API_MAX_PAGE_SIZE
        self.page_size = settings.API_PAGE_SIZE
        return super().get_page_size(request)
