/**
 * Cancelling a run: SIGINT (Ctrl-C, and what the Actions runner sends first on cancel) or
 * SIGTERM stops the run where it is, and the caller still writes every file, output and
 * summary, with the verdict `inconclusive` and the reason `cancelled`. A second signal
 * stops at once: a person pressing Ctrl-C twice means it.
 */

export interface CancelTrap {
  /** aborted with the signal's name as its reason */
  signal: AbortSignal;
  /** the signal's name once cancelled */
  readonly cause: string | undefined;
  release(): void;
}

export interface TrapOptions {
  /** said once, on the first signal (to stderr or the log) */
  onCancel?: (signal: string) => void;
  /** the process to trap (default: this one); injectable for tests */
  target?: Pick<NodeJS.Process, 'on' | 'off' | 'exit'>;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
/** 128 + the signal number, as a shell reports a process a signal ended */
const FORCED_EXIT: Record<(typeof SIGNALS)[number], number> = { SIGINT: 130, SIGTERM: 143 };

export function trapCancelSignals(opts: TrapOptions = {}): CancelTrap {
  const target = opts.target ?? process;
  const controller = new AbortController();
  let cause: string | undefined;
  const handlers = SIGNALS.map((name) => {
    const handler = (): void => {
      if (cause !== undefined) {
        target.exit(FORCED_EXIT[name]);
        return;
      }
      cause = name;
      opts.onCancel?.(name);
      controller.abort(name);
    };
    target.on(name, handler);
    return [name, handler] as const;
  });
  return {
    signal: controller.signal,
    get cause() {
      return cause;
    },
    release() {
      for (const [name, handler] of handlers) target.off(name, handler);
    },
  };
}

/**
 * Exits once stdout and stderr have drained (writes to a pipe are asynchronous on POSIX, so
 * a bare process.exit could cut the last lines). For a cancelled run, whose abandoned
 * sockets and timers would otherwise keep the process alive until they time out.
 */
export function exitWhenFlushed(code: number): void {
  let pending = 2;
  const done = (): void => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
  // a stream that never drains (a reader that went away) must not keep us alive
  setTimeout(() => process.exit(code), 1000).unref();
}
