"""`python -m outreach` is the `outreach` command."""

from .cli.app import main

main()
