/** Bodies and frames as PROTOCOL.md documents them, shared by the modules that read them. */
import {
  allOf,
  arrayOf,
  isoTimestamp,
  nonEmptyString,
  object,
  oneOf,
  someEntry,
  anyValue,
  type Shape,
} from './shapes.js';

export const mcpServersShape: Shape = object({
  data: allOf(
    arrayOf(object({ name: nonEmptyString, status: nonEmptyString }), { min: 1 }),
    someEntry('status', 'connected'),
  ),
});

export const agentsShape: Shape = object({
  agents: allOf(
    arrayOf(object({ name: nonEmptyString, status: nonEmptyString, description: anyValue }), {
      min: 1,
    }),
    someEntry('status', 'available'),
  ),
});

export const threadShape: Shape = object({ id: nonEmptyString, created_at: isoTimestamp });

export const messageShape: Shape = object({
  id: anyValue,
  role: oneOf('user', 'assistant'),
  content: (v, at) => (typeof v === 'string' ? undefined : `${at}: expected a string`),
  created_at: isoTimestamp,
});

export const messagesShape: Shape = object({ messages: arrayOf(messageShape) });

export const threadListShape: Shape = object({ threads: arrayOf(object({ id: nonEmptyString })) });
