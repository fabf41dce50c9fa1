"""Company pages of internships (placeholder: being written)."""


def company_placements(request):
    raise NotImplementedError


def placement_create(request):
    raise NotImplementedError


def placement_edit(request, pk):
    raise NotImplementedError


def placement_submit(request, pk):
    raise NotImplementedError


def placement_close(request, pk):
    raise NotImplementedError


def placement_archive(request, pk):
    raise NotImplementedError


def placement_duplicate(request, pk):
    raise NotImplementedError


def pipeline(request, pk):
    raise NotImplementedError


def reject_remaining(request, pk):
    raise NotImplementedError


def company_application(request, pk):
    raise NotImplementedError


def application_move(request, pk):
    raise NotImplementedError


def application_interview(request, pk):
    raise NotImplementedError


def application_offer(request, pk):
    raise NotImplementedError


def application_reject(request, pk):
    raise NotImplementedError


def application_note(request, pk):
    raise NotImplementedError
