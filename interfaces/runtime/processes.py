"""Stopping a child process: ask first, then insist."""

from __future__ import annotations

import subprocess


def stop_child(process: subprocess.Popen[bytes], timeout: float) -> int:
    """SIGTERM (a clean stop), then SIGKILL after ``timeout`` seconds; the exit code."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode
