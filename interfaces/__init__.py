"""Every edge of the service: HTTP, storage adapters, CLI, and (later) NATS and channel adapters."""
