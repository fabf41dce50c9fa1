"""Staff pages of internships (placeholder: being written)."""


def staff_periods(request):
    raise NotImplementedError


def staff_period_edit(request, pk):
    raise NotImplementedError


def staff_programmes(request):
    raise NotImplementedError


def staff_programme_edit(request, pk):
    raise NotImplementedError


def staff_organisations(request):
    raise NotImplementedError


def organisation_verify(request, pk):
    raise NotImplementedError


def organisation_suspend(request, pk):
    raise NotImplementedError


def staff_placement_reviews(request):
    raise NotImplementedError


def placement_approve(request, pk):
    raise NotImplementedError


def placement_return(request, pk):
    raise NotImplementedError


def staff_reports(request):
    raise NotImplementedError


def report_resolve(request, pk):
    raise NotImplementedError


def notifications(request):
    raise NotImplementedError


def notifications_read(request):
    raise NotImplementedError
