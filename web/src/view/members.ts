/** Who is in the open room, by real name, with who is away; a click opens a private conversation. */
import type { Store } from '../state/store';
import { byId, el, fill } from './dom';

export class MembersView {
  private readonly root = byId('members');
  private readonly list = byId('member-list');
  private readonly button = byId<HTMLButtonElement>('members-button');

  constructor(private readonly store: Store, private readonly talkTo: (nick: string) => void) {
    this.button.addEventListener('click', () => {
      const open = !this.root.classList.contains('open');
      this.root.classList.toggle('open', open);
      this.button.setAttribute('aria-expanded', String(open));
    });
  }

  render(): void {
    const s = this.store;
    const room = s.current();
    const isRoom = room?.kind === 'room';
    this.root.hidden = !isRoom;
    this.button.hidden = !isRoom;
    if (!room || !isRoom) return;
    fill(this.list, ...s.membersOf(room.name).map((m) => {
      const me = s.key(m.nick) === s.key(s.me.nick);
      const button = el('button', {
        type: 'button', class: `member${m.away ? ' away' : ''}`, disabled: me,
        'aria-label': `${m.name}${me ? ' (you)' : ''}${m.away ? ', away' : ''}${me ? '' : ': write privately'}`,
      }, el('span', { class: 'presence', 'aria-hidden': 'true' }), el('span', { class: 'name' }, m.name + (me ? ' (you)' : '')),
      m.away ? el('span', { class: 'away-text' }, 'away') : null);
      button.addEventListener('click', () => this.talkTo(m.nick));
      return el('li', {}, button);
    }));
  }
}
