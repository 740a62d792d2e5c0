import { connect as tcpConnect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useFaultySims } from './faulty-sims.js';
import { connect, http, mintToken, openProbe } from './wire.js';

const sim = useFaultySims();

describe('hostile faults', () => {
  it('garbage-frames: binary junk and non-JSON text between real events; the run completes', async () => {
    const s = await sim(['garbage-frames']);
    const probe = await connect(s.wsUrl, { token: await mintToken() });
    probe.send({ type: 'user_message', content: 'junk' });
    await probe.waitFor((f) => f.type === 'agent_completed');
    const kinds = probe.received.map((r) => (r.kind === 'json' ? String(r.frame.type) : r.kind));
    expect(kinds.filter((k) => k === 'binary').length).toBeGreaterThan(0);
    expect(kinds.filter((k) => k === 'text').length).toBeGreaterThan(0);
    const started = kinds.indexOf('agent_started');
    expect(kinds.slice(started, started + 4)).toEqual([
      'agent_started',
      'binary',
      'text',
      'agent_thinking',
    ]);
  });

  it('oversized-frame: a 20 MB frame after agent_started', async () => {
    const s = await sim(['oversized-frame']);
    const probe = await connect(s.wsUrl, { token: await mintToken() });
    probe.send({ type: 'user_message', content: 'big' });
    await probe.waitFor((f) => f.type === 'agent_completed', 10_000);
    const big = probe.received.find((r) => r.kind === 'text');
    expect(big && big.kind === 'text' ? big.bytes : 0).toBeGreaterThanOrEqual(20 * 1024 * 1024);
    const small = openProbe(s.wsUrl, {
      token: await mintToken(),
      options: { maxPayload: 1024 * 1024 },
    });
    await small.waitFor((f) => f.type === 'connection_established');
    small.send({ type: 'user_message', content: 'big' });
    await small.closed;
    // the client refuses the frame (it closes 1009; the code it reports depends on the race)
    expect((small.error as NodeJS.ErrnoException | undefined)?.code).toBe(
      'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH',
    );
  });

  it('hang: HTTP and the upgrade are accepted but never answered; close() still ends them', async () => {
    const s = await sim(['hang']);
    await expect(http(s.baseUrl, '/health', { timeoutMs: 300 })).rejects.toThrow();
    const probe = openProbe(s.wsUrl, {
      token: await mintToken(),
      options: { handshakeTimeout: 300 },
    });
    await probe.closed;
    expect(probe.error?.message).toMatch(/timed out/i);
    expect(probe.received).toEqual([]);
  });

  it('slowloris: the response trickles one byte at a time', async () => {
    const s = await sim(['slowloris:20']);
    const socket = tcpConnect(s.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no 3 bytes within 3 s')), 3_000);
        socket.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          if (Buffer.concat(chunks).length >= 3) {
            clearTimeout(timer);
            resolve();
          }
        });
        socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
      });
    } finally {
      socket.destroy();
    }
    const text = Buffer.concat(chunks).toString('latin1');
    expect('HTTP/1.1 200 OK'.startsWith(text)).toBe(true);
    expect(chunks.every((c) => c.length <= 2)).toBe(true);
  });

  it('reset-mid-run: a TCP reset after agent_started', async () => {
    const s = await sim(['reset-mid-run']);
    const probe = await connect(s.wsUrl, { token: await mintToken() });
    probe.send({ type: 'user_message', content: 'cut' });
    expect((await probe.closed).code).toBe(1006);
    expect(probe.socketError).toBe('ECONNRESET');
    expect(probe.frames.map((f) => f.type)).toEqual(['connection_established', 'agent_started']);
  });

  it('redirect-loop: 302 to itself, which a following client gives up on', async () => {
    const s = await sim(['redirect-loop']);
    const res = await http(s.baseUrl, '/api/agents?x=1');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/api/agents?x=1');
    await expect(
      fetch(`${s.baseUrl}/health`, { signal: AbortSignal.timeout(5_000) }),
    ).rejects.toThrow();
  });

  it('wrong-content-type: JSON sent as text/html', async () => {
    const s = await sim(['wrong-content-type']);
    const res = await http(s.baseUrl, '/health');
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.json).toMatchObject({ status: 'healthy' });
  });

  it('huge-json: /api/* GETs answer a valid 50 MB JSON body with the real fields', async () => {
    const s = await sim(['huge-json']);
    const res = await http(s.baseUrl, '/api/agents', {
      token: await mintToken(),
      timeoutMs: 20_000,
    });
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBeGreaterThanOrEqual(50 * 1024 * 1024);
    expect(res.text.length).toBe(Number(res.headers.get('content-length')));
    expect((res.json?.agents as unknown[]).length).toBeGreaterThan(0);
    expect((await http(s.baseUrl, '/health')).text.length).toBeLessThan(1000);
  });
});
