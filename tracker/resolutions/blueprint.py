"""The resolutions blueprint: resolutions and their tasks (``views``), meetings
(``meeting_views``) and the task import screen (``tasks.imports.views``) hang their routes
on it; ``tracker.register_blueprints`` imports all three."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("resolutions", __name__, template_folder="templates")
