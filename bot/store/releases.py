"""Placeholder: the store helper replaces this with the releases/companies/partners/people tables."""

import sqlite_utils


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create the tables this module owns."""
