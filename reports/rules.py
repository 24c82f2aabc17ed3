"""Who may do what with assurance reports (django-rules; loaded by AutodiscoverRulesConfig)."""

import rules

from qaf.permissions import is_director, is_qa_officer, is_senior_manager


@rules.predicate
def is_yearly_summary(user, report) -> bool:
    return report is not None and report.is_yearly


reads_reports = is_qa_officer | is_director | is_senior_manager

rules.add_perm("reports.read", reads_reports)
rules.add_perm("reports.sign_off", is_qa_officer)
rules.add_perm("reports.publish", is_qa_officer & is_yearly_summary)
