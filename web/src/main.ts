/** The page: one store, one client, the views, and the keys that move between rooms. */
import './style.css';
import { socketUrl } from './net/socket';
import { loadSession } from './state/saved';
import { Store } from './state/store';
import { ParleyClient } from './session/client';
import { search, typed } from './session/commands';
import { byId } from './view/dom';
import { LoginView } from './view/login';
import { MembersView } from './view/members';
import { Notifier } from './view/notifications';
import { RoomView } from './view/room';
import { SidebarView } from './view/sidebar';

const store = new Store();
const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(location.hostname);

let notifier: Notifier;
const client = new ParleyClient(store, {
  url: socketUrl(location),
  plainAllowed: location.protocol === 'https:' || loopback,
  storage: sessionStorage,
  notify: (line, target) => notifier.notify(line, target),
  setTimer: (fn, ms) => window.setTimeout(fn, ms),
  clearTimer: (handle) => window.clearTimeout(handle as number),
});

function select(name: string): void {
  client.markRead(name, store.select(name));
  store.changed();
  room.focus();
}

function info(text: string | null): void {
  if (!text) return;
  const buffer = store.current();
  for (const line of text.split('\n')) buffer?.add({ time: Date.now(), kind: 'info', text: line, own: false });
  store.changed();
}

const login = new LoginView(store, (id, password) => client.logIn(id, password));
const sidebar = new SidebarView(store, {
  select,
  join: (name) => info(typed(`/join ${name}`, client, store)),
  list: () => info(typed('/rooms', client, store)),
});
const room = new RoomView(store, {
  typed: (text) => info(typed(text, client, store)),
  older: (target) => client.chat.history.older(target),
  search: (words) => info(search(client, store, words)),
  open: select,
  read: (target) => {
    const buffer = store.buffer(target);
    if (buffer && (buffer.unread > 0 || (buffer.newest()?.time ?? 0) > buffer.readUntil)) {
      client.markRead(target, store.readAll(buffer));
      store.changed();
    }
  },
});
const members = new MembersView(store, (nick) => {
  store.open(nick);
  select(nick);
});
notifier = new Notifier(store, select);
const chatRoot = byId('chat');
const stateLine = byId('state-line');
byId('leave-button').addEventListener('click', () => client.logOut());

let scheduled = false;
let wasChat = false;
store.subscribe(() => {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    const inChat = store.phase === 'online' || store.phase === 'offline' || (store.phase === 'connecting' && !!store.me.nick);
    chatRoot.hidden = !inChat;
    login.render();
    if (!inChat) {
      wasChat = false;
      return;
    }
    stateLine.textContent = store.phase === 'online' ? '' : store.statusLine;
    chatRoot.classList.toggle('offline', store.phase !== 'online');
    sidebar.render();
    room.render();
    members.render();
    notifier.render();
    const unread = store.all().reduce((n, b) => n + b.unread, 0);
    document.title = unread > 0 ? `(${unread}) Parley` : 'Parley';
    if (!wasChat) room.focus();
    wasChat = true;
    client.remember();
  });
});

// Alt+Up / Alt+Down move between rooms and conversations, for the keyboard alone.
document.addEventListener('keydown', (e) => {
  if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
  const all = [...store.rooms(), ...store.conversations()];
  if (all.length === 0) return;
  const at = all.findIndex((b) => store.isSelected(b.name));
  const next = all[(at + (e.key === 'ArrowDown' ? 1 : all.length - 1)) % all.length];
  e.preventDefault();
  select(next.name);
});
window.addEventListener('online', () => client.retryNow());

const saved = loadSession(sessionStorage);
if (saved) client.resume(saved);
store.changed();
