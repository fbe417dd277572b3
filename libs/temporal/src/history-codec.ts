import { METADATA_ENCODING_KEY, Payload } from '@temporalio/common';
import type { History } from '@temporalio/common/lib/proto-utils';
import { AesGcmPayloadCodec, PayloadKey } from './payload-codec';

type Slots = Record<string, unknown>;
const isObject = (x: unknown): x is Slots => typeof x === 'object' && x !== null && !(x instanceof Uint8Array);

/** Calls `visit` on every object `isPayload` accepts, replacing it with what `visit` returns. */
async function replacePayloads(node: unknown, isPayload: (x: Slots) => boolean, visit: (p: Slots) => Promise<unknown>): Promise<void> {
  if (!isObject(node)) return;
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (isObject(value) && isPayload(value)) node[key] = await visit(value);
    else await replacePayloads(value, isPayload, visit);
  }
}

/**
 * Decrypts, in place, every payload of a history as a client fetches it (`handle.fetchHistory()`)
 * that one of the keys encrypted; anything else (search attributes) stays as it is.
 */
export async function decodeHistoryPayloads(history: History, keys: readonly PayloadKey[]): Promise<History> {
  const codec = new AesGcmPayloadCodec(keys, 'passthrough');
  await replacePayloads(
    history,
    (x) => isObject(x.metadata) && x.metadata[METADATA_ENCODING_KEY] instanceof Uint8Array,
    async (p) => (await codec.decode([p as Payload]))[0],
  );
  return history;
}

/**
 * The same for a history in proto JSON (`temporal workflow show -o json`, the replay fixtures), whose
 * payloads carry base64 strings.
 */
export async function decodeHistoryJSON<T>(json: T, keys: readonly PayloadKey[]): Promise<T> {
  const codec = new AesGcmPayloadCodec(keys, 'passthrough');
  const b64 = (s: unknown) => Buffer.from(typeof s === 'string' ? s : '', 'base64');
  await replacePayloads(
    json,
    (x) => isObject(x.metadata) && typeof x.metadata[METADATA_ENCODING_KEY] === 'string',
    async (p) => {
      const metadata = Object.fromEntries(Object.entries(p.metadata as Slots).map(([k, v]) => [k, b64(v)]));
      const [decoded] = await codec.decode([{ metadata, data: b64(p.data) }]);
      return {
        metadata: Object.fromEntries(Object.entries(decoded.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')])),
        ...(decoded.data?.length ? { data: Buffer.from(decoded.data).toString('base64') } : {}),
      };
    },
  );
  return json;
}
