// The human half of the bench's output: one table per question, goals beside the numbers.

const MB = 1_000_000;

/** The issue's goals, each judged on the BENCH record. */
export const GOALS = [
  { name: 'wallOverCriticalPath', text: '≤ 1.5', met: (b) => b.wallOverCriticalPath <= 1.5 },
  { name: 'wsLatencyErrorMs', text: 'within ±2 ms', met: (b) => Math.abs(b.wsLatencyErrorMs) <= 2 },
  {
    name: 'apiLatencyErrorMs',
    text: 'within ±2 ms',
    met: (b) => Math.abs(b.apiLatencyErrorMs) <= 2,
  },
  { name: 'sessionsRatio', text: '≥ 0.8 × bare', met: (b) => b.sessionsRatio >= 0.8 },
  { name: 'sessionErrors', text: '0', met: (b) => b.sessionErrors === 0 },
  { name: 'peakRssMb', text: '≤ 200 MB', met: (b) => b.peakRssMb <= 200 },
  { name: 'coldStartOverheadMs', text: '≤ 150 ms', met: (b) => b.coldStartOverheadMs <= 150 },
  { name: 'distBytes', text: '≤ 2 MB', met: (b) => b.distBytes <= 2 * MB },
  { name: 'readinessLagMs', text: '≤ 1,200 ms', met: (b) => b.readinessLagMs <= 1_200 },
  {
    name: 'readinessPollsPerSec',
    text: '≤ 1 poll/s',
    // a poll event is stamped when the poll ends, so one late answer can shorten a gap
    met: (b) => b.readinessPollsPerSec <= 1.05,
  },
  {
    name: 'simPeakOpenSessions',
    text: '1,000 at once',
    met: (b) => b.simPeakOpenSessions >= 1_000,
  },
];

const fmt = (value, digits = 1) =>
  typeof value === 'number' && Number.isFinite(value)
    ? value.toLocaleString('en-US', {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      })
    : String(value);
const ms = (value, digits = 1) => `${fmt(value, digits)} ms`;
const signed = (value) => `${value >= 0 ? '+' : ''}${fmt(value, 2)} ms`;

function table(title, header, rows) {
  const all = [header, ...rows].map((r) => r.map(String));
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r) => `  ${r.map((c, i) => (c ?? '').padEnd(widths[i])).join('  ')}`.trimEnd();
  return [
    title,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...all.slice(1).map(line),
    '',
  ].join('\n');
}

function verdict(bench, name) {
  const goal = GOALS.find((g) => g.name === name);
  return goal ? `${goal.text} ${goal.met(bench) ? '✓' : '✗ MISSED'}` : '';
}

export function renderTable({ bench, suite, fidelity, scale, cold, readiness }) {
  const m = bench.machine;
  const out = [
    `staging-gate bench — ${m.cpus} × ${m.model}, node ${m.node}, ${m.platform}, load ${m.loadAvg1m} at start`,
    '',
  ];
  out.push(
    table(
      '1. P1 suite vs its critical path (sim latency 40 ms on every response and frame)',
      ['', 'value', 'goal'],
      [
        [`wall, concurrency ${suite.concurrency}`, ms(suite.parallel.wallMs, 0), ''],
        [`critical path (${suite.parallel.longestTest})`, ms(suite.parallel.criticalPathMs, 0), ''],
        [
          'wall ÷ critical path',
          fmt(bench.wallOverCriticalPath, 2),
          verdict(bench, 'wallOverCriticalPath'),
        ],
        [
          `longest test alone (${suite.sequential.longestTest}, concurrency 1)`,
          ms(suite.sequential.criticalPathMs, 0),
          '',
        ],
        ['wall ÷ longest test alone', fmt(bench.wallOverSoloCriticalPath, 2), ''],
        [
          `sum of test durations (÷ ${suite.concurrency} = ${fmt(suite.parallel.sumOfTestsMs / suite.concurrency, 0)} ms)`,
          ms(suite.parallel.sumOfTestsMs, 0),
          '',
        ],
        ['wall, concurrency 1', ms(suite.sequential.wallMs, 0), ''],
        ['speed-up (sequential ÷ parallel)', `${fmt(bench.sequentialOverParallel, 2)} ×`, ''],
        ['parallel walls (3 runs)', suite.parallelWalls.map((w) => fmt(w, 0)).join(', '), ''],
      ],
    ),
  );
  const fid = (label, f, name) => [
    label,
    ms(f.gateP50, 2),
    ms(f.rawP50, 2),
    ms(f.expected, 2),
    signed(f.errorMs),
    `${ms(f.bareSlowP50, 2)} (${signed(f.overBareMs)})`,
    verdict(bench, name),
  ];
  out.push(
    table(
      '2. Measurement fidelity (slow-pong:40, slow-api:40; raw = bare client on a fault-free sim)',
      ['metric', 'gate p50', 'raw p50', '40 + raw', 'error', 'bare on faulty sim', 'goal'],
      [
        fid('ws_latency_ms', fidelity.ws, 'wsLatencyErrorMs'),
        fid('api_response_ms', fidelity.api, 'apiLatencyErrorMs'),
      ],
    ),
  );
  out.push(
    table(
      '3. Concurrency: connect, welcome, one run, close — N at once (client and sim in separate processes;\n   sessions/s and CPU are medians of the runs; errors summed, peak RSS the highest)',
      [
        'users',
        'client',
        'sessions/s',
        'runs',
        'ratio',
        'errors',
        'peak RSS',
        'client CPU',
        'sim CPU',
        'sim peak open',
      ],
      scale.rows.map((r) => {
        const bare = scale.at('bare', r.n);
        return [
          fmt(r.n, 0),
          r.mode,
          fmt(r.sessionsPerSec, 0),
          r.rates.length > 1 ? r.rates.map((x) => fmt(x, 0)).join(', ') : '',
          r.mode === 'gate' ? `${fmt(r.sessionsPerSec / bare.sessionsPerSec, 2)} ×` : '',
          String(r.errors),
          `${fmt(r.peakRssMb, 1)} MB`,
          ms(r.cpuMs, 0),
          ms(r.sim.cpuMs, 0),
          fmt(r.sim.peakOpen, 0),
        ];
      }),
    ),
  );
  out.push(
    table(
      '   goals at 1,000 users',
      ['', 'value', 'goal'],
      [
        ['gate ÷ bare sessions/s', fmt(bench.sessionsRatio, 2), verdict(bench, 'sessionsRatio')],
        ['errors (gate, all N)', String(bench.sessionErrors), verdict(bench, 'sessionErrors')],
        ['gate peak RSS', `${fmt(bench.peakRssMb, 1)} MB`, verdict(bench, 'peakRssMb')],
        [
          'client CPU per session, gate / bare',
          `${ms(bench.gateCpuPerSessionMs, 2)} / ${ms(bench.bareCpuPerSessionMs, 2)} (${fmt(bench.cpuPerSessionRatio, 2)} ×)`,
          '',
        ],
      ],
    ),
  );
  out.push(
    table(
      '4. Cold start and size (median of 7 spawns each)',
      ['', 'value', 'goal'],
      [
        ['node -e 0, spawn → exit', ms(cold.nodeMs, 0), ''],
        ['node dist/index.js, spawn → first request', ms(cold.firstRequestMs, 0), ''],
        [
          'overhead over node -e 0',
          ms(cold.coldStartOverheadMs, 0),
          verdict(bench, 'coldStartOverheadMs'),
        ],
        [
          'bad input, spawn → exit (overhead)',
          `${ms(cold.badInputExitMs, 0)} (${ms(cold.badInputOverheadMs, 0)})`,
          '',
        ],
        [
          'dist/ size',
          `${fmt(cold.distBytes, 0)} bytes (index.js ${fmt(cold.indexBytes, 0)})`,
          verdict(bench, 'distBytes'),
        ],
      ],
    ),
  );
  const gate1k = scale.at('gate', 1_000);
  out.push(
    table(
      '5. The sim under the 1,000-user gate run',
      ['', 'value', 'goal'],
      [
        ['peak open sessions', fmt(gate1k.sim.peakOpen, 0), verdict(bench, 'simPeakOpenSessions')],
        [
          'runs completed / connections',
          `${gate1k.sim.runsCompleted} / ${gate1k.sim.connectionsTotal}`,
          '',
        ],
        ['frames sent', fmt(gate1k.sim.framesSent, 0), ''],
        ['per-frame overhead (serialize + send)', `${fmt(gate1k.sim.frameOverheadUs, 1)} µs`, ''],
        ["sim CPU ÷ the sessions' wall (1.0 = one core busy)", fmt(bench.simCpuShare, 2), ''],
        ['sim handler errors (all runs)', String(bench.simHandlerErrors), ''],
        ['sim peak RSS', `${fmt(gate1k.sim.maxRssMb, 1)} MB`, ''],
      ],
    ),
  );
  out.push(
    table(
      '6. Readiness lag: first test started − the moment /health turned healthy (sim startup windows)',
      ['startup window', 'lag', 'polls', 'shortest gap between polls'],
      readiness.runs.map((r) => [
        ms(r.windowMs, 0),
        ms(r.lagMs, 0),
        String(r.polls),
        Number.isFinite(r.minGapMs) ? ms(r.minGapMs, 0) : '',
      ]),
    ),
  );
  out.push(
    table(
      '   goals',
      ['', 'value', 'goal'],
      [
        ['worst lag of the windows', ms(bench.readinessLagMs, 0), verdict(bench, 'readinessLagMs')],
        ['median lag', ms(bench.readinessLagMedianMs, 0), ''],
        [
          'polls per second while waiting (highest)',
          fmt(bench.readinessPollsPerSec, 2),
          verdict(bench, 'readinessPollsPerSec'),
        ],
      ],
    ),
  );
  const missed = GOALS.filter((g) => !g.met(bench));
  out.push(
    missed.length === 0
      ? 'All goals met.'
      : `Goals missed: ${missed.map((g) => `${g.name} (${g.text})`).join(', ')}`,
    `Bench took ${fmt(bench.benchMs / 1000, 1)} s.`,
    '',
  );
  return out.join('\n');
}
