"""The commands: the only way to change stock."""
