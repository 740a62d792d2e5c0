/**
 * The readiness probe the runner polls before grading anything: one GET of the health
 * path, status and parsed body, with transport failures left to the caller to count.
 */
import type { ProtocolConfig } from '../config/protocol.js';
import type { HttpClient } from './http.js';

export interface HealthReading {
  status: number;
  body: unknown;
}

export function probeHealth(
  http: HttpClient,
  protocol: ProtocolConfig,
): () => Promise<HealthReading> {
  return async () => {
    const res = await http.get(protocol.paths.health, { timeoutMs: protocol.requestTimeoutMs });
    return { status: res.status, body: res.body };
  };
}
