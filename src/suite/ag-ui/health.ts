/**
 * `health`: the service answers. Without `health-path` that is the AG-UI endpoint itself
 * answering HTTP at all (INTERFACE §5: any status below 500 to a GET — a 405 is an answer);
 * with it, the health path answers 200 and reports `expected-version`.
 */
import { readVersion } from '../../client/health.js';
import { lenientJson } from '../../client/http.js';
import { GateError } from '../../model.js';
import { openStream } from '../../transport/sse.js';
import type { TestSpec } from '../define.js';
import type { ReadinessProbe } from '../protocol-suite.js';
import type { AgUiContext } from './context.js';
import type { Settings } from '../../config/settings.js';

/** GET agent-url: its status, and how long it took. */
export async function getAgentEndpoint(
  agentUrl: string,
  o: {
    signal: AbortSignal;
    timeoutMs: number;
    evidence?: AgUiContext['evidence'];
    secrets?: readonly string[];
  },
): Promise<number> {
  const res = await openStream({
    url: agentUrl,
    method: 'GET',
    headers: { accept: '*/*' },
    timeoutMs: o.timeoutMs,
    signal: o.signal,
    ...(o.evidence ? { evidence: o.evidence } : {}),
    ...(o.secrets ? { secrets: o.secrets } : {}),
    label: 'readiness',
  });
  res.close();
  return res.status;
}

/** Readiness without `health-path`: the agent endpoint answers below 500 (reported as 200). */
export function agUiReadiness(settings: Settings, agentUrl: string): ReadinessProbe {
  return {
    target: 'the AG-UI endpoint',
    versionField: settings.versionField,
    async probe(signal) {
      const status = await getAgentEndpoint(agentUrl, {
        signal,
        timeoutMs: settings.protocol.requestTimeoutMs,
      });
      return {
        status: status < 500 ? 200 : status,
        body: { status: status < 500 ? 'ok' : 'unhealthy' },
      };
    },
  };
}

export function healthTests(settings: Settings): Record<string, TestSpec<AgUiContext>> {
  const healthPath = settings.healthPath;
  return {
    'agent-endpoint-answers': {
      title: 'The AG-UI endpoint answers HTTP (any status below 500 to a GET)',
      async run(ctx) {
        const status = await getAgentEndpoint(ctx.agentUrl, {
          signal: ctx.signal,
          timeoutMs: ctx.protocol.requestTimeoutMs,
          evidence: ctx.evidence,
          secrets: ctx.secrets,
        });
        if (status >= 500) {
          throw new GateError(
            `GET ${new URL(ctx.agentUrl).pathname} → ${status}: the endpoint is not up`,
            {
              kind: 'status',
              httpStatus: status,
            },
          );
        }
      },
    },
    'health-path-healthy': {
      title: `${healthPath ?? 'The health path'} answers 200${settings.expectedVersion ? ' with the expected version' : ''}`,
      ...(healthPath === undefined
        ? { skip: 'no health-path given: readiness was judged through the AG-UI endpoint' }
        : {}),
      async run(ctx) {
        const path = healthPath ?? '/health';
        const res = await ctx.http.get(path);
        if (res.status !== 200) {
          throw new GateError(`GET ${path} → ${res.status}, not 200`, {
            kind: 'status',
            httpStatus: res.status,
          });
        }
        const expected = ctx.settings.expectedVersion;
        if (expected === undefined) return;
        const reading = readVersion(lenientJson(res), ctx.settings.versionField);
        if (reading.version !== expected) {
          throw new GateError(
            `GET ${path} reports ${reading.version ?? reading.problem}, not the expected version ${expected}`,
            { httpStatus: res.status },
            'stale_deploy',
          );
        }
      },
    },
  };
}
