"""The ground floor: pure helpers that import no app of the portal (period maths, working days,
CSV reading, form fields and layouts, paging, settings helpers, page sections)."""
