/**
 * SASL SCRAM-SHA-256 (RFC 5802, RFC 7677) over WebCrypto: PBKDF2 derives the salted password,
 * HMAC-SHA-256 the proofs, and the server's signature is checked before the login counts.
 *
 * The salted password is what a reconnect or a reload logs in with, so the page never keeps the
 * password itself: {@link ScramKey} is useless on any other server or with any other salt.
 */
import { base64ToBytes, bytesToBase64, utf8 } from './base64';

/** What a later login needs instead of the password, tied to the server's salt and count. */
export interface ScramKey {
  salt: string;
  iterations: number;
  saltedPassword: string;
}

export type ScramSecret = { password: string } | { key: ScramKey };

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

async function hmac(key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const k = await subtle().importKey('raw', key as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await subtle().sign('HMAC', k, data as BufferSource));
}

async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().digest('SHA-256', data as BufferSource));
}

async function pbkdf2(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const k = await subtle().importKey('raw', utf8(password) as BufferSource, 'PBKDF2', false, ['deriveBits']);
  const bits = await subtle().deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, k, 256);
  return new Uint8Array(bits);
}

function xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  return a.map((x, i) => x ^ b[i]);
}

/** RFC 5802's saslname: '=' and ',' escaped; SASLprep reduced to NFKC, which covers real input. */
function saslName(name: string): string {
  return name.normalize('NFKC').replace(/=/g, '=3D').replace(/,/g, '=2C');
}

function randomNonce(): string {
  const bytes = new Uint8Array(18);
  globalThis.crypto.getRandomValues(bytes);
  return bytesToBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_');
}

function attributes(message: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of message.split(',')) {
    const eq = part.indexOf('=');
    if (eq === 1) map.set(part[0], part.slice(2));
  }
  return map;
}

export class ScramError extends Error {}

/** One SCRAM exchange: first message, final message, then the server's signature to check. */
export class ScramClient {
  private readonly clientFirstBare: string;
  private readonly nonce: string;
  private expectedSignature: Uint8Array | null = null;
  key: ScramKey | null = null;

  constructor(username: string, nonce: string = randomNonce()) {
    this.nonce = nonce;
    this.clientFirstBare = `n=${saslName(username)},r=${nonce}`;
  }

  clientFirst(): string {
    return 'n,,' + this.clientFirstBare;
  }

  async clientFinal(serverFirst: string, secret: ScramSecret): Promise<string> {
    const attrs = attributes(serverFirst);
    const nonce = attrs.get('r');
    const salt = attrs.get('s');
    const iterations = Number(attrs.get('i'));
    if (attrs.has('m')) throw new ScramError('the server asks for a SCRAM extension this client does not know');
    if (!nonce || !nonce.startsWith(this.nonce) || nonce === this.nonce) throw new ScramError('the server changed the nonce');
    if (!salt || !Number.isInteger(iterations) || iterations < 1) throw new ScramError('the server sent no salt or count');
    let salted: Uint8Array;
    if ('key' in secret) {
      if (secret.key.salt !== salt || secret.key.iterations !== iterations) {
        throw new ScramError('the saved login no longer fits; the password is needed again');
      }
      salted = base64ToBytes(secret.key.saltedPassword);
    } else {
      salted = await pbkdf2(secret.password.normalize('NFKC'), base64ToBytes(salt), iterations);
    }
    this.key = { salt, iterations, saltedPassword: bytesToBase64(salted) };
    const withoutProof = `c=biws,r=${nonce}`;
    const authMessage = utf8(`${this.clientFirstBare},${serverFirst},${withoutProof}`);
    const clientKey = await hmac(salted, utf8('Client Key'));
    const storedKey = await sha256(clientKey);
    const proof = xor(clientKey, await hmac(storedKey, authMessage));
    const serverKey = await hmac(salted, utf8('Server Key'));
    this.expectedSignature = await hmac(serverKey, authMessage);
    return `${withoutProof},p=${bytesToBase64(proof)}`;
  }

  /** Whether the server proved it knows the password too; false also for a server's "e=" error. */
  verifyServerFinal(serverFinal: string): boolean {
    const signature = attributes(serverFinal).get('v');
    if (!signature || !this.expectedSignature) return false;
    const got = base64ToBytes(signature);
    return got.length === this.expectedSignature.length && got.every((b, i) => b === this.expectedSignature![i]);
  }
}

/** SASL PLAIN's one message: no authorization identity, the account, the password. */
export function plainMessage(account: string, password: string): string {
  return `\0${account}\0${password}`;
}
