/**
 * The agent card (`<base-url>/.well-known/agent-card.json`) judged against the spec of the
 * configured dialect, and the JSON-RPC endpoint it names. v1.0: `supportedInterfaces` with
 * `url` and `protocolBinding` (the first JSONRPC one is used); v0.3: `url` with
 * `preferredTransport`, or an `additionalInterfaces` entry with transport JSONRPC.
 */
import type { A2aVersion } from './wire.js';

export const CARD_PATH = '/.well-known/agent-card.json';

export interface CardFacts {
  name: string;
  version: string;
  /** the JSON-RPC URL the card names, absolute */
  jsonRpcUrl?: string;
  /** the card names a bearer (HTTP or OAuth2/OIDC) security scheme */
  declaresBearer: boolean;
  streaming: boolean;
}

export type CardCheck = { ok: true; card: CardFacts } | { ok: false; problems: string[] };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '';
}

function stringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.length > 0 && v.every(nonEmptyString);
}

function absoluteUrl(v: string, base: string): string | undefined {
  try {
    const u = new URL(v, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

function declaresBearer(card: Record<string, unknown>): boolean {
  const schemes = card.securitySchemes;
  if (!isRecord(schemes)) return false;
  return Object.values(schemes).some((s) => {
    if (!isRecord(s)) return false;
    // v1.0 ProtoJSON wraps each scheme: {httpAuthSecurityScheme: {scheme: "Bearer"}}; v0.3 is flat
    const inner = [s, ...Object.values(s).filter(isRecord)];
    return inner.some(
      (x) =>
        (typeof x.scheme === 'string' && x.scheme.toLowerCase() === 'bearer') ||
        x.type === 'oauth2' ||
        x.type === 'openIdConnect' ||
        'oauth2SecurityScheme' in s ||
        'openIdConnectSecurityScheme' in s,
    );
  });
}

/** Every required field present and well-formed, or the list of what is wrong. */
export function checkCard(body: unknown, version: A2aVersion, cardUrl: string): CardCheck {
  if (!isRecord(body)) return { ok: false, problems: ['the card is not a JSON object'] };
  const problems: string[] = [];
  for (const f of ['name', 'description', 'version'] as const)
    if (!nonEmptyString(body[f])) problems.push(`"${f}" is missing or empty`);
  if (!isRecord(body.capabilities)) problems.push('"capabilities" is not an object');
  for (const f of ['defaultInputModes', 'defaultOutputModes'] as const)
    if (!stringList(body[f])) problems.push(`"${f}" is not a non-empty list of media types`);
  if (!Array.isArray(body.skills)) problems.push('"skills" is not a list');
  else
    body.skills.forEach((s, i) => {
      if (
        !isRecord(s) ||
        !nonEmptyString(s.id) ||
        !nonEmptyString(s.name) ||
        !nonEmptyString(s.description)
      )
        problems.push(`skills[${i}] lacks id, name or description`);
    });
  let jsonRpcUrl: string | undefined;
  if (version === '1.0') {
    const list = body.supportedInterfaces;
    if (!Array.isArray(list) || list.length === 0)
      problems.push('"supportedInterfaces" is not a non-empty list');
    else {
      list.forEach((x, i) => {
        if (!isRecord(x) || !nonEmptyString(x.url) || !nonEmptyString(x.protocolBinding))
          problems.push(`supportedInterfaces[${i}] lacks url or protocolBinding`);
        else if (!absoluteUrl(x.url, cardUrl))
          problems.push(`supportedInterfaces[${i}].url is not an http(s) URL`);
      });
      const rpc = list.find(
        (x): x is Record<string, string> =>
          isRecord(x) && x.protocolBinding === 'JSONRPC' && nonEmptyString(x.url),
      );
      if (rpc) jsonRpcUrl = absoluteUrl(rpc.url, cardUrl);
    }
  } else {
    if (!nonEmptyString(body.url)) problems.push('"url" is missing');
    if (!nonEmptyString(body.protocolVersion)) problems.push('"protocolVersion" is missing');
    const preferred = body.preferredTransport ?? 'JSONRPC';
    if (preferred === 'JSONRPC' && nonEmptyString(body.url))
      jsonRpcUrl = absoluteUrl(body.url, cardUrl);
    else if (Array.isArray(body.additionalInterfaces)) {
      const rpc = body.additionalInterfaces.find(
        (x): x is Record<string, string> =>
          isRecord(x) && x.transport === 'JSONRPC' && nonEmptyString(x.url),
      );
      if (rpc) jsonRpcUrl = absoluteUrl(rpc.url, cardUrl);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const caps = body.capabilities as Record<string, unknown>;
  return {
    ok: true,
    card: {
      name: body.name as string,
      version: body.version as string,
      ...(jsonRpcUrl ? { jsonRpcUrl } : {}),
      declaresBearer: declaresBearer(body),
      streaming: caps.streaming === true,
    },
  };
}
