/**
 * The registry of protocols: `protocol` input → what the engine runs. Adding a protocol is
 * a folder under agent/ and suite/, and one line here.
 */
import { InputError } from '../config/settings.js';
import type { ProtocolId } from '../model.js';
import { agUiSuite } from './ag-ui/index.js';
import { a2aSuite } from './a2a/suite.js';
import { agentWsSuite } from './agent-ws.js';
import { mcpSuite } from './mcp/suite.js';
import { customSuite } from './custom.js';
import type { ProtocolSuite } from './protocol-suite.js';

const SUITES: Partial<Record<ProtocolId, ProtocolSuite>> = {
  'agent-ws': agentWsSuite as ProtocolSuite,
  'ag-ui': agUiSuite as ProtocolSuite,
  a2a: a2aSuite as ProtocolSuite,
  mcp: mcpSuite as ProtocolSuite,
  custom: customSuite as ProtocolSuite,
};

/** The suite of a protocol, or an error naming the `protocol` input when it is not built yet. */
export function protocolSuite(id: ProtocolId): ProtocolSuite {
  const suite = SUITES[id];
  if (!suite) {
    const known = Object.keys(SUITES).join(', ');
    throw new InputError(
      'protocol',
      `'${id}' is not supported by this build of staging-gate yet (supported: ${known})`,
    );
  }
  return suite;
}

export function supportedProtocols(): ProtocolId[] {
  return Object.keys(SUITES) as ProtocolId[];
}
