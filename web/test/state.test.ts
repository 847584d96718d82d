import { describe, expect, it } from 'vitest';
import { Buffer, type Line } from '../src/state/buffers';
import { Store } from '../src/state/store';
import { loadSession, saveSession, forgetSession } from '../src/state/saved';
import { Backoff } from '../src/net/backoff';
import { splitText, textBudget } from '../src/irc/split';

const line = (time: number, extra: Partial<Line> = {}): Line =>
  ({ time, kind: 'message', from: 'ann', name: 'Ann', text: `at ${time}`, own: false, ...extra });

describe('a buffer', () => {
  it('keeps lines in time order and drops a line it already has', () => {
    const b = new Buffer('#lobby', 'room');
    expect(b.add(line(20, { id: 'b' }))).toBe(true);
    expect(b.add(line(10, { id: 'a' }))).toBe(true);
    expect(b.add(line(30, { id: 'c' }))).toBe(true);
    expect(b.add(line(20, { id: 'b' }))).toBe(false);
    expect(b.lines.map((l) => l.id)).toEqual(['a', 'b', 'c']);
    expect(b.oldestWithId()!.id).toBe('a');
    expect(b.newestWithId()!.id).toBe('c');
  });

  it('puts an older page, added newest first, above lines of the same millisecond', () => {
    const b = new Buffer('#lobby', 'room');
    b.add(line(20, { id: 'e' }));
    b.add(line(20, { id: 'f' }));
    b.add(line(20, { id: 'g' }));
    // The page before 'e': a, b at 10; c, d at 20 (the same millisecond as e), given newest first.
    for (const [time, id] of [[20, 'd'], [20, 'c'], [10, 'b'], [10, 'a']] as const) b.add(line(time, { id }), true);
    b.add(line(20, { id: 'h' }));
    expect(b.lines.map((l) => l.id)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
  });

  it('counts as unread what others wrote after the read marker', () => {
    const b = new Buffer('#lobby', 'room');
    b.add(line(10));
    b.add(line(20, { own: true }));
    b.add(line(30, { kind: 'join' }));
    b.add(line(40, { mention: true }));
    expect(b.unread).toBe(2);
    expect(b.mentions).toBe(1);
    b.markRead(15);
    expect(b.unread).toBe(1);
    b.markRead(5); // a marker never goes back
    expect(b.readUntil).toBe(15);
    b.markRead(40);
    expect([b.unread, b.mentions]).toEqual([0, 0]);
    b.add(line(35)); // older than the marker: read already
    expect(b.unread).toBe(0);
  });

  it('shows a redacted line as deleted and no longer counts it', () => {
    const b = new Buffer('ann', 'private');
    b.add(line(10, { id: 'x' }));
    expect(b.unread).toBe(1);
    expect(b.redact('x')).toBe(true);
    expect(b.lines[0].deleted).toBe(true);
    expect(b.unread).toBe(0);
    expect(b.redact('nope')).toBe(false);
  });
});

describe('the store', () => {
  it('finds buffers whatever the case and opens the first one', () => {
    const s = new Store();
    s.open('#Lobby');
    expect(s.buffer('#lobby')!.name).toBe('#Lobby');
    expect(s.selected).toBe('#Lobby');
    s.open('Ann');
    expect(s.rooms().map((b) => b.name)).toEqual(['#Lobby']);
    expect(s.conversations().map((b) => b.name)).toEqual(['Ann']);
  });

  it('selecting a buffer reads it and gives the time for MARKREAD', () => {
    const s = new Store();
    s.open('#a').add(line(10));
    s.open('#b').add(line(20));
    expect(s.buffer('#b')!.unread).toBe(1);
    expect(s.select('#b')).toBe(20);
    expect(s.buffer('#b')!.unread).toBe(0);
    expect(s.select('#b')).toBeNull();
  });

  it('sees a mention of the nick, account or real name as a word only', () => {
    const s = new Store();
    s.me = { nick: 'm19803021', account: '19803021', realName: 'Pranav Gupta' };
    expect(s.mentions('hi Pranav Gupta!')).toBe(true);
    expect(s.mentions('ping 19803021')).toBe(true);
    expect(s.mentions('x198030211')).toBe(false);
    expect(s.mentions('nothing here')).toBe(false);
  });

  it('lists members by real name, away last, and follows nick changes and quits', () => {
    const s = new Store();
    s.people.learn('zed', { realName: 'Zed Zulu', away: false });
    s.people.learn('amy', { realName: 'Amy Alpha', away: true });
    s.addMember('#r', 'zed');
    s.addMember('#r', 'amy');
    s.addMember('#r', 'bob');
    expect(s.membersOf('#r').map((m) => m.name)).toEqual(['bob', 'Zed Zulu', 'Amy Alpha']);
    s.open('zed');
    s.renamed('zed', 'zz');
    expect(s.membersOf('#r').map((m) => m.nick)).toContain('zz');
    expect(s.buffer('zz')!.name).toBe('zz');
    expect(s.people.display('zz')).toBe('Zed Zulu');
    expect(s.quit('amy').map((b) => b.name)).toEqual(['#r']);
    expect(s.membersOf('#r')).toHaveLength(2);
  });
});

describe('small parts', () => {
  it('keeps a tab\'s session without the password, and forgets it', () => {
    const map = new Map<string, string>();
    const storage = { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v),
      removeItem: (k: string) => void map.delete(k) };
    expect(loadSession(storage)).toBeNull();
    const saved = { account: '19803021', key: { salt: 's', iterations: 4096, saltedPassword: 'k' }, rooms: ['#lobby'], selected: '#lobby' };
    saveSession(storage, saved);
    expect(loadSession(storage)).toEqual(saved);
    expect([...map.values()].join()).not.toContain('password":');
    forgetSession(storage);
    expect(loadSession(storage)).toBeNull();
    map.set('parley.session', '{broken');
    expect(loadSession(storage)).toBeNull();
  });

  it('backs off by doubling up to the ceiling, with jitter, and starts again after a login', () => {
    const b = new Backoff(1000, 8000, () => 0);
    expect([b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([1000, 2000, 4000, 8000, 8000]);
    b.reset();
    expect(b.next()).toBe(1000);
    expect(new Backoff(1000, 8000, () => 1).next()).toBe(750);
  });

  it('cuts long text at spaces into pieces that fit the 512-byte rule', () => {
    const budget = textBudget('m19803021', '#lobby', false);
    expect(budget).toBe(512 - (1 + 9 + 1 + 10 + 1 + 63 + 1 + 8 + 6 + 2 + 2));
    const words = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');
    const pieces = splitText(words, budget);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) expect(new TextEncoder().encode(p).length).toBeLessThanOrEqual(budget);
    expect(pieces.join(' ')).toBe(words);
    const emoji = '😀'.repeat(200);
    expect(splitText(emoji, 10).every((p) => p === '😀😀')).toBe(true);
  });
});
