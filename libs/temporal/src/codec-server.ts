import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { Payload } from '@temporalio/common';
import { AesGcmPayloadCodec, PayloadKey } from './payload-codec';

export interface CodecServerOptions {
  keys: readonly PayloadKey[];
  /** Origins whose pages may call it: the Temporal UI as the operators' browsers see it. */
  allowOrigins: readonly string[];
  maxBodyBytes?: number;
}

interface JSONPayload {
  metadata?: Record<string, string> | null;
  data?: string | null;
}

const fromJSON = (p: JSONPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(String(v), 'base64')])),
  data: Buffer.from(String(p.data ?? ''), 'base64'),
});
const toJSON = (p: Payload): JSONPayload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')])),
  data: Buffer.from(p.data ?? []).toString('base64'),
});

const isPayloadList = (x: unknown): x is { payloads: JSONPayload[] } =>
  typeof x === 'object' &&
  x !== null &&
  Array.isArray((x as { payloads?: unknown }).payloads) &&
  (x as { payloads: unknown[] }).payloads.every((p) => typeof p === 'object' && p !== null);

/**
 * The Temporal UI's and CLI's remote codec protocol, decode only: operators read payloads; nobody
 * can have a payload encrypted here, so the UI can still not act (STYLE §13). It has no login of
 * its own: it is reached only through the authenticating proxy in front of the Temporal UI.
 */
export function createCodecServer(opts: CodecServerOptions): Server {
  const codec = new AesGcmPayloadCodec(opts.keys, 'passthrough');
  const maxBody = opts.maxBodyBytes ?? 16 * 1024 * 1024;
  const send = (res: ServerResponse, status: number, body: object) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const origin = req.headers.origin;
    if (origin && opts.allowOrigins.includes(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('access-control-allow-credentials', 'true');
      res.setHeader('access-control-allow-headers', 'content-type, x-namespace, authorization');
      res.setHeader('access-control-allow-methods', 'POST');
      res.setHeader('vary', 'origin');
    }
    const path = (req.url ?? '').split('?')[0].replace(/\/+$/, '');
    if (path !== '/decode') return send(res, 404, { message: 'only POST /decode is served (no encode: payloads are made by the API alone)' });
    if (req.method === 'OPTIONS') return res.writeHead(204).end();
    if (req.method !== 'POST') return send(res, 405, { message: 'POST only' });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBody) return send(res, 413, { message: 'body too large' });
      chunks.push(chunk);
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return send(res, 400, { message: 'body must be JSON: {"payloads": [...]}' });
    }
    if (!isPayloadList(body)) return send(res, 400, { message: 'body must be JSON: {"payloads": [...]}' });
    const decoded = await codec.decode(body.payloads.map(fromJSON));
    return send(res, 200, { payloads: decoded.map(toJSON) });
  };

  return createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { message: 'decode failed' });
      else res.destroy();
    });
  });
}
