"""Read models: plain SQL tables, each written with its tracking position in one transaction."""
