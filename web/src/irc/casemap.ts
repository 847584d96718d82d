/** IRC case mapping (ISUPPORT CASEMAPPING): which names are the same name. */
export type CaseMapping = 'ascii' | 'rfc1459' | 'strict-rfc1459';

export function fold(name: string, mapping: CaseMapping = 'rfc1459'): string {
  let lower = name.replace(/[A-Z]/g, (c) => c.toLowerCase());
  if (mapping === 'ascii') return lower;
  lower = lower.replace(/[[\]\\]/g, (c) => (c === '[' ? '{' : c === ']' ? '}' : '|'));
  return mapping === 'rfc1459' ? lower.replace(/\^/g, '~') : lower;
}

export function isChannel(target: string, prefixes = '#&'): boolean {
  return target.length > 0 && prefixes.includes(target[0]);
}
