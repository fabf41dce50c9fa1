"""Who may do what with allocation rounds."""

import rules

from accounts.rules import is_university_staff

# Staff side of rounds (alloc-staff): set up, open, cancel, quotas, run, pin, export.
rules.add_perm("allocation.manage_rounds", is_university_staff)
