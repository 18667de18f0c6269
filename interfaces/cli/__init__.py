"""The `stocksync` console script (interfaces/cli/root.py assembles its command groups)."""

from __future__ import annotations

from interfaces.cli.root import cli


def main() -> None:
    """Entry point of the console script."""
    cli()


__all__ = ["cli", "main"]
