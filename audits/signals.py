"""Signals other apps listen to, so that ``audits`` never imports them.

``case_audit_both_graded`` is sent (after the transaction commits) when the second grading of a
case audit is submitted; the moderation app compares the gradings and routes the audit.
``sample_previewed`` is sent when a QA officer previews a month's draw; the organisation app
ticks its first-run checklist.
"""

from django.dispatch import Signal

# Sent with ``case_audit_id``.
case_audit_both_graded = Signal()

# Sent with ``period`` (the month's first day) and ``by`` (the person who looked).
sample_previewed = Signal()
