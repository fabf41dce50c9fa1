"""Public pages of internships (placeholder: being written)."""


def placement_search(request):
    raise NotImplementedError


def placement_detail(request, pk):
    raise NotImplementedError
