"""`stocksync serve` on a SQLite path it cannot write stops at once with one clear line on
stderr and exit status 1: no traceback, no half-started service. Run as the real command."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.processes import free_port, stocksync_command

NOBODY = 65534


@pytest.fixture
def unprivileged() -> Iterator[list[str]]:
    """The prefix that runs a command as a user bound by file permissions (root is not). The
    other user must reach the checkout's venv: a clone in a private directory (mktemp -d is
    0700) gets search permission (o+x, not read) on its ancestors for the test's duration."""
    if os.geteuid() != 0:
        yield []
        return
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: permissions cannot be tested")
    closed = [d for d in Path(stocksync_command()).parents if not d.stat().st_mode & 0o001]
    for directory in closed:
        directory.chmod(directory.stat().st_mode | 0o001)
    try:
        yield ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    finally:
        for directory in closed:
            directory.chmod(directory.stat().st_mode & ~0o001)


@pytest.fixture
def place() -> Iterator[Path]:
    """A directory anyone may enter (pytest's own tmp_path is private to its user)."""
    with tempfile.TemporaryDirectory() as name:
        os.chmod(name, 0o755)
        yield Path(name)


def serve(database: Path, prefix: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `stocksync serve` on the database until it exits (or 60 s)."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "EMBEDDED_NATS": "false"}
    args = [*(prefix or []), stocksync_command(), "serve", "--port", str(free_port())]
    return subprocess.run(
        args, env=env, cwd=database.parent.parent, capture_output=True, text=True, timeout=60
    )


def assert_refused(done: subprocess.CompletedProcess[str], reason: str) -> None:
    """Exit 1, one line on stderr naming the database and the reason, and no traceback."""
    assert done.returncode == 1, (done.returncode, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("stocksync serve: cannot open the database "), lines
    assert reason in lines[0], lines
    assert "Traceback" not in done.stdout + done.stderr


def test_a_path_under_a_file_stops_serve_with_one_line(place: Path) -> None:
    (place / "a-file").write_text("not a directory")
    assert_refused(serve(place / "a-file" / "stocksync.db"), "a-file is not a directory")


def test_a_read_only_directory_stops_serve_with_one_line(
    place: Path, unprivileged: list[str]
) -> None:
    locked = place / "locked"
    locked.mkdir(mode=0o555)
    assert_refused(serve(locked / "stocksync.db", unprivileged), "locked: not writable")
    assert list(locked.iterdir()) == []


def test_a_read_only_database_file_stops_serve_with_one_line(
    place: Path, unprivileged: list[str]
) -> None:
    folder = place / "data"
    folder.mkdir()
    folder.chmod(0o777)  # the directory is writable: the file alone is read-only
    database = folder / "stocksync.db"
    database.touch(mode=0o444)
    assert_refused(serve(database, unprivileged), "stocksync.db: not writable by this user")
