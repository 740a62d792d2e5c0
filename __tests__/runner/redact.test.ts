import { describe, expect, it } from 'vitest';
import { redact } from '../../src/config/redact.js';
import { truncateText } from '../../src/runner/redact.js';

const redactSecrets = (text: string): string => redact(text, []);
import { globToRegExp, matchesGlob } from '../../src/runner/glob.js';

describe('redact with no secrets given', () => {
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzdGFnaW5nLWUyZS11c2VyLTAwMSJ9.c2lnbmF0dXJlLWJ5dGVz';

  it('removes bearer tokens, bare JWTs, token query parameters and jwt subprotocols', () => {
    expect(redactSecrets(`Authorization: Bearer ${jwt}`)).toBe('Authorization: Bearer ***');
    expect(redactSecrets(`token was ${jwt} here`)).toBe('token was *** here');
    expect(redactSecrets(`wss://x/ws?token=${jwt}&a=1`)).toBe('wss://x/ws?token=***&a=1');
    expect(redactSecrets('Sec-WebSocket-Protocol: jwt.ZXlKaGJHY2lPaUpJVXpJMU5pSjk')).toBe(
      'Sec-WebSocket-Protocol: jwt.***',
    );
    expect(redactSecrets(`{"token":"${jwt}"}`)).not.toContain(jwt);
  });

  it('leaves ordinary text alone', () => {
    const text = '{"type":"agent_completed","run_id":"r-1"} 1011 Internal error';
    expect(redactSecrets(text)).toBe(text);
  });

  it('truncates with a visible mark', () => {
    expect(truncateText('abcdef', 4)).toBe('abc…');
    expect(truncateText('abc', 4)).toBe('abc');
  });
});

describe('globs', () => {
  it('* stays within a segment, ** crosses, ? is one character', () => {
    expect(matchesGlob('a/b', 'a/*')).toBe(true);
    expect(matchesGlob('a/b/c', 'a/*')).toBe(false);
    expect(matchesGlob('a/b/c', 'a/**')).toBe(true);
    expect(matchesGlob('a/bc', 'a/b?')).toBe(true);
    expect(matchesGlob('a/b', 'a/b?')).toBe(false);
    expect(globToRegExp('a+b(c)').test('a+b(c)')).toBe(true);
  });
});
