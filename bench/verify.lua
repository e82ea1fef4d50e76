-- wrk script for bench/http.sh: every request is POST /api/v1/gateway/verify with the key in
-- BENCH_API_KEY and the function key in BENCH_FUNCTION_KEY, both read from the environment so that
-- neither appears on a command line (where `ps` would show it).
--
-- There is deliberately no response() callback: defining one makes wrk hand every response to Lua,
-- which costs the load generator CPU on a machine it shares with the server. http.sh checks the
-- verdict for this key once with curl before the run, and wrk counts any non-2xx answer itself.

local key = os.getenv("BENCH_API_KEY")
local functionKey = os.getenv("BENCH_FUNCTION_KEY")
if key == nil or functionKey == nil then
  error("bench/verify.lua needs BENCH_API_KEY and BENCH_FUNCTION_KEY in the environment")
end

wrk.method = "POST"
wrk.body = '{"key":"' .. key .. '"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["x-functions-key"] = functionKey

-- With BENCH_DELAY_MS set, each connection waits that long after each answer before its next request,
-- which holds the rate near connections * 1000 / (delay + latency) per second: the latency at a given
-- load rather than at saturation. (wrk stays closed-loop, so a stall still delays the requests behind it
-- instead of showing in their latency; see bench/README.md.)
local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "")
if pause ~= nil then
  function delay()
    return pause
  end
end
