"""Who may anonymise a person: admins only. Everyone signed in may download their own data."""

import rules

from partnerships.rules import is_admin

rules.add_perm("people.anonymise", is_admin)
