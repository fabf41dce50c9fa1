"""Who manages the API's service accounts and tokens: staff of all faculties only. A service
account is an integration of the university's systems, set up once for the university; a
staff member of some faculties could otherwise give an account faculties that are not
theirs (or all of them)."""

import rules

from accounts.rules import works_for_all_faculties

rules.add_perm("api.manage_service_accounts", works_for_all_faculties)
