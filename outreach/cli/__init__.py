"""The `outreach` command line: Typer apps over the library, and their one error boundary."""

from .app import app, main

__all__ = ["app", "main"]
