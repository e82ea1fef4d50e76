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
