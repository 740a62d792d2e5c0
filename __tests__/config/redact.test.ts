import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseSettings } from '../../src/config/parse-settings.js';
import { evidenceText } from '../../src/transport/evidence.js';
import { redact, secretsOf } from '../../src/config/redact.js';
import { text } from '../../src/report/markdown.js';
import { renderReport } from '../../src/report/index.js';
import { BoundedEvidenceLog } from '../../src/runner/evidence-log.js';
import { waitForReady } from '../../src/runner/readiness.js';
import { seedIncident } from '../report/fixtures.js';
import { VirtualClock } from '../runner/virtual-clock.js';

const SECRET = 'super-secret-hmac-key-0123456789abcdef';
const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdGFnaW5nLWUyZS11c2VyLTAwMSJ9.3q2-7_kmQkN0dLeJc8Z0m1b6Yt0sCqVqz4mOZr0bP3w';

describe('secretsOf', () => {
  it('lists the JWT secret and the GitHub token', () => {
    const s = parseSettings({
      'base-url': 'https://x.test',
      'jwt-secret': SECRET,
      'github-token': 'ghs_tok123',
    });
    expect(secretsOf(s)).toEqual([SECRET, 'ghs_tok123']);
  });

  it('lists a ready token, and nothing without credentials', () => {
    expect(
      secretsOf(parseSettings({ 'base-url': 'https://x.test', 'auth-token': 'tok-abc' })),
    ).toEqual(['tok-abc']);
    expect(secretsOf(parseSettings({ 'base-url': 'https://x.test' }))).toEqual([]);
  });

  it('lists every body line of a PEM key, because maskers match line by line', () => {
    const { privateKey } = generateKeyPairSync('ec', {
      namedCurve: 'prime256v1',
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const s = parseSettings({
      'base-url': 'https://x.test',
      'jwt-secret': privateKey,
      'jwt-algorithm': 'ES256',
    });
    const secrets = secretsOf(s);
    const body = privateKey.split('\n').filter((l) => l && !l.startsWith('-----'));
    expect(secrets).toEqual(expect.arrayContaining([privateKey.trim(), ...body]));
    expect(secrets.some((x) => x.startsWith('-----BEGIN') && !x.includes('\n'))).toBe(false);
    expect(redact(`key line: ${body[1]}`, secrets)).toBe('key line: ***');
  });
});

describe('redact', () => {
  it('masks each secret everywhere, and its JSON and URL encodings', () => {
    const secrets = [SECRET, 'p@ss "word"\n2'];
    const text = `a ${SECRET} b ${SECRET} ${JSON.stringify({ s: 'p@ss "word"\n2' })} u=${encodeURIComponent('p@ss "word"\n2')}`;
    const out = redact(text, secrets);
    expect(out).toBe('a *** b *** {"s":"***"} u=***');
  });

  it('masks the longer of two overlapping secrets whole', () => {
    expect(redact('x abcdef y', ['abc', 'abcdef'])).toBe('x *** y');
  });

  it('masks anything JWT-shaped, even tokens it was not told about', () => {
    expect(redact(`token ${JWT} end`, [])).toBe('token *** end');
    expect(redact(`{"token":"${JWT}"}`, [])).toBe('{"token":"***"}');
    expect(redact('alg none: eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', [])).toBe('alg none: ***');
  });

  it('masks Authorization: Bearer values, the subprotocol and the query transports', () => {
    expect(redact('Authorization: Bearer opaque-token-123', [])).toBe('Authorization: Bearer ***');
    expect(redact('{"authorization":"Bearer abc.def"}', [])).toBe('{"authorization":"Bearer ***"}');
    expect(redact('Sec-WebSocket-Protocol: jwt.ZXlKaGJHY2lPaUpJVXpJMU5pSjk', [])).toBe(
      'Sec-WebSocket-Protocol: jwt.***',
    );
    expect(redact('wss://x.test/ws?token=abc123&v=1', [])).toBe('wss://x.test/ws?token=***&v=1');
  });

  it('leaves ordinary text alone and ignores empty secrets', () => {
    const text = 'GET /api/agents → 200 (12 ms); close 1011 Internal error';
    expect(redact(text, ['', '  '])).toBe(text);
  });

  it('treats secrets as text, not as patterns', () => {
    expect(redact('a.b a+b (x)', ['a+b', '(x)'])).toBe('a.b *** ***');
  });
});

describe('one redaction, every exit', () => {
  // What each exit of text once masked differently: the reproduce line only flags, the rest
  // only tokens. Every exit calls config/redact's `redact` now, so each masks all of them.
  const leaks = [
    { text: 'staging-gate run --base-url https://x --jwt-secret hunter2', secret: 'hunter2' },
    { text: 'run --auth-token=tok-3f9a1c --priority 1', secret: 'tok-3f9a1c' },
    { text: `upgrade sent Authorization: Bearer ${JWT}`, secret: JWT.slice(0, 40) },
    { text: `wss://x/ws?token=opaque-7781 refused`, secret: 'opaque-7781' },
  ];
  const exits: Record<string, (text: string) => Promise<string> | string> = {
    redact: (t) => redact(t, []),
    'client evidence': (t) => evidenceText(t),
    'runner evidence log': (t) => {
      const log = new BoundedEvidenceLog(new VirtualClock());
      log.add('out', t);
      return log.entries()[0].text;
    },
    'readiness error': async (t) =>
      (
        await waitForReady({
          probe: () => Promise.reject(new Error(t)),
          waitForReadySec: 0,
          versionField: 'version',
          clock: new VirtualClock(),
        })
      ).message,
    'report text': (t) => text(t, 1000),
    'report reproduce line': (t) =>
      renderReport(seedIncident(), { budget: 'comment', reproduce: t }),
  };
  for (const [name, exit] of Object.entries(exits)) {
    it(`${name} masks every secret-bearing form`, async () => {
      for (const leak of leaks) expect(await exit(leak.text)).not.toContain(leak.secret);
    });
  }

  it('keeps a shell variable and an env var name: they are the safe way to pass a secret', () => {
    const line =
      'staging-gate sim --jwt-secret "$SIM_SECRET" && staging-gate run --jwt-secret-env SIM_SECRET';
    expect(redact(line, [])).toBe(line);
  });
});
