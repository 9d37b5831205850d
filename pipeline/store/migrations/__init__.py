"""Alembic migrations of the store (run by SqlStore on open)."""
