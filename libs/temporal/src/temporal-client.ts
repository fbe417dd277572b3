import { Client, Connection } from '@temporalio/client';

export interface TemporalClientOptions {
  address: string;
  namespace: string;
}

/**
 * A client whose connection is made lazily: the API starts (and reports itself unhealthy)
 * while Temporal is down, and connects once it is back.
 */
export function createTemporalClient(opts: TemporalClientOptions): { client: Client; connection: Connection } {
  const connection = Connection.lazy({ address: opts.address, connectTimeout: 5000 });
  const client = new Client({ connection, namespace: opts.namespace });
  return { client, connection };
}
