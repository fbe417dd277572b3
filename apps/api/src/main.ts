import { loadConfigOrExit } from '@naskah/config';
import { createApiApp } from './app.factory';

async function main(): Promise<void> {
  const cfg = loadConfigOrExit();
  const app = await createApiApp(cfg);
  await app.listen(cfg.PORT, cfg.HOST);
}

main().catch((e) => {
  process.stderr.write(`api failed to start: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
