"""A nats-server that admits only stocksync's users, and clients that log in as them."""

from __future__ import annotations

from interfaces.messaging.broker import Broker
from interfaces.messaging.server_config import authorization_block
from interfaces.messaging.users import (
    SERVICE_USER,
    Login,
    NatsUser,
    adapter_inbox,
    adapter_user,
    adapter_user_name,
    hash_password,
)

SERVICE = Login(SERVICE_USER, "service-password")


class Users:
    """The users a test's server admits: the service, and an adapter per channel."""

    def __init__(self, passwords: dict[str, str]) -> None:
        assert SERVICE.password is not None
        self.service = NatsUser(SERVICE_USER, hash_password(SERVICE.password))
        self.hashes = {channel: hash_password(pw) for channel, pw in passwords.items()}

    def rotate(self, channel: str, password: str) -> None:
        """Give the channel's adapter a new password (applied by the server's reload)."""
        self.hashes[channel] = hash_password(password)

    def authorization(self) -> str:
        """The server config's authorization block for these users."""
        adapters = [adapter_user(channel, h) for channel, h in self.hashes.items()]
        return authorization_block([self.service, *adapters])


def adapter(channel: str, password: str) -> Login:
    """How the channel's adapter logs in: its user, and the inbox prefix it may read."""
    return Login(adapter_user_name(channel), password, adapter_inbox(channel))


async def connected(url: str, login: Login | None, timeout: float = 5.0) -> Broker:
    """A Broker logged in as `login` (refusals of a request take 1 s)."""
    broker = Broker(reconnect_wait=0.1, request_timeout=1.0)
    await broker.connect(url, "stocksync-test", timeout=timeout, login=login)
    return broker
