/**
 * Desktop notifications for private messages and mentions, once the member has allowed them
 * (browsers ask only after a click, so the page offers a button). Nothing is shown for the
 * conversation the member is looking at.
 */
import type { Line } from '../state/buffers';
import type { Store } from '../state/store';
import { byId } from './dom';

export class Notifier {
  private readonly button = byId<HTMLButtonElement>('notify-button');

  constructor(private readonly store: Store, private readonly open: (target: string) => void) {
    this.button.addEventListener('click', () => {
      void Notification.requestPermission().then(() => this.render());
    });
  }

  render(): void {
    this.button.hidden = !('Notification' in window) || Notification.permission !== 'default';
  }

  notify(line: Line, target: string): void {
    if (!('Notification' in window) || Notification.permission !== 'granted') return;
    if (this.store.isSelected(target) && document.visibilityState === 'visible') return;
    const title = target.startsWith('#') ? `${line.name} in ${target}` : `${line.name} (private)`;
    let note: Notification;
    try {
      note = new Notification(title, { body: line.text, tag: `parley:${target}` });
    } catch {
      return; // a browser that shows notifications only from a service worker (Chrome on Android)
    }
    note.onclick = () => {
      window.focus();
      this.open(target);
      note.close();
    };
  }
}
