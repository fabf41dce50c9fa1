"""Dashboard pages of the staff workspace (placeholder: being written)."""


def staff_home(request):
    raise NotImplementedError


def public_figures(request):
    raise NotImplementedError
