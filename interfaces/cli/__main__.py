"""`python -m interfaces.cli`: the views process runs `python -m interfaces.cli follow`."""

from interfaces.cli import main

main()
