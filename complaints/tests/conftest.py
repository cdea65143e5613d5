from .factories import complaints_manager  # noqa: F401  (a fixture for every complaints test)
