"""Marketplace channels: one module per kind (request shape, auth, signing), the simulator."""
