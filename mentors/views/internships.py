"""Internships pages of mentoring (placeholder: being written)."""


def internship_detail(request, pk):
    raise NotImplementedError


def internship_start(request, pk):
    raise NotImplementedError


def internship_complete(request, pk):
    raise NotImplementedError


def internship_terminate(request, pk):
    raise NotImplementedError


def feedback_write(request, pk):
    raise NotImplementedError


def feedback_reply(request, pk, note_pk):
    raise NotImplementedError


def assign_host_tutor(request, pk):
    raise NotImplementedError


def company_internships(request):
    raise NotImplementedError


def staff_internships(request):
    raise NotImplementedError


def staff_assign_supervisor(request):
    raise NotImplementedError


def student_internship(request):
    raise NotImplementedError
