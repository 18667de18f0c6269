"""The order sources by channel kind: a feed to poll, or a webhook to check and read."""

from __future__ import annotations

from interfaces.channels.orders.amazon import AmazonOrders
from interfaces.channels.orders.ebay import EbayOrders
from interfaces.channels.orders.feed import OrderFeed
from interfaces.channels.orders.generic_webhook import GENERIC
from interfaces.channels.orders.lazada import LazadaOrders
from interfaces.channels.orders.shopee import ShopeeOrders
from interfaces.channels.orders.shopify_webhook import SHOPIFY
from interfaces.channels.orders.tiktok import TikTokOrders
from interfaces.channels.orders.webhook import WebhookKind
from interfaces.channels.orders.woocommerce_webhook import WOOCOMMERCE


def order_feeds() -> dict[str, OrderFeed]:
    """A poller per kind whose orders are pulled."""
    feeds: list[OrderFeed] = [
        AmazonOrders(),
        EbayOrders(),
        ShopeeOrders(),
        LazadaOrders(),
        TikTokOrders(),
    ]
    return {feed.kind: feed for feed in feeds}


WEBHOOK_KINDS: dict[str, WebhookKind] = {
    "shopify": SHOPIFY,
    "woocommerce": WOOCOMMERCE,
    "webhook": GENERIC,
}
