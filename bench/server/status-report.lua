-- wrk script: POSTs status reports, each with a unique reportId and client id.
local counter = 0
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  prefix = "t" .. tid .. "-" .. os.time() .. "-"
end

request = function()
  counter = counter + 1
  local id = prefix .. counter
  local body = '{"reportId":"r-' .. id .. '","clientId":"c-' .. id .. '","product":"bench",'
    .. '"fromVersion":"1.0.0","version":"2.0.0","channel":"stable","status":"completed",'
    .. '"timestamp":"2026-03-15T10:00:00Z","details":{"downloadTime":1.5,"installTime":3.0}}'
  return wrk.format("POST", "/api/v1/updates/status", {["Content-Type"] = "application/json"}, body)
end
