/**
 * CHATHISTORY as the page uses it: the newest lines when a room opens, older ones on scrolling
 * up (BEFORE the oldest shown), and after a reconnect what came since the newest one seen
 * (AFTER its msgid). Answers come as one "chathistory" batch per request, in request order.
 */
import { msg, type IrcMessage } from '../irc/message';
import type { Store } from '../state/store';

export const PAGE = 50;

type Kind = 'latest' | 'before' | 'after';

export class HistoryRequests {
  private readonly pending = new Map<string, Kind[]>();

  constructor(private readonly store: Store, private readonly send: (m: IrcMessage) => void) {}

  /** On joining: catch up after the newest line already shown, or load the latest page. */
  opened(target: string): void {
    const buffer = this.store.open(target);
    const newest = buffer.newestWithId();
    if (newest) this.ask(target, 'after', `msgid=${newest.id}`);
    else this.ask(target, 'latest', '*');
  }

  /** Scrolled to the top: one page older than the oldest line shown, unless there is no more. */
  older(target: string): void {
    const buffer = this.store.buffer(target);
    if (!buffer || buffer.historyComplete || buffer.historyLoading) return;
    const oldest = buffer.oldestWithId();
    if (!oldest) return;
    buffer.historyLoading = true;
    this.ask(target, 'before', `msgid=${oldest.id}`);
  }

  private ask(target: string, kind: Kind, point: string): void {
    const key = this.store.key(target);
    this.pending.set(key, [...(this.pending.get(key) ?? []), kind]);
    this.send(msg('CHATHISTORY', kind.toUpperCase(), target, point, String(PAGE)));
  }

  /** What the next chathistory batch for target answers. */
  next(target: string): Kind | undefined {
    return this.pending.get(this.store.key(target))?.[0];
  }

  /** A chathistory batch for target ended with count lines in it. */
  answered(target: string, count: number): void {
    const key = this.store.key(target);
    const queue = this.pending.get(key) ?? [];
    const kind = queue.shift();
    const buffer = this.store.buffer(target);
    if (!buffer) return;
    if (kind === 'before') {
      buffer.historyLoading = false;
      if (count === 0) buffer.historyComplete = true;
    } else if (kind === 'latest' && count < PAGE) {
      buffer.historyComplete = true;
    } else if (kind === 'after' && count >= PAGE) {
      // More was missed than one page holds: go on from the newest line now shown.
      this.opened(target);
    }
  }

  /** A new connection answers nothing asked on the old one. */
  reset(): void {
    this.pending.clear();
  }
}
