"""nats-py is imported by interfaces/messaging/broker.py and by no other module."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).parents[2]
PACKAGES = ("domain", "application", "projections", "interfaces")


def imports_nats(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        if any(name == "nats" or name.startswith("nats.") for name in names):
            return True
    return False


def test_only_the_broker_imports_nats() -> None:
    importers = {
        path.relative_to(ROOT).as_posix()
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if imports_nats(path)
    }
    assert importers == {"interfaces/messaging/broker.py"}
