// The yardstick: a minimal client on bare `ws`, `node:http` and `jose`, doing on the wire
// exactly what the gate does (same token claims, same frames) and nothing else: no evidence
// log, no event-order checks, no metric recorder. What the gate costs beyond this is its own.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import WebSocket from 'ws';

/** An HS256 token for staging-e2e-user-00n (1-based), with the claims the gate mints. */
export function mintToken(secret, n) {
  const sub = `staging-e2e-user-${String(n).padStart(3, '0')}`;
  const t = Math.floor(Date.now() / 1000);
  return new SignJWT({
    email: `${sub}@e2e.invalid`,
    permissions: ['read', 'write', 'agents:run'],
    type: 'access',
    sub,
    iat: t - 5,
    exp: t + 3_600,
    jti: randomUUID(),
    iss: 'staging-gate',
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(secret));
}

/** Opens a socket and hands out its JSON frames in order to whoever waits for one. */
export function openBare(wsUrl, token, timeoutMs) {
  const ws = new WebSocket(wsUrl, {
    headers: { authorization: `Bearer ${token}` },
    perMessageDeflate: false,
  });
  const inbox = [];
  let waiter;
  let ended;
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    let frame;
    try {
      frame = JSON.parse(data.toString());
    } catch {
      return;
    }
    inbox.push({ frame, atMs: performance.now() });
    waiter?.();
  });
  ws.on('close', (code) => {
    ended = new Error(`closed ${code}`);
    waiter?.();
  });
  ws.on('error', (err) => {
    ended ??= err;
    waiter?.();
  });

  /** The next frame that `accept` takes (others are skipped), or a rejection. */
  const next = (accept) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiter = undefined;
        reject(new Error(`timeout after ${timeoutMs} ms`));
      }, timeoutMs);
      const look = () => {
        while (inbox.length > 0) {
          const item = inbox.shift();
          if (accept(item.frame)) {
            clearTimeout(timer);
            waiter = undefined;
            return resolve(item);
          }
        }
        if (ended) {
          clearTimeout(timer);
          waiter = undefined;
          reject(ended);
        }
      };
      waiter = look;
      look();
    });

  const opened = new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`connect timeout after ${timeoutMs} ms`)),
      timeoutMs,
    );
    ws.once('open', () => {
      clearTimeout(timer);
      resolve();
    });
    ws.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    ws.once('unexpected-response', (_req, res) => {
      clearTimeout(timer);
      reject(new Error(`upgrade refused: HTTP ${res.statusCode}`));
    });
  });

  const close = () =>
    new Promise((resolve) => {
      if (ws.readyState === WebSocket.CLOSED) return resolve();
      const timer = setTimeout(() => {
        ws.terminate();
        resolve();
      }, 1_000);
      ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      ws.close(1000, 'bench done');
    });

  return { ws, opened, next, close };
}

/** Connect, welcome, one agent run (user_message → agent_completed), close. */
export async function bareSession(wsUrl, token, content, timeoutMs) {
  const s = openBare(wsUrl, token, timeoutMs);
  try {
    await s.opened;
    await s.next((f) => f.type === 'connection_established');
    s.ws.send(JSON.stringify({ type: 'user_message', content }));
    const end = await s.next((f) => f.type === 'agent_completed' || f.type === 'agent_error');
    if (end.frame.type !== 'agent_completed') throw new Error('agent_error');
  } finally {
    await s.close();
  }
}

/** `count` ping → pong round trips on one idle socket, ms each, measured as the gate does. */
export async function barePings(wsUrl, token, count, timeoutMs = 5_000) {
  const s = openBare(wsUrl, token, timeoutMs);
  const samples = [];
  try {
    await s.opened;
    await s.next((f) => f.type === 'connection_established');
    for (let i = 0; i < count; i++) {
      const id = `bare-${i}`;
      const sentAt = performance.now();
      s.ws.send(JSON.stringify({ type: 'ping', id, timestamp: Date.now() }));
      const pong = await s.next((f) => f.type === 'pong' && f.id === id);
      samples.push(pong.atMs - sentAt);
    }
  } finally {
    await s.close();
  }
  return samples;
}

/** `count` keep-alive GETs of `path`, request sent → last body byte, ms each. */
export async function bareGets(baseUrl, path, count, timeoutMs = 5_000) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const samples = [];
  try {
    for (let i = 0; i < count; i++) {
      samples.push(await timedGet(new URL(path, baseUrl), agent, timeoutMs));
    }
  } finally {
    agent.destroy();
  }
  return samples;
}

function timedGet(url, agent, timeoutMs) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.get(url, { agent, headers: { accept: 'application/json' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        JSON.parse(Buffer.concat(chunks).toString('utf8'));
        clearTimeout(timer);
        if (res.statusCode !== 200) reject(new Error(`GET ${url.pathname}: ${res.statusCode}`));
        else resolve(performance.now() - started);
      });
    });
    const timer = setTimeout(
      () => req.destroy(new Error(`GET ${url.pathname}: timeout`)),
      timeoutMs,
    );
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}
