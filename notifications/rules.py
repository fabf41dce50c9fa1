"""Who may do what with notifications and the mail outbox."""

import rules

from accounts.rules import is_university_staff

# The university office watches the outbox: what waits, what failed, and sends it again.
rules.add_perm("notifications.manage_mail", is_university_staff)
