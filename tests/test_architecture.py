"""Guard rails of the code's shape (issue #11), read from the source without running it.

Small modules; a transaction ends only in the unit of work (and the CLI, the demo loader,
the jobs' runner); a task's state is compared only in the workflow table and the models;
the import contracts of ``pyproject.toml`` hold (``make test`` runs them too, this runs
them for ``pytest`` alone), and every module is placed on one side of the web layer.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp
import pytest

from tracker.tasks.models import TaskState


@pytest.fixture(autouse=True)
def db_session():
    """These tests read the source; they need no app and no database (conftest's fixture)."""
    yield


ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("tracker", "workers")
MAX_LINES = 400

# Where a transaction may end: the unit of work, the command line, the demo loader and the
# jobs' runner (workers/__init__.py).
COMMIT_ALLOWED = ("tracker/unit_of_work.py", "tracker/cli.py", "tracker/demo/",
                  "workers/__init__.py")
# Where a task's state may be compared: the workflow table and the models.
STATE_ALLOWED = ("tracker/tasks/workflow.py", "models.py")
STATE_VALUES = frozenset(state.value for state in TaskState)
STATE_IN_TEMPLATE = re.compile(r"\bstate\s*(==|!=|\bnot\s+in\b|\bin\b)")


def _sources() -> list[Path]:
    return sorted(path for package in PACKAGES for path in (ROOT / package).rglob("*.py"))


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _trees() -> list[tuple[str, ast.AST]]:
    return [(_name(path), ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
            for path in _sources()]


def _allowed(name: str, allowed: tuple[str, ...]) -> bool:
    return any(name == rule or name.startswith(rule) if rule.endswith("/") or "/" in rule
               else name.endswith("/" + rule) for rule in allowed)


def test_no_module_is_over_400_lines():
    long = {_name(path): lines for path in _sources()
            if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}, f"split these modules (at most {MAX_LINES} lines each): {long}"


def test_only_the_unit_of_work_ends_a_transaction():
    found = [f"{name}:{node.lineno}" for name, tree in _trees()
             if not _allowed(name, COMMIT_ALLOWED)
             for node in ast.walk(tree)
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
             and node.func.attr == "commit"]
    assert found == [], (
        "commit() outside tracker/unit_of_work.py (views and services leave it to the "
        f"request's unit of work; jobs use unit_of_work.step()): {found}")


def _mentions_state(node: ast.AST) -> bool:
    """An operand naming a state (``task.state``, ``Task.state``, ``state``, ``_OPEN_STATES``)."""
    for part in ast.walk(node):
        name = part.attr if isinstance(part, ast.Attribute) else getattr(part, "id", None)
        if name and "state" in name.lower() and name != "TaskState":
            return True
    return False


def _is_state(node: ast.AST) -> bool:
    """A state written out: ``TaskState.OPEN`` or the string "open"."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return node.value.id == "TaskState"
    return isinstance(node, ast.Constant) and node.value in STATE_VALUES


def _states_in(node: ast.AST) -> bool:
    """The operand is a state, or a tuple/list/set/frozenset(...) holding one."""
    if _is_state(node):
        return True
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return any(_is_state(item) for item in node.elts)
    if isinstance(node, ast.Call) and node.args:
        return _states_in(node.args[0])
    return False


def _sql_membership(node: ast.AST) -> bool:
    """SQL: ``Task.state.in_(("open", "submitted"))``, ``Task.state.not_in(...)``."""
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"in_", "not_in", "notin_"}
            and _mentions_state(node.func.value) and bool(node.args) and _states_in(node.args[0]))


def _state_set(node: ast.AST) -> bool:
    """A set of states kept beside the table: ``_REPORTABLE_STATES = frozenset({"open"})``."""
    return (isinstance(node, ast.Assign) and _states_in(node.value)
            and not isinstance(node.value, ast.Constant | ast.Attribute)
            and any(_mentions_state(target) for target in node.targets))


def _state_comparisons(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(isinstance(op, ast.Attribute) and _is_state(op) for op in operands) or (
                    any(_states_in(op) for op in operands)
                    and any(_mentions_state(op) for op in operands)):
                lines.append(node.lineno)
        elif _sql_membership(node) or _state_set(node):
            lines.append(node.lineno)
    return sorted(lines)


def test_no_task_state_is_compared_outside_the_workflow_and_the_models():
    found = [f"{name}:{line}" for name, tree in _trees()
             if not _allowed(name, STATE_ALLOWED) for line in _state_comparisons(tree)]
    assert found == [], (
        "a task's state compared outside tracker/tasks/workflow.py: ask the workflow "
        f"(which verbs a state allows) instead: {found}")


def test_no_template_compares_a_task_state():
    found = [f"{_name(path)}:{number}"
             for path in sorted((ROOT / "tracker").rglob("templates/**/*.html"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if STATE_IN_TEMPLATE.search(line)]
    assert found == [], f"templates ask the workflow whether a verb is allowed: {found}"


def test_the_state_checks_find_what_they_look_for():
    sample = ast.parse(
        "if task.state == 'open': pass\n"
        "if task.state in (TaskState.OPEN, TaskState.SUBMITTED): pass\n"
        "if state != TaskState.DONE: pass\n"
        "rows = select(Task).where(Task.state.in_(['open', 'submitted']))\n"
        "_REPORTABLE_STATES = frozenset({'open'})\n"
        "if kind == 'summary': pass\n"  # not a state: left alone
        "task.state = TaskState.SUBMITTED\n")  # a transition, not a comparison
    assert _state_comparisons(sample) == [1, 2, 3, 4, 5]
    assert STATE_IN_TEMPLATE.search("{% if task.state in ('open', 'submitted') %}")
    assert not STATE_IN_TEMPLATE.search("{{ state_label(task.state) }}")


def _lint_imports() -> subprocess.CompletedProcess:
    command = [str(Path(sys.executable).with_name("lint-imports")), "--no-logo", "--no-cache"]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def test_the_import_contracts_hold():
    result = _lint_imports()
    assert result.returncode == 0, result.stdout + result.stderr


def _contract(contract_id: str) -> dict:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    return next(contract for contract in contracts if contract["id"] == contract_id)


def _matching(graph: grimp.ImportGraph, expressions: list[str]) -> set[str]:
    """Modules an import-linter expression names, each with its sub-modules (as_packages)."""
    found = set()
    for expression in expressions:
        roots = (graph.find_matching_modules(expression) if "*" in expression
                 else {expression} & graph.modules)
        for module in roots:
            found |= {module} | graph.find_descendants(module)
    return found


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("tracker")


def test_every_module_sits_on_one_side_of_the_web_layer(graph):
    """A new module is checked by the contracts only once it is placed: below the web layer
    (``web-on-top``'s source_modules) or in it (a view, the API, a form, a page helper)."""
    contract = _contract("web-on-top")
    below = _matching(graph, contract["source_modules"])
    web = _matching(graph, contract["forbidden_modules"])
    # The app factory wires both layers together; a module that imports nothing (a package's
    # docstring) cannot break a contract.
    unplaced = sorted(module for module in graph.modules - below - web - {"tracker"}
                      if graph.find_modules_directly_imported_by(module))
    assert unplaced == [], (
        "place these modules in pyproject.toml's contract web-on-top (source_modules if "
        f"they are below the web layer, forbidden_modules if they are part of it): {unplaced}")
    assert below & web == set(), f"in both layers of web-on-top: {sorted(below & web)}"

