"""The one module-level Flask app: ``flask --app wsgi`` and ``gunicorn wsgi:app``."""

import gc

# The app is built with the garbage collector paused, then what it built is frozen
# (``gc.freeze``: kept out of every later collection): a boot makes some 230,000 objects
# that live as long as the process, and the collector, set off by the allocations, walked
# them again and again while they were made (0.14 s of a 0.7 s boot), then again at every
# full collection while serving. The worker boots the same way (``workers``).
gc.disable()

from tracker import create_app  # noqa: E402 (imported with the collector paused)

app = create_app()
gc.freeze()
gc.enable()
