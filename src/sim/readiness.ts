/** The startup window: `/health` answers 503 with a phase and a progress until it is over. */

export interface StartupState {
  ready: boolean;
  phase: string;
  progress: number;
}

const PHASES = ['loading_configuration', 'connecting_services', 'warming_agents'];
/** `startup-503` with no --startup-ms stays unready this long */
export const DEFAULT_FAULT_STARTUP_MS = 3_000;

export class Readiness {
  private readonly startedAt: number;

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {
    this.startedAt = now();
  }

  state(): StartupState {
    const elapsed = this.now() - this.startedAt;
    if (this.windowMs <= 0 || elapsed >= this.windowMs) {
      return { ready: true, phase: 'ready', progress: 100 };
    }
    const fraction = Math.max(0, elapsed) / this.windowMs;
    return {
      ready: false,
      phase: PHASES[Math.min(PHASES.length - 1, Math.floor(fraction * PHASES.length))],
      progress: Math.floor(fraction * 100),
    };
  }
}
