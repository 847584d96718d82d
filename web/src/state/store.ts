/**
 * Everything the page shows, in one place: buffers (rooms and conversations), people, the
 * connection's state line, the room list and search results. Views read it and re-render when
 * told; only the session code (from the server) and the views (from the user) change it.
 */
import { fold, isChannel, type CaseMapping } from '../irc/casemap';
import { Buffer, type Line } from './buffers';
import { People } from './people';

export type Phase = 'login' | 'connecting' | 'online' | 'offline';

export interface RoomListing {
  name: string;
  users: number;
  topic: string;
}

export interface SearchResult {
  target: string;
  line: Line;
}

export class Store {
  readonly people = new People();
  private readonly buffers = new Map<string, Buffer>();
  phase: Phase = 'login';
  /** One line saying what the connection is doing, shown when not online and on the login form. */
  statusLine = '';
  loginError = '';
  me = { nick: '', account: '', realName: '' };
  /** The server's message of the day, shown in the greeting as the terminal client does. */
  motd: string[] = [];
  selected = '';
  roomList: RoomListing[] = [];
  searchResults: SearchResult[] | null = null;
  searchQuery = '';
  private readonly listeners: Array<() => void> = [];

  get mapping(): CaseMapping {
    return this.people.mapping;
  }

  key(name: string): string {
    return fold(name, this.mapping);
  }

  subscribe(listener: () => void): void {
    this.listeners.push(listener);
  }

  changed(): void {
    for (const l of this.listeners) l();
  }

  buffer(name: string): Buffer | undefined {
    return this.buffers.get(this.key(name));
  }

  /** The buffer for a target, made when new; private ones are named after the other side. */
  open(name: string): Buffer {
    let buffer = this.buffers.get(this.key(name));
    if (!buffer) {
      buffer = new Buffer(name, isChannel(name) ? 'room' : 'private');
      this.buffers.set(this.key(name), buffer);
      if (!this.selected) this.selected = buffer.name;
    }
    return buffer;
  }

  close(name: string): void {
    this.buffers.delete(this.key(name));
    if (this.key(this.selected) === this.key(name)) this.selected = this.all()[0]?.name ?? '';
  }

  all(): Buffer[] {
    return [...this.buffers.values()];
  }

  rooms(): Buffer[] {
    return this.all().filter((b) => b.kind === 'room').sort((a, b) => a.name.localeCompare(b.name));
  }

  conversations(): Buffer[] {
    return this.all().filter((b) => b.kind === 'private').sort((a, b) => a.name.localeCompare(b.name));
  }

  current(): Buffer | undefined {
    return this.selected ? this.buffer(this.selected) : undefined;
  }

  isSelected(name: string): boolean {
    return this.selected !== '' && this.key(this.selected) === this.key(name);
  }

  /** Whether a text names the member: their nick, account or real name, as a word. */
  mentions(text: string): boolean {
    const lower = text.toLowerCase();
    return [this.me.nick, this.me.account, this.me.realName]
      .filter((n) => n.length > 1)
      .some((n) => new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(n.toLowerCase())}($|[^\\p{L}\\p{N}])`, 'u').test(lower));
  }

  /** The target a private line belongs to: the other side, whoever sent it. */
  conversationOf(from: string, to: string): string {
    return this.key(from) === this.key(this.me.nick) ? to : from;
  }

  /** Adds a member to a room's list; their presence lives with the person. */
  addMember(room: string, nick: string): void {
    this.open(room).members.set(this.key(nick), nick);
  }

  removeMember(room: string, nick: string): void {
    this.buffer(room)?.members.delete(this.key(nick));
  }

  /** Everyone gone from the network leaves every room; returns the rooms they were in. */
  quit(nick: string): Buffer[] {
    const rooms = this.rooms().filter((b) => b.members.has(this.key(nick)));
    rooms.forEach((b) => b.members.delete(this.key(nick)));
    return rooms;
  }

  renamed(oldNick: string, newNick: string): void {
    this.people.renamed(oldNick, newNick);
    for (const b of this.rooms()) {
      if (b.members.delete(this.key(oldNick))) b.members.set(this.key(newNick), newNick);
    }
    const conversation = this.buffers.get(this.key(oldNick));
    if (conversation && conversation.kind === 'private') {
      this.buffers.delete(this.key(oldNick));
      conversation.name = newNick;
      this.buffers.set(this.key(newNick), conversation);
    }
    if (this.key(oldNick) === this.key(this.me.nick)) this.me.nick = newNick;
  }

  /** The members of a room by shown name, those who are away last. */
  membersOf(room: string): Array<{ nick: string; name: string; away: boolean }> {
    const buffer = this.buffer(room);
    if (!buffer) return [];
    return [...buffer.members.values()]
      .map((nick) => ({ nick, name: this.people.display(nick), away: this.people.get(nick)?.away ?? false }))
      .sort((a, b) => Number(a.away) - Number(b.away) || a.name.localeCompare(b.name));
  }

  /** Selecting a buffer reads it: its unread count goes and its marker moves to its newest line. */
  select(name: string): number | null {
    const buffer = this.buffer(name);
    if (!buffer) return null;
    this.selected = buffer.name;
    return this.readAll(buffer);
  }

  /** Marks what a buffer holds as read; returns the new marker time, or null when nothing moved. */
  readAll(buffer: Buffer): number | null {
    const newest = buffer.newest();
    if (!newest || newest.time <= buffer.readUntil) {
      buffer.unread = 0;
      buffer.mentions = 0;
      return null;
    }
    buffer.markRead(newest.time);
    return newest.time;
  }

  /** Drops who-is-where that a new connection will tell again; lines and markers stay. */
  disconnected(): void {
    for (const b of this.all()) {
      b.members.clear();
      b.joined = false;
      b.historyLoading = false;
    }
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
