// What delivering a batch needs from Loki (batchDelivery.ts), bound to a connection: the push request, and the
// queries that find what Loki already holds, over windows Loki accepts.
import { lokiPush, lokiPushBody } from '../loki/api';
import type { LokiConnection } from '../loki/connection';
import type { DeliveryTarget } from './batchDelivery';
import type { Clock } from './clock';
import type { PushLimits } from './limits';
import { entriesMissingInLoki, streamsWithEntries } from './lokiPresence';
import { nsToMs } from './timestampNs';

/** An hour before a stream's first entry: Loki accepts entries that far behind a stream's newest one. */
const PRESENCE_LOOKBEHIND_MS = 3_600_000;
/** Loki's default max_query_length is 721h: presence queries stay within it. */
const MAX_QUERY_RANGE_MS = 720 * 3_600_000;

export function lokiDeliveryTarget(conn: LokiConnection, clock: Clock, limits: PushLimits, gzip: boolean): DeliveryTarget {
  const presenceStart = (firstMs: number) => Math.max(firstMs - PRESENCE_LOOKBEHIND_MS, clock.now() - MAX_QUERY_RANGE_MS);
  return {
    push: (s, sig) => lokiPush(conn, s, { gzip, signal: sig }),
    pushBody: (body, sig) => lokiPushBody(conn, body, { gzip, signal: sig }),
    streamsInLoki: (s, sig) => {
      let first = Infinity;
      for (const stream of s) for (const v of stream.values) first = Math.min(first, nsToMs(v[0]));
      return streamsWithEntries(
        conn,
        s.map((x) => x.stream),
        presenceStart(first),
        clock.now() + limits.maxFutureMs,
        sig,
      );
    },
    presenceStartMs: presenceStart,
    entriesMissingInLoki: (s, sig) => entriesMissingInLoki(conn, s, sig),
  };
}
