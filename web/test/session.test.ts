import { describe, expect, it } from 'vitest';
import { parse, serialize, type IrcMessage } from '../src/irc/message';
import { base64ToBytes, bytesToBase64, fromUtf8, utf8 } from '../src/sasl/base64';
import { Chat } from '../src/session/chat';
import { Login, nextNick, nickFor, WRONG_CREDENTIALS, type LoginResult } from '../src/session/login';
import { Store } from '../src/state/store';
import type { Line } from '../src/state/buffers';

const subtle = globalThis.crypto.subtle;
async function hmac(key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const k = await subtle.importKey('raw', key as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await subtle.sign('HMAC', k, data as BufferSource));
}

/** The server's half of SCRAM-SHA-256, as RFC 5802 has it, for one account and password. */
class ScramServer {
  private clientFirstBare = '';
  private serverFirst = '';
  constructor(private readonly password: string, private readonly salt = 'c2FsdHNhbHRzYWx0', private readonly iterations = 4096) {}

  first(clientFirst: string): string {
    this.clientFirstBare = clientFirst.slice(3);
    const nonce = /r=([^,]+)/.exec(clientFirst)![1];
    this.serverFirst = `r=${nonce}server,s=${this.salt},i=${this.iterations}`;
    return this.serverFirst;
  }

  async final(clientFinal: string, signatureOverride?: string): Promise<string | null> {
    const k = await subtle.importKey('raw', utf8(this.password) as BufferSource, 'PBKDF2', false, ['deriveBits']);
    const salted = new Uint8Array(await subtle.deriveBits(
      { name: 'PBKDF2', hash: 'SHA-256', salt: base64ToBytes(this.salt) as BufferSource, iterations: this.iterations }, k, 256));
    const withoutProof = clientFinal.slice(0, clientFinal.indexOf(',p='));
    const auth = utf8(`${this.clientFirstBare},${this.serverFirst},${withoutProof}`);
    const clientKey = await hmac(salted, utf8('Client Key'));
    const stored = new Uint8Array(await subtle.digest('SHA-256', clientKey as BufferSource));
    const signature = await hmac(stored, auth);
    const proof = base64ToBytes(clientFinal.slice(clientFinal.indexOf(',p=') + 3));
    const recovered = proof.map((b, i) => b ^ signature[i]);
    const check = new Uint8Array(await subtle.digest('SHA-256', recovered as BufferSource));
    if (!check.every((b, i) => b === stored[i])) return null;
    return 'v=' + (signatureOverride ?? bytesToBase64(await hmac(await hmac(salted, utf8('Server Key')), auth)));
  }
}

const enc = (text: string) => bytesToBase64(utf8(text));
const dec = (b64: string) => fromUtf8(base64ToBytes(b64));

/** Plays a server through one login and says what the client sent and how it ended. */
async function loginAgainst(options: { password: string; offers?: string; plainAllowed?: boolean; badSignature?: boolean; known?: 'scram' | 'plain' }) {
  const server = new ScramServer('pencil');
  const sent: string[] = [];
  let result: LoginResult | null = null;
  const queue: IrcMessage[] = [];
  const login = new Login({ account: '19803021', secret: { password: options.password } },
    (m) => { sent.push(serialize(m)); queue.push(m); }, (r) => { result = r; }, options.plainAllowed ?? true);
  const reply = (line: string) => login.handle(parse(line)!);
  login.start();
  let mechanism = '';
  for (let steps = 0; steps < 20 && !result; steps++) {
    const m = queue.shift();
    if (!m) break;
    const p = m.params;
    if (m.command === 'CAP' && p[0] === 'LS') {
      await reply(`:srv CAP * LS * :${options.offers ?? 'sasl=SCRAM-SHA-256,PLAIN echo-message'}`);
      await reply(':srv CAP * LS :server-time draft/chathistory');
    } else if (m.command === 'CAP' && p[0] === 'REQ') {
      await reply(`:srv CAP * ACK :${p[1]}`);
    } else if (m.command === 'AUTHENTICATE' && (p[0] === 'SCRAM-SHA-256' || p[0] === 'PLAIN')) {
      mechanism = p[0];
      await reply('AUTHENTICATE +');
    } else if (m.command === 'AUTHENTICATE' && mechanism === 'PLAIN') {
      const ok = options.known === 'plain' && dec(p[0]) === '\u000019803021\u0000' + 'pencil';
      await reply(ok ? ':srv 903 * :SASL authentication successful' : ':srv 904 * :SASL authentication failed');
    } else if (m.command === 'AUTHENTICATE' && p[0] === '+') {
      await reply(':srv 900 m19803021 m19803021!u@h 19803021 :You are now logged in');
      await reply(':srv 903 m19803021 :SASL authentication successful');
    } else if (m.command === 'AUTHENTICATE' && dec(p[0]).startsWith('n,,')) {
      await reply(`AUTHENTICATE ${enc(server.first(dec(p[0])))}`);
    } else if (m.command === 'AUTHENTICATE') {
      const final = options.known === 'plain' ? null
        : await server.final(dec(p[0]), options.badSignature ? bytesToBase64(new Uint8Array(32)) : undefined);
      await reply(final ? `AUTHENTICATE ${enc(final)}` : ':srv 904 * :SASL authentication failed');
    } else if (m.command === 'CAP' && p[0] === 'END') {
      await reply(':srv 001 m19803021 :Welcome to the Parley IRC Network');
    }
  }
  return { sent, result: result as LoginResult | null };
}

describe('logging in', () => {
  it('uses SCRAM-SHA-256, checks the server, and asks for what it offers only', async () => {
    const { sent, result } = await loginAgainst({ password: 'pencil' });
    expect(sent.slice(0, 4)).toEqual(['CAP LS 302', 'NICK 19803021', 'USER 19803021 0 * 19803021',
      'CAP REQ :sasl server-time echo-message draft/chathistory']);
    expect(sent).toContain('AUTHENTICATE SCRAM-SHA-256');
    expect(sent.join('\n')).not.toContain(enc('pencil').slice(0, 6));
    expect(sent[sent.length - 1]).toBe('CAP END');
    expect(result).toMatchObject({ ok: true, nick: 'm19803021', account: '19803021' });
    if (result?.ok) {
      expect([...result.caps]).toEqual(['sasl', 'server-time', 'echo-message', 'draft/chathistory']);
      expect(result.key).toMatchObject({ salt: 'c2FsdHNhbHRzYWx0', iterations: 4096 });
    }
  });

  it('says a wrong password plainly', async () => {
    const { result, sent } = await loginAgainst({ password: 'wrong', offers: 'sasl=SCRAM-SHA-256' });
    expect(result).toEqual({ ok: false, reason: WRONG_CREDENTIALS, wrongCredentials: true });
    expect(sent).not.toContain('CAP END');
  });

  it('falls back to PLAIN over TLS for a member who has only the old hash', async () => {
    const { result, sent } = await loginAgainst({ password: 'pencil', known: 'plain' });
    expect(sent).toContain('AUTHENTICATE PLAIN');
    expect(result).toMatchObject({ ok: true });
    const refused = await loginAgainst({ password: 'pencil', known: 'plain', plainAllowed: false });
    expect(refused.sent).not.toContain('AUTHENTICATE PLAIN');
    expect(refused.result).toMatchObject({ ok: false, reason: WRONG_CREDENTIALS });
  });

  it('stops when the server cannot prove it knows the password', async () => {
    const { result, sent } = await loginAgainst({ password: 'pencil', badSignature: true });
    expect(sent).toContain('AUTHENTICATE *');
    expect(result).toMatchObject({ ok: false, wrongCredentials: false });
  });

  it('refuses a server without SASL', async () => {
    const { result } = await loginAgainst({ password: 'pencil', offers: 'echo-message' });
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/does not offer SASL/) });
  });

  it('makes an IRC nick of a member id', () => {
    expect(nickFor('19803021')).toBe('19803021');
    expect(nickFor('ann.lee')).toBe('ann_lee');
    expect(nextNick('19803021', '19803021', 1, true)).toBe('m19803021'); // a server that wants a letter first
    expect(nextNick('19803021', '19803021', 1, false)).toBe('19803021_1'); // taken
    expect(nextNick('19803021', '19803021_1', 2, false)).toBe('19803021_2');
  });
});

describe('the chat', () => {
  function chat() {
    const store = new Store();
    const sent: string[] = [];
    const notified: Array<[Line, string]> = [];
    const c = new Chat(store, { send: (m) => sent.push(serialize(m)), notify: (l, t) => notified.push([l, t]) });
    c.caps = new Set(['draft/chathistory', 'batch', 'echo-message', 'draft/read-marker']);
    store.me = { nick: 'm19803021', account: '19803021', realName: '' };
    const feed = (...lines: string[]) => lines.forEach((l) => c.handle(parse(l)!));
    return { store, sent, notified, c, feed };
  }

  it('joins with real names, asks WHO and the latest history, and greets arrivals as the lab did', () => {
    const { store, sent, feed } = chat();
    feed(':m19803021!u@h JOIN #lobby 19803021 :Pranav Gupta',
      ':srv 353 m19803021 = #lobby :m19803021 @m19803099',
      ':srv 354 m19803021 1 m19803099 G 19803099 :Ritawari Pareek',
      ':m19803023!u@h JOIN #lobby 19803023 :Sanskar Gupta');
    expect(store.me.realName).toBe('Pranav Gupta');
    expect(sent).toEqual(['WHO #lobby %tnfar,1', 'CHATHISTORY LATEST #lobby * 50']);
    expect(store.membersOf('#lobby').map((m) => [m.name, m.away])).toEqual([
      ['Pranav Gupta', false], ['Sanskar Gupta', false], ['Ritawari Pareek', true]]);
    expect(store.buffer('#lobby')!.lines.map((l) => `${l.name} ${l.text}`)).toEqual(['Sanskar Gupta has entered the chat!']);
    feed(':m19803099!u@h AWAY');
    expect(store.people.get('m19803099')!.away).toBe(false);
  });

  it('puts history before live lines, once each, and knows a short page is the start', () => {
    const { store, feed } = chat();
    feed(':m19803021!u@h JOIN #lobby 19803021 :Pranav Gupta',
      '@msgid=live1;time=2026-05-01T10:05:00.000Z :m19803099!u@h PRIVMSG #lobby :live',
      ':srv BATCH +h1 chathistory #lobby',
      '@batch=h1;msgid=old1;time=2026-05-01T10:00:00.000Z;account=19803099 :m19803099!u@h PRIVMSG #lobby :first',
      '@batch=h1;msgid=old2;time=2026-05-01T10:01:00.000Z :m19803099!u@h JOIN #lobby',
      '@batch=h1;msgid=live1;time=2026-05-01T10:05:00.000Z :m19803099!u@h PRIVMSG #lobby :live',
      ':srv BATCH -h1');
    const buffer = store.buffer('#lobby')!;
    expect(buffer.lines.map((l) => l.id)).toEqual(['old1', 'live1']); // a join from history is not replayed
    expect(store.membersOf('#lobby').map((m) => m.nick)).toEqual(['m19803021']);
    expect(buffer.historyComplete).toBe(true); // fewer than a page: nothing older
  });

  it('asks BEFORE the oldest line on scrolling up and stops at the start', () => {
    const { store, sent, c, feed } = chat();
    feed(':m19803021!u@h JOIN #r 19803021 :Pranav Gupta',
      ':srv BATCH +a chathistory #r', ...Array.from({ length: 50 }, (_, i) =>
        `@batch=a;msgid=m${i + 10};time=2026-05-01T10:${String(i + 10).padStart(2, '0')}:00.000Z :x!u@h PRIVMSG #r :${i}`), ':srv BATCH -a');
    expect(store.buffer('#r')!.historyComplete).toBe(false);
    c.history.older('#r');
    c.history.older('#r'); // one request at a time
    expect(sent.filter((l) => l.startsWith('CHATHISTORY BEFORE'))).toEqual(['CHATHISTORY BEFORE #r msgid=m10 50']);
    feed(':srv BATCH +b chathistory #r',
      '@batch=b;msgid=m1;time=2026-05-01T09:00:00.000Z :x!u@h PRIVMSG #r :older', ':srv BATCH -b');
    expect(store.buffer('#r')!.lines[0].id).toBe('m1');
    c.history.older('#r');
    feed(':srv BATCH +c chathistory #r', ':srv BATCH -c');
    expect(store.buffer('#r')!.historyComplete).toBe(true);
    c.history.older('#r');
    expect(sent.filter((l) => l.startsWith('CHATHISTORY BEFORE'))).toHaveLength(2);
  });

  it('catches up after the newest line seen when it joins again', () => {
    const { sent, feed } = chat();
    feed(':m19803021!u@h JOIN #r 19803021 :P', '@msgid=z9 :x!u@h PRIVMSG #r :hi');
    sent.length = 0;
    feed(':m19803021!u@h JOIN #r 19803021 :P');
    expect(sent).toContain('CHATHISTORY AFTER #r msgid=z9 50');
  });

  it('files private messages under the other side, own echoes included, and notifies for them and mentions', () => {
    const { store, notified, feed } = chat();
    feed('@msgid=p1;account=19803099 :m19803099!u@h PRIVMSG m19803021 :Can you bring the report?',
      '@msgid=p2 :m19803021!u@h PRIVMSG m19803099 :Yes',
      ':m19803021!u@h JOIN #lobby 19803021 :Pranav Gupta',
      '@msgid=r1 :m19803099!u@h PRIVMSG #lobby :Pranav Gupta, hello',
      '@msgid=r2 :m19803099!u@h PRIVMSG #lobby :\u0001ACTION waves\u0001');
    const conversation = store.buffer('m19803099')!;
    expect(conversation.kind).toBe('private');
    expect(conversation.lines.map((l) => [l.own, l.text])).toEqual([[false, 'Can you bring the report?'], [true, 'Yes']]);
    expect(notified.map(([l, t]) => [t, l.text])).toEqual([['m19803099', 'Can you bring the report?'], ['#lobby', 'Pranav Gupta, hello']]);
    expect(store.buffer('#lobby')!.lines.find((l) => l.id === 'r2')).toMatchObject({ kind: 'action', text: 'waves' });
  });

  it('takes read markers and redactions from the server', () => {
    const { store, feed } = chat();
    feed('@msgid=a;time=2026-05-01T10:00:00.000Z :x!u@h PRIVMSG #r :one',
      '@msgid=b;time=2026-05-01T10:01:00.000Z :x!u@h PRIVMSG #r :two');
    expect(store.buffer('#r')!.unread).toBe(2);
    feed(':srv MARKREAD #r timestamp=2026-05-01T10:00:00.000Z');
    expect(store.buffer('#r')!.unread).toBe(1);
    feed(':x!u@h REDACT #r b');
    expect(store.buffer('#r')!.lines[1].deleted).toBe(true);
    expect(store.buffer('#r')!.unread).toBe(0);
  });

  it('keeps search results apart from the rooms', () => {
    const { store, feed } = chat();
    feed(':srv BATCH +s soju.im/search',
      '@batch=s;msgid=q;time=2026-05-01T10:00:00.000Z :x!u@h PRIVMSG #r :the report', ':srv BATCH -s');
    expect(store.searchResults!.map((r) => [r.target, r.line.text])).toEqual([['#r', 'the report']]);
    expect(store.buffer('#r')).toBeUndefined();
  });

  it('lists rooms and opens conversations CHATHISTORY TARGETS names', () => {
    const { store, sent, feed } = chat();
    feed(':srv 321 me Channel :Users Name', ':srv 322 me #a 2 :small', ':srv 322 me #b 9 :', ':srv 323 me :End');
    expect(store.roomList.map((r) => r.name)).toEqual(['#b', '#a']);
    feed(':srv BATCH +t draft/chathistory-targets', '@batch=t :srv CHATHISTORY TARGETS m19803099 2026-05-01T10:00:00.000Z',
      '@batch=t :srv CHATHISTORY TARGETS #a 2026-05-01T10:00:00.000Z', ':srv BATCH -t');
    expect(sent).toEqual(['CHATHISTORY LATEST m19803099 * 50']);
    expect(store.buffer('m19803099')!.kind).toBe('private');
  });
});
