"""Storage adapters: the eventsourcing recorders, extended with command receipts."""
