/**
 * What a protocol plugs into the engine: its built-in modules, the context its tests get,
 * the metrics it measures, and how readiness is judged without a `health-path`. The engine
 * (pipeline/run-gate) reads nothing else of a protocol; one registry (`protocols.ts`) lists
 * them.
 */
import type { HttpClient } from '../client/http.js';
import type { Settings } from '../config/settings.js';
import type { MetricName, ProtocolId } from '../model.js';
import type { BaseContextHooks, ContextFactory } from './core/base-context.js';
import type { SuiteModule } from './types.js';

/** One readiness poll's answer: a status (200 = healthy) and the body the version is read from. */
export interface ReadinessAnswer {
  status: number;
  body: unknown;
}

export interface ReadinessProbe {
  /** what messages call it: `/health`, `the agent card`, `initialize` */
  target: string;
  /** where the version is in `body` */
  versionField: string;
  probe(signal: AbortSignal): Promise<ReadinessAnswer>;
}

/** A test of the shared core that this protocol cannot carry, with why. */
export interface LeftOut {
  id: string;
  reason: string;
}

export interface ProtocolSuite<Ctx = unknown> {
  id: ProtocolId;
  /** for the report's headline: `agent-ws`, `AG-UI`, `A2A`, `MCP`, `custom` */
  title: string;
  /** the metrics this protocol measures; results.json lists exactly these */
  metrics: readonly MetricName[];
  /** the built-in modules for this run, suite-config applied */
  modules(settings: Settings): SuiteModule<Ctx>[];
  /** the core tests this protocol cannot carry (listed in the report, never selected) */
  leftOut?(settings: Settings): LeftOut[];
  createContext(settings: Settings, hooks: BaseContextHooks): ContextFactory<Ctx>;
  /** readiness through the protocol itself, used when `health-path` is not set */
  readiness?(settings: Settings, http: HttpClient): ReadinessProbe;
}
