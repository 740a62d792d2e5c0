/** Counters of what the reference service did, for tests and the benchmark. */

export interface SimStats {
  connectionsOpen: number;
  connectionsTotal: number;
  framesSent: number;
  bytesSent: number;
  httpRequests: number;
  runsStarted: number;
  runsCompleted: number;
  /** client frames or requests that raised inside a handler; the service answered anyway */
  handlerErrors: number;
  /** mean µs spent serializing and handing one frame to the socket (0 before any frame) */
  frameOverheadUs: number;
}

export class StatsCounter {
  connectionsOpen = 0;
  connectionsTotal = 0;
  framesSent = 0;
  bytesSent = 0;
  httpRequests = 0;
  runsStarted = 0;
  runsCompleted = 0;
  handlerErrors = 0;
  private frameUsTotal = 0;

  recordFrame(bytes: number, elapsedMs: number): void {
    this.framesSent += 1;
    this.bytesSent += bytes;
    this.frameUsTotal += elapsedMs * 1000;
  }

  snapshot(): SimStats {
    return {
      connectionsOpen: this.connectionsOpen,
      connectionsTotal: this.connectionsTotal,
      framesSent: this.framesSent,
      bytesSent: this.bytesSent,
      httpRequests: this.httpRequests,
      runsStarted: this.runsStarted,
      runsCompleted: this.runsCompleted,
      handlerErrors: this.handlerErrors,
      frameOverheadUs:
        this.framesSent === 0 ? 0 : Math.round((this.frameUsTotal / this.framesSent) * 10) / 10,
    };
  }
}
