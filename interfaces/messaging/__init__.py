"""NATS JetStream messaging: subjects, streams, the embedded server and the broker.

Only `broker` imports nats-py. `subjects`, `streams`, `message`, `errors`, `host` and `embedded`
do not, so code that builds subjects or launches the server never loads the client.
"""
