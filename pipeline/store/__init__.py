"""Store implementations (SQLAlchemy: SQLite / PostgreSQL), the review queue data and exports."""
