import { join } from 'node:path';
import { LOCAL_CA_NAME, LocalCertificateAuthority } from './local-ca';
import { startTimestampAuthority } from './timestamp-authority';

/** The local time-stamp authority as its own process (development): DATA_DIR, TSA_HOST, TSA_PORT. */
async function main(): Promise<void> {
  // Its own three settings only: the shared config schema would ask for the database and Temporal.
  const dataDir = process.env.DATA_DIR || './data';
  const host = process.env.TSA_HOST || '127.0.0.1';
  const port = Number(process.env.TSA_PORT || 3181);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`TSA_PORT=${process.env.TSA_PORT} is not a port`);
  const ca = LocalCertificateAuthority.open(join(dataDir, 'ca'), LOCAL_CA_NAME);
  const tsa = await startTimestampAuthority({ ca, host, port });
  process.stdout.write(`local time-stamp authority (RFC 3161) listening at ${tsa.url} (CA revocation list: ${tsa.crlUrl})\n`);
  const stop = () => {
    tsa.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`time-stamp authority failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
