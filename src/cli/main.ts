export const USAGE = `staging-gate — gate merges on the health of a deployed agent service

Usage:
  staging-gate run --base-url URL [options]   run the suite against a deployed service
  staging-gate sim [options]                  start the reference agent service on loopback
  staging-gate merge DIR...                   merge the results of shards into one report
  staging-gate demo [--fault NAME ...]        start the sim in-process and run the suite on it

Run 'staging-gate <command> --help' for the options of a command.
`;

export async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (command === 'demo') {
    process.stdout.write(
      'staging-gate demo: the reference service and suite are being built; see README.\n',
    );
    return 0;
  }
  process.stderr.write(`staging-gate: unknown command '${command}'\n\n${USAGE}`);
  return 3;
}
