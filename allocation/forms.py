"""Forms of allocation rounds."""

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from core.views import is_id

from .models import HostList

# Ranking (alloc-rank) -------------------------------------------------------------------------


class ChoicesForm(forms.Form):
    """A student's list as the page sends it: the placements in order (hidden fields, one
    `placement` each), the CV the hosts read, a placement to add, and which button was
    pressed (`action`: save, add, or up/down/remove with a placement's id). Each button
    saves the whole list as it then reads, so that moving works without JavaScript."""

    cv = forms.ChoiceField(label=_("CV the hosts read"), required=False)
    add = forms.ChoiceField(label=_("Add a placement"), required=False)

    def __init__(self, *args, cvs, placements, entry=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.cvs = {str(cv.pk): cv for cv in cvs}
        self.placements = {str(p.pk): p for p in placements}
        keep = []
        if entry is not None and entry.cv:
            keep = [("", _("Keep the CV already chosen (%(label)s)") % {"label": entry.cv_label})]
        elif not self.cvs:
            keep = [("", _("No CV in your profile yet"))]
        self.fields["cv"].choices = keep + [
            (
                key,
                _("%(label)s (uploaded on %(date)s)")
                % {
                    "label": cv.label,
                    "date": formats.date_format(timezone.localtime(cv.uploaded_at)),
                },
            )
            for key, cv in self.cvs.items()
        ]
        self.fields["add"].choices = [("", _("Choose a placement"))] + [
            (key, f"{p.title} · {p.organisation.legal_name}") for key, p in self.placements.items()
        ]

    def clean(self):
        data = super().clean()
        posted = self.data.getlist("placement") if hasattr(self.data, "getlist") else []
        if not all(is_id(value) for value in posted):
            raise forms.ValidationError(_("Your list could not be read. Reload the page."))
        ordered = [int(value) for value in posted]
        action = self.data.get("action", "save")
        verb, _sep, target = action.partition(":")
        if verb == "add":
            if not data.get("add"):
                self.add_error("add", _("Choose the placement to add."))
                return data
            ordered.append(int(data["add"]))
        elif verb in ("up", "down", "remove") and is_id(target) and int(target) in ordered:
            at = ordered.index(int(target))
            if verb == "remove":
                ordered.pop(at)
            else:
                to = at - 1 if verb == "up" else at + 1
                if 0 <= to < len(ordered):
                    ordered[at], ordered[to] = ordered[to], ordered[at]
        elif verb != "save":
            raise forms.ValidationError(_("Your list could not be read. Reload the page."))
        data["ordered"] = ordered
        data["chosen_cv"] = self.cvs.get(data.get("cv") or "")
        return data


class HostListForm(forms.Form):
    """A host's list for one placement: how to take students, and for each student who
    ranked the placement a rank (1 first) or "not acceptable"."""

    order = forms.ChoiceField(
        label=_("Take students"),
        choices=HostList.Order.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how to take the students.")},
    )

    def __init__(self, *args, applicants, **kwargs):
        super().__init__(*args, **kwargs)
        self.applicants = list(applicants)
        for choice in self.applicants:
            name = choice.student.display_name
            self.fields[self.rank_field(choice)] = forms.IntegerField(
                label=_("Rank of %(name)s") % {"name": name},
                required=False,
                min_value=1,
                max_value=32767,
                initial=choice.host_rank,
                error_messages={
                    "min_value": _("Ranks start at 1."),
                    "invalid": _("Enter a whole number."),
                },
            )
            self.fields[self.unacceptable_field(choice)] = forms.BooleanField(
                label=_("Not acceptable"), required=False, initial=bool(choice.unacceptable)
            )

    @staticmethod
    def rank_field(choice) -> str:
        return f"rank_{choice.student_id}"

    @staticmethod
    def unacceptable_field(choice) -> str:
        return f"unacceptable_{choice.student_id}"

    def rows(self):
        return [
            (choice, self[self.rank_field(choice)], self[self.unacceptable_field(choice)])
            for choice in self.applicants
        ]

    def clean(self):
        data = super().clean()
        ranks, unacceptable, seen = {}, set(), {}
        for choice in self.applicants:
            rank = data.get(self.rank_field(choice))
            refused = data.get(self.unacceptable_field(choice))
            if refused and rank:
                self.add_error(
                    self.rank_field(choice),
                    _("A student you mark as not acceptable cannot have a rank too."),
                )
            elif refused:
                unacceptable.add(choice.student_id)
            elif rank:
                if rank in seen:
                    self.add_error(
                        self.rank_field(choice),
                        _("Rank %(rank)d is given to two students: give each a rank once.")
                        % {"rank": rank},
                    )
                seen[rank] = choice.student_id
                ranks[choice.student_id] = rank
        data["ranks"] = ranks
        data["unacceptable"] = unacceptable
        return data
