import { Client, Connection } from '@temporalio/client';
import { clientDataConverter, PayloadKey } from './payload-codec';

export interface TemporalClientOptions {
  address: string;
  namespace: string;
  /** TEMPORAL_PAYLOAD_KEYS: every payload is encrypted with the first (STYLE §13). */
  payloadKeys: readonly PayloadKey[];
}

/**
 * A client whose connection is made lazily: the API starts (and reports itself unhealthy)
 * while Temporal is down, and connects once it is back.
 */
export function createTemporalClient(opts: TemporalClientOptions): { client: Client; connection: Connection } {
  const connection = Connection.lazy({ address: opts.address, connectTimeout: 5000 });
  const client = new Client({ connection, namespace: opts.namespace, dataConverter: clientDataConverter(opts.payloadKeys) });
  return { client, connection };
}
