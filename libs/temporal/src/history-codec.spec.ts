import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import type { History } from '@temporalio/common/lib/proto-utils';
import { decodeHistoryJSON, decodeHistoryPayloads } from './history-codec';
import { AesGcmPayloadCodec } from './payload-codec';

const keys = [{ id: 'k1', key: randomBytes(32) }];
const codec = new AesGcmPayloadCodec(keys, 'reject');
const NOTE = { note: 'Lampiran belum lengkap' };
const base64 = (b?: Uint8Array | null) => Buffer.from(b ?? []).toString('base64');

describe('decoding recorded histories', () => {
  it('decrypts the payloads of a fetched history and leaves search attributes as they are', async () => {
    const [sealed] = await codec.encode([defaultPayloadConverter.toPayload(NOTE)]);
    const searchAttribute = defaultPayloadConverter.toPayload('x');
    const history = {
      events: [
        { workflowExecutionStartedEventAttributes: { input: { payloads: [sealed] }, searchAttributes: { indexedFields: { a: searchAttribute } } } },
      ],
    } as unknown as History;
    const attrs = (await decodeHistoryPayloads(history, keys)).events![0].workflowExecutionStartedEventAttributes!;
    expect(defaultPayloadConverter.fromPayload(attrs.input!.payloads![0])).toEqual(NOTE);
    expect(attrs.searchAttributes!.indexedFields!.a).toBe(searchAttribute);
  });

  it('decrypts the base64 payloads of a proto JSON history (temporal workflow show -o json)', async () => {
    const [sealed] = await codec.encode([defaultPayloadConverter.toPayload(NOTE)]);
    const json = {
      events: [
        {
          eventId: '1',
          input: {
            payloads: [
              {
                metadata: { encoding: base64(sealed.metadata!.encoding), 'encryption-key-id': base64(sealed.metadata!['encryption-key-id']) },
                data: base64(sealed.data),
              },
            ],
          },
        },
      ],
    };
    const decoded = await decodeHistoryJSON(json, keys);
    const payload = decoded.events[0].input.payloads[0];
    expect(Buffer.from(payload.metadata.encoding, 'base64').toString()).toBe('json/plain');
    expect(JSON.parse(Buffer.from(payload.data!, 'base64').toString())).toEqual(NOTE);
    expect(decoded.events[0].eventId).toBe('1');
  });
});
