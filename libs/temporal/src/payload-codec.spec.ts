import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, Payload } from '@temporalio/common';
import { isUnauthenticatedPayload, UNAUTHENTICATED_PAYLOAD_FIELD as CONTRACT_FIELD } from '@naskah/contracts';
import { AesGcmPayloadCodec, KEY_ID_METADATA, PayloadKey, UNAUTHENTICATED_PAYLOAD_FIELD, UnauthenticatedPayloadError } from './payload-codec';

const key = (id: string): PayloadKey => ({ id, key: randomBytes(32) });
const NOTE = 'Catatan rahasia: anggaran belum sesuai DPA';
const plain = (): Payload => defaultPayloadConverter.toPayload({ note: NOTE, actor: { officialId: 'x' } });
const value = (p: Payload) => defaultPayloadConverter.fromPayload(p);
const bytes = (p: Payload) => Buffer.concat([Buffer.from(p.data ?? []), ...Object.values(p.metadata ?? {}).map((v) => Buffer.from(v))]);

describe('AES-256-GCM payload codec (STYLE §13)', () => {
  const k1 = key('k1');
  const reject = new AesGcmPayloadCodec([k1], 'reject');
  const marker = new AesGcmPayloadCodec([k1], 'marker');
  const passthrough = new AesGcmPayloadCodec([k1], 'passthrough');

  it('round trip: what it encodes it decodes to the same value, and the wire shows nothing of it', async () => {
    const [sealed] = await reject.encode([plain()]);
    expect(bytes(sealed).toString('utf8')).not.toContain('Catatan');
    expect(Buffer.from(sealed.metadata![KEY_ID_METADATA]!).toString()).toBe('k1');
    const [opened] = await reject.decode([sealed]);
    expect(value(opened)).toEqual({ note: NOTE, actor: { officialId: 'x' } });
  });

  it('every encoding is fresh (random IV): equal values do not give equal ciphertexts', async () => {
    const [a, b] = await reject.encode([plain(), plain()]);
    expect(Buffer.from(a.data!).equals(Buffer.from(b.data!))).toBe(false);
  });

  it('a payload sealed with another key under the same id does not open', async () => {
    const [forged] = await new AesGcmPayloadCodec([key('k1')], 'reject').encode([plain()]);
    await expect(reject.decode([forged])).rejects.toThrow(UnauthenticatedPayloadError);
  });

  it.each([
    ['a flipped ciphertext byte', (d: Buffer) => d.fill(d[20] ^ 1, 20, 21)],
    ['a flipped tag byte', (d: Buffer) => d.fill(d[d.length - 1] ^ 1, d.length - 1)],
    ['a truncated payload', (d: Buffer) => d.subarray(0, 20)],
  ])('tampered ciphertext (%s) is refused', async (_name, tamper) => {
    const [sealed] = await reject.encode([plain()]);
    const data = tamper(Buffer.from(sealed.data!));
    await expect(reject.decode([{ ...sealed, data }])).rejects.toThrow(/authentication failed|too short/);
  });

  it('an unknown key id is refused, and relabelling a payload with another configured id does not open it', async () => {
    const [sealed] = await reject.encode([plain()]);
    const relabel = (id: string) => ({ ...sealed, metadata: { ...sealed.metadata, [KEY_ID_METADATA]: Buffer.from(id) } });
    await expect(reject.decode([relabel('k9')])).rejects.toThrow(/unknown key id/);
    const both = new AesGcmPayloadCodec([k1, key('k2')], 'reject');
    await expect(both.decode([relabel('k2')])).rejects.toThrow(/authentication failed/);
  });

  it('an unencrypted payload (a plain Temporal client) is refused by clients, not passed through', async () => {
    await expect(reject.decode([plain()])).rejects.toThrow(/not encrypted/);
  });

  it('in the worker, an unencrypted or forged payload becomes the marker the workflow refuses', async () => {
    const [forged] = await new AesGcmPayloadCodec([key('k1')], 'reject').encode([plain()]);
    for (const p of await marker.decode([plain(), forged])) {
      expect(value(p)).toEqual({ [UNAUTHENTICATED_PAYLOAD_FIELD]: true });
      expect(isUnauthenticatedPayload(value(p))).toBe(true);
    }
    expect(CONTRACT_FIELD).toBe(UNAUTHENTICATED_PAYLOAD_FIELD);
    expect(isUnauthenticatedPayload(undefined)).toBe(true);
    const [sealed] = await marker.encode([plain()]);
    expect(isUnauthenticatedPayload(value((await marker.decode([sealed]))[0]))).toBe(false);
  });

  it('for display, what it cannot open is shown as it is', async () => {
    const unencrypted = plain();
    expect(await passthrough.decode([unencrypted])).toEqual([unencrypted]);
  });

  it('rotation: the first key encrypts, older keys still decrypt, a dropped key no longer does', async () => {
    const old = new AesGcmPayloadCodec([k1], 'reject');
    const [before] = await old.encode([plain()]);
    const k2 = key('k2');
    const rotated = new AesGcmPayloadCodec([k2, k1], 'reject');
    const [after] = await rotated.encode([plain()]);
    expect(Buffer.from(after.metadata![KEY_ID_METADATA]!).toString()).toBe('k2');
    expect(value((await rotated.decode([before]))[0])).toEqual(value(plain()));
    expect(value((await rotated.decode([after]))[0])).toEqual(value(plain()));
    await expect(old.decode([after])).rejects.toThrow(/unknown key id/);
    await expect(new AesGcmPayloadCodec([k2], 'reject').decode([before])).rejects.toThrow(/unknown key id/);
  });

  it.each([
    [[], /at least one/],
    [[{ id: 'short', key: randomBytes(16) }], /32 bytes/],
    [[key('a'), key('a')], /twice/],
  ])('refuses a bad key set %#', (keys, message) => {
    expect(() => new AesGcmPayloadCodec(keys as PayloadKey[], 'reject')).toThrow(message);
  });
});
