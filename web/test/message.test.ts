import { describe, expect, it } from 'vitest';
import { nickOf, parse, serialize } from '../src/irc/message';
import { fold } from '../src/irc/casemap';
import { CapOffers } from '../src/irc/caps';

describe('parse', () => {
  it('reads tags, source, command and a trailing parameter', () => {
    const m = parse('@time=2026-01-02T03:04:05.678Z;msgid=abc;+draft/reply=x\\sy\\:z :ann!a@h PRIVMSG #lobby :Hello  there');
    expect(m).toEqual({
      tags: { time: '2026-01-02T03:04:05.678Z', msgid: 'abc', '+draft/reply': 'x y;z' },
      source: 'ann!a@h', command: 'PRIVMSG', params: ['#lobby', 'Hello  there'],
    });
  });

  it('keeps an empty trailing parameter and folds the command to upper case', () => {
    expect(parse('away :')).toEqual({ tags: {}, source: undefined, command: 'AWAY', params: [''] });
  });

  it('unescapes every tag escape and drops a lone backslash at the end', () => {
    expect(parse('@a=\\\\\\r\\n\\x;b=end\\ PING')!.tags).toEqual({ a: '\\\r\nx', b: 'end' });
    expect(parse('@flag PING')!.tags).toEqual({ flag: '' });
  });

  it('tolerates repeated spaces and a CR LF', () => {
    expect(parse(':srv  001   me  :Welcome\r\n')!.params).toEqual(['me', 'Welcome']);
  });

  it('refuses a line without a command', () => {
    expect(parse('')).toBeNull();
    expect(parse('@a=b')).toBeNull();
    expect(parse(':source')).toBeNull();
  });
});

describe('serialize', () => {
  it('adds a colon only where the last parameter needs one', () => {
    expect(serialize({ tags: {}, command: 'JOIN', params: ['#lobby'] })).toBe('JOIN #lobby');
    expect(serialize({ tags: {}, command: 'PRIVMSG', params: ['#lobby', 'hi there'] })).toBe('PRIVMSG #lobby :hi there');
    expect(serialize({ tags: {}, command: 'PRIVMSG', params: ['#lobby', ':)'] })).toBe('PRIVMSG #lobby ::)');
    expect(serialize({ tags: {}, command: 'AWAY', params: [''] })).toBe('AWAY :');
  });

  it('escapes tag values so that they read back the same', () => {
    const m = { tags: { '+x': 'a b;c\\d\r\n', label: 'l1' }, command: 'TAGMSG', params: ['#r'] };
    const line = serialize(m);
    expect(line).toBe('@+x=a\\sb\\:c\\\\d\\r\\n;label=l1 TAGMSG #r');
    expect(parse(line)).toEqual({ ...m, source: undefined });
  });

  it('refuses what would break the line or shift parameters', () => {
    expect(() => serialize({ tags: {}, command: 'PRIVMSG', params: ['#r', 'a\r\nQUIT'] })).toThrow(/line break/);
    expect(() => serialize({ tags: {}, command: 'MODE', params: ['a b', 'x'] })).toThrow(/last one/);
  });
});

describe('names', () => {
  it('takes the nick from a source and folds names as rfc1459 does', () => {
    expect(nickOf('ann!a@h')).toBe('ann');
    expect(nickOf('server.example')).toBe('server.example');
    expect(fold('Ann[]\\^')).toBe('ann{}|~');
    expect(fold('Ann[]', 'ascii')).toBe('ann[]');
  });

  it('collects CAP LS over several lines and asks only for what is offered', () => {
    const offers = new CapOffers();
    expect(offers.add(['*', 'LS', '*', 'sasl=PLAIN,SCRAM-SHA-256 echo-message draft/chathistory'])).toBe(false);
    expect(offers.add(['*', 'LS', 'server-time unknown/thing batch'])).toBe(true);
    expect(offers.wanted()).toEqual(['sasl', 'server-time', 'echo-message', 'batch', 'draft/chathistory']);
    expect(offers.mechanisms()).toEqual(['PLAIN', 'SCRAM-SHA-256']);
  });
});
