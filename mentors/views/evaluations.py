"""Evaluations pages of mentoring (placeholder: being written)."""


def evaluation_form(request, pk, kind):
    raise NotImplementedError


def evaluation_reopen(request, pk, kind):
    raise NotImplementedError


def result_form(request, pk):
    raise NotImplementedError


def staff_rubric(request):
    raise NotImplementedError


def staff_competency_edit(request, pk):
    raise NotImplementedError
