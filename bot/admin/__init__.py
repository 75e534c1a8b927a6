"""prbot administration: reparse with a diff, feed management behind the SSRF guard, status and why.

Used by `handlers/admin.py` (`/pr admin ...`) and `bot/cli/reparse.py` (`prbot reparse`); admins only.
"""
