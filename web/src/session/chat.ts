/**
 * What the server says once logged in, applied to the store: rooms and who is in them, real
 * names and presence, messages live and from history, topics, read markers, redactions, the
 * room list and search results. Lines inside a chathistory or search batch are history: they
 * change no member list and raise no notification.
 */
import { isChannel, type CaseMapping } from '../irc/casemap';
import { nickOf, msg, type IrcMessage } from '../irc/message';
import type { Line, LineKind } from '../state/buffers';
import type { Store } from '../state/store';
import { HistoryRequests } from './history';

export interface ChatEvents {
  /** A live message that may deserve a desktop notification (private, or naming the member). */
  notify(line: Line, target: string): void;
  send(m: IrcMessage): void;
}

interface OpenBatch {
  type: string;
  params: string[];
  lines: IrcMessage[];
}

const ACTION = /^\u0001ACTION (.*)\u0001?$/s;

export class Chat {
  readonly history: HistoryRequests;
  private readonly batches = new Map<string, OpenBatch>();
  caps = new Set<string>();

  constructor(private readonly store: Store, private readonly events: ChatEvents) {
    this.history = new HistoryRequests(store, (m) => events.send(m));
  }

  has(cap: string): boolean {
    return this.caps.has(cap);
  }

  handle(m: IrcMessage): void {
    const ref = m.tags.batch;
    const outer = ref ? this.batches.get(ref) : undefined;
    if (m.command === 'BATCH') {
      this.batch(m);
    } else if (outer && (outer.type === 'chathistory' || outer.type === 'soju.im/search')) {
      outer.lines.push(m);
    } else {
      this.live(m);
    }
  }

  private batch(m: IrcMessage): void {
    const ref = m.params[0] ?? '';
    if (ref.startsWith('+')) {
      this.batches.set(ref.slice(1), { type: m.params[1] ?? '', params: m.params.slice(2), lines: [] });
      return;
    }
    const batch = this.batches.get(ref.slice(1));
    this.batches.delete(ref.slice(1));
    if (!batch) return;
    if (batch.type === 'chathistory') {
      const target = batch.params[0] ?? '';
      let count = 0;
      // An older page goes in above what is shown, newest first: a line of the same millisecond
      // as the oldest one shown is older than it, not newer.
      const older = this.history.next(target) === 'before';
      const lines = older ? [...batch.lines].reverse() : batch.lines;
      for (const line of lines) if (this.message(line, false, older)) count++;
      this.history.answered(target, batch.lines.length);
      if (count > 0 && this.store.isSelected(target)) this.store.buffer(target)?.recount();
    } else if (batch.type === 'soju.im/search') {
      this.store.searchResults = batch.lines.flatMap((line) => {
        const made = this.toLine(line, false);
        return made ? [{ target: made.target, line: made.line }] : [];
      });
    }
    this.store.changed();
  }

  private live(m: IrcMessage): void {
    const s = this.store;
    const nick = nickOf(m.source);
    const me = s.key(nick) === s.key(s.me.nick);
    const p = m.params;
    switch (m.command) {
      case 'PING': this.events.send(msg('PONG', ...p)); return;
      case 'PRIVMSG': case 'NOTICE': this.message(m, true); break;
      case 'JOIN': this.join(m, nick, me); break;
      case 'PART': this.left(p[0], nick, me, 'has left the chat.', m); break;
      case 'KICK': this.left(p[0], p[1], s.key(p[1]) === s.key(s.me.nick), `was removed by ${s.people.display(nick)}.`, m); break;
      case 'QUIT':
        for (const room of s.quit(nick)) room.add(this.event(m, 'quit', nick, 'has left the chat.'));
        break;
      case 'NICK': s.renamed(nick, p[0]); break;
      case 'AWAY': s.people.learn(nick, { away: p.length > 0 && p[0] !== '' }); break;
      case 'SETNAME': s.people.learn(nick, { realName: p[0] }); if (me) s.me.realName = p[0]; break;
      case 'TOPIC': this.topic(p[0], p[1] ?? '', m, nick); break;
      case 'MARKREAD': this.markread(p[0], p[1]); break;
      case 'CHATHISTORY': this.conversationFound(p); break;
      case 'REDACT': s.buffer(isChannel(p[0]) ? p[0] : s.conversationOf(nick, p[0]))?.redact(p[1]); break;
      case '005': this.isupport(p); break;
      case '332': s.open(p[1]).topic = p[2] ?? ''; break;
      case '331': s.open(p[1]).topic = ''; break;
      case '353': for (const n of (p[3] ?? '').split(' ').filter(Boolean)) s.addMember(p[2], n.replace(/^[~&@%+]+/, '').split('!')[0]); break;
      case '354': this.whox(p); break;
      case '301': s.people.learn(p[1], { away: true }); break;
      case '321': s.roomList = []; break;
      case '322': s.roomList.push({ name: p[1], users: Number(p[2]) || 0, topic: p[3] ?? '' }); break;
      case '323': s.roomList.sort((a, b) => b.users - a.users || a.name.localeCompare(b.name)); break;
      case 'FAIL': this.info(`${p[0]}: ${p[p.length - 1]}`, 'error'); break;
      case 'ERROR': s.statusLine = p[0] ?? 'The server closed the connection.'; break;
      default:
        if (/^[45]\d\d$/.test(m.command) && m.command !== '422') this.info(p.slice(1).join(': '), 'error');
        else return;
    }
    s.changed();
  }

  private isupport(params: string[]): void {
    for (const token of params.slice(1, -1)) {
      const [key, value] = token.split('=');
      if (key === 'CASEMAPPING' && value) this.store.people.mapping = value as CaseMapping;
    }
  }

  private join(m: IrcMessage, nick: string, me: boolean): void {
    const s = this.store;
    const room = m.params[0];
    s.people.learn(nick, { realName: m.params[2], account: m.params[1] ?? m.tags.account });
    s.addMember(room, nick);
    if (me) {
      const buffer = s.open(room);
      buffer.joined = true;
      if (m.params[2]) s.me.realName = m.params[2];
      this.events.send(msg('WHO', room, '%tnfar,1'));
      if (this.has('draft/chathistory')) this.history.opened(room);
    } else {
      s.open(room).add(this.event(m, 'join', nick, 'has entered the chat!'));
    }
  }

  private left(room: string, nick: string, me: boolean, what: string, m: IrcMessage): void {
    const s = this.store;
    if (me) {
      s.close(room);
      return;
    }
    s.removeMember(room, nick);
    s.buffer(room)?.add(this.event(m, 'part', nick, what));
  }

  private topic(room: string, text: string, m: IrcMessage, nick: string): void {
    const buffer = this.store.open(room);
    buffer.topic = text;
    buffer.add(this.event(m, 'topic', nick, text ? `set the topic: ${text}` : 'cleared the topic.'));
  }

  private markread(target: string, value: string | undefined): void {
    if (!value || !value.startsWith('timestamp=')) return;
    const time = Date.parse(value.slice('timestamp='.length));
    if (Number.isNaN(time)) return;
    this.store.open(target).markRead(time);
  }

  /** A line of CHATHISTORY TARGETS: a conversation with news since the page last looked. */
  private conversationFound(p: string[]): void {
    if (p[0] !== 'TARGETS' || !p[1] || isChannel(p[1])) return;
    if (!this.store.buffer(p[1])) this.history.opened(p[1]);
  }

  /** WHO reply for "%tnfar,1": token, nick, flags (H here, G away), account, real name. */
  private whox(p: string[]): void {
    if (p[1] !== '1' || p.length < 6) return;
    this.store.people.learn(p[2], { away: (p[3] ?? '').startsWith('G'), account: p[4], realName: p[5] });
  }

  private event(m: IrcMessage, kind: LineKind, nick: string, text: string): Line {
    return { id: m.tags.msgid, time: timeOf(m), kind, from: nick, name: this.store.people.display(nick), text, own: false };
  }

  private info(text: string, kind: LineKind = 'info'): void {
    const buffer = this.store.current();
    buffer?.add({ time: Date.now(), kind, text, own: false });
  }

  /** A PRIVMSG or NOTICE (live or from history) as a line in its buffer; false when not one. */
  private message(m: IrcMessage, live: boolean, older = false): boolean {
    if (m.command !== 'PRIVMSG' && m.command !== 'NOTICE') {
      // Event playback: a topic change in history is shown but changes nothing.
      return this.playback(m, older);
    }
    const made = this.toLine(m, live);
    if (!made) return false;
    const buffer = this.store.open(made.target);
    if (!buffer.add(made.line, older)) return false;
    if (this.store.isSelected(made.target) && live && made.line.own) this.store.readAll(buffer);
    if (live && !made.line.own && (buffer.kind === 'private' || made.line.mention)) this.events.notify(made.line, made.target);
    return true;
  }

  private playback(m: IrcMessage, older: boolean): boolean {
    const nick = nickOf(m.source);
    const room = m.params[0];
    if (!room || !isChannel(room)) return false;
    // Arrivals and departures are shown live only: replayed, every reload and reconnect of
    // every member would fill the room with them.
    if (m.command !== 'TOPIC') return false;
    return this.store.open(room).add(this.event(m, 'topic', nick, `set the topic: ${m.params[1] ?? ''}`), older);
  }

  toLine(m: IrcMessage, live: boolean): { target: string; line: Line } | null {
    const s = this.store;
    const from = nickOf(m.source);
    const to = m.params[0] ?? '';
    let text = m.params[1] ?? '';
    if (!m.source || !from.length || (!m.source.includes('!') && !isChannel(to))) {
      // A notice from the server itself.
      if (live) this.info(text);
      return null;
    }
    if (m.tags.account) s.people.learn(from, { account: m.tags.account });
    let kind: LineKind = m.command === 'NOTICE' ? 'notice' : 'message';
    const action = ACTION.exec(text);
    if (action) {
      kind = 'action';
      text = action[1].replace(/\u0001$/, '');
    } else if (text.startsWith('\u0001')) {
      return null; // other CTCP requests are not for people to read
    }
    const own = s.key(from) === s.key(s.me.nick) || (!!m.tags.account && s.key(m.tags.account) === s.key(s.me.account));
    const target = isChannel(to) ? to : own ? to : from;
    const name = (m.tags.account && s.people.displayAccount(m.tags.account)) || s.people.display(from);
    const line: Line = { id: m.tags.msgid, time: timeOf(m), kind, from, name, text, own, mention: !own && s.mentions(text) };
    return { target, line };
  }
}

function timeOf(m: IrcMessage): number {
  const t = m.tags.time ? Date.parse(m.tags.time) : NaN;
  return Number.isNaN(t) ? Date.now() : t;
}
