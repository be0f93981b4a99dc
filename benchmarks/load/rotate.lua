-- wrk script for the load harness: requests read from a file, one "path<TAB>cookie" a line, taken in turn.
-- Each connection's thread starts at a different line, so a mixed run spreads over every page at once.
-- At the end it prints one line, "BENCH_JSON {...}", with the latency percentiles (microseconds), the
-- request and byte counts, socket errors, and the responses that were not 2xx (wrk itself counts only >= 400).

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local function read_lines(path)
  local lines = {}
  local file = assert(io.open(path, "r"))
  for line in file:lines() do
    if line ~= "" then
      table.insert(lines, line)
    end
  end
  file:close()
  return lines
end

function init(args)
  local host = args[2] or "127.0.0.1"
  requests = {}
  for _, line in ipairs(read_lines(args[1])) do
    local path, cookie = line:match("^([^\t]+)\t(.*)$")
    local headers = {
      ["Host"] = host,
      ["X-Forwarded-Proto"] = "https",
      ["Accept-Encoding"] = "gzip",
      ["Accept"] = "text/html,application/xhtml+xml,*/*",
      ["Cookie"] = cookie,
    }
    table.insert(requests, wrk.format("GET", path, headers))
  end
  position = (id or 0) % #requests
  non2xx, redirects, client_errors, server_errors = 0, 0, 0, 0
end

function request()
  position = position % #requests + 1
  return requests[position]
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if status >= 300 and status < 400 then
      redirects = redirects + 1
    elseif status >= 400 and status < 500 then
      client_errors = client_errors + 1
    elseif status >= 500 then
      server_errors = server_errors + 1
    end
  end
end

function done(summary, latency, requests_made)
  local totals = { non2xx = 0, redirects = 0, client_errors = 0, server_errors = 0 }
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do
      totals[name] = totals[name] + (thread:get(name) or 0)
    end
  end
  local errors = summary.errors
  local fields = {
    string.format('"requests": %d', summary.requests),
    string.format('"duration_us": %d', summary.duration),
    string.format('"bytes": %d', summary.bytes),
    string.format('"p50_us": %d', latency:percentile(50)),
    string.format('"p95_us": %d', latency:percentile(95)),
    string.format('"p99_us": %d', latency:percentile(99)),
    string.format('"mean_us": %.1f', latency.mean),
    string.format('"max_us": %d', latency.max),
    string.format('"connect_errors": %d', errors.connect),
    string.format('"read_errors": %d', errors.read),
    string.format('"write_errors": %d', errors.write),
    string.format('"timeouts": %d', errors.timeout),
    string.format('"non2xx": %d', totals.non2xx),
    string.format('"redirects": %d', totals.redirects),
    string.format('"client_errors": %d', totals.client_errors),
    string.format('"server_errors": %d', totals.server_errors),
  }
  io.write("BENCH_JSON {" .. table.concat(fields, ", ") .. "}\n")
end
