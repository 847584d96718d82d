/**
 * The open room or conversation: its name and topic, the greeting, its lines (older ones load
 * when scrolled to the top), the message box, and search results over it all.
 */
import type { Store } from '../state/store';
import { byId, el, fill } from './dom';
import { LineList } from './linelist';
import { lineText } from './lines';

export interface RoomActions {
  typed(text: string): void;
  older(target: string): void;
  search(words: string): void;
  open(target: string): void;
  read(target: string): void;
}

export class RoomView {
  private readonly name = byId('room-name');
  private readonly topic = byId('topic');
  private readonly greeting = byId('greeting');
  private readonly lines = byId('lines');
  private readonly input = byId<HTMLInputElement>('message-input');
  private readonly results = byId('search-results');
  private readonly list = new LineList(this.lines);
  private shownTarget = '';

  constructor(private readonly store: Store, private readonly actions: RoomActions) {
    byId<HTMLFormElement>('composer').addEventListener('submit', (e) => {
      e.preventDefault();
      const text = this.input.value;
      this.input.value = '';
      actions.typed(text);
    });
    const searchInput = byId<HTMLInputElement>('search-input');
    byId<HTMLFormElement>('search-form').addEventListener('submit', (e) => {
      e.preventDefault();
      actions.search(searchInput.value.trim());
    });
    searchInput.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.closeSearch(searchInput);
    });
    this.lines.addEventListener('scroll', () => {
      const current = store.current();
      if (!current) return;
      if (this.lines.scrollTop < 40) actions.older(current.name);
      if (this.atBottom()) actions.read(current.name);
    });
  }

  private closeSearch(input: HTMLInputElement): void {
    input.value = '';
    this.store.searchResults = null;
    this.store.searchQuery = '';
    this.store.changed();
    this.input.focus();
  }

  focus(): void {
    this.input.focus();
  }

  private atBottom(): boolean {
    return this.lines.scrollHeight - this.lines.scrollTop - this.lines.clientHeight < 24;
  }

  render(): void {
    const s = this.store;
    const buffer = s.current();
    const target = buffer?.name ?? '';
    this.name.textContent = buffer ? (buffer.kind === 'private' ? `${s.people.display(target)} (private)` : target) : '';
    this.topic.textContent = buffer?.topic ?? '';
    this.topic.hidden = !buffer?.topic;
    const realName = s.me.realName || s.people.display(s.me.nick);
    fill(this.greeting, ...[`${s.me.account} : ${realName}`, ...s.motd, "All set, type 'QUIT' to leave..."]
      .map((t) => el('li', {}, t)));
    this.greeting.hidden = !s.me.account;
    this.renderLines(target);
    this.renderResults();
  }

  private renderLines(target: string): void {
    const buffer = this.store.current();
    const lines = buffer?.lines ?? [];
    const switched = target !== this.shownTarget;
    const stick = switched || this.atBottom();
    const fromBottom = this.lines.scrollHeight - this.lines.scrollTop;
    const olderAdded = !switched && lines.length > 0 && this.list.firstLine() !== undefined && lines[0] !== this.list.firstLine();
    const firstUnread = buffer ? lines.findIndex((l) => buffer.countsAsUnread(l)) : -1;
    this.list.show(lines, firstUnread, switched);
    if (stick) this.lines.scrollTop = this.lines.scrollHeight;
    else if (olderAdded) this.lines.scrollTop = this.lines.scrollHeight - fromBottom;
    this.shownTarget = target;
    if (stick && buffer && document.visibilityState === 'visible') this.actions.read(target);
  }

  private renderResults(): void {
    const s = this.store;
    this.results.hidden = s.searchResults === null && !s.searchQuery;
    if (this.results.hidden) return;
    const found = s.searchResults;
    const heading = found === null ? `Searching for “${s.searchQuery}”...`
      : `Search: ${s.searchQuery} (${found.length} found)`;
    fill(this.results, el('h2', {}, heading), el('ol', {}, ...(found ?? []).map((r) => {
      const button = el('button', { type: 'button', class: 'result' },
        el('span', { class: 'where' }, r.target.startsWith('#') ? r.target : s.people.display(r.target)), ' ',
        el('time', { datetime: new Date(r.line.time).toISOString() }, new Date(r.line.time).toLocaleString()), ' ',
        el('span', { class: 'text' }, lineText(r.line)));
      button.addEventListener('click', () => this.actions.open(r.target));
      return el('li', {}, button);
    })));
  }
}
