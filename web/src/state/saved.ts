/**
 * What a reload of the tab keeps, in sessionStorage (this tab only, gone when it closes): the
 * member id, the SCRAM key that logs in again without the password, the rooms and the open one.
 * The password itself is never stored.
 */
import type { ScramKey } from '../sasl/scram';

export interface SavedSession {
  account: string;
  key: ScramKey;
  rooms: string[];
  selected: string;
}

const NAME = 'parley.session';

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function loadSession(storage: KeyValueStorage): SavedSession | null {
  try {
    const value = JSON.parse(storage.getItem(NAME) ?? 'null') as SavedSession | null;
    return value && typeof value.account === 'string' && value.key && Array.isArray(value.rooms) ? value : null;
  } catch {
    return null;
  }
}

export function saveSession(storage: KeyValueStorage, session: SavedSession): void {
  storage.setItem(NAME, JSON.stringify(session));
}

export function forgetSession(storage: KeyValueStorage): void {
  storage.removeItem(NAME);
}
