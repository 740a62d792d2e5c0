import { redact } from '../../src/config/redact.js';
import { describe, expect, it } from 'vitest';
import { FAILURE_CATEGORIES, type Results } from '../../src/model.js';
import { actionFromEnv, FIVE_WHYS, renderReport, simFaultsFor } from '../../src/report/index.js';
import { escapeMermaid, frameLabel } from '../../src/report/sequence.js';
import { code, text } from '../../src/report/markdown.js';
import { formatMs, formatInt } from '../../src/report/units.js';
import { authRejected, flakyPass, notReady, seedIncident } from './fixtures.js';

describe('markdown safety', () => {
  it('keeps table cells and code spans intact whatever the text', () => {
    expect(text('a | b <details> *x* [l](u) `c`')).toBe(
      'a \\| b &lt;details&gt; \\*x\\* \\[l\\](u) \\`c\\`',
    );
    expect(code('a|b')).toBe('`a\\|b`');
    expect(code('has `tick`')).toBe('`` has `tick` ``');
    expect(text('line\nbreak')).toBe('line break');
  });

  it('masks tokens in anything it prints', () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    expect(text(`bad ${token}`)).not.toContain(token);
    const results = seedIncident();
    if (results.tests[1].failure) {
      results.tests[1].failure.message = `rejected Bearer ${token}`;
      results.tests[1].failure.evidence?.push({
        atMs: 5,
        dir: 'out',
        text: `{"token":"${token}"}`,
      });
    }
    expect(renderReport(results, { budget: 'summary' })).not.toContain(token);
  });

  it('masks secrets given on the reproduce line, but not the name of an env var', () => {
    expect(
      redact(
        'staging-gate run --jwt-secret hunter2 --auth-token "a b" --github-token=ghp_x --jwt-secret-env STAGING_SECRET',
        [],
      ),
    ).toBe(
      'staging-gate run --jwt-secret *** --auth-token *** --github-token=*** --jwt-secret-env STAGING_SECRET',
    );
    const md = renderReport(seedIncident(), {
      budget: 'comment',
      reproduce: 'staging-gate run --base-url https://x --jwt-secret hunter2',
    });
    expect(md).not.toContain('hunter2');
  });
});

describe('mermaid', () => {
  it('escapes what breaks a diagram with entity codes', () => {
    expect(escapeMermaid('a;b #c "d" <e> 50%')).toBe('a#59;b #35;c #34;d#34; #60;e#62; 50#37;');
  });

  it('labels JSON frames by type and error code', () => {
    expect(frameLabel('{"type":"agent_started","run_id":"r"}')).toBe('agent_started');
    expect(frameLabel('{"type":"error_message","error_code":"JSON_PARSE_ERROR"}')).toBe(
      'error_message JSON_PARSE_ERROR',
    );
    expect(frameLabel('{"type":"agent_sta')).toBe('{"type":"agent_sta');
  });

  it('draws the first failing exchange of the primary pattern, at most 25 messages', () => {
    const results = seedIncident();
    const evidence = results.tests[1].failure?.evidence;
    if (!evidence) throw new Error('fixture lost its evidence');
    for (let i = 0; i < 60; i++)
      evidence.splice(3, 0, { atMs: 100 + i, dir: 'in', text: '{"type":"heartbeat"}' });
    const md = renderReport(results, { budget: 'summary' });
    const diagram = md.slice(
      md.indexOf('```mermaid'),
      md.indexOf('```', md.indexOf('```mermaid') + 3),
    );
    const messages = diagram.split('\n').filter((l) => /^\s+(G|S|Note)/.test(l));
    expect(messages.length).toBeLessThanOrEqual(25);
    expect(diagram).toContain('earlier entries not shown');
    expect(messages.at(-1)).toContain('S-xG: +1.2 s close 1011 Internal error');
  });
});

describe('five whys', () => {
  it('knows every failure category, with causes at every why', () => {
    for (const category of FAILURE_CATEGORIES) {
      const k = FIVE_WHYS[category];
      expect(k.whys.length, category).toBeGreaterThanOrEqual(2);
      expect(k.whys.length, category).toBeLessThanOrEqual(4);
      for (const why of k.whys)
        expect(why.causes.length, `${category}: ${why.question}`).toBeGreaterThanOrEqual(1);
    }
  });

  it('renders Whys 1–5, a root-cause line and validation criteria for any primary category', () => {
    for (const category of FAILURE_CATEGORIES) {
      const results: Results = seedIncident();
      results.patterns = results.patterns.map((p) => ({ ...p, category }));
      const md = renderReport(results, { budget: 'summary' });
      for (const n of [1, 2, 3, 4, 5]) expect(md, category).toContain(`**Why ${n}:`);
      expect(md).toContain('**Root cause:**');
      expect(md).toContain('- [ ] `websocket-events/agent-event-flow` passes on staging');
    }
  });

  it('fills Why 1 from the evidence, with counts', () => {
    const md = renderReport(seedIncident(), { budget: 'summary' });
    expect(md).toContain(
      '**Why 1: what exactly failed?** 10 tests in 3 modules (`websocket-events`, `message-flow`, `agent-pipeline`) failed with `received 1011 (internal error) Internal error`',
    );
    expect(md).toContain('at stage `first_event` (6), `completion` (4)');
  });

  it('is about a breached metric when that alone failed the gate', () => {
    const results = flakyPass();
    results.verdict = 'fail';
    results.patterns = [];
    results.metrics[1] = { ...results.metrics[1], p95: 72, status: 'breached' };
    const md = renderReport(results, { budget: 'summary' });
    expect(md).toContain('### Five whys: `ws_latency_ms` over target');
    expect(md).toContain('- [ ] `ws_latency_ms` p95 ≤ 50 ms in 3 consecutive runs');
    expect(md).toContain('--fault slow-pong:50');
  });
});

describe('sim faults', () => {
  it('maps each run to the faults that reproduce it', () => {
    expect(simFaultsFor(seedIncident())).toEqual(['ws-1011-on-agent', 'http-500:/api/mcp/servers']);
    expect(simFaultsFor(authRejected())).toEqual(['jwt-mismatch']);
    expect(simFaultsFor(notReady())).toEqual(['startup-503']);
    const stale = notReady();
    if (stale.readiness) stale.readiness.category = 'stale_deploy';
    expect(simFaultsFor(stale)).toEqual(['stale-version']);
  });

  it('names the dropped event and the missing path', () => {
    const results = seedIncident();
    results.patterns = [
      {
        category: 'missing_event',
        signature: 's',
        count: 1,
        tests: ['websocket-events/agent-event-flow'],
        modules: ['websocket-events'],
      },
    ];
    const t = results.tests[1];
    if (t.failure) t.failure.message = 'tool_completed never came after tool_executing';
    expect(simFaultsFor(results)).toEqual(['drop-event:tool_completed']);
    results.patterns[0].category = 'not_found';
    if (t.failure) t.failure.message = 'GET /api/threads/abc/messages → 404 text/plain';
    expect(simFaultsFor(results)).toEqual(['http-404:/api/threads/abc/messages']);
  });
});

describe('units', () => {
  it('formats without the locale', () => {
    expect(formatInt(1234567)).toBe('1,234,567');
    expect(formatMs(850)).toBe('850 ms');
    expect(formatMs(67_300)).toBe('67.3 s');
    expect(formatMs(412_000)).toBe('6 min 52 s');
  });
});

describe('the reproduce footer outside this repository', () => {
  it('names the action from the runner, and nothing a shell would split', () => {
    expect(
      actionFromEnv({ GITHUB_ACTION_REPOSITORY: 'acme/staging-gate', GITHUB_ACTION_REF: 'v1' }),
    ).toBe('acme/staging-gate@v1');
    expect(actionFromEnv({ GITHUB_ACTION_REPOSITORY: '', GITHUB_ACTION_REF: '' })).toBeUndefined();
    expect(
      actionFromEnv({ GITHUB_ACTION_REPOSITORY: 'acme/x', GITHUB_ACTION_REF: 'v1; rm -rf ~' }),
    ).toBeUndefined();
  });

  it('runs dist/cli.js of a checkout at the uses: ref, never npx', () => {
    const sha = 'da8f5792a1c3e4b5f6a7b8c9d0e1f2a3b4c5d6e7';
    const md = renderReport(seedIncident(), {
      budget: 'comment',
      action: `acme/staging-gate@${sha}`,
    });
    expect(md).not.toContain('npx');
    expect(md).toContain(`\`uses: acme/staging-gate@${sha}\``);
    expect(md).toContain(
      `git clone https://github.com/acme/staging-gate && cd staging-gate && git checkout ${sha}`,
    );
    for (const line of md.split('\n').filter((l) => /\b(sim|run) --/.test(l)))
      expect(line).toMatch(/^node dist\/cli\.js (sim|run) /);
    const bare = renderReport(seedIncident(), { budget: 'comment' });
    expect(bare).not.toContain('git clone');
    expect(bare).toContain(
      "a checkout of the action's repository, at the ref your workflow's `uses:` line names",
    );
  });
});

describe('protocols in the report', () => {
  it('names the protocol beside the service and lists the tests it cannot carry', () => {
    const results = seedIncident();
    results.target.protocol = 'a2a';
    results.leftOut = [
      { id: 'run-events/ordered-run', reason: 'A2A: the protocol has no agent runs' },
      { id: 'streaming/answer-streams', reason: 'A2A: the protocol has no agent runs' },
    ];
    const md = renderReport(results, { budget: 'comment' });
    expect(md).toContain('(`a2a`)');
    expect(md).toContain('<summary>Not carried by this protocol (2)</summary>');
    expect(md).toMatch(
      /- A2A: the protocol has no agent runs: `run-events\/ordered-run`, `streaming\/answer-streams`/,
    );
  });

  it('says nothing of either when the results have neither', () => {
    const md = renderReport(seedIncident(), { budget: 'comment' });
    expect(md).not.toContain('Not carried by this protocol');
    expect(md).not.toMatch(/\*\*Service\*\* \S+ \(`/);
  });
});
