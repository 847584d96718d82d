/** Rooms and conversations with their unread counts, joining a room, and the server's room list. */
import type { Buffer } from '../state/buffers';
import type { Store } from '../state/store';
import { byId, el, fill } from './dom';

export interface SidebarActions {
  select(name: string): void;
  join(room: string): void;
  list(): void;
}

export class SidebarView {
  private readonly root = byId('sidebar');
  private readonly rooms = byId('room-buffers');
  private readonly conversations = byId('private-buffers');
  private readonly roomList = byId('room-list');
  private readonly menu = byId<HTMLButtonElement>('menu-button');

  constructor(private readonly store: Store, private readonly actions: SidebarActions) {
    const joinForm = byId<HTMLFormElement>('join-form');
    const joinInput = byId<HTMLInputElement>('join-input');
    joinForm.addEventListener('submit', (e) => {
      e.preventDefault();
      const name = joinInput.value.trim();
      if (!name) return;
      joinInput.value = '';
      actions.join(name.startsWith('#') ? name : '#' + name);
    });
    byId('list-button').addEventListener('click', () => actions.list());
    this.menu.addEventListener('click', () => this.toggle());
  }

  /** On a phone the list is a panel that opens over the room. */
  toggle(open = !this.root.classList.contains('open')): void {
    this.root.classList.toggle('open', open);
    this.menu.setAttribute('aria-expanded', String(open));
  }

  render(): void {
    const s = this.store;
    fill(this.rooms, ...s.rooms().map((b) => this.item(b)));
    fill(this.conversations, ...s.conversations().map((b) => this.item(b)));
    const joined = new Set(s.rooms().map((b) => s.key(b.name)));
    fill(this.roomList, ...s.roomList.map((r) => el('li', {},
      el('button', { type: 'button', class: 'room-listing', disabled: joined.has(s.key(r.name)),
        'aria-label': `Join ${r.name}, ${r.users} ${r.users === 1 ? 'person' : 'people'}${r.topic ? ': ' + r.topic : ''}` },
        el('span', { class: 'name' }, r.name), ' ', el('span', { class: 'count' }, String(r.users)),
        r.topic ? el('span', { class: 'listing-topic' }, r.topic) : null))));
    this.roomList.querySelectorAll('button').forEach((button, i) =>
      button.addEventListener('click', () => this.actions.join(s.roomList[i].name)));
  }

  private item(buffer: Buffer): HTMLElement {
    const s = this.store;
    const selected = s.isSelected(buffer.name);
    const label = buffer.kind === 'private' ? s.people.display(buffer.name) : buffer.name;
    const unread = buffer.unread > 0 ? `, ${buffer.unread} unread` : '';
    const button = el('button', {
      type: 'button', class: `buffer${selected ? ' selected' : ''}${buffer.mentions ? ' mentioned' : ''}`,
      'aria-current': selected ? 'page' : undefined, 'aria-label': label + unread, 'data-target': buffer.name,
    }, el('span', { class: 'name' }, label),
    buffer.unread > 0 ? el('span', { class: 'unread', 'aria-hidden': 'true' }, String(buffer.unread)) : null);
    button.addEventListener('click', () => {
      this.actions.select(buffer.name);
      this.toggle(false);
    });
    return el('li', {}, button);
  }
}
