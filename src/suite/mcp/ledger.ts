/**
 * Every `tools/call` the gate sends in a run, and why it was allowed: a call suite-config
 * declares (`mcp.calls`), or a name the server itself showed it does not have (the
 * unknown-tool check). Tools on a real server have side effects, so nothing else may be
 * called; the ledger refuses it before a request is sent, and results.json lists it.
 */
import type { McpCall } from '../../config/protocol.js';
import type { ToolCallCount } from '../../model.js';

export class ToolCallLedger {
  private readonly counts = new Map<string, ToolCallCount>();

  constructor(private readonly declared: readonly McpCall[]) {}

  /** Throws unless the call is declared with exactly these arguments. */
  allowDeclared(call: McpCall): void {
    const same = this.declared.some(
      (d) => d.tool === call.tool && JSON.stringify(d.arguments) === JSON.stringify(call.arguments),
    );
    if (!same)
      throw new Error(
        `refusing to call tool '${call.tool}': suite-config mcp.calls does not declare this call`,
      );
    this.note(call.tool, 'declared');
  }

  /** Throws unless the name is absent from the server's own tool list (and not declared). */
  allowAbsent(name: string, listed: ReadonlySet<string>): void {
    if (listed.has(name) || this.declared.some((d) => d.tool === name))
      throw new Error(`refusing to call tool '${name}': it exists on the server`);
    this.note(name, 'absent');
  }

  entries(): ToolCallCount[] {
    return [...this.counts.values()].map((c) => ({ ...c }));
  }

  private note(tool: string, why: ToolCallCount['why']): void {
    const key = `${why}\u0000${tool}`;
    const entry = this.counts.get(key) ?? { tool, why, calls: 0 };
    entry.calls++;
    this.counts.set(key, entry);
  }
}
