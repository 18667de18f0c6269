-- Reserve 1 unit per request: POST /v1/reservations with a unique reservation id.
-- wrk ... -s reserve.lua URL -- RUN SKUS LOCATIONS TOKEN
--   RUN        a prefix that makes reservation ids unique across runs
--   SKUS       SKU-0 .. SKU-(SKUS-1); one SKU = the hot SKU
--   LOCATIONS  L0 .. L(LOCATIONS-1)
--   TOKEN      an API token with reservations:write (default: $TOKEN, e.g. var/admin-token)
-- done() prints one JSON line: counts by answer and latency percentiles (microseconds).

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

function init(args)
  run = args[1] or "run"
  skus = tonumber(args[2] or "1")
  locations = tonumber(args[3] or "1")
  counter = 0
  accepted = 0
  refused = 0
  failed = 0
  math.randomseed(tid * 7919 + os.time())
  token = args[4] or os.getenv("TOKEN") or ""
  headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
  }
end

function request()
  counter = counter + 1
  local rid = run .. "-" .. tid .. "-" .. counter
  local sku = "SKU-" .. (skus > 1 and math.random(0, skus - 1) or 0)
  local loc = "L" .. (locations > 1 and math.random(0, locations - 1) or 0)
  local body = '{"reservation_id":"' .. rid .. '","order_id":"O-' .. rid ..
    '","channel":"web","lines":[{"sku":"' .. sku .. '","quantity":1,"location":"' .. loc .. '"}]}'
  return wrk.format("POST", "/v1/reservations", headers, body)
end

function response(status, headers, body)
  if status == 201 then
    accepted = accepted + 1
  elseif status == 409 then
    refused = refused + 1
  else
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  local acc, ref, fail = 0, 0, 0
  for _, thread in ipairs(threads) do
    acc = acc + thread:get("accepted")
    ref = ref + thread:get("refused")
    fail = fail + thread:get("failed")
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"accepted":%d,"refused":%d,"failed":%d,' ..
    '"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d,' ..
    '"latency_us":{"p50":%d,"p75":%d,"p90":%d,"p99":%d,"p99.9":%d,"max":%d,"mean":%.1f}}\n',
    summary.requests, summary.duration, acc, ref, fail,
    e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(75), latency:percentile(90),
    latency:percentile(99), latency:percentile(99.9), latency.max, latency.mean))
end
