"""Lists pages of the staff workspace (placeholder: being written)."""


def staff_students(request):
    raise NotImplementedError


def staff_organisation_directory(request):
    raise NotImplementedError


def staff_placements(request):
    raise NotImplementedError


def staff_applications(request):
    raise NotImplementedError
