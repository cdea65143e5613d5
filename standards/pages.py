"""The library's pages that other apps add sections to (core.sections)."""

STANDARD_PAGE = "standards:detail"  # a standard's page; a section's context is a function of (user, standard)
