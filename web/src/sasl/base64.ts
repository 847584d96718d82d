/** Base64 of bytes and UTF-8 text, and the AUTHENTICATE framing of SASL payloads. */

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

export function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function fromUtf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/**
 * The AUTHENTICATE parameters that carry one SASL message: base64 in pieces of 400 characters,
 * with a closing "+" when the last piece is exactly 400 long (or the message is empty).
 */
export function authenticateChunks(payload: string): string[] {
  const encoded = bytesToBase64(utf8(payload));
  const chunks: string[] = [];
  for (let i = 0; i < encoded.length; i += 400) chunks.push(encoded.slice(i, i + 400));
  if (encoded.length % 400 === 0) chunks.push('+');
  return chunks;
}

/** Collects the pieces of a server's SASL message; returns the whole message once it is in. */
export class AuthenticateReader {
  private pending = '';

  add(param: string): string | null {
    if (param !== '+') this.pending += param;
    if (param.length === 400) return null;
    const whole = this.pending;
    this.pending = '';
    return whole === '' ? '' : fromUtf8(base64ToBytes(whole));
  }
}
