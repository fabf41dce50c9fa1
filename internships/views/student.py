"""Student pages of internships (placeholder: being written)."""


def apply(request, pk):
    raise NotImplementedError


def report_placement(request, pk):
    raise NotImplementedError


def student_applications(request):
    raise NotImplementedError


def student_application(request, pk):
    raise NotImplementedError


def withdraw_application(request, pk):
    raise NotImplementedError


def accept_offer(request, pk):
    raise NotImplementedError


def decline_offer(request, pk):
    raise NotImplementedError


def interview_ics(request, pk):
    raise NotImplementedError


def application_cv(request, pk):
    raise NotImplementedError
