-- wrk script: realistic signed webhooks, every request unique (Kurir answers "duplicate" to a body
-- it has seen, so a replayed body would measure a different, cheaper path).
--
--   wrk -t1 -c32 -d10s -s bench/webhooks.lua http://127.0.0.1:PORT -- <kind> <bytes> <tag>
--
-- kind   mix        Sendcloud parcel_status_changed (mixed statuses) and Biteship order.status /
--                   order.waybill_id, alternating: what a shop receives from two carriers
--        delivered  Sendcloud "Delivered" only: each event goes to exactly one HTTP destination
--        fanout     the same body to /hooks/bench4 (bench-only route: 4 HTTP destinations)
-- bytes  body size, padded with a realistic parcel_items list (1024, 8192, ...)
-- tag    makes bodies unique across rows and runs
--
-- Sendcloud-Signature is the hex HMAC-SHA256 of the body. wrk's Lua has no HMAC of its own, so the
-- signature is computed per request with OpenSSL's libcrypto through LuaJIT's FFI (wrk is linked
-- against libcrypto already): no pre-generated file, so no file to run out of and no wrap-around
-- into duplicates however fast the gateway is. Biteship sends its secret as a header.

local ffi = require("ffi")
ffi.cdef [[
typedef struct evp_md_st EVP_MD;
const EVP_MD *EVP_sha256(void);
unsigned char *HMAC(const EVP_MD *evp_md, const void *key, int key_len, const unsigned char *d, size_t n,
                    unsigned char *md, unsigned int *md_len);
]]
local crypto
do
  local ok = pcall(function() return ffi.C.EVP_sha256 end)
  crypto = ok and ffi.C or ffi.load("libcrypto.so.3")
end
local sha256 = crypto.EVP_sha256()
local mdbuf = ffi.new("unsigned char[32]")
local mdlen = ffi.new("unsigned int[1]")
local hexdigits = {}
for i = 0, 255 do hexdigits[i] = string.format("%02x", i) end

local SENDCLOUD_SECRET = os.getenv("BENCH_SENDCLOUD_SECRET") or "dev-Sendcloud-Secret-1!"
local BITESHIP_SECRET = os.getenv("BENCH_BITESHIP_SECRET") or "dev-biteship-secret"

local function hmac_hex(body)
  crypto.HMAC(sha256, SENDCLOUD_SECRET, #SENDCLOUD_SECRET, body, #body, mdbuf, mdlen)
  local out = {}
  for i = 0, 31 do out[i + 1] = hexdigits[mdbuf[i]] end
  return table.concat(out)
end

local kind, size, tag = "mix", 1024, tostring(os.time())
local counter = 0
accepted, duplicate, refused = 0, 0, 0

local SENDCLOUD_STATUSES = {
  { 11, "Delivered" }, { 3, "En route to sorting center" }, { 11, "Delivered" }, { 91, "Parcel en route" },
  { 11, "Delivered" }, { 12, "Awaiting customer pickup" }, { 11, "Delivered" }, { 2000, "Returned to sender" },
}
local BITESHIP_STATUSES = { "confirmed", "allocated", "picking_up", "picked", "dropping_off", "on_hold" }

-- a realistic item line, repeated to reach the wanted body size
local ITEM = '{"description":"Kaos polos cotton combed 30s hitam","quantity":2,"weight":"0.250",' ..
             '"price":"89000.00","sku":"KPC-30S-BLK-L","hs_code":"610910","origin_country":"ID"}'

local function pad(prefix, suffix)
  -- prefix .. items .. suffix, as close to `size` bytes as whole items allow, then a note to fill
  local parts = { prefix, '"parcel_items":[' }
  local len = #prefix + 16 + #suffix + 12
  local first = true
  while len + #ITEM + 1 < size do
    parts[#parts + 1] = (first and "" or ",") .. ITEM
    len = len + #ITEM + (first and 0 or 1)
    first = false
  end
  parts[#parts + 1] = '],"note":"'
  local fill = size - len
  if fill > 0 then parts[#parts + 1] = string.rep("x", fill) end
  parts[#parts + 1] = '"' .. suffix
  return table.concat(parts)
end

local function sendcloud(n, status)
  local id = tag .. "-" .. n
  local now = 1763800000000 + n
  local prefix = '{"action":"parcel_status_changed","timestamp":' .. now ..
      ',"parcel":{"id":' .. (100000000 + n) .. ',"name":"Budi Santoso","company_name":"Toko Budi",' ..
      '"address":"Jl. Kebon Jeruk Raya No. 27","address_2":"RT 05 / RW 02","city":"Jakarta Barat",' ..
      '"postal_code":"11530","telephone":"+6281234567890","email":"budi@example.com",' ..
      '"tracking_number":"SC' .. id .. '","tracking_url":"https://tracking.sendcloud.sc/forward?carrier=postnl&code=SC' .. id .. '",' ..
      '"status":{"id":' .. status[1] .. ',"message":"' .. status[2] .. '"},' ..
      '"carrier":{"code":"postnl"},"shipment":{"id":8,"name":"PostNL Standard 0-23kg"},' ..
      '"order_number":"ORD-' .. id .. '","weight":"0.500","country":{"iso_2":"NL","iso_3":"NLD","name":"Netherlands"},'
  return pad(prefix, '}}')
end

local function biteship(n, event, status)
  local id = tag .. "-" .. n
  local prefix = '{"event":"' .. event .. '","courier_tracking_id":"trk_' .. id .. '",' ..
      '"courier_waybill_id":"WYB-' .. id .. '","courier_company":"jne","courier_type":"reg",' ..
      '"courier_driver_name":"Andi","courier_driver_phone":"081298765432","courier_link":"https://biteship.com/track",' ..
      '"order_id":"ord_' .. id .. '","order_price":125000,"status":"' .. status .. '",' ..
      '"updated_at":"2026-11-22T08:00:00+07:00","shipper_contact_name":"Toko Budi",' ..
      '"destination_contact_name":"Siti Rahma","destination_address":"Jl. Merdeka No. 10, Bandung",'
  return pad(prefix, '}')
end

function init(args)
  kind = args[1] or kind
  size = tonumber(args[2] or size)
  tag = args[3] or tag
end

function request()
  counter = counter + 1
  local body, path, headers
  if kind == "mix" and counter % 2 == 0 then
    local k = counter / 2
    if k % 4 == 0 then
      body = biteship(counter, "order.waybill_id", "allocated")
    else
      body = biteship(counter, "order.status", BITESHIP_STATUSES[k % #BITESHIP_STATUSES + 1])
    end
    path = "/hooks/biteship?shop=toko-budi"
    headers = { ["Content-Type"] = "application/json", ["X-Biteship-Signature"] = BITESHIP_SECRET }
  else
    local status = SENDCLOUD_STATUSES[1]
    if kind == "mix" then status = SENDCLOUD_STATUSES[math.floor(counter / 2) % #SENDCLOUD_STATUSES + 1] end
    body = sendcloud(counter, status)
    path = (kind == "fanout") and "/hooks/bench4?shop=toko-budi" or "/hooks/sendcloud?shop=toko-budi"
    headers = { ["Content-Type"] = "application/json", ["Sendcloud-Signature"] = hmac_hex(body) }
  end
  return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
  if status == 200 then
    if body and body:find('"accepted"', 1, true) then
      accepted = accepted + 1
    else
      duplicate = duplicate + 1
    end
  else
    refused = refused + 1
  end
end

local threads = {}
function setup(thread)
  threads[#threads + 1] = thread
end

function done(summary, latency, requests)
  local a, d, r = 0, 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("accepted"); d = d + t:get("duplicate"); r = r + t:get("refused")
  end
  local e = summary.errors
  io.write(string.format(
    "WRK requests=%d duration_us=%d rps=%.1f p50_us=%d p99_us=%d p999_us=%d max_us=%d accepted=%d duplicate=%d refused=%d " ..
    "err_connect=%d err_read=%d err_write=%d err_timeout=%d err_status=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max,
    a, d, r, e.connect, e.read, e.write, e.timeout, e.status))
end
