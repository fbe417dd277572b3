import { randomBytes } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { Server } from 'node:http';
import { defaultPayloadConverter, Payload } from '@temporalio/common';
import { createCodecServer } from './codec-server';
import { AesGcmPayloadCodec } from './payload-codec';

const keys = [{ id: 'k1', key: randomBytes(32) }];
const UI = 'https://temporal-ops.example.go.id';
const NOTE = { note: 'Lampiran belum lengkap' };
const json = (p: Payload) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v!).toString('base64')])),
  data: Buffer.from(p.data ?? []).toString('base64'),
});
const fromJson = (p: { metadata: Record<string, string>; data: string }): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data, 'base64'),
});

describe("the operators' codec endpoint (Temporal remote codec protocol, decode only)", () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createCodecServer({ keys, allowOrigins: [UI], maxBodyBytes: 64 * 1024 });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('decodes what the API encrypted, and shows what it cannot open as it is', async () => {
    const [sealed] = await new AesGcmPayloadCodec(keys, 'reject').encode([defaultPayloadConverter.toPayload(NOTE)]);
    const plain = defaultPayloadConverter.toPayload({ forged: true });
    const res = await post('/decode', { payloads: [json(sealed), json(plain)] }, { 'x-namespace': 'default' });
    expect(res.status).toBe(200);
    const { payloads } = (await res.json()) as { payloads: Array<{ metadata: Record<string, string>; data: string }> };
    expect(defaultPayloadConverter.fromPayload(fromJson(payloads[0]))).toEqual(NOTE);
    expect(defaultPayloadConverter.fromPayload(fromJson(payloads[1]))).toEqual({ forged: true });
  });

  it('will not encrypt anything: with an encode endpoint the Temporal UI could act again', async () => {
    const res = await post('/encode', { payloads: [json(defaultPayloadConverter.toPayload(NOTE))] });
    expect(res.status).toBe(404);
  });

  it.each([
    ['not JSON', '{', 400],
    ['no payload list', { payloads: 'x' }, 400],
    ['too large', { payloads: [{ data: 'A'.repeat(70 * 1024) }] }, 413],
  ])('refuses a body that is %s', async (_name, body, status) => {
    expect((await post('/decode', body)).status).toBe(status);
  });

  it('lets only the configured Temporal UI origin call it from a browser', async () => {
    const preflight = await fetch(`${base}/decode`, { method: 'OPTIONS', headers: { origin: UI, 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(UI);
    const other = await post('/decode', { payloads: [] }, { origin: 'https://evil.example' });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
