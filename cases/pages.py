"""The case list's pages that other apps add sections to (core.sections)."""

CASE_PAGE = "cases:detail"  # a case's page; a section's context is a function of (user, case)
