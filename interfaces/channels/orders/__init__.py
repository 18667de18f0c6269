"""Orders from the marketplaces, as pure client code: a poller per kind whose orders are pulled
(amazon, ebay, shopee, lazada, tiktok) and a signature check and parser per kind that pushes
them by webhook (shopify, woocommerce, webhook). Each gives the same neutral MarketplaceOrder."""
