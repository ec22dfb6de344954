"""Command-line tasks: ``flask --app wsgi create-admin``, ``seed-demo``, ``demo-logins``,
``seed-holidays``."""

from __future__ import annotations

import click
from flask import Flask, current_app

from tracker.extensions import db


def init_app(app: Flask) -> None:
    @app.cli.command("create-admin")
    @click.argument("email")
    @click.option("--password", help="Leave out to be prompted (hidden, asked twice).")
    @click.option("--name", default="Quản trị hệ thống", show_default=True)
    def create_admin(email: str, password: str | None, name: str) -> None:
        """Create an administrator account (or make an existing account admin)."""
        from tracker.auth import services
        from tracker.auth.passwords import MIN_PASSWORD_LENGTH

        if password is None:
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        if len(password) < MIN_PASSWORD_LENGTH:
            raise click.BadParameter(
                f"must be at least {MIN_PASSWORD_LENGTH} characters", param_hint="--password"
            )
        try:
            existing = services.find_user_by_email(email)
            if existing is not None:
                services.update_user(existing, actor=None, is_admin=True)
                services.reactivate_user(existing, actor=None)
                services.set_password(existing, password, actor=None)
                db.session.commit()
                click.echo(f"{existing.email} is now an administrator; password updated.")
                return
            user = services.create_user(email=email, name=name, password=password, is_admin=True)
        except services.AccountError as error:
            db.session.rollback()
            raise click.BadParameter(str(error.message), param_hint=error.field) from error
        db.session.commit()
        click.echo(f"Administrator {user.email} created.")

    @app.cli.command("seed-demo")
    @click.option("--force", is_flag=True, help="Load even if the database already has data.")
    def seed_demo(force: bool) -> None:
        """Load the Lạng Sơn / Cao Bằng demo data set when the database is empty."""
        from tracker.demo.loader import (
            DEMO_PASSWORD,
            database_is_empty,
            demo_is_loaded,
            demo_logins,
            load_demo,
        )

        if not force and not database_is_empty():
            click.echo("Database already has data; demo not loaded (use --force).")
            if demo_is_loaded():
                _echo_logins(demo_logins(), DEMO_PASSWORD)
            return
        try:
            logins = load_demo()
        except ValueError as error:  # every domain error is one; e.g. the demo is already in
            db.session.rollback()
            raise click.ClickException(f"Demo not loaded: {error}") from error
        db.session.commit()
        click.echo("Demo data loaded.")
        _echo_logins(logins, DEMO_PASSWORD)

    @app.cli.command("seed-holidays")
    @click.option("--from-year", default=2025, show_default=True, type=int)
    @click.option("--to-year", default=2030, show_default=True, type=int)
    def seed_holidays(from_year: int, to_year: int) -> None:
        """Load the shipped Vietnamese public holidays (days already there are kept)."""
        from tracker.reminders.holidays import seed_holidays as seed

        added = seed(range(from_year, to_year + 1))
        db.session.commit()
        click.echo(f"{added} holidays added ({from_year}–{to_year}).")

    @app.cli.command("demo-logins")
    def demo_logins() -> None:
        """Print the demo accounts (one per role) and their shared password again."""
        from tracker.demo.loader import DEMO_PASSWORD, demo_logins

        _echo_logins(demo_logins(), DEMO_PASSWORD)


def _echo_logins(logins: list[tuple[str, str]], password: str) -> None:
    base_url = current_app.config.get("BASE_URL", "http://127.0.0.1:5000")
    click.echo(f"Sign in at {base_url} with (password for all: {password}):")
    width = max(len(role) for role, _email in logins)
    for role, email in logins:
        click.echo(f"  {role:<{width}}  {email}")
