/**
 * Which users of a load test one shard carries. With `shard: i/n` the N users are split as
 * evenly as possible, the first shards taking one more (20 over 3 → 7, 7, 6), each shard its
 * own consecutive user numbers, so that matrix jobs started together load the service with
 * all N users at once and never act as the same user (a user's run events reach every
 * socket of that user, in whichever job it was opened).
 */

export interface UserSlice {
  /** the first user number (1-based) */
  first: number;
  count: number;
  /** all users of the test across shards */
  total: number;
}

export function userSlice(totalUsers: number, shard?: { index: number; count: number }): UserSlice {
  const total = Math.max(1, Math.floor(totalUsers));
  if (!shard || shard.count <= 1) return { first: 1, count: total, total };
  const { index, count: shards } = shard;
  const base = Math.floor(total / shards);
  const extra = total % shards;
  const count = base + (index <= extra ? 1 : 0);
  // More shards than users: every shard still carries one user (user i in shard i), rather
  // than a load test with nobody in it passing by construction.
  if (count === 0) return { first: index, count: 1, total };
  const first = 1 + (index - 1) * base + Math.min(index - 1, extra);
  return { first, count, total };
}

/** "users 8–14 of 20 (shard 2/3)", or "20 users" when unsharded. */
export function describeSlice(slice: UserSlice, shard?: { index: number; count: number }): string {
  if (!shard || shard.count <= 1) return `${slice.count} users`;
  const last = slice.first + slice.count - 1;
  const range = slice.count === 1 ? `user ${slice.first}` : `users ${slice.first}–${last}`;
  return `${range} of ${slice.total} (shard ${shard.index}/${shard.count})`;
}
