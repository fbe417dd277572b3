import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadConfig } from '@naskah/config';
import { createOpenApiDocumentOffline } from '../app.factory';

/**
 * Build step: writes the API's OpenAPI document (the one /api/docs serves) to the path given;
 * openapi-typescript turns it into the web app's types (apps/web/src/generated/api-schema.ts).
 * Needs no running service.
 */
// Placeholders, not the environment: the document depends on no setting, and building it must
// neither read a deployment's secrets nor write development ones under DATA_DIR.
const BUILD_ENV = { JWT_SECRET: 'openapi-build-placeholder-not-a-secret', TEMPORAL_PAYLOAD_KEYS: `openapi:${Buffer.alloc(32).toString('base64')}` };

async function main(out: string): Promise<void> {
  const doc = await createOpenApiDocumentOffline(loadConfig(BUILD_ENV));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
  process.stdout.write(`OpenAPI document written to ${out} (${Object.keys(doc.paths).length} paths)\n`);
}

const out = process.argv[2];
if (!out) {
  process.stderr.write('usage: emit-openapi <out.json>\n');
  process.exit(64);
}
main(resolve(out)).catch((e) => {
  process.stderr.write(`emit-openapi failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
