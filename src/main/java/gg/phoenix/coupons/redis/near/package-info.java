/**
 * The near cache: this process's copies of what validation reads on every call, kept coherent with the other
 * instances over Redis pub/sub ({@link gg.phoenix.coupons.redis.near.Announcements}), and
 * {@link gg.phoenix.coupons.redis.near.RedisCache}, the read-through Redis entries whose invalidation drops the local
 * copies and announces the drop. RedisCache lives here, not in redis, because that invalidation is a step of this
 * package's protocol: so near depends on redis (clients, keys) and redis never on near. No SQL, no business rule.
 */
package gg.phoenix.coupons.redis.near;
