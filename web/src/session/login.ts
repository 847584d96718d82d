/**
 * Logging in on a fresh connection, as the terminal client does: CAP LS 302, the wanted
 * capabilities, NICK and USER, SASL (SCRAM-SHA-256, or PLAIN over TLS for a member imported with
 * only the old hash), CAP END, up to the welcome (001). Once logged in, it hands over to the chat.
 */
import { CapOffers } from '../irc/caps';
import { msg, type IrcMessage } from '../irc/message';
import { authenticateChunks, AuthenticateReader } from '../sasl/base64';
import { plainMessage, ScramClient, ScramError, type ScramKey, type ScramSecret } from '../sasl/scram';

export interface Credentials {
  account: string;
  secret: ScramSecret;
}

export type LoginResult =
  | { ok: true; nick: string; account: string; caps: Set<string>; key: ScramKey | null }
  | { ok: false; reason: string; wrongCredentials: boolean };

export const WRONG_CREDENTIALS = 'Wrong member id or password.';

/**
 * The nick for a member id: the id itself, with what IRC does not allow in a nick made '_'.
 * People see real names, not nicks, so the nick only has to be valid and recognisable.
 */
export function nickFor(account: string): string {
  return account.replace(/[^A-Za-z0-9[\]\\`_^{|}-]/g, '_').slice(0, 30) || 'member';
}

/** The next nick to try: behind an 'm' when the server wants a nick to start with a letter, then numbered. */
export function nextNick(account: string, refused: string, attempt: number, erroneous: boolean): string {
  const base = nickFor(account);
  if (erroneous && /^[0-9-]/.test(refused)) return 'm' + base.slice(0, 29);
  return `${refused.replace(/_\d*$/, '').slice(0, 27)}_${attempt}`;
}

export class Login {
  private readonly offers = new CapOffers();
  private readonly enabled = new Set<string>();
  private readonly reader = new AuthenticateReader();
  private mechanism = '';
  private scram: ScramClient | null = null;
  private scramStep = 0;
  private triedPlain = false;
  private account: string;
  private nick: string;
  private nickAttempt = 0;
  private finished = false;

  constructor(
    private readonly credentials: Credentials,
    private readonly send: (m: IrcMessage) => void,
    private readonly done: (result: LoginResult) => void,
    private readonly plainAllowed: boolean,
  ) {
    this.account = credentials.account;
    this.nick = nickFor(credentials.account);
  }

  start(): void {
    this.send(msg('CAP', 'LS', '302'));
    this.send(msg('NICK', this.nick));
    this.send(msg('USER', this.nick.slice(0, 10), '0', '*', this.credentials.account));
  }

  /** Takes a server line during login; returns false for lines that are not the login's. */
  async handle(m: IrcMessage): Promise<boolean> {
    if (this.finished) return false;
    switch (m.command) {
      case 'CAP': return this.cap(m);
      case 'AUTHENTICATE': await this.authenticate(m.params[0] ?? ''); return true;
      case '900': this.account = m.params[2] ?? this.account; return true;
      case '903': this.send(msg('CAP', 'END')); return true;
      case '904': case '905': return this.failed(WRONG_CREDENTIALS, true);
      case '902': return this.failed('This member id cannot log in now.', false);
      case '906': return this.failed('Login was cancelled.', false);
      case '908': return true; // 904 follows; SCRAM and PLAIN are the only mechanisms tried
      case '433': case '432':
        if (++this.nickAttempt > 5) return this.failed('The server refused every nick this page tried.', false);
        this.nick = nextNick(this.credentials.account, this.nick, this.nickAttempt, m.command === '432');
        this.send(msg('NICK', this.nick));
        return true;
      case '001':
        this.finished = true;
        this.done({ ok: true, nick: m.params[0] ?? this.nick, account: this.account, caps: this.enabled, key: this.scram?.key ?? null });
        return true;
      default: return false;
    }
  }

  private cap(m: IrcMessage): boolean {
    const sub = (m.params[1] ?? '').toUpperCase();
    if (sub === 'LS' && !this.offers.done) {
      if (this.offers.add(m.params)) {
        const wanted = this.offers.wanted();
        if (!wanted.includes('sasl')) return this.failed('The server does not offer SASL login, which this page needs.', false);
        this.send(msg('CAP', 'REQ', wanted.join(' ')));
      }
    } else if (sub === 'ACK') {
      (m.params[2] ?? '').split(' ').filter(Boolean).forEach((c) => this.enabled.add(c.replace(/^-/, '')));
      if (this.enabled.has('sasl') && !this.mechanism) this.begin();
    } else if (sub === 'NAK' && !this.enabled.has('sasl')) {
      // A NAK refuses the whole list; SASL alone may still be granted.
      if ((m.params[2] ?? '').split(' ').length > 1) this.send(msg('CAP', 'REQ', 'sasl'));
      else return this.failed('The server would not enable SASL login.', false);
    }
    return true;
  }

  private begin(): void {
    const offered = this.offers.mechanisms();
    const scram = offered.length === 0 || offered.includes('SCRAM-SHA-256');
    this.mechanism = scram ? 'SCRAM-SHA-256' : 'PLAIN';
    if (this.mechanism === 'PLAIN' && !this.usablePlain()) {
      this.failed('The server offers no login this page can use safely.', false);
      return;
    }
    this.scram = scram ? new ScramClient(this.credentials.account) : null;
    this.scramStep = 0;
    this.send(msg('AUTHENTICATE', this.mechanism));
  }

  private usablePlain(): boolean {
    return this.plainAllowed && 'password' in this.credentials.secret;
  }

  private sendSasl(payload: string): void {
    for (const chunk of authenticateChunks(payload)) this.send(msg('AUTHENTICATE', chunk));
  }

  private async authenticate(param: string): Promise<void> {
    const whole = this.reader.add(param);
    if (whole === null) return;
    if (this.mechanism === 'PLAIN') {
      const secret = this.credentials.secret as { password: string };
      this.sendSasl(plainMessage(this.credentials.account, secret.password));
      return;
    }
    const scram = this.scram!;
    try {
      if (this.scramStep === 0) {
        this.scramStep = 1;
        this.sendSasl(scram.clientFirst());
      } else if (this.scramStep === 1) {
        this.scramStep = 2;
        this.sendSasl(await scram.clientFinal(whole, this.credentials.secret));
      } else if (scram.verifyServerFinal(whole)) {
        this.send(msg('AUTHENTICATE', '+'));
      } else {
        this.send(msg('AUTHENTICATE', '*'));
        this.failed('The server could not prove that it knows your password; not logged in.', false);
      }
    } catch (e) {
      this.send(msg('AUTHENTICATE', '*'));
      const text = e instanceof ScramError ? e.message : String(e);
      this.failed(`Login failed: ${text}.`, e instanceof ScramError && 'key' in this.credentials.secret);
    }
  }

  private failed(reason: string, wrongCredentials: boolean): true {
    if (wrongCredentials && this.mechanism === 'SCRAM-SHA-256' && !this.triedPlain && this.usablePlain()
        && this.offers.mechanisms().includes('PLAIN')) {
      // A member imported from the lab system's file has only the old hash until a first login
      // with the password itself, over TLS, upgrades it; SCRAM cannot work for them before that.
      this.triedPlain = true;
      this.mechanism = 'PLAIN';
      this.scram = null;
      this.send(msg('AUTHENTICATE', 'PLAIN'));
      return true;
    }
    if (!this.finished) {
      this.finished = true;
      this.done({ ok: false, reason, wrongCredentials });
    }
    return true;
  }
}
