/**
 * One member's connection from the page, for as long as the page is open: logs in, hands the
 * server's lines to the chat, and when the connection drops says so and comes back with a
 * back-off, logging in again with the saved SCRAM key, rejoining the rooms and catching up.
 */
import { msg, type IrcMessage } from '../irc/message';
import { Backoff } from '../net/backoff';
import { IrcSocket } from '../net/socket';
import type { Line } from '../state/buffers';
import { forgetSession, saveSession, type KeyValueStorage, type SavedSession } from '../state/saved';
import type { Store } from '../state/store';
import { Chat } from './chat';
import { Login, WRONG_CREDENTIALS, type Credentials, type LoginResult } from './login';

export interface ClientOptions {
  url: string;
  /** Whether PLAIN may carry the password: only over TLS (or to this machine). */
  plainAllowed: boolean;
  storage: KeyValueStorage;
  notify(line: Line, target: string): void;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export class ParleyClient {
  readonly chat: Chat;
  private socket: IrcSocket | null = null;
  private login: Login | null = null;
  private credentials: Credentials | null = null;
  private loggedInOnce = false;
  private wantedRooms: string[] = [];
  private readonly backoff = new Backoff();
  private timer: unknown = null;

  constructor(private readonly store: Store, private readonly options: ClientOptions) {
    this.chat = new Chat(store, { notify: options.notify, send: (m) => this.send(m) });
  }

  /** Logs in from the form. */
  logIn(account: string, password: string): void {
    this.loggedInOnce = false;
    this.credentials = { account, secret: { password } };
    this.connect();
  }

  /** Logs in again after a reload, with what the tab kept. */
  resume(saved: SavedSession): void {
    // As after a drop: a server that is not there yet is tried again, not given up on.
    this.loggedInOnce = true;
    this.credentials = { account: saved.account, secret: { key: saved.key } };
    this.wantedRooms = saved.rooms;
    this.store.selected = saved.selected;
    this.connect();
  }

  logOut(): void {
    this.send(msg('QUIT', 'Quitting chat...'));
    this.stop();
    forgetSession(this.options.storage);
    this.credentials = null;
    this.store.phase = 'login';
    this.store.statusLine = 'Quitting chat...';
    this.store.changed();
  }

  send(m: IrcMessage): void {
    this.socket?.send(m);
  }

  private stop(): void {
    if (this.timer !== null) this.options.clearTimer(this.timer);
    this.timer = null;
    this.socket?.close();
    this.socket = null;
    this.login = null;
  }

  private connect(): void {
    this.stop();
    const s = this.store;
    s.phase = this.loggedInOnce ? 'offline' : 'connecting';
    const url = new URL(this.options.url);
    s.statusLine = this.loggedInOnce ? 'Reconnecting...'
      : `Trying to connect to [ ${url.hostname} : ${url.port || (url.protocol === 'wss:' ? 443 : 80)} ]...`;
    s.loginError = '';
    s.changed();
    const credentials = this.credentials!;
    this.chat.history.reset();
    const socket = new IrcSocket(this.options.url, {
      open: () => {
        this.login = new Login(credentials, (m) => socket.send(m), (r) => this.loggedIn(r), this.options.plainAllowed);
        this.login.start();
      },
      message: (m) => this.received(m),
      close: (reason) => this.lost(reason),
    });
    this.socket = socket;
  }

  private received(m: IrcMessage): void {
    if (m.command === 'PING') {
      this.send(msg('PONG', ...m.params));
      return;
    }
    const login = this.login;
    if (login) {
      void login.handle(m).then((handled) => {
        if (!handled) this.chat.handle(m);
      });
      return;
    }
    if (m.command === '372') this.store.motd.push((m.params[1] ?? '').replace(/^- ?/, ''));
    this.chat.handle(m);
  }

  private loggedIn(result: LoginResult): void {
    const s = this.store;
    if (!result.ok) {
      this.stop();
      this.credentials = null;
      forgetSession(this.options.storage);
      s.phase = 'login';
      s.statusLine = '';
      s.loginError = this.loggedInOnce && result.wrongCredentials
        ? 'Your saved login no longer works; please log in again.'
        : result.reason === WRONG_CREDENTIALS ? WRONG_CREDENTIALS : result.reason;
      s.changed();
      return;
    }
    this.login = null;
    this.loggedInOnce = true;
    this.backoff.reset();
    this.chat.caps = result.caps;
    s.me.nick = result.nick;
    s.me.account = result.account;
    s.motd = [];
    s.phase = 'online';
    s.statusLine = '';
    if (result.key) this.credentials = { account: result.account, secret: { key: result.key } };
    for (const room of new Set([...this.wantedRooms, ...s.rooms().map((b) => b.name)])) this.send(msg('JOIN', room));
    for (const conversation of s.conversations()) this.chat.history.opened(conversation.name);
    if (this.chat.has('draft/chathistory') && this.chat.has('batch')) {
      const since = new Date(Date.now() - 7 * 24 * 3600 * 1000).toISOString();
      this.send(msg('CHATHISTORY', 'TARGETS', `timestamp=${since}`, `timestamp=${new Date(Date.now() + 60000).toISOString()}`, '50'));
    }
    this.remember();
    s.changed();
  }

  /** Keeps what a reload needs; called whenever rooms or the open buffer change. */
  remember(): void {
    const c = this.credentials;
    // Only while online: before the rooms are joined again, the store does not know them yet.
    if (!c || !('key' in c.secret) || this.store.phase !== 'online') return;
    this.wantedRooms = this.store.rooms().map((b) => b.name);
    saveSession(this.options.storage, {
      account: c.account, key: c.secret.key, rooms: this.wantedRooms, selected: this.store.selected,
    });
  }

  private lost(reason: string): void {
    this.socket = null;
    const s = this.store;
    if (!this.loggedInOnce) {
      // Never logged in on this connection: say why and go back to the form.
      this.login = null;
      s.phase = 'login';
      if (!s.loginError) s.loginError = `Could not connect to the server (${reason}).`;
      s.statusLine = '';
      s.changed();
      return;
    }
    this.login = null;
    s.disconnected();
    const wait = this.backoff.next();
    s.phase = 'offline';
    s.statusLine = `Offline: ${reason}. Reconnecting in ${Math.ceil(wait / 1000)} s...`;
    s.changed();
    this.timer = this.options.setTimer(() => {
      this.timer = null;
      this.connect();
    }, wait);
  }

  /** Comes back at once when the browser says the network is back, instead of waiting. */
  retryNow(): void {
    if (this.store.phase === 'offline' && this.timer !== null) {
      this.options.clearTimer(this.timer);
      this.timer = null;
      this.connect();
    }
  }

  /** Tells the server (and so the member's other clients) that a buffer is read up to a time. */
  markRead(target: string, time: number | null): void {
    if (time !== null && this.chat.has('draft/read-marker')) {
      this.send(msg('MARKREAD', target, `timestamp=${new Date(time).toISOString()}`));
    }
    this.remember();
  }
}
