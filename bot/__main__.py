"""`python -m bot` is the same as the `prbot` command."""

from bot.cli import main

main()
