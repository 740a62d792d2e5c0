/**
 * What a declared scenario is once `suite-config` has been checked (INTERFACE.md §6): typed
 * steps, patterns already validated, repeats as bounds. The engine under
 * `suite/scenarios/` runs exactly this shape and never re-checks it.
 */
import type { MetricName } from '../model.js';

/**
 * A JSON subset a value must match (validated at load): a mapping's keys must each be
 * present and match, a list matches element-wise, a scalar is equal; `{$type}`, `{$regex}`,
 * `{$exists}` are operators; `${name}` in a string is a captured value; at the top level of
 * a frame pattern `$event` is the SSE event name and `$data` the raw text of the frame.
 */
export type Pattern = unknown;

export const OPERATORS = ['$type', '$regex', '$exists'] as const;
export const FRAME_KEYS = ['$event', '$data'] as const;
export const TYPE_NAMES = ['string', 'number', 'boolean', 'object', 'array', 'null'] as const;

/** The names a string uses as `${name}`. */
export function varsIn(text: string): string[] {
  return [...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}/g)].map((m) => m[1]);
}

/** How many consecutive-in-order matches an element takes: `1`, `1+`, `0+`, `N`. */
export interface Repeat {
  min: number;
  /** Infinity for `1+` and `0+` */
  max: number;
}

/** JSONPath subset: `$`, `.key`, `['key']`, `[0]`, already split. */
export type JsonPath = readonly (string | number)[];

export interface Captures {
  [name: string]: { path: JsonPath; source: string };
}

export interface SequenceElement {
  match: Pattern;
  repeat: Repeat;
  capture: Captures;
  /** time from the anchor to this element's first match */
  metric?: MetricName;
  /** this element's first match must come within this many ms of the anchor */
  within?: number;
}

export type SequenceItem =
  { kind: 'one'; element: SequenceElement } | { kind: 'anyOrder'; elements: SequenceElement[] };

export interface SequenceSpec {
  items: SequenceItem[];
  ignore: Pattern[];
  /** ms for the whole sequence, from the anchor */
  within?: number;
  /** ms between two matches (the anchor counts as the first) */
  maxGap?: number;
  /** a frame that matches neither the sequence nor `ignore` fails the step */
  strict: boolean;
  /** `closed`: the channel must end after the last match */
  end?: 'closed';
  /** the WebSocket must be closed by the service with one of these codes */
  closeCode?: number[];
}

export interface ExpectSpec {
  /** HTTP status (request, stream, refused upgrade) */
  status?: number[];
  /** the body (request) must be JSON matching this */
  json?: Pattern;
  /** 401/403, or a WebSocket closed 1008 before the step's timeout */
  refused?: boolean;
  sequence?: SequenceSpec;
}

export type TokenKind = 'valid' | 'wrong-signature' | 'expired' | 'malformed';
export type WsAuth = 'header' | 'subprotocol' | 'query' | 'none';
export type ScenarioMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

interface StepBase {
  /** where it stands in the file, for messages: `steps[2] (stream)` */
  label: string;
  /** 1-based test user */
  user: number;
  /** ms for this step */
  timeoutMs?: number;
}

export interface HttpTarget {
  method: ScenarioMethod;
  path: string;
  /** a bearer token is sent */
  auth: boolean;
  token: TokenKind;
  json?: unknown;
  headers: Record<string, string>;
  query: Record<string, string>;
}

export type ScenarioStep =
  | (StepBase & {
      kind: 'request';
      target: HttpTarget;
      expect: ExpectSpec;
      capture: Captures;
    })
  | (StepBase & {
      kind: 'stream';
      target: HttpTarget;
      name?: string;
      expect: ExpectSpec;
    })
  | (StepBase & {
      kind: 'connect';
      path: string;
      auth: WsAuth;
      token: TokenKind;
      headers: Record<string, string>;
      query: Record<string, string>;
      name?: string;
      expect: ExpectSpec;
    })
  | (StepBase & { kind: 'send'; on?: string; json?: unknown; text?: string })
  | (StepBase & { kind: 'expect'; on?: string; expect: ExpectSpec })
  | (StepBase & { kind: 'close'; on?: string; code: number; reason: string })
  | (StepBase & { kind: 'sleep'; ms: number });

export interface Scenario {
  /** `module/name` */
  id: string;
  module: string;
  title: string;
  priority: number;
  steps: ScenarioStep[];
  /** metric names any step records */
  metrics: MetricName[];
}
