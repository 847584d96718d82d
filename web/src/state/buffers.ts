/**
 * What one room or private conversation holds in the page: its lines in time order (history and
 * live lines merged by message id), members, topic, unread count and read marker.
 */

export type LineKind = 'message' | 'action' | 'notice' | 'join' | 'part' | 'quit' | 'topic' | 'info' | 'error';

export interface Line {
  id?: string;
  time: number;
  kind: LineKind;
  /** The sender's nick, and the name to show for it as known when the line arrived. */
  from?: string;
  name?: string;
  text: string;
  own: boolean;
  deleted?: boolean;
  mention?: boolean;
}

export type BufferKind = 'room' | 'private' | 'server';

export class Buffer {
  readonly lines: Line[] = [];
  readonly members = new Map<string, string>(); // folded nick -> nick
  topic = '';
  joined = false;
  unread = 0;
  mentions = 0;
  /** Up to when the member has read it (ms since the epoch), from MARKREAD; 0 when unknown. */
  readUntil = 0;
  /** No older history to load (CHATHISTORY BEFORE answered with nothing). */
  historyComplete = false;
  historyLoading = false;

  constructor(public name: string, readonly kind: BufferKind) {}

  private readonly ids = new Set<string>();

  /**
   * Adds a line in time order; a line whose message id is already here is dropped (returns false).
   * Among lines of the same millisecond a line goes after those here, or, when it is older than
   * all of them (a page of earlier history, added newest first), before them.
   */
  add(line: Line, older = false): boolean {
    if (line.id) {
      if (this.ids.has(line.id)) return false;
      this.ids.add(line.id);
    }
    let i = this.lines.length;
    if (older) {
      i = 0;
      while (i < this.lines.length && this.lines[i].time < line.time) i++;
    } else {
      while (i > 0 && this.lines[i - 1].time > line.time) i--;
    }
    this.lines.splice(i, 0, line);
    if (this.countsAsUnread(line)) {
      this.unread++;
      if (line.mention) this.mentions++;
    }
    return true;
  }

  countsAsUnread(line: Line): boolean {
    return !line.own && !line.deleted && line.time > this.readUntil
      && (line.kind === 'message' || line.kind === 'action' || line.kind === 'notice');
  }

  /** Moves the read marker forward (never back) and counts again what is unread. */
  markRead(until: number): void {
    if (until <= this.readUntil) return;
    this.readUntil = until;
    this.recount();
  }

  recount(): void {
    const unread = this.lines.filter((l) => this.countsAsUnread(l));
    this.unread = unread.length;
    this.mentions = unread.filter((l) => l.mention).length;
  }

  redact(id: string): boolean {
    const line = this.lines.find((l) => l.id === id);
    if (!line) return false;
    line.deleted = true;
    this.recount();
    return true;
  }

  newest(): Line | undefined {
    return this.lines[this.lines.length - 1];
  }

  /** The newest line with a message id: where a catch-up after a reconnect starts. */
  newestWithId(): Line | undefined {
    for (let i = this.lines.length - 1; i >= 0; i--) if (this.lines[i].id) return this.lines[i];
    return undefined;
  }

  oldestWithId(): Line | undefined {
    return this.lines.find((l) => l.id);
  }
}
