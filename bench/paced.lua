-- wrk script: the signed webhooks of bench/webhooks.lua at a fixed rate and in a bounded number
-- (wrk alone sends as fast as it can for a duration). Used by bench/pg-cost.
--
--   wrk -t1 -c8 -d60s -s bench/paced.lua http://127.0.0.1:PORT -- <kind> <bytes> <tag> <rate> <count>
--
-- Request i (from 0) is sent no earlier than start + i/rate: a connection that fell behind sends at
-- once, the others wait for their turn. After <count> requests no more are sent, and the thread stops
-- once <count> answers are in (or at -d, whichever comes first), and wrk reports. One thread (-t1): rate and count are
-- the thread's. The WRK line of bench/webhooks.lua is printed at the end.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "webhooks.lua")

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } paced_timespec;
int clock_gettime(int clock, paced_timespec *ts);
int getpid(void);
int kill(int pid, int sig);
]]
local ts = ffi.new("paced_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local webhooks_init, webhooks_response = init, response
local rate, count, sent, answered, start = 100, 100, 0, 0, nil

function init(args)
  webhooks_init(args)
  rate = tonumber(args[4] or rate)
  count = tonumber(args[5] or count)
end

-- called by wrk before each request of a connection: how many ms to wait before sending it
function delay()
  if sent >= count then return 3600000 end
  start = start or now_ms()
  local wait = start + sent * 1000 / rate - now_ms()
  sent = sent + 1
  if wait < 1 then return 0 end
  return math.floor(wait)
end

function response(status, headers, body)
  webhooks_response(status, headers, body)
  answered = answered + 1
  if answered >= count then
    wrk.thread:stop()
    -- wrk's main thread sleeps for -d whatever its threads do; SIGINT (Linux hands a process's
    -- signal to its main thread first) ends the sleep, and wrk reports at once
    ffi.C.kill(ffi.C.getpid(), 2)
  end
end
