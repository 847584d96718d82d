/** CAP LS as a set of offers, and the capabilities this client asks for among them. */

/** What the client uses, when the server offers it. */
export const WANTED_CAPS = [
  'sasl', 'message-tags', 'server-time', 'echo-message', 'batch', 'labeled-response',
  'draft/chathistory', 'draft/read-marker', 'draft/event-playback', 'away-notify', 'account-tag',
  'extended-join', 'setname', 'soju.im/search', 'draft/message-redaction', 'multi-prefix',
];

/** Offers from the lines of one CAP LS 302 reply (a "*" before the list means more lines follow). */
export class CapOffers {
  readonly offers = new Map<string, string>();
  done = false;

  /** Adds one CAP LS line's parameters (nick, LS, maybe "*", list); says whether the list is complete. */
  add(params: string[]): boolean {
    const more = params.length > 3 && params[2] === '*';
    const list = params[params.length - 1] ?? '';
    for (const token of list.split(' ')) {
      if (!token) continue;
      const eq = token.indexOf('=');
      this.offers.set(eq < 0 ? token : token.slice(0, eq), eq < 0 ? '' : token.slice(eq + 1));
    }
    this.done = !more;
    return this.done;
  }

  wanted(): string[] {
    return WANTED_CAPS.filter((cap) => this.offers.has(cap));
  }

  /** The SASL mechanisms offered with "sasl=" (an empty list when none are named). */
  mechanisms(): string[] {
    const value = this.offers.get('sasl') ?? '';
    return value ? value.split(',').map((m) => m.toUpperCase()) : [];
  }
}
