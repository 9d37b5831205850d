"""Store implementations (SQLAlchemy: SQLite / PostgreSQL), the review queue data and exports.

`open_store(url)` picks the implementation by the URL's scheme from `pipeline.registry.STORES` (the built-in
SQL store for sqlite and postgresql, plus any package's `docextract.stores` entry point), imported lazily:
a registered object is called as `factory(url, **options)` (`export_dir`, `documents_root`, `retries`).
"""

from __future__ import annotations

from typing import Any

from pipeline.registry import STORES


def url_scheme(url: str) -> str:
    """ "postgresql+psycopg://u@h/db" -> "postgresql"; "sqlite:///x.db" -> "sqlite"."""
    scheme, sep, _ = url.partition("://")
    return scheme.partition("+")[0].strip().lower() if sep else url.strip()


def open_store(url: str, **options: Any) -> Any:
    """The store for `url`; ConfigurationError listing the registered schemes when none serves it."""
    return STORES.load(url_scheme(url))(url, **options)
