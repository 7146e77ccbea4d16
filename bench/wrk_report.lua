-- wrk script of bench/http_bench.py: counts the answers that are not 2xx (wrk itself counts only
-- 4xx and 5xx, so a 302 to the sign-in page would pass unseen), and prints one line of JSON at the end.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
  first_bad = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if first_bad == 0 then
      first_bad = status
    end
  end
end

function done(summary, latency, requests)
  local non2xx_total, first_bad_status = 0, 0
  for _, thread in ipairs(threads) do
    non2xx_total = non2xx_total + thread:get("non2xx")
    local status = thread:get("first_bad")
    if first_bad_status == 0 then
      first_bad_status = status
    end
  end
  local errors = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "max_us": %d, '
      .. '"non2xx": %d, "first_bad_status": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    non2xx_total, first_bad_status, errors.connect + errors.read + errors.write + errors.timeout
  ))
end
