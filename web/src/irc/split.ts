/** Cuts text that does not fit in one IRC line into pieces that do, at spaces where it can. */
import { byteLength } from './message';

/** Pieces of at most maxBytes UTF-8 bytes each, never splitting a character. */
export function splitText(text: string, maxBytes: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (byteLength(rest) > maxBytes) {
    let cut = fittingChars(rest, maxBytes);
    const space = rest.lastIndexOf(' ', cut);
    // At a space, unless that leaves a piece much shorter than it could be.
    if (space > cut / 2) cut = space;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut).trimStart();
  }
  if (rest) pieces.push(rest);
  return pieces;
}

function fittingChars(text: string, maxBytes: number): number {
  let bytes = 0;
  let i = 0;
  for (const ch of text) {
    const size = byteLength(ch);
    if (bytes + size > maxBytes) break;
    bytes += size;
    i += ch.length;
  }
  return Math.max(i, 1);
}

/**
 * The room for text in a PRIVMSG to target: 512 bytes less what the line costs around it as
 * others receive it (":nick!user@host PRIVMSG target :" and CR LF; user and host at their longest).
 */
export function textBudget(nick: string, target: string, action: boolean): number {
  const overhead = 1 + nick.length + 1 + 10 + 1 + 63 + 1 + 'PRIVMSG '.length + byteLength(target) + 2
    + (action ? 9 : 0) + 2;
  return Math.max(64, 512 - overhead);
}
