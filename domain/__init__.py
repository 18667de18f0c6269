"""The stock domain: aggregates, their events and the rules. Pure: no I/O, no clock, no framework
but ``eventsourcing.domain``."""
