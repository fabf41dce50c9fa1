"""Certificates pages (placeholder: being written)."""


def certificate_issue(request, pk):
    raise NotImplementedError


def certificate_download(request, pk, language):
    raise NotImplementedError


def certificate_revoke(request, pk):
    raise NotImplementedError


def certificate_reissue(request, pk):
    raise NotImplementedError


def staff_certificates(request):
    raise NotImplementedError


def issue_job_start(request):
    raise NotImplementedError


def issue_job(request, pk):
    raise NotImplementedError


def verify(request):
    raise NotImplementedError


def verify_certificate(request, code):
    raise NotImplementedError
