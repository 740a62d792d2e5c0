// The pure readings of the MCP client: the versions it accepts are the SDK's, challenges
// and JSON-RPC answers are read as the specs write them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LATEST_PROTOCOL_VERSION as SDK_LATEST,
  SUPPORTED_PROTOCOL_VERSIONS as SDK_SUPPORTED,
} from '@modelcontextprotocol/sdk/types.js';
import {
  LATEST_PROTOCOL_VERSION,
  SUPPORTED_PROTOCOL_VERSIONS,
  initializeProblems,
  readBearerChallenge,
  readResponse,
  toolProblems,
  wellKnownMetadataUrls,
} from '../../src/agent/mcp/wire.js';

describe('MCP wire readings', () => {
  it('accepts exactly the protocol versions the official SDK lists', () => {
    expect(LATEST_PROTOCOL_VERSION).toBe(SDK_LATEST);
    expect([...SUPPORTED_PROTOCOL_VERSIONS]).toEqual([...SDK_SUPPORTED]);
  });

  it('reads resource_metadata from a Bearer challenge, quoted or not, among other schemes', () => {
    expect(
      readBearerChallenge(
        'Bearer error="invalid_token", resource_metadata="https://a.example/.well-known/oauth-protected-resource/mcp"',
      ),
    ).toEqual({
      bearer: true,
      error: 'invalid_token',
      resourceMetadata: 'https://a.example/.well-known/oauth-protected-resource/mcp',
    });
    expect(
      readBearerChallenge('Basic realm="x", Bearer resource_metadata=https://b/m'),
    ).toMatchObject({
      bearer: true,
      resourceMetadata: 'https://b/m',
    });
    expect(readBearerChallenge('Basic realm="x"')).toEqual({ bearer: false });
    expect(readBearerChallenge(undefined)).toEqual({ bearer: false });
  });

  it('puts the well-known metadata path before the resource path (RFC 9728 §3.1)', () => {
    expect(wellKnownMetadataUrls('https://h.example/api/mcp')).toEqual([
      'https://h.example/.well-known/oauth-protected-resource/api/mcp',
      'https://h.example/.well-known/oauth-protected-resource',
    ]);
  });

  it('tells responses from notifications and names what is malformed', () => {
    expect(readResponse({ jsonrpc: '2.0', method: 'notifications/message' })).toBeUndefined();
    expect(readResponse({ jsonrpc: '2.0', id: 1, result: {} })).toEqual({
      jsonrpc: '2.0',
      id: 1,
      result: {},
    });
    expect(readResponse({ jsonrpc: '2.0', id: 1, result: [] })).toMatch(/neither/);
    expect(readResponse({ jsonrpc: '1.0', id: 1, result: {} })).toMatch(/jsonrpc/);
    expect(
      readResponse({ jsonrpc: '2.0', id: 2, error: { code: -32601, message: 'x' } }),
    ).toMatchObject({
      error: { code: -32601 },
    });
  });

  it('names every problem of an initialize result and of a tool', () => {
    expect(
      initializeProblems({
        protocolVersion: '2025-11-25',
        serverInfo: { name: 'n', version: '1' },
        capabilities: {},
      }),
    ).toEqual([]);
    expect(
      initializeProblems({ protocolVersion: '2026-01-01', serverInfo: { name: '' } }),
    ).toHaveLength(4);
    expect(toolProblems({ name: 't', inputSchema: { type: 'object' } }, 'tools[0]')).toEqual([]);
    expect(toolProblems({ inputSchema: { type: 'string' } }, 'tools[1]')).toHaveLength(2);
  });

  it('never throws on any header or message, and reads back a generated challenge', () => {
    fc.assert(
      fc.property(fc.string(), fc.jsonValue(), (header, message) => {
        readBearerChallenge(header);
        readResponse(message);
        if (typeof message === 'object' && message !== null && !Array.isArray(message))
          initializeProblems(message as Record<string, unknown>);
      }),
    );
    fc.assert(
      fc.property(fc.webUrl(), fc.constantFrom('', 'error="invalid_token", '), (url, before) => {
        const challenge = readBearerChallenge(`Bearer ${before}resource_metadata="${url}"`);
        expect(challenge.resourceMetadata).toBe(url);
      }),
    );
  });
});
