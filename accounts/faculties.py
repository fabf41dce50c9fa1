"""Faculties: what a staff member sees and acts on (issue #17).

A staff member works for some faculties, or for all of them (`User.all_faculties`). Every
staff query about students and what is theirs (applications, internships, certificates,
proposals, paperwork, figures) passes through `in_faculties`, so that a row of another
faculty is absent from a list and a 404 on its page. Organisations, their vetting and the
placements they publish (which may be open to programmes of several faculties) are shared.

A new staff list is scoped in one line::

    qs = in_faculties(qs, request.user)                       # rows with a `student`
    qs = in_faculties(qs, viewer, path="student_profile__programme")   # student accounts
"""

import hashlib

from django.db.models import QuerySet

from .models import Programme, Role

STUDENT_PROGRAMME = "student__student_profile__programme"
_CACHED = "_faculty_scope"


def faculty_scope(viewer) -> frozenset[int] | None:
    """The ids of the programmes `viewer` may see, or None for every programme (staff of
    all faculties, and any account that is not staff or a service account: their own rules
    scope them).
    Read once per request: kept on the user object."""
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return None
    if viewer.role not in (Role.STAFF, Role.SERVICE) or viewer.all_faculties:
        return None
    if _CACHED not in viewer.__dict__:
        ids = Programme.objects.filter(faculty_unit__staff=viewer).values_list("pk", flat=True)
        viewer.__dict__[_CACHED] = frozenset(ids)
    return viewer.__dict__[_CACHED]


def in_faculties(qs: QuerySet, viewer, path: str = STUDENT_PROGRAMME) -> QuerySet:
    """`qs` narrowed to the rows whose programme (reached by `path`) is one of `viewer`'s
    faculties; unchanged for staff of all faculties. A student without a programme is in
    no faculty: only staff of all faculties see them."""
    scope = faculty_scope(viewer)
    if scope is None:
        return qs
    return qs.filter(**{f"{path}__in": scope})


def sees_student(viewer, student) -> bool:
    """Whether `student` (an account) is in `viewer`'s faculties: always for staff of all
    faculties (and for the other roles: their own rules scope them); a student without a
    programme only for staff of all faculties."""
    scope = faculty_scope(viewer)
    if scope is None:
        return True
    profile = getattr(student, "student_profile", None)
    return profile is not None and profile.programme_id in scope


def programmes_of(viewer) -> QuerySet[Programme]:
    """The programmes `viewer` may choose in a filter or a form."""
    return in_faculties(Programme.objects.all(), viewer, path="pk")


def programmes_in_scope(request):
    """The programmes a staff list's filter offers (a FilterSet's `queryset=`): those of the
    viewer's faculties (all of them when the filter is made without a request)."""
    return programmes_of(getattr(request, "user", None)).order_by("name")


def scope_key(viewer) -> str:
    """A short name of `viewer`'s scope for cache keys: "all", or a digest of the ids of
    their programmes (staff of the same faculties share the cached figures)."""
    return programmes_key(faculty_scope(viewer))


def manages_faculties(viewer) -> bool:
    """Only staff of all faculties add faculties and programmes and assign staff to them."""
    return viewer.has_perm("accounts.manage_faculties")


def of_programmes(qs: QuerySet, path: str, programmes) -> QuerySet:
    """`qs` narrowed to a programme (a Programme), to a set of programme ids (a faculty
    scope), or not at all (None): what the figures count."""
    if programmes is None:
        return qs
    if isinstance(programmes, Programme):
        return qs.filter(**{path: programmes})
    return qs.filter(**{f"{path}__in": programmes})


def programmes_key(programmes) -> str:
    """A short name for `of_programmes`' argument in a cache key."""
    if programmes is None:
        return "all"
    if isinstance(programmes, Programme):
        return str(programmes.pk)
    text = ",".join(str(pk) for pk in sorted(programmes))
    return "f" + hashlib.sha256(text.encode()).hexdigest()[:16]
