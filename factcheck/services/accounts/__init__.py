"""Users, roles, API tokens and password hashing."""
