/**
 * What the member types in the message box: text for the open room or conversation, or one of
 * a few commands (the terminal client's). QUIT in any case leaves, as in the lab system.
 */
import { isChannel } from '../irc/casemap';
import { msg } from '../irc/message';
import { splitText, textBudget } from '../irc/split';
import type { Store } from '../state/store';
import type { ParleyClient } from './client';

export const HELP = [
  '/join #room · /part · /msg NAME text · /me does something · /topic text',
  '/away [why] (no text: back) · /rooms · /search words · QUIT to leave',
];

/** Does what a typed line asks; returns a line to show the member, or null. */
export function typed(line: string, client: ParleyClient, store: Store): string | null {
  const text = line.trim();
  if (!text) return null;
  if (/^\/?quit$/i.test(text)) {
    client.logOut();
    return null;
  }
  if (!text.startsWith('/') || text.startsWith('//')) {
    const target = store.current();
    if (!target) return 'Open a room first.';
    say(client, store, target.name, text.startsWith('//') ? text.slice(1) : text, false);
    return null;
  }
  const space = text.indexOf(' ');
  const command = (space < 0 ? text.slice(1) : text.slice(1, space)).toLowerCase();
  const rest = space < 0 ? '' : text.slice(space + 1).trim();
  const current = store.current()?.name ?? '';
  switch (command) {
    case 'join': case 'j': {
      if (!rest) return 'Usage: /join #room';
      const room = isChannel(rest) ? rest.split(' ')[0] : '#' + rest.split(' ')[0];
      client.send(msg('JOIN', room));
      store.selected = room;
      return null;
    }
    case 'part': case 'leave':
      if (!isChannel(rest || current)) return 'Usage: /part #room';
      client.send(msg('PART', rest || current));
      return null;
    case 'msg': case 'query': {
      const [who, ...words] = rest.split(' ');
      if (!who) return 'Usage: /msg NAME text';
      store.open(who);
      store.select(who);
      if (words.length) say(client, store, who, words.join(' '), false);
      return null;
    }
    case 'me':
      if (!current) return 'Open a room first.';
      say(client, store, current, rest, true);
      return null;
    case 'topic':
      if (!isChannel(current)) return 'Open a room first.';
      client.send(rest ? msg('TOPIC', current, rest) : msg('TOPIC', current));
      return null;
    case 'away':
      client.send(rest ? msg('AWAY', rest) : msg('AWAY'));
      return rest ? `You are marked away: ${rest}` : 'You are back.';
    case 'back':
      client.send(msg('AWAY'));
      return 'You are back.';
    case 'rooms': case 'list':
      client.send(msg('LIST'));
      return null;
    case 'search':
      return search(client, store, rest);
    case 'help':
      return HELP.join('\n');
    default:
      return `Unknown command /${command}. ${HELP[0]}`;
  }
}

/** Sends text to a room or person, in as many lines as the 512-byte rule needs. */
export function say(client: ParleyClient, store: Store, target: string, text: string, action: boolean): void {
  for (const piece of splitText(text, textBudget(store.me.nick, target, action))) {
    client.send(msg('PRIVMSG', target, action ? `\u0001ACTION ${piece}\u0001` : piece));
    if (!client.chat.has('echo-message')) {
      // Without echo-message the server never shows the sender their line: show it now.
      store.open(target).add({ time: Date.now(), kind: action ? 'action' : 'message', from: store.me.nick,
        name: store.me.realName, text: piece, own: true });
    }
  }
  store.changed();
}

/** soju.im/search over everything the member may read, newest first. */
export function search(client: ParleyClient, store: Store, words: string): string | null {
  if (!words) return 'Usage: /search words';
  if (!client.chat.has('soju.im/search') || !client.chat.has('batch')) return 'The server does not offer search.';
  store.searchQuery = words;
  store.searchResults = null;
  client.send(msg('SEARCH', `text=${words.replace(/\\/g, '\\\\').replace(/;/g, '\\:').replace(/ /g, '\\s')};limit=50`));
  store.changed();
  return null;
}
