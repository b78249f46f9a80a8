/**
 * Redis as the service uses it: clients from the configuration (standalone or cluster), every key
 * ({@link gg.phoenix.coupons.redis.CacheKeys}, with the hash tags Redis Cluster needs), Lua scripts loaded once and
 * called by SHA, and the one log line per outage. It knows no business rule (what a script's answer means belongs to
 * its caller) and never imports its sub-package near: the near cache builds on it, not the reverse.
 */
package gg.phoenix.coupons.redis;
