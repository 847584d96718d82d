/**
 * One IRC line as data, with the IRCv3 message-tags rules for parsing and writing it. The
 * WebSocket carries one line per frame, without the CR LF, so neither is expected nor written.
 */
export interface IrcMessage {
  tags: Record<string, string>;
  source?: string;
  command: string;
  params: string[];
}

const ESCAPES: Record<string, string> = { ':': ';', s: ' ', '\\': '\\', r: '\r', n: '\n' };

function unescapeTag(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c !== '\\') {
      out += c;
    } else if (i + 1 < value.length) {
      const next = value[++i];
      out += ESCAPES[next] ?? next;
    }
    // A lone backslash at the end is dropped, as the spec says.
  }
  return out;
}

function escapeTag(value: string): string {
  return value.replace(/[\\; \r\n]/g, (c) =>
    c === '\\' ? '\\\\' : c === ';' ? '\\:' : c === ' ' ? '\\s' : c === '\r' ? '\\r' : '\\n');
}

/** Parses one line; returns null for a line with no command (which the server never sends). */
export function parse(line: string): IrcMessage | null {
  let rest = line.replace(/[\r\n]+$/, '');
  const tags: Record<string, string> = {};
  if (rest.startsWith('@')) {
    const space = rest.indexOf(' ');
    if (space < 0) return null;
    for (const item of rest.slice(1, space).split(';')) {
      if (!item) continue;
      const eq = item.indexOf('=');
      tags[eq < 0 ? item : item.slice(0, eq)] = eq < 0 ? '' : unescapeTag(item.slice(eq + 1));
    }
    rest = rest.slice(space + 1).trimStart();
  }
  let source: string | undefined;
  if (rest.startsWith(':')) {
    const space = rest.indexOf(' ');
    if (space < 0) return null;
    source = rest.slice(1, space);
    rest = rest.slice(space + 1).trimStart();
  }
  const params: string[] = [];
  let command = '';
  while (rest.length > 0) {
    if (command && rest.startsWith(':')) {
      params.push(rest.slice(1));
      break;
    }
    const space = rest.indexOf(' ');
    const word = space < 0 ? rest : rest.slice(0, space);
    if (!command) command = word.toUpperCase();
    else params.push(word);
    rest = space < 0 ? '' : rest.slice(space + 1).replace(/^ +/, '');
  }
  if (!command) return null;
  return { tags, source, command, params };
}

/**
 * Writes a message as one line. The last parameter gets a ':' when it needs one; a parameter
 * with CR, LF or NUL, or an inner one with a space or leading ':', cannot be written and throws.
 */
export function serialize(message: IrcMessage): string {
  const parts: string[] = [];
  const tagItems = Object.entries(message.tags).map(([k, v]) => (v === '' ? k : `${k}=${escapeTag(v)}`));
  if (tagItems.length > 0) parts.push('@' + tagItems.join(';'));
  if (message.source) parts.push(':' + message.source);
  parts.push(message.command);
  message.params.forEach((param, i) => {
    if (/[\r\n\0]/.test(param)) throw new Error(`parameter ${i + 1} of ${message.command} has a line break`);
    const last = i === message.params.length - 1;
    if (last && (param === '' || param.includes(' ') || param.startsWith(':'))) {
      parts.push(':' + param);
    } else if (param === '' || param.includes(' ') || param.startsWith(':')) {
      throw new Error(`parameter ${i + 1} of ${message.command} must be the last one`);
    } else {
      parts.push(param);
    }
  });
  return parts.join(' ');
}

/** A message from the client: a command and its parameters, tags optional. */
export function msg(command: string, ...params: string[]): IrcMessage {
  return { tags: {}, command, params };
}

/** The nick of a source such as "nick!user@host". */
export function nickOf(source: string | undefined): string {
  if (!source) return '';
  const bang = source.indexOf('!');
  return bang < 0 ? source : source.slice(0, bang);
}

/** The UTF-8 length of a line, which the 512-byte rule counts (with CR LF). */
export function byteLength(line: string): number {
  return new TextEncoder().encode(line).length;
}
