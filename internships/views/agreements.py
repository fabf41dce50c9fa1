"""Agreements pages (placeholder: being written)."""


def agreement_pdf(request, pk):
    raise NotImplementedError


def agreement_confirm(request, pk):
    raise NotImplementedError


def agreement_override(request, pk):
    raise NotImplementedError


def agreement_paper(request, pk):
    raise NotImplementedError


def agreement_scan(request, pk):
    raise NotImplementedError
