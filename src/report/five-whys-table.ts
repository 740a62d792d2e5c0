/**
 * What is known to cause each failure category: the likely causes a person on call confirms
 * or strikes for Whys 2–5, and how to tell the fix worked. Written from the incidents of
 * real-time agent platforms (the seed's among them): keep each cause concrete enough to
 * check in a log, a config or a diff.
 */
import type { FailureCategory } from '../model.js';

export interface WhyStep {
  question: string;
  causes: readonly string[];
}

export interface CategoryKnowledge {
  /** Whys 2 and 3 (and 4, 5 when the category has its own); the rest come from DEFAULT_WHYS */
  whys: readonly WhyStep[];
  /** validation criteria beyond "the failing tests pass" */
  fixedWhen: readonly string[];
}

/** Why 4 and Why 5 for a category that does not say more: why staging, why not earlier. */
export const DEFAULT_WHYS: readonly WhyStep[] = [
  {
    question: 'Why did it show on staging and not before?',
    causes: [
      'staging configuration differs from local and CI (environment variables, secrets, feature flags)',
      'a dependency exists only on staging (managed database, cache, secret manager, LLM provider)',
      'staging has real concurrency: several users and sessions at once',
    ],
  },
  {
    question: 'Why was it not caught before this deploy?',
    causes: [
      'the tests before merge mock this path (mocked socket, mocked agent engine, bypass headers)',
      'the deploy is not gated on staging health (this check is not required on the branch)',
      'the symptom was seen before and closed without a root cause',
    ],
  },
];

export const FIVE_WHYS: Readonly<Record<FailureCategory, CategoryKnowledge>> = {
  ws_internal_error: {
    whys: [
      {
        question: 'Why did the service close the WebSocket with 1011?',
        causes: [
          'an unhandled exception in the WebSocket handler (look for a traceback at the close times)',
          'a dependency was not ready at connect time (database, cache, auth client, LLM provider)',
          'a serialization error in an error path (an exception, datetime or model object sent as JSON)',
          'the handler closes with 1011 on purpose while the service is still starting',
        ],
      },
      {
        question: 'Why did the exception close the connection instead of becoming an error frame?',
        causes: [
          'no error boundary (try/except) around message dispatch or the agent run',
          'the exception happens in a background task (an un-awaited send or agent task)',
          'the error handler itself fails (sends on a closed socket, closes twice)',
        ],
      },
    ],
    fixedWhen: [
      'no 1011 close in 3 consecutive runs',
      'the service log shows no unhandled exception in the WebSocket handler during those runs',
    ],
  },
  ws_abnormal_close: {
    whys: [
      {
        question: 'Why did the connection end without a normal close?',
        causes: [
          'the process crashed or was killed mid-run (out of memory, container restart)',
          'a proxy or load balancer cut it (idle timeout, maximum connection age, no WebSocket support)',
          'the service closed with an unexpected code (1001 during a rollout, 1012/1013, a 4xxx code)',
        ],
      },
      {
        question: 'Why did the process or the proxy drop it?',
        causes: [
          'memory or CPU limit too low for an agent run',
          'the idle timeout is shorter than the longest gap between frames (no heartbeat)',
          'instances were being replaced (rollout still in progress, scale-in) without draining',
        ],
      },
    ],
    fixedWhen: [
      'no 1006 or unexpected close in 3 consecutive runs',
      "the service's restart count does not grow during a run",
    ],
  },
  auth_rejected: {
    whys: [
      {
        question: 'Why did the service refuse a token the gate minted?',
        causes: [
          'the secret or key differs between the token issuer and the service',
          'the issuer or audience differs (`iss`, `aud` the service expects)',
          'the algorithm differs (HS256 vs RS256) or the PEM key is not the matching one',
          'clock skew: `iat`/`nbf` in the future on the service, or a very short `exp`',
          'the WebSocket expects the token elsewhere (subprotocol or `?token=` instead of the header)',
        ],
      },
      {
        question: 'Why do the issuer and the service disagree?',
        causes: [
          'the secret is read from different sources (environment variable, secret manager, a default)',
          'the secret was rotated on one side only',
          'a fallback secret is used when the real one fails to load, silently',
        ],
      },
      {
        question: 'Why did the service start with the wrong value?',
        causes: [
          'startup does not fail when the secret is missing; it falls back',
          'per-environment configuration is duplicated in several places',
        ],
      },
    ],
    fixedWhen: [
      'a token minted with the configured secret is accepted by HTTP and by the WebSocket',
      'the service refuses to start without its JWT secret',
    ],
  },
  auth_not_enforced: {
    whys: [
      {
        question: 'Why did the service accept a missing or wrongly signed token?',
        causes: [
          'signature verification is off (decode without verify, `alg: none` accepted)',
          'a test bypass (header, environment flag) is active on staging',
          'the route or the WebSocket upgrade lacks the auth dependency or middleware',
          'an MCP server does not validate `Origin`: a web page the user opens can reach it through the browser (DNS rebinding) and call its tools with what the server trusts',
        ],
      },
      {
        question: 'Why is verification off there?',
        causes: [
          'a debug or staging flag disables it',
          'auth middleware covers HTTP routes but not the WebSocket endpoint',
        ],
      },
      {
        question: 'Why did no test fail?',
        causes: [
          'tests only send valid tokens, so verification being off changes nothing for them',
          'tests send bypass headers that skip verification',
        ],
      },
    ],
    fixedWhen: [
      'a wrongly signed, an expired and a missing token each get 401/403 (or close 1008) on every protected route and on the WebSocket',
      'no request header changes that answer',
    ],
  },
  service_unavailable: {
    whys: [
      {
        question: 'Why did the service answer 502/503/504, or never become healthy?',
        causes: [
          'a startup crash (missing import, missing environment variable, failed migration)',
          'a slow cold start, longer than `wait-for-ready` or the platform startup probe',
          'a dependency unreachable at startup (database, secret manager, network connector)',
          'instances overloaded or scaled to zero',
        ],
      },
      {
        question: 'Why does startup fail or take that long?',
        causes: [
          'heavy components (model clients, caches, agent registries) initialized before serving',
          'startup waits on a dependency without a timeout',
          'a configuration value missing on this environment only',
        ],
      },
      {
        question: 'Why did the deploy not notice?',
        causes: [
          'the deploy job does not wait for a healthy revision',
          '`/health` reports healthy before dependencies are ready, or never reports healthy',
        ],
      },
    ],
    fixedWhen: [
      '`/health` reports healthy within `wait-for-ready` on a fresh deploy',
      'no 502/503/504 in 3 consecutive runs',
    ],
  },
  stale_deploy: {
    whys: [
      {
        question: 'Why did `/health` not report the expected version?',
        causes: [
          'the deploy has not rolled out (still building, failed, or traffic still on the old revision)',
          'the version is elsewhere in `/health` (`version-field` points at the wrong JSON path) or is a tag, not the commit',
          'the image was built from another commit (build cache, wrong ref)',
          'A2A: the agent card is static (a file, a CDN copy) and its `version` is not stamped with the build',
        ],
      },
      {
        question: 'Why is the old revision still serving?',
        causes: [
          'the new revision failed its health check and the platform kept the old one',
          'traffic is pinned to a named revision',
        ],
      },
      {
        question: 'Why did the gate start before the rollout finished?',
        causes: [
          'the gate job does not `needs:` the deploy job',
          '`wait-for-ready` is shorter than a rollout',
          'the build does not stamp its commit into the service',
        ],
      },
    ],
    fixedWhen: [
      '`/health` reports the expected version within `wait-for-ready`',
      'the gate job runs after the deploy job (`needs:`)',
    ],
  },
  not_found: {
    whys: [
      {
        question: 'Why does the service answer 404 on a path the protocol requires?',
        causes: [
          'the route moved or was renamed (a new prefix such as `/api/v1`)',
          'the router is not registered at startup (an import failed quietly, a flag is off)',
          "the gate's paths (`suite-config`) are out of date",
          'the request reached another service (ingress rule, wrong `base-url`)',
          'an MCP server serves no protected-resource metadata (RFC 9728) and names none in its 401: clients cannot discover how to authorize (auth metadata missing)',
        ],
      },
      {
        question: 'Why did the path change without the clients knowing?',
        causes: [
          'no single source for API paths shared by the service and its clients',
          'a route registration depends on a flag that is off on staging',
        ],
      },
    ],
    fixedWhen: [
      'the path answers its documented status in 3 consecutive runs',
      "`suite-config` paths match the service's route table",
    ],
  },
  http_error: {
    whys: [
      {
        question: 'Why did the endpoint answer an unexpected status?',
        causes: [
          'an unhandled exception in the handler (5xx: look for the traceback at that time)',
          'a downstream call failed (database, MCP server, another service)',
          'the request shape the gate sends is now rejected (400/422 after a schema change)',
          'rate limiting (429) from a limit shared with other traffic',
          'an MCP tool crashed in its handler and the exception became a 500 instead of an `isError` result (tool crash)',
        ],
      },
      {
        question: 'Why was the failure not handled?',
        causes: [
          'the handler fails instead of degrading (e.g. an empty list when a registry is unavailable)',
          'data or configuration present locally is missing on staging (seed data, registered servers)',
        ],
      },
    ],
    fixedWhen: ['the endpoint answers its documented status in 3 consecutive runs'],
  },
  connection_failed: {
    whys: [
      {
        question: 'Why could the gate not connect?',
        causes: [
          'the name does not resolve (wrong `base-url`, DNS record missing)',
          'connection refused: nothing listens (service down, wrong port)',
          'TLS failed: certificate expired, still provisioning, or issued for another host',
          'reset by a proxy or firewall (runner IP not allowed, egress blocked)',
        ],
      },
      {
        question: 'Why was the endpoint not reachable?',
        causes: [
          'the environment was torn down or not created yet',
          'a domain or certificate change is still propagating',
          "the firewall does not allow the CI runner's addresses",
        ],
      },
    ],
    fixedWhen: ['the gate reaches `/health` from the CI runner with a valid certificate'],
  },
  timeout: {
    whys: [
      {
        question: 'Why did nothing come in time at this stage?',
        causes: [
          'the service is slow: cold start, overloaded instance, slow dependency (LLM call, database)',
          'the frame was never sent: the handler is stuck on a lock, a queue or an awaited call',
          'the answer went elsewhere (another connection, user or instance)',
          'the timeout is shorter than the real work (a long tool run)',
        ],
      },
      {
        question: 'Why is the handler stuck or slow?',
        causes: [
          'an awaited call without its own timeout',
          'blocking work on the event loop (synchronous I/O in an async handler)',
          "runs queued behind other users' runs (a single worker)",
        ],
      },
    ],
    fixedWhen: [
      'every event arrives within its time limit and every run completes, in 3 consecutive runs',
    ],
  },
  protocol_violation: {
    whys: [
      {
        question: 'Why did the service send a frame or body the protocol does not allow?',
        causes: [
          'the schema changed (a type renamed, a field moved, e.g. `data.event` vs `type`)',
          'an error path sends plain text or HTML (a proxy error page, a stack trace) instead of JSON',
          'a proxy or a custom sender corrupts, splits or joins frames',
          'A2A: CancelTask is acknowledged but the executor never checks for cancellation, so the task runs on to COMPLETED',
          'A2A: the agent card drifted from the code (a required field dropped or renamed, an old JSON-RPC URL), or GetTask reads a store the stream never wrote',
          'an MCP tool schema drifted: an `inputSchema` that is no longer an object schema, a protocol version the clients do not speak (schema drift)',
        ],
      },
      {
        question: 'Why did the change go unnoticed?',
        causes: [
          'the message models are duplicated between service and clients; one side was updated',
          "the gate's message names (`suite-config`) are out of date",
        ],
      },
    ],
    fixedWhen: ['every frame and body parses and matches the protocol in 3 consecutive runs'],
  },
  missing_event: {
    whys: [
      {
        question: 'Why did a critical event never come, or come out of order?',
        causes: [
          'the emitter skipped it (an early return, a notifier disabled or not wired on this path)',
          'async sends reordered: events sent from concurrent tasks without awaiting each',
          'the event went to another connection (registry lookup by the wrong id) or was dropped on a closed socket',
          'the event was renamed (the gate expects the configured name)',
          'A2A: the task is stuck in WORKING: the executor never publishes a terminal status update (an exception after the last artifact, no `finished()`)',
        ],
      },
      {
        question: 'Why does that path not emit the events?',
        causes: [
          'the emitter is not called on every path of the agent (runs without tools, cached answers)',
          'send errors are swallowed',
        ],
      },
      {
        question: 'Why did no test notice?',
        causes: [
          'tests check the final answer only, not the event sequence',
          'the UI tolerates missing events, so nobody saw them go',
        ],
      },
    ],
    fixedWhen: [
      'every run delivers agent_started, agent_thinking, paired tool_executing/tool_completed and agent_completed, in order, in 3 consecutive runs',
    ],
  },
  isolation_breach: {
    whys: [
      {
        question: "Why did a user receive another user's events or data?",
        causes: [
          'events are broadcast to all connections instead of routed per user',
          'the connection registry is keyed by something shared (thread id, a singleton "current user")',
          'a query or cache is not filtered by user (threads, messages)',
          'request context leaks between concurrent requests (a global or misused context variable)',
        ],
      },
      {
        question: 'Why is state shared between users?',
        causes: [
          'one execution engine or WebSocket manager instance serves all users',
          'cache keys do not include the user id',
        ],
      },
      {
        question: 'Why did no test notice?',
        causes: ['tests run with a single user', 'no two-user test is required before deploy'],
      },
    ],
    fixedWhen: [
      "no user sees another user's events in 3 consecutive runs",
      "another user's thread answers 403 or 404, never 200",
    ],
  },
  performance_breach: {
    whys: [
      {
        question: 'Why is the p95 over its target?',
        causes: [
          'a cold start or scale-from-zero during the run',
          'a slow dependency on the path (database, key lookup for token verification, LLM provider)',
          'an under-provisioned instance (CPU throttling)',
          'distance: the runner is far from the service (compare p50 with a run from its region)',
        ],
      },
      {
        question: 'Why does each request pay that cost?',
        causes: [
          'per-request work that could be cached (keys, configuration, agent registry)',
          'synchronous work on the event loop',
        ],
      },
    ],
    fixedWhen: ['p95 at or under target, with samples, in 3 consecutive runs'],
  },
  agent_error: {
    whys: [
      {
        question: 'Why did the agent end the run with an error of its own?',
        causes: [
          'the LLM provider refused the call: a missing, expired or wrong-environment API key on staging',
          'the provider rate-limited or throttled the account (429 / quota exceeded in the agent logs)',
          'a tool the agent called threw, and the error ended the run instead of becoming a tool result',
          'the model name or deployment configured on staging does not exist there',
          'A2A: the task ended FAILED (the executor threw; the status message says why) or REJECTED (the agent refused the skill or the input mode)',
        ],
      },
      {
        question:
          'Why did that error end the run instead of being retried or reported in the answer?',
        causes: [
          'no retry with backoff around provider calls',
          'tool exceptions are not caught and turned into an error result the model can read',
          'a timeout around the provider call shorter than its real latency on staging',
        ],
      },
    ],
    fixedWhen: [
      'the same prompt completes (RUN_FINISHED, task COMPLETED, a tool result without isError) in 3 consecutive runs',
      'the agent logs show no provider or tool error for the gate’s runs',
    ],
  },
  stream_buffered: {
    whys: [
      {
        question: 'Why did every event arrive at once, at the end of the stream?',
        causes: [
          'a reverse proxy buffers the response (nginx proxy_buffering on; send X-Accel-Buffering: no)',
          'compression middleware (gzip) collects the body before sending it',
          'the framework collects the generator before sending (a non-streaming response class)',
          'the handler writes events without flushing them',
        ],
      },
      {
        question: 'Why did the buffering reach staging?',
        causes: [
          'a proxy, CDN or load balancer in front of staging that local runs do not pass through',
          'a new middleware or framework upgrade changed how responses are written',
        ],
      },
    ],
    fixedWhen: [
      'time to first token is well under the run duration, with events spread over the run, in 3 consecutive runs',
    ],
  },
  assertion: {
    whys: [
      {
        question: 'Why did the check fail?',
        causes: [
          'the response content changed (a field missing, a list empty, another shape)',
          'staging data differs (no agents registered, no MCP server connected)',
          "the check's expectation is out of date with the protocol",
        ],
      },
      {
        question: 'Why did the content change?',
        causes: [
          'a recent change to the endpoint or its data',
          'data on staging is not managed with the code (seeds, fixtures, registrations)',
        ],
      },
    ],
    fixedWhen: [],
  },
};
