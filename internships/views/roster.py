"""Roster pages of the staff workspace (placeholder: being written)."""


def roster_upload(request):
    raise NotImplementedError


def roster_confirm(request, pk):
    raise NotImplementedError
