"""National permissions of the reports app (the scrutiny year)."""

import rules

from partnerships.rules import is_admin, is_national

rules.add_perm("reports.view_scrutiny", is_national | is_admin)
rules.add_perm("reports.send_scrutiny_reminder", is_national | is_admin)
