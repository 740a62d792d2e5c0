/** A bad option, flag or fault spec: `staging-gate sim` turns it into exit code 3. */
export class SimUsageError extends Error {
  override name = 'SimUsageError';
}
