/** One line of a room or conversation, as the lab system showed it: <<Name>> : text. */
import type { Line } from '../state/buffers';
import { el } from './dom';

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function lineText(line: Line): string {
  const who = line.own ? 'You' : line.name ?? line.from ?? '';
  if (line.deleted) return `<<${who}>> : (message deleted)`;
  switch (line.kind) {
    case 'message': case 'notice': return `<<${who}>> : ${line.text}`;
    case 'action': return `* ${who} ${line.text}`;
    case 'join': case 'part': case 'quit': case 'topic': return `${who} ${line.text}`;
    default: return line.text;
  }
}

export function lineNode(line: Line): HTMLElement {
  const time = new Date(line.time);
  const classes = ['line', `line-${line.kind}`, line.own ? 'own' : '', line.mention ? 'mention' : '',
    line.deleted ? 'deleted' : ''].filter(Boolean).join(' ');
  return el('li', { class: classes, 'data-msgid': line.id },
    el('time', { datetime: time.toISOString(), title: day.format(time) }, clock.format(time)),
    ' ',
    el('span', { class: 'text' }, lineText(line)));
}
