import { Inject, Injectable, OnApplicationShutdown, Provider } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { APP_CONFIG, AppConfig } from '@naskah/config';
import { createTemporalClient } from '@naskah/temporal';

export const TEMPORAL_CONNECTION = Symbol('TEMPORAL_CONNECTION');

/** The API holds a Temporal Client, never a Worker (STYLE). */
@Injectable()
export class TemporalHandle implements OnApplicationShutdown {
  readonly client: Client;
  readonly connection: Connection;
  private readonly close: () => Promise<void>;

  constructor(@Inject(APP_CONFIG) cfg: AppConfig) {
    const { client, connection, close } = createTemporalClient({
      address: cfg.TEMPORAL_ADDRESS,
      namespace: cfg.TEMPORAL_NAMESPACE,
      payloadKeys: cfg.TEMPORAL_PAYLOAD_KEYS,
    });
    this.client = client;
    this.connection = connection;
    this.close = close;
  }

  /** The requests still running finish their Temporal calls (up to 10 s) before the connection closes. */
  async onApplicationShutdown(): Promise<void> {
    await this.close().catch(() => undefined);
  }
}

export const temporalProviders: Provider[] = [
  TemporalHandle,
  { provide: TEMPORAL_CONNECTION, useFactory: (h: TemporalHandle) => h.connection, inject: [TemporalHandle] },
  { provide: Client, useFactory: (h: TemporalHandle) => h.client, inject: [TemporalHandle] },
];
