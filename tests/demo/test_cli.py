"""``flask seed-demo`` and ``flask demo-logins``: what ``make run`` prints for a new user."""

from __future__ import annotations

from tracker.demo.loader import DEMO_PASSWORD


def test_seed_demo_loads_an_empty_database_once_and_prints_the_logins_each_time(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "Demo data loaded." in first.output
    assert "chair@demo.langson.gov.vn" in first.output
    assert "member.trangdinh@demo.langson.gov.vn" in first.output
    assert DEMO_PASSWORD in first.output

    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0, again.output
    assert "demo not loaded" in again.output
    assert "chair@demo.langson.gov.vn" in again.output


def test_forcing_the_demo_into_a_database_that_has_it_fails_cleanly(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    forced = runner.invoke(args=["seed-demo", "--force"])
    assert forced.exit_code == 1
    assert "Demo not loaded" in forced.output
    assert "Traceback" not in forced.output


def test_demo_logins_lists_one_account_per_role(app):
    result = app.test_cli_runner().invoke(args=["demo-logins"])
    assert result.exit_code == 0, result.output
    for email in ("admin@", "chair@", "vicechair@", "secretary@", "member.trangdinh@",
                  "member.congan@", "viewer@", "secretary@demo.caobang"):
        assert email in result.output
