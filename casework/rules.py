"""Who may act on the service's data (django-rules; loaded by AutodiscoverRulesConfig)."""

import rules

from qaf.permissions import is_qa_officer

# A previewed case-data file is imported or cancelled by a QA officer.
rules.add_perm("casework.run_imports", is_qa_officer)
