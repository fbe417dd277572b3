import { createCipheriv, createDecipheriv, createSecretKey, KeyObject, randomBytes } from 'node:crypto';
import { DataConverter, METADATA_ENCODING_KEY, Payload, PayloadCodec, ValueError } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

/** A payload key: its id travels in the payload's metadata, so keys can rotate. */
export interface PayloadKey {
  id: string;
  /** 32 bytes (AES-256). */
  key: Uint8Array;
}

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * What a worker decodes a payload into when it is not encrypted and authenticated with a configured
 * key (a plain Temporal client, the Temporal UI): the workflow refuses this value (@naskah/contracts
 * `isUnauthenticatedPayload`; the same field name there).
 */
export const UNAUTHENTICATED_PAYLOAD_FIELD = 'naskahUnauthenticatedPayload';

export class UnauthenticatedPayloadError extends ValueError {}

/**
 * - `reject`: throw (clients: the API must not act on, or show, what it cannot authenticate).
 * - `marker`: the marker value above (the worker: a throw there fails the workflow task again and
 *   again, which would block every legitimate action on that document).
 * - `passthrough`: leave the payload as it is (decoding for display by operators).
 */
export type UnauthenticatedPayloadHandling = 'reject' | 'marker' | 'passthrough';

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const text = (b: Uint8Array | null | undefined) => (b ? Buffer.from(b).toString('utf8') : undefined);
// The key id is bound to the ciphertext, so a payload cannot be relabelled.
const aad = (keyId: string) => utf8(`naskah-temporal-payload-v1:${keyId}`);

const MARKER: Payload = {
  metadata: { [METADATA_ENCODING_KEY]: utf8('json/plain') },
  data: utf8(JSON.stringify({ [UNAUTHENTICATED_PAYLOAD_FIELD]: true })),
};

/**
 * AES-256-GCM over the whole payload (metadata and data), after Temporal's encryption sample, but
 * decoding never lets an unencrypted or unauthenticated payload through as readable data.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly keys = new Map<string, KeyObject>();
  private readonly currentKeyId: string;

  /** `keys[0]` encrypts; every key decrypts what carries its id. */
  constructor(
    keys: readonly PayloadKey[],
    private readonly unauthenticated: UnauthenticatedPayloadHandling,
  ) {
    if (keys.length === 0) throw new Error('at least one payload key is needed');
    for (const k of keys) {
      if (k.key.length !== 32) throw new Error(`payload key ${k.id} must be 32 bytes`);
      if (this.keys.has(k.id)) throw new Error(`payload key id ${k.id} is given twice`);
      this.keys.set(k.id, createSecretKey(Buffer.from(k.key)));
    }
    this.currentKeyId = keys[0].id;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const keyId = this.currentKeyId;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', this.keys.get(keyId)!, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad(keyId));
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { [METADATA_ENCODING_KEY]: utf8(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: utf8(keyId) }, data: sealed };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const opened = this.open(payload);
      if (typeof opened !== 'string') return opened;
      switch (this.unauthenticated) {
        case 'reject':
          throw new UnauthenticatedPayloadError(`Temporal payload refused: ${opened}`);
        case 'marker':
          return MARKER;
        case 'passthrough':
          return payload;
      }
    });
  }

  /** The decrypted payload, or why it cannot be trusted. */
  private open(payload: Payload): Payload | string {
    if (text(payload.metadata?.[METADATA_ENCODING_KEY]) !== ENCRYPTED_ENCODING) return 'not encrypted';
    const keyId = text(payload.metadata?.[KEY_ID_METADATA]) ?? '';
    const key = this.keys.get(keyId);
    if (!key) return `unknown key id "${keyId.slice(0, 64)}"`;
    const data = payload.data ?? new Uint8Array();
    if (data.length < IV_BYTES + TAG_BYTES) return 'too short';
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
      decipher.setAAD(aad(keyId));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain);
    } catch {
      return 'authentication failed';
    }
  }
}

/** For clients (the API, tests, benchmarks): what they cannot authenticate is an error. */
export function clientDataConverter(keys: readonly PayloadKey[]): DataConverter {
  return { payloadCodecs: [new AesGcmPayloadCodec(keys, 'reject')] };
}

/** For the worker: what it cannot authenticate reaches the workflow as the marker, which it refuses. */
export function workerDataConverter(keys: readonly PayloadKey[]): DataConverter {
  return { payloadCodecs: [new AesGcmPayloadCodec(keys, 'marker')] };
}
