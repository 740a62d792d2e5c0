/** The open WebSocket connections, by user, so that a run reaches only its user's sockets. */
import type { SimConnection } from './ws-connection.js';

export class ConnectionRegistry {
  private readonly byUser = new Map<string, Set<SimConnection>>();

  add(conn: SimConnection): void {
    const set = this.byUser.get(conn.userId) ?? new Set<SimConnection>();
    set.add(conn);
    this.byUser.set(conn.userId, set);
  }

  remove(conn: SimConnection): void {
    const set = this.byUser.get(conn.userId);
    if (!set) return;
    set.delete(conn);
    if (set.size === 0) this.byUser.delete(conn.userId);
  }

  forUser(userId: string): SimConnection[] {
    return [...(this.byUser.get(userId) ?? [])];
  }

  all(): SimConnection[] {
    return [...this.byUser.values()].flatMap((set) => [...set]);
  }
}
