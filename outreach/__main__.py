"""`python -m outreach` is the `outreach` command."""

from .cli import main

main()
