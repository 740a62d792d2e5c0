/**
 * The readiness probe the runner polls before grading anything: one GET of the health
 * path, status and parsed body, with transport failures left to the caller to count.
 */
import type { ProtocolConfig } from '../config/protocol.js';
import { lenientJson, type HttpClient } from './http.js';

export interface HealthReading {
  status: number;
  body: unknown;
}

/**
 * Readiness asks "is it up, and which build?", not "does it keep the protocol": a JSON body
 * under the wrong content type (a proxy rewriting headers) still answers that, so it is
 * read leniently. The suite's tests then fail on the content type, instead of the whole run
 * being called inconclusive as if the service were down.
 */
export function probeHealth(
  http: HttpClient,
  protocol: ProtocolConfig,
): () => Promise<HealthReading> {
  return async () => {
    const res = await http.get(protocol.paths.health, { timeoutMs: protocol.requestTimeoutMs });
    return { status: res.status, body: lenientJson(res) };
  };
}
