/** The help text of `staging-gate run`: every flag, grouped as a person looks for them. */
export const RUN_USAGE = `staging-gate run — run the suite against a deployed service and gate on it

Usage:
  staging-gate run --base-url URL [options]

Every action input is a flag of the same name: --name value or --name=value. A flag given
twice takes its last value; --modules, --tests, --critical-tests and --perf-targets add up.

Target
  --base-url URL            the deployed service (required)
  --protocol P              what it speaks: agent-ws (default), ag-ui, a2a, mcp, custom
  --agent-url URL|PATH      the endpoint that runs the agent (required for ag-ui; default
                            per protocol: A2A from the agent card, MCP <base-url>/mcp)
  --health-path PATH        must answer 200 before testing (default /health for agent-ws,
                            none for the others: readiness through the protocol itself)
  --ws-url URL              WebSocket endpoint (default: base URL, ws(s) scheme, + /ws)
  --wait-for-ready SEC      wait for /health to be healthy (default 300)
  --expected-version V      wait until /health reports this build, e.g. a commit SHA
  --version-field PATH      where /health reports it: version, build.sha, ... (default version)

Credentials (prefer the -env forms: they keep secrets out of shell history)
  --jwt-secret-env VAR      read the JWT secret or PEM private key from env var VAR
  --jwt-secret S            the same, given directly
  --jwt-algorithm A         HS256 (default), HS384, HS512, RS256 or ES256
  --jwt-issuer I            iss claim (default staging-gate)
  --jwt-audience A          aud claim (default none)
  --jwt-claims JSON         extra claims, a JSON object (default {})
  --auth-token-env VAR      a ready token from env var VAR, instead of a JWT secret
  --auth-token T            the same, given directly
  Tests that need credentials, selected with none given, are a bad usage (exit 3), never a
  pass; --modules health runs without. With an auth-token, what one user cannot check is not
  run and keeps the verdict inconclusive unless --critical-tests leaves it out.

Selection
  --priority P              1 (default), 1-2, 2, 1,3 ...
  --modules LIST            comma-separated module ids or globs (default all)
  --tests LIST              comma-separated test ids or globs (default all)
  --shard I/N               run the I-th of N slices, for parallel jobs
  --suite-config FILE       YAML/JSON overrides of paths, messages, events, timing, extra tests

Gate
  --max-failure-rate PCT    percent of tests that may fail (default 0)
  --critical-tests LIST     globs of tests that fail the gate on any failure (default: priority 1)
  --perf-targets PAIRS      name=ms pairs, e.g. ws_latency_ms=80 (others keep their default)
  --perf-gate MODE          fail (default), warn or off: what a breached target does
  --on-inconclusive MODE    fail (default), pass or neutral
  --retries N               extra attempts for a failed test, 0-5 (default 1)
  --timeout SEC             the whole run (default 600)
  --concurrency N           tests at once (default 8)
  --concurrent-sessions N   sessions in the connection test (default 7)
  --concurrent-users N      users in the concurrency test (default 20)

Output
  --results-dir DIR         results.json, report.md, junit.xml (default staging-gate-results)
  --json                    print results.json to stdout instead of the table
  --quiet, -q               no progress lines, only the result
  --help, -h                this text

GitHub (usually set by the action; rarely needed here)
  --github-token-env VAR, --comment sticky|new|off, --comment-key KEY, --pr-number N,
  --commit-status true|false

Examples:
  STAGING_JWT_SECRET=... staging-gate run --base-url https://api.staging.example.com \\
      --jwt-secret-env STAGING_JWT_SECRET
  staging-gate run --base-url https://api.staging.example.com --jwt-secret-env STAGING_JWT_SECRET \\
      --expected-version "$(git rev-parse HEAD)" --priority 1-2 --perf-gate warn
  staging-gate run --base-url http://127.0.0.1:8080 --auth-token-env STAGING_TOKEN --json

Faults are injected into the reference service ('staging-gate sim --fault NAME'), never here.
Exit codes: 0 pass, 1 fail, 2 inconclusive (0 with --on-inconclusive pass or neutral),
3 bad usage. Ctrl-C (or SIGTERM) cancels the run and still writes the files, inconclusive.
`;
