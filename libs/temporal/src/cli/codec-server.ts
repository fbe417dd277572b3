import { loadConfigOrExit } from '@naskah/config';
import { createCodecServer } from '../codec-server';

/** node dist/libs/temporal/src/cli/codec-server.js: the operators' decode-only codec endpoint (docker/compose.yaml). */
const cfg = loadConfigOrExit();
const server = createCodecServer({ keys: cfg.TEMPORAL_PAYLOAD_KEYS, allowOrigins: cfg.TEMPORAL_CODEC_ALLOW_ORIGINS });
server.listen(cfg.TEMPORAL_CODEC_PORT, cfg.HOST, () => {
  process.stdout.write(`Temporal codec endpoint (decode only) on http://${cfg.HOST}:${cfg.TEMPORAL_CODEC_PORT}/decode\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
