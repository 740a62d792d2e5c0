/**
 * Runs one declared scenario, step by step, against the service: HTTP requests, WebSockets,
 * SSE streams, frames sent and sequences awaited, captures carried from step to step. Each
 * failure is a GateError with its category (INTERFACE.md §6) and a message that starts with
 * the step (`steps[3] (expect): …`); every exchange is in the attempt's evidence.
 */
import { joinUrl, type HttpResponse } from '../../client/http.js';
import { redact } from '../../config/redact.js';
import type { ExpectSpec, Scenario, ScenarioStep, TokenKind } from '../../config/scenario-types.js';
import { GateError, type FailureCategory, type FailureFacts } from '../../model.js';
import { openStream } from '../../transport/sse.js';
import { openChannel } from '../../client/ws-channel.js';
import { bodyExcerpt, statusCategory } from '../checks.js';
import type { BaseContext } from '../core/base-context.js';
import { awaitSequence } from './await-sequence.js';
import { sseSource, wsSource, type Channel } from './channels.js';
import { readJsonPath } from './json-path.js';
import { explain, interpolate, interpolateDeep, type Vars } from './pattern.js';

const REFUSED = [401, 403];
/** close codes that say "not allowed" on a socket accepted first */
const REFUSING_CLOSES = [1008, 4001, 4003, 4401, 4403];

interface Run {
  ctx: BaseContext;
  vars: Record<string, unknown>;
  channels: Map<string, Channel>;
  current?: Channel;
}

function fail(category: FailureCategory, message: string, facts: FailureFacts = {}): never {
  throw new GateError(message, facts, category);
}

export async function runScenario(scenario: Scenario, ctx: BaseContext): Promise<void> {
  const run: Run = { ctx, vars: {}, channels: new Map() };
  for (const step of scenario.steps) {
    try {
      await runStep(run, step);
    } catch (err) {
      throw located(err, step, ctx.secrets);
    }
  }
}

/** The step in front of the message, secrets masked; the facts and category kept. */
function located(err: unknown, step: ScenarioStep, secrets: readonly string[]): unknown {
  if (!(err instanceof GateError)) return err;
  const message = redact(`${step.label}: ${err.message}`, secrets);
  return new GateError(message, err.facts, err.category, err.evidence);
}

async function tokenOf(ctx: BaseContext, user: number, kind: TokenKind): Promise<string> {
  switch (kind) {
    case 'valid':
      return (await ctx.users.get(user)).token;
    case 'wrong-signature':
      return ctx.users.wrongSigned(user);
    case 'expired':
      return ctx.users.expired(user);
    case 'malformed':
      return ctx.users.malformed;
  }
}

function text(value: string, vars: Vars): string {
  const v = interpolate(value, vars);
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function pathWithQuery(path: string, query: Record<string, string>, vars: Vars): string {
  const p = text(path, vars);
  const entries = Object.entries(query).map(([k, v]) => [k, text(v, vars)]);
  if (entries.length === 0) return p;
  return `${p}${p.includes('?') ? '&' : '?'}${new URLSearchParams(entries).toString()}`;
}

function headersOf(headers: Record<string, string>, vars: Vars): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k.toLowerCase(), text(v, vars)]),
  );
}

function defaultTimeout(ctx: BaseContext, step: ScenarioStep): number {
  return step.timeoutMs ?? ctx.settings.protocol.requestTimeoutMs;
}

function awaitTimeout(ctx: BaseContext, step: ScenarioStep, expect: ExpectSpec): number {
  return step.timeoutMs ?? expect.sequence?.within ?? ctx.settings.protocol.timing.runWithinMs;
}

/** A request with an invalid or no token that was not refused. */
function notRefused(what: string, token: TokenKind, auth: boolean): FailureCategory {
  return !auth || token !== 'valid' ? 'auth_not_enforced' : 'assertion';
}

/** The status rule shared by request, stream and connect. */
function judgeStatus(
  status: number,
  expect: ExpectSpec,
  target: { auth: boolean; token: TokenKind },
  what: string,
  excerpt: string,
  facts: FailureFacts,
): void {
  const sentBad = !target.auth || target.token !== 'valid';
  const describe = target.auth
    ? target.token === 'valid'
      ? 'a valid token'
      : `a ${target.token} token`
    : 'no token';
  if (expect.refused) {
    if (REFUSED.includes(status)) return;
    const category =
      status < 400 ? notRefused(what, target.token, target.auth) : statusCategory(status);
    fail(
      category,
      `${what} → ${status} with ${describe}, expected it refused (401 or 403): ${excerpt}`,
      facts,
    );
  }
  const wanted = expect.status;
  const ok = wanted ? wanted.includes(status) : status >= 200 && status < 300;
  if (ok) return;
  let category: FailureCategory = statusCategory(status);
  if (wanted && wanted.every((s) => REFUSED.includes(s)) && status < 400 && sentBad) {
    category = 'auth_not_enforced';
  } else if ((status === 401 || status === 403) && !target.auth) category = 'http_error';
  fail(
    category,
    `${what} → ${status}${target.auth ? '' : ' (no token)'}, expected ${wanted ? wanted.join(' or ') : '2xx'}: ${excerpt}`,
    facts,
  );
}

async function runStep(run: Run, step: ScenarioStep): Promise<void> {
  const { ctx } = run;
  switch (step.kind) {
    case 'request':
      return request(run, step);
    case 'stream':
      return stream(run, step);
    case 'connect':
      return connect(run, step);
    case 'send': {
      const channel = channelOf(run, step.on);
      if (channel.kind !== 'ws') fail('assertion', 'send needs a WebSocket');
      const frame =
        step.json !== undefined
          ? JSON.stringify(interpolateDeep(step.json, run.vars))
          : text(step.text ?? '', run.vars);
      channel.ws.send(frame);
      channel.anchorAt = performance.now();
      return;
    }
    case 'expect': {
      const channel = channelOf(run, step.on);
      if (!step.expect.sequence) fail('assertion', 'nothing to await');
      const out = await awaitSequence({
        spec: step.expect.sequence,
        source: channel.source,
        vars: run.vars,
        anchorAt: channel.anchorAt,
        timeoutMs: awaitTimeout(ctx, step, step.expect),
        metrics: ctx.metrics,
      });
      Object.assign(run.vars, out.vars);
      return;
    }
    case 'close': {
      const channel = channelOf(run, step.on);
      if (channel.kind !== 'ws') fail('assertion', 'close needs a WebSocket');
      const before = channel.ws.closed;
      if (before) {
        const category = before.code === 1000 ? 'assertion' : 'ws_abnormal_close';
        fail(
          before.code === 1011 ? 'ws_internal_error' : category,
          `${channel.source.label}: already closed by the service with ${before.code}${before.reason ? ` "${before.reason}"` : ''}`,
          {
            closeCode: before.code,
            closeReason: before.reason,
          },
        );
      }
      const timeoutMs = defaultTimeout(ctx, step);
      const answer = await channel.ws.close(step.code, step.reason, timeoutMs);
      if (!answer) {
        fail(
          'timeout',
          `${channel.source.label}: closed with ${step.code}, the service did not answer the close within ${timeoutMs} ms`,
          {
            kind: 'timeout',
            stage: 'close',
          },
        );
      }
      if (answer.code !== step.code) {
        fail(
          answer.code === 1011 ? 'ws_internal_error' : 'ws_abnormal_close',
          `${channel.source.label}: closed with ${step.code}, the service answered ${answer.code}${answer.reason ? ` "${answer.reason}"` : ''}`,
          {
            closeCode: answer.code,
            closeReason: answer.reason,
          },
        );
      }
      return;
    }
    case 'sleep':
      return sleep(step.ms, ctx.signal);
  }
}

function channelOf(run: Run, name: string | undefined): Channel {
  const channel = name !== undefined ? run.channels.get(name) : run.current;
  if (!channel)
    return fail(
      'assertion',
      name !== undefined ? `no channel named '${name}' is open` : 'no channel is open',
    );
  return channel;
}

function keep(run: Run, channel: Channel, name: string | undefined): void {
  run.current = channel;
  if (name !== undefined) run.channels.set(name, channel);
}

async function request(run: Run, step: Extract<ScenarioStep, { kind: 'request' }>): Promise<void> {
  const { ctx } = run;
  const t = step.target;
  const token = t.auth ? await tokenOf(ctx, step.user, t.token) : undefined;
  const res: HttpResponse = await ctx.http.request({
    method: t.method,
    path: pathWithQuery(t.path, t.query, run.vars),
    timeoutMs: defaultTimeout(ctx, step),
    headers: headersOf(t.headers, run.vars),
    ...(token !== undefined ? { token } : {}),
    ...(t.json !== undefined ? { body: interpolateDeep(t.json, run.vars) } : {}),
  });
  const what = `${res.method} ${res.path}`;
  const facts: FailureFacts = {
    kind: 'status',
    stage: 'response',
    httpStatus: res.status,
    elapsedMs: res.durationMs,
  };
  judgeStatus(res.status, step.expect, t, what, bodyExcerpt(res, ctx.secrets), facts);
  const needsBody = step.expect.json !== undefined || Object.keys(step.capture).length > 0;
  if (!needsBody) return;
  if (res.body === undefined) {
    fail(
      'protocol_violation',
      `${what} → ${res.status} sent no JSON (content-type ${res.headers['content-type'] ?? 'none'}): ${bodyExcerpt(res, ctx.secrets)}`,
      { kind: 'protocol', stage: 'response', httpStatus: res.status },
    );
  }
  if (step.expect.json !== undefined) {
    const why = explain(step.expect.json, res.body, run.vars);
    if (why) {
      fail(
        'protocol_violation',
        `${what} → ${res.status}: the body is not the JSON expected: ${why}`,
        {
          kind: 'protocol',
          stage: 'response',
          httpStatus: res.status,
        },
      );
    }
  }
  for (const [name, c] of Object.entries(step.capture)) {
    const value = readJsonPath(res.body, c.path);
    if (value === undefined) {
      fail(
        'protocol_violation',
        `${what} → ${res.status}: capture ${name} found nothing at ${c.source}: ${bodyExcerpt(res, ctx.secrets)}`,
        {
          kind: 'protocol',
          stage: 'response',
          httpStatus: res.status,
        },
      );
    }
    run.vars[name] = value;
  }
}

async function stream(run: Run, step: Extract<ScenarioStep, { kind: 'stream' }>): Promise<void> {
  const { ctx } = run;
  const t = step.target;
  const token = t.auth ? await tokenOf(ctx, step.user, t.token) : undefined;
  const path = pathWithQuery(t.path, t.query, run.vars);
  const url = joinUrl(ctx.settings.baseUrl, path).toString();
  const res = await openStream({
    url,
    method: t.method,
    headers: headersOf(t.headers, run.vars),
    timeoutMs: defaultTimeout(ctx, step),
    signal: ctx.signal,
    evidence: ctx.evidence,
    secrets: ctx.secrets,
    ...(step.user > 1 ? { label: `user ${step.user}` } : {}),
    ...(token !== undefined ? { token } : {}),
    ...(t.json !== undefined ? { body: interpolateDeep(t.json, run.vars) } : {}),
  });
  ctx.onDispose(() => res.close());
  const what = `stream ${t.method} ${path.split('?')[0]}`;
  const facts: FailureFacts = {
    kind: 'status',
    stage: 'response',
    httpStatus: res.status,
    elapsedMs: res.headAtMs,
  };
  const ok = step.expect.refused
    ? REFUSED.includes(res.status)
    : step.expect.status
      ? step.expect.status.includes(res.status)
      : res.status >= 200 && res.status < 300;
  if (!ok || step.expect.refused) {
    const body = res.isEventStream
      ? '(an event stream)'
      : (await res.text(1_000).catch(() => '')).trim();
    const excerpt = body ? redact(body, ctx.secrets).slice(0, 160) : '(empty body)';
    judgeStatus(res.status, step.expect, t, what, excerpt, facts);
    return;
  }
  const sentAt = performance.now() - res.elapsed();
  const channel: Channel = {
    kind: 'sse',
    stream: res,
    source: sseSource(res, what),
    anchorAt: sentAt,
  };
  keep(run, channel, step.name);
  if (!res.isEventStream) {
    const body = (await res.text(1_000).catch(() => '')).trim();
    fail(
      'protocol_violation',
      `${what} → ${res.status} answered ${res.contentType || 'no content type'}, not text/event-stream: ${body ? redact(body, ctx.secrets).slice(0, 160) : '(empty body)'}`,
      { kind: 'protocol', stage: 'response', httpStatus: res.status },
    );
  }
  if (step.expect.sequence) {
    const out = await awaitSequence({
      spec: step.expect.sequence,
      source: channel.source,
      vars: run.vars,
      anchorAt: sentAt,
      timeoutMs: awaitTimeout(ctx, step, step.expect),
      metrics: ctx.metrics,
    });
    Object.assign(run.vars, out.vars);
  }
}

function wsUrlFor(baseUrl: string, wsUrl: string, path: string): string {
  if (path === '') return wsUrl;
  const url = joinUrl(baseUrl, path);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

async function connect(run: Run, step: Extract<ScenarioStep, { kind: 'connect' }>): Promise<void> {
  const { ctx } = run;
  const auth = step.auth !== 'none';
  const token = auth ? await tokenOf(ctx, step.user, step.token) : undefined;
  const path = pathWithQuery(step.path, step.query, run.vars);
  const url = wsUrlFor(ctx.settings.baseUrl, ctx.settings.wsUrl, path);
  const what = `WebSocket ${path.split('?')[0] || new URL(ctx.settings.wsUrl).pathname}`;
  const target = { auth, token: step.token };
  const expectsUpgrade =
    !step.expect.refused && (!step.expect.status || step.expect.status.includes(101));
  let ws;
  try {
    ws = await openChannel({
      url,
      transport: step.auth === 'none' ? 'header' : step.auth,
      headers: headersOf(step.headers, run.vars),
      timeoutMs: defaultTimeout(ctx, step),
      signal: ctx.signal,
      evidence: ctx.evidence,
      secrets: ctx.secrets,
      ...(step.user > 1 ? { label: `user ${step.user}` } : {}),
      ...(token !== undefined ? { token } : {}),
    });
  } catch (err) {
    const status = err instanceof GateError ? err.facts.httpStatus : undefined;
    if (expectsUpgrade || status === undefined || !(err instanceof GateError)) throw err;
    judgeStatus(status, step.expect, target, `${what} upgrade`, err.message, err.facts);
    return;
  }
  ctx.onDispose(() => ws.terminate());
  const channel: Channel = { kind: 'ws', ws, source: wsSource(ws, what), anchorAt: ws.startedAt };
  keep(run, channel, step.name);
  const describe = auth
    ? step.token === 'valid'
      ? 'a valid token'
      : `a ${step.token} token`
    : 'no token';
  if (step.expect.refused) {
    // accepted first: a refusal is then a close (1008 and the like) before the timeout
    const timeoutMs = defaultTimeout(ctx, step);
    const deadline = performance.now() + timeoutMs;
    let frames = 0;
    for (;;) {
      const item = await ws.next(Math.max(0, deadline - performance.now()));
      if (item.type === 'message') {
        frames += 1;
        continue;
      }
      if (item.type === 'close' && REFUSING_CLOSES.includes(item.code)) return;
      const how =
        item.type === 'close'
          ? `closed ${item.code}`
          : item.type === 'timeout'
            ? `stayed open ${timeoutMs} ms`
            : `failed: ${item.error.message}`;
      fail(
        notRefused(what, step.token, auth),
        `${what}: upgraded (101) with ${describe} and ${how} (${frames} frame(s)), expected it refused (401/403, or a close 1008)`,
        {
          stage: 'upgrade',
          ...(item.type === 'close' ? { closeCode: item.code } : {}),
        },
      );
    }
  }
  if (!expectsUpgrade) {
    judgeStatus(101, step.expect, target, `${what} upgrade`, 'upgraded', {
      stage: 'upgrade',
      httpStatus: 101,
    });
  }
  if (step.expect.sequence) {
    const out = await awaitSequence({
      spec: step.expect.sequence,
      source: channel.source,
      vars: run.vars,
      anchorAt: ws.startedAt,
      timeoutMs: awaitTimeout(ctx, step, step.expect),
      metrics: ctx.metrics,
    });
    Object.assign(run.vars, out.vars);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
