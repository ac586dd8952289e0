"""Command line: `jiangxin COMMAND`. Each module registers its commands on the shared app."""

from . import browse, corrections, extract, ingest, report, review, rules, setup, web  # noqa: F401  (registers commands)
from .app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
