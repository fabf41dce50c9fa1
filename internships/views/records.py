"""Records pages of the staff workspace (placeholder: being written)."""


def staff_student(request, pk):
    raise NotImplementedError


def staff_application(request, pk):
    raise NotImplementedError
