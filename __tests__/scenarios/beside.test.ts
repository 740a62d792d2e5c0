// Scenarios beside the built-in tests of agent-ws: selected, run and reported with them; the
// steps the examples do not use (subprotocol and query auth, a second user, close with a code,
// strict, repeat N, headers, query) both ways against the plain sim.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSettings } from '../../src/config/parse-settings.js';
import type { Results } from '../../src/model.js';
import { runGate } from '../../src/pipeline/run-gate.js';
import { DEFAULT_SIM_SECRET, startSim, type SimHandle } from '../../src/sim/index.js';

const FILE = `
scenarios:
  - id: websocket-events/plain-flow-as-scenario
    steps:
      - connect: { auth: subprotocol }
        expect: { frame: { type: connection_established }, within: 5000 }
      - send: { json: { type: user_message, content: "scenario beside agent-ws" } }
      - expect:
          ignore: [ { type: heartbeat } ]
          sequence:
            - match: { type: agent_started }
              capture: { run: $.run_id }
            - match: { type: agent_thinking, run_id: "\${run}" }
              repeat: 2
            - match: { type: agent_completed, run_id: "\${run}" }
              metric: custom:flow_ms
          within: 10000
      - close: { code: 1000 }
  - id: chat/second-user-query-auth
    steps:
      - connect: { auth: query, name: two }
        user: 2
        expect: { frame: { type: connection_established, data: { user_id: { $type: string } } } }
      - send: { json: { type: ping, id: p1 }, }
        on: two
      - expect: { strict: true, ignore: [ { type: heartbeat } ], frame: { type: pong, id: p1 } }
        on: two
  - id: chat/api-with-headers
    steps:
      - request: { method: POST, path: /api/threads, json: { title: scenario }, headers: { x-trace: gate }, query: { v: "1" } }
        expect: { status: [200, 201], json: { id: { $type: string } } }
        capture: { thread: $.id }
      - request: { path: "/api/threads/\${thread}" }
        expect: { json: { id: "\${thread}" } }
perfTargets:
  custom:flow_ms: 60000
`;

let sim: SimHandle;
beforeAll(async () => {
  sim = await startSim({ eventSpacingMs: 5 });
});
afterAll(async () => {
  await sim.close();
});

async function gate(extra: Record<string, string>, text = FILE): Promise<Results> {
  const settings = parseSettings(
    {
      'base-url': sim.baseUrl,
      'jwt-secret': DEFAULT_SIM_SECRET,
      'suite-config': 'gate.yml',
      'wait-for-ready': '5',
      retries: '0',
      'perf-gate': 'off',
      ...extra,
    },
    { readFile: () => text },
  );
  return runGate(settings);
}

describe('scenarios beside agent-ws', () => {
  it('run in the built-in module they name, with the same selection, and their metrics reported', async () => {
    const results = await gate({
      modules: 'websocket-events,chat',
      tests: 'websocket-events/agent-event-flow,websocket-events/plain-*,chat/*',
    });
    const failed = results.tests
      .filter((t) => t.status !== 'passed')
      .map((t) => `${t.id}: ${t.failure?.message}`);
    expect(failed).toEqual([]);
    const ids = results.tests.map((t) => t.id);
    expect(ids).toContain('websocket-events/agent-event-flow');
    expect(ids).toContain('websocket-events/plain-flow-as-scenario');
    expect(ids).toContain('chat/second-user-query-auth');
    expect(ids).not.toContain('chat/api-with-headers'.replace('chat', 'threads'));
    expect(results.tests.find((t) => t.id === 'chat/api-with-headers')?.critical).toBe(true);
    const flow = results.metrics.find((m) => m.name === 'custom:flow_ms');
    expect(flow).toMatchObject({ samples: 1, target: 60000, status: 'met' });
  });

  it('a test selector picks a scenario alone; a priority that excludes it leaves it out', async () => {
    const results = await gate({ tests: 'chat/api-with-headers' });
    expect(results.tests.map((t) => `${t.id}:${t.status}`)).toEqual([
      'chat/api-with-headers:passed',
    ]);
  });

  it('fails when the frames are not the ones declared (repeat 3 where the agent thinks twice)', async () => {
    const results = await gate(
      { tests: 'websocket-events/plain-flow-as-scenario' },
      FILE.replace('repeat: 2', 'repeat: 3'),
    );
    const t = results.tests[0];
    expect(t.failure?.category).toBe('missing_event');
    expect(t.failure?.message, t.failure?.message).toMatch(
      /awaiting \{type: agent_thinking, run_id: "\$\{run\}"\} \(2 of 3\), got \{type: agent_completed, run_id: run_[\w-]+\} at \+\d+ ms: it matches element 3, out of order/,
    );
  });

  it('strict refuses a frame the sequence does not name', async () => {
    const text = FILE.replace('frame: { type: pong, id: p1 }', 'frame: { type: pong, id: p2 }');
    const results = await gate({ tests: 'chat/second-user-query-auth' }, text);
    expect(results.tests[0].failure?.category).toBe('protocol_violation');
    expect(results.tests[0].failure?.message).toMatch(/strict/);
  });

  it('a second user is skipped with its reason when a ready token gives only one', async () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlc2lnbmF0dXJl';
    const settings = parseSettings(
      {
        'base-url': sim.baseUrl,
        'auth-token': token,
        'suite-config': 'g.yml',
        tests: 'chat/second-user-query-auth',
        'wait-for-ready': '5',
      },
      { readFile: () => FILE },
    );
    const results = await runGate(settings);
    expect(results.tests[0]).toMatchObject({
      status: 'skipped',
      skipReason: expect.stringMatching(/second user/),
    });
  });
});

describe('send, sleep and close both ways', () => {
  const CRASH = `
scenarios:
  - id: chat/close-after-run
    steps:
      - connect: {}
        expect: { frame: { type: connection_established } }
      - send: { json: { type: user_message, content: "close after the run" } }
      - sleep: 300
      - close: { code: 1000 }
  - id: chat/send-after-crash
    steps:
      - connect: {}
        expect: { frame: { type: connection_established } }
      - send: { json: { type: user_message, content: "crash me" } }
      - sleep: 300
      - send: { json: { type: ping, id: late } }
`;
  it('pass against the healthy service', async () => {
    const results = await gate({ tests: 'chat/close-after-run,chat/send-after-crash' }, CRASH);
    expect(results.tests.map((t) => `${t.id}:${t.status}`).sort()).toEqual([
      'chat/close-after-run:passed',
      'chat/send-after-crash:passed',
    ]);
  });

  it('fail with ws_internal_error when the run crashed the socket with 1011', async () => {
    const crashing = await startSim({ eventSpacingMs: 5, faults: ['ws-1011-on-agent'] });
    try {
      const settings = parseSettings(
        {
          'base-url': crashing.baseUrl,
          'jwt-secret': DEFAULT_SIM_SECRET,
          'suite-config': 'g.yml',
          tests: 'chat/close-after-run,chat/send-after-crash',
          'wait-for-ready': '5',
          retries: '0',
        },
        { readFile: () => CRASH },
      );
      const results = await runGate(settings);
      const byId = Object.fromEntries(results.tests.map((t) => [t.id, t.failure]));
      expect(byId['chat/close-after-run']).toMatchObject({
        category: 'ws_internal_error',
        closeCode: 1011,
      });
      expect(byId['chat/close-after-run']?.message).toMatch(
        /^steps\[3\] \(close\): .*already closed by the service with 1011/,
      );
      expect(byId['chat/send-after-crash']).toMatchObject({
        category: 'ws_internal_error',
        closeCode: 1011,
      });
      expect(byId['chat/send-after-crash']?.message).toMatch(
        /^steps\[3\] \(send\): WebSocket: cannot send, the socket is closed \(1011/,
      );
    } finally {
      await crashing.close();
    }
  });
});
