"""The one module-level Flask app: ``flask --app wsgi`` and ``gunicorn wsgi:app``."""

from tracker import create_app

app = create_app()
