/**
 * The in-memory thread store: threads per user and their messages, bounded so that a long
 * benchmark or a flood cannot grow it without limit. Past each cap the oldest entry goes.
 */
import { randomUUID } from 'node:crypto';
import type { SimLimits } from './options.js';

export interface Thread {
  id: string;
  title: string;
  created_at: string;
  user_id: string;
}

export interface Message {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  created_at: string;
}

interface StoredThread extends Thread {
  messages: Message[];
}

export class ThreadStore {
  /** user id → thread ids, oldest first; Map order doubles as the user eviction order */
  private readonly byUser = new Map<string, string[]>();
  private readonly threads = new Map<string, StoredThread>();

  constructor(
    private readonly limits: SimLimits,
    private readonly now: () => number,
  ) {}

  createThread(userId: string, title: string): Thread {
    const thread: StoredThread = {
      id: `thread_${randomUUID()}`,
      title,
      created_at: new Date(this.now()).toISOString(),
      user_id: userId,
      messages: [],
    };
    const ids = this.userThreads(userId);
    ids.push(thread.id);
    this.threads.set(thread.id, thread);
    while (ids.length > this.limits.threadsPerUser) {
      this.threads.delete(ids.shift() ?? '');
    }
    return publicThread(thread);
  }

  /** Threads of one user, or of every user when `userId` is null, in creation order. */
  listThreads(userId: string | null): Thread[] {
    const ids =
      userId === null ? [...this.byUser.values()].flat() : (this.byUser.get(userId) ?? []);
    return ids.flatMap((id) => {
      const thread = this.threads.get(id);
      return thread ? [publicThread(thread)] : [];
    });
  }

  getThread(id: string): Thread | undefined {
    const thread = this.threads.get(id);
    return thread && publicThread(thread);
  }

  addMessage(threadId: string, role: Message['role'], content: string): Message | undefined {
    const thread = this.threads.get(threadId);
    if (!thread) return undefined;
    const message: Message = {
      id: `msg_${randomUUID()}`,
      role,
      content,
      created_at: new Date(this.now()).toISOString(),
    };
    thread.messages.push(message);
    if (thread.messages.length > this.limits.messagesPerThread) thread.messages.shift();
    return { ...message };
  }

  messages(threadId: string): Message[] {
    return (this.threads.get(threadId)?.messages ?? []).map((m) => ({ ...m }));
  }

  private userThreads(userId: string): string[] {
    const existing = this.byUser.get(userId);
    if (existing) return existing;
    const ids: string[] = [];
    this.byUser.set(userId, ids);
    while (this.byUser.size > this.limits.users) {
      const [oldest, oldIds] = this.byUser.entries().next().value as [string, string[]];
      for (const id of oldIds) this.threads.delete(id);
      this.byUser.delete(oldest);
    }
    return ids;
  }
}

function publicThread({ id, title, created_at, user_id }: StoredThread): Thread {
  return { id, title, created_at, user_id };
}
