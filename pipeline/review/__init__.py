"""Review queue web page (FastAPI + Jinja2) and its CLI."""
