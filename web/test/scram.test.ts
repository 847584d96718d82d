import { describe, expect, it } from 'vitest';
import { authenticateChunks, AuthenticateReader, base64ToBytes, bytesToBase64 } from '../src/sasl/base64';
import { plainMessage, ScramClient, ScramError } from '../src/sasl/scram';

// RFC 7677, section 3: user "user", password "pencil".
const CLIENT_NONCE = 'rOprNGfwEbeRWgbNEkqO';
const SERVER_FIRST = 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096';
const CLIENT_FINAL = 'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=';
const SERVER_FINAL = 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=';

describe('SCRAM-SHA-256', () => {
  it('gives the messages of RFC 7677 and accepts its server signature', async () => {
    const scram = new ScramClient('user', CLIENT_NONCE);
    expect(scram.clientFirst()).toBe('n,,n=user,r=rOprNGfwEbeRWgbNEkqO');
    expect(await scram.clientFinal(SERVER_FIRST, { password: 'pencil' })).toBe(CLIENT_FINAL);
    expect(scram.verifyServerFinal(SERVER_FINAL)).toBe(true);
  });

  it('refuses a server signature that is not the one the password gives', async () => {
    const scram = new ScramClient('user', CLIENT_NONCE);
    await scram.clientFinal(SERVER_FIRST, { password: 'pencil' });
    expect(scram.verifyServerFinal('v=' + bytesToBase64(new Uint8Array(32)))).toBe(false);
    expect(scram.verifyServerFinal('e=invalid-proof')).toBe(false);
  });

  it('logs in again from the saved key alone, with the same proof', async () => {
    const first = new ScramClient('user', CLIENT_NONCE);
    await first.clientFinal(SERVER_FIRST, { password: 'pencil' });
    const key = first.key!;
    expect(key.iterations).toBe(4096);
    const again = new ScramClient('user', CLIENT_NONCE);
    expect(await again.clientFinal(SERVER_FIRST, { key })).toBe(CLIENT_FINAL);
    expect(again.verifyServerFinal(SERVER_FINAL)).toBe(true);
    const otherSalt = SERVER_FIRST.replace('s=W22ZaJ0SNY7soEsUEjb6gQ==', 's=AAAAAAAAAAAAAAAAAAAAAA==');
    await expect(new ScramClient('user', CLIENT_NONCE).clientFinal(otherSalt, { key })).rejects.toThrow(ScramError);
  });

  it('refuses a server that does not extend the client nonce', async () => {
    const scram = new ScramClient('user', CLIENT_NONCE);
    await expect(scram.clientFinal('r=someoneelse,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096', { password: 'pencil' }))
      .rejects.toThrow(/nonce/);
  });

  it('escapes = and , in the user name', () => {
    expect(new ScramClient('a=b,c', 'n').clientFirst()).toBe('n,,n=a=3Db=2Cc,r=n');
  });
});

describe('AUTHENTICATE framing', () => {
  it('sends base64 in 400-character pieces, with + after an exact multiple', () => {
    expect(authenticateChunks(plainMessage('19803021', 'pw'))).toEqual([bytesToBase64(new TextEncoder().encode('\u000019803021\u0000pw'))]);
    const long = 'x'.repeat(300); // 400 base64 characters exactly
    expect(authenticateChunks(long)).toEqual([btoa(long), '+']);
    expect(authenticateChunks('')).toEqual(['+']);
  });

  it('reads a server message back from its pieces', () => {
    const reader = new AuthenticateReader();
    const text = 'y'.repeat(450);
    const chunks = authenticateChunks(text);
    expect(chunks.length).toBe(2);
    expect(reader.add(chunks[0])).toBeNull();
    expect(reader.add(chunks[1])).toBe(text);
    expect(reader.add('+')).toBe('');
    expect(base64ToBytes(bytesToBase64(new Uint8Array([0, 255, 128])))).toEqual(new Uint8Array([0, 255, 128]));
  });
});
