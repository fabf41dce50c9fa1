"""Logbook pages of mentoring (placeholder: being written)."""


def logbook(request, pk):
    raise NotImplementedError


def logbook_entry_edit(request, pk, entry_pk):
    raise NotImplementedError


def logbook_submit(request, pk):
    raise NotImplementedError


def logbook_approve(request, pk):
    raise NotImplementedError


def logbook_return(request, pk, entry_pk):
    raise NotImplementedError


def logbook_csv(request, pk):
    raise NotImplementedError


def logbook_pdf(request, pk):
    raise NotImplementedError
