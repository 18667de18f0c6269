"""A marketplace simulator: a real HTTP server that checks requests as the marketplace would
(401 on bad auth or signature, 403 for Amazon as its spec says, 400 on a malformed payload,
413 past WooCommerce's 100-item batches, 429 with Retry-After past its rate limit).

It keeps the last quantity per listing key:

- shopify: "{inventoryItemId}@{locationId}", e.g.
  "gid://shopify/InventoryItem/1@gid://shopify/Location/1"
- amazon: "{sellerId}/{sku}"
- shopee: "{item_id}/{model_id}" (the quantity is the sum of its seller_stock)
- woocommerce: "{product_id}" or "{product_id}/{variation_id}"
- webhook: the SKU
- ebay: "{offerId}"
- lazada: "{ItemId}/{SkuId}"
- tiktok: "{product_id}/{sku_id}@{warehouse_id}"

and serves GET /_sim/listings, GET /_sim/stats, POST /_sim/listings/{key}/sell (one unit
sold by the marketplace itself) and POST /_sim/listings/{key}/delist (updates then fail).

Orders (order_control.py): POST /_sim/orders places one, .../cancel and .../fulfil change it.
Amazon, eBay, Shopee, Lazada and TikTok Shop serve them on their own order feeds; Shopify,
WooCommerce and the generic webhook deliver them, signed, to the URLs POSTed to /_sim/webhooks.
"""

from interfaces.channels.simulator.app import create_app
from interfaces.channels.simulator.server import Running, simulate, start

__all__ = ["Running", "create_app", "simulate", "start"]
