-- wrk script: GET /api/v1/updates/check as a fleet polls, each request from the next of CLIENTS
-- (env, default 100000) client ids. Thread k of THREADS (env: wrk's -t) sends, from position STARTk
-- (env, 0) on, ids at positions p = STARTk, STARTk+1, ...: id (p * THREADS + k) mod CLIENTS, so
-- threads never share an id and a run can go on where the last one stopped. Ids are PREFIX (env, "bench-")
-- and 7 digits. done() prints per thread how
-- many requests it sent and how many were answered 200.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads - 1)
end

function init(args)
  clients = tonumber(os.getenv("CLIENTS") or "100000")
  nthreads = tonumber(os.getenv("THREADS") or "2")
  position = tonumber(os.getenv("START" .. tid) or "0")
  prefix = os.getenv("PREFIX") or "bench-"
  sent = 0
  answered = 0
end

request = function()
  local id = ((position + sent) * nthreads + tid) % clients
  sent = sent + 1
  return wrk.format("GET", "/api/v1/updates/check", {
    ["X-Product"] = "bench", ["X-Channel"] = "stable", ["X-Current-Version"] = "1.0.0",
    ["X-License-Key"] = "bench-key-4242", ["X-Client-Id"] = prefix .. string.format("%07d", id)})
end

response = function(status, headers, body)
  if status == 200 then
    answered = answered + 1
  end
end

function done(summary, latency, requests)
  for _, t in ipairs(threads) do
    io.write(string.format("thread %d sent %d answered %d\n", t:get("tid"), t:get("sent"), t:get("answered")))
  end
end
