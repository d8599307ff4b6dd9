-- One token bucket per client, shared by every server that uses this Redis; runs atomically in Redis.
-- The clock is the Redis server's own, so servers on hosts with different clocks agree.
-- KEYS[1]: the client's bucket. ARGV[1]: tokens added a second. ARGV[2]: the bucket's size (the burst).
-- Returns the seconds until a token is available as a string ("0": a token was taken, the request may pass).
local rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens, at = tonumber(state[1]), tonumber(state[2])
if tokens == nil or at == nil then
  tokens, at = burst, now
end
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = (1 - tokens) / rate
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
-- a bucket untouched for longer than it takes to refill is full again: Redis may forget it
redis.call('EXPIRE', KEYS[1], math.ceil(burst / rate) + 60)
return tostring(wait)
