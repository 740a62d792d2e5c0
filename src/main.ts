/**
 * The action: inputs → Settings → run → verdict → report → outputs, comment, status.
 * Thin by design: each stage lives in its own folder.
 */
import * as core from '@actions/core';

export async function run(): Promise<void> {
  core.setFailed('staging-gate: the action is not wired yet');
}
