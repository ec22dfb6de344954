"""Property-based tests (hypothesis) of forms and services: odd dates, numbers and text.

One profile for every run: derandomized (the same examples each time, so ``make test`` is
deterministic and a failure reproduces), no example database, modest example counts and
no deadline (a request on a loaded PostgreSQL may take longer than hypothesis' 200 ms).
HYPOTHESIS_PROFILE=explore runs many more random examples, by hand, to look for new bugs.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_COMMON = dict(
    deadline=None,
    database=None,
    # The scene (committee, agencies, task) is built once per test and shared by its
    # examples inside the test's rolled-back transaction, on purpose.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large],
)
settings.register_profile("tracker", derandomize=True, max_examples=40, **_COMMON)
settings.register_profile("explore", max_examples=1000, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "tracker"))
