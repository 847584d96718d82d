/**
 * Real names and accounts by nick, learnt from extended-join, WHO, SETNAME and account tags:
 * people are shown by their real name wherever one is known, as in the terminal client.
 */
import { fold, type CaseMapping } from '../irc/casemap';

export interface Person {
  nick: string;
  realName?: string;
  account?: string;
  away: boolean;
}

export class People {
  private readonly byNick = new Map<string, Person>();
  mapping: CaseMapping = 'rfc1459';

  get(nick: string): Person | undefined {
    return this.byNick.get(fold(nick, this.mapping));
  }

  learn(nick: string, facts: { realName?: string; account?: string; away?: boolean }): Person {
    const key = fold(nick, this.mapping);
    let person = this.byNick.get(key);
    if (!person) {
      person = { nick, away: false };
      this.byNick.set(key, person);
    }
    person.nick = nick;
    if (facts.realName && facts.realName.trim()) person.realName = facts.realName.trim();
    if (facts.account && facts.account !== '*' && facts.account !== '0') person.account = facts.account;
    if (facts.away !== undefined) person.away = facts.away;
    return person;
  }

  renamed(oldNick: string, newNick: string): void {
    const person = this.byNick.get(fold(oldNick, this.mapping));
    this.byNick.delete(fold(oldNick, this.mapping));
    this.byNick.set(fold(newNick, this.mapping), { ...(person ?? { away: false }), nick: newNick });
  }

  /** The name to show: the real name when known, else the nick. */
  display(nick: string): string {
    return this.get(nick)?.realName ?? nick;
  }

  /** The real name of whoever is logged in as an account (lines from history name an account). */
  displayAccount(account: string): string | undefined {
    for (const person of this.byNick.values()) {
      if (person.account && person.realName && fold(person.account, this.mapping) === fold(account, this.mapping)) {
        return person.realName;
      }
    }
    return undefined;
  }
}
