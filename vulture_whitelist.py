"""Names `make lint`'s vulture step cannot see used (it reads application/ and interfaces/).

Routes, typer commands, command handlers and validators are used through their decorators,
and pydantic models through their fields (both are left out by the Makefile's flags); what
remains here is used from outside what vulture reads, or by name.
"""

# ruff: noqa: B018, F821
_ = None

# Imported for its effect: registering every command's handler with `decide`.
_.HANDLERS
# Topics named in the environment (APPLICATION_RECORDER_TOPIC, TRANSCODER_TOPIC).
_.PostgresLedgerRecorder
_.SQLiteLedgerRecorder
_.OrjsonTranscoder
# Read by the library: the pool's reconnect timeout, the application's notify hook.
_.reconnect_timeout
_._notify
# Read by the tests, the bench and the audit chain.
_.batches
_.calls
_.checkpoint_every
_.stream_status
_.stream_messages
_.restart
_.last_sequence
_.ids_of
_.AMAZON
_.WOOCOMMERCE
_.SHOPIFY
_.schema_at
_.problems
# The context-manager protocol's arguments.
_.tb
# Used by the schema modules, which the scan leaves out (their fields are read by pydantic).
_.MAX_LINES
_.IsoAwareMoment
_.Id
_.Reference
_.Quantity
# Another stream's (limits, auth): MAX_PAGE documents the page limit; FastAPI reads scheme_name.
_.MAX_PAGE
_.scheme_name
# The order feeds (another stream's): read through their protocols, the simulator and the tests.
_.matches
_.order_feeds
_.WEBHOOK_KINDS
_.delivery_id
_.signature_header
_.EBAY
