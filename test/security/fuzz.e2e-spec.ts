import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { SeededOrganization } from '@naskah/seed';
import { expectStatus } from '../support/api';
import { createTestOrganization } from '../support/fixtures';
import { portOf, rawRequest, RawRequest } from '../support/raw-http';
import { useApiAndWorker } from '../support/stack';

/**
 * Issue 12: no 5xx from anything a client can send. Malformed requests are generated for every
 * route of the app's own OpenAPI document (a new route is fuzzed without touching this file), with
 * and without a session: charsets, encodings, media types, nesting, lone surrogates in every text
 * field, wrong types for every field, sizes, path and query garbage, methods, duplicated
 * parameters and headers. FUZZ_SEED repeats a run.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20_241_212) >>> 0;
const CONCURRENCY = 4;

/** mulberry32: small, seeded, good enough to pick cases. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = seeded(SEED);
const pick = <T>(items: readonly T[], n: number): T[] => {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < n && pool.length) out.push(pool.splice(Math.floor(rnd() * pool.length), 1)[0]);
  return out;
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: Json[];
  example?: Json;
  minimum?: number;
  properties?: Record<string, Schema>;
  items?: Schema;
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  schema?: Schema;
}
interface Operation {
  method: string;
  template: string;
  parameters: Parameter[];
  bodyTypes: string[];
  bodySchema?: Schema;
  secured: boolean;
}
interface Shot extends RawRequest {
  op: string;
  why: string;
  /** An oversized upload the server refuses before reading it: the connection may close under the client. */
  mayReset?: boolean;
}

const stack = useApiAndWorker('fuzz', { VERIFY_THROTTLE_LIMIT: '100000', VERIFY_MAX_CONCURRENT: String(CONCURRENCY * 2) });

const api = () => stack.api;
let org: SeededOrganization;
let token: string;
let victimToken: string;
let draft: { id: string; versionHash: string };

beforeAll(async () => {
  org = await createTestOrganization('batam-dkum.yaml');
  [token, victimToken] = await Promise.all([api().login(org.officials['UMPEG-ARSIP'].nip), api().login(org.officials['PP-ANGGARAN'].nip)]);
  const created = expectStatus(
    await api()
      .as(token)
      .post('/api/v1/documents', {
        kindCode: 'NOTA_DINAS',
        subject: 'Uji ketahanan masukan',
        body: '<p>Isi naskah uji.</p>',
        classification: 'biasa',
        urgency: 'biasa',
        recipients: [{ unitId: org.units.SEKRETARIAT }],
      }),
    201,
  ).body;
  draft = { id: created.id, versionHash: created.currentVersion.contentHash };
}, 60_000);

function operations(doc: { paths: Record<string, Record<string, Record<string, unknown>>> }): Operation[] {
  return Object.entries(doc.paths).flatMap(([template, methods]) =>
    Object.entries(methods).map(([method, o]) => {
      const content = (o.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)?.content ?? {};
      return {
        method: method.toUpperCase(),
        template,
        parameters: (o.parameters as Parameter[] | undefined) ?? [],
        bodyTypes: Object.keys(content),
        bodySchema: content['application/json']?.schema ?? content['multipart/form-data']?.schema,
        secured: Array.isArray(o.security) && o.security.length > 0,
      };
    }),
  );
}

describe('fuzz: every route of the OpenAPI document', () => {
  it('answers at least 500 malformed requests, none with a 5xx', async () => {
    const port = portOf(api());
    const openapi = expectStatus(await api().http.get('/api/docs-json'), 200).body;
    const schemas: Record<string, Schema> = openapi.components.schemas;
    const ops = operations(openapi);
    const resolve = (s: Schema): Schema => (s.$ref ? resolve(schemas[s.$ref.split('/').pop()!]) : s);

    // Real ids where a route names one, so requests reach past "not found" into the services.
    const idFor = (template: string, name: string): string => {
      if (name === 'versionNo') return '1';
      if (name === 'code') return 'ABCDEFGHJKLMNPQR';
      if (template.includes('/documents/')) return draft.id;
      if (template.includes('/organizations/')) return org.id;
      if (template.includes('/officials/')) return org.officials['PPUM-ADM'].id;
      return randomUUID();
    };
    const strings: Record<string, string> = { versionHash: draft.versionHash, body: '<p>Isi naskah uji.</p>' };
    const example = (schema: Schema, name: string): Json => {
      const s = resolve(schema);
      if (s.example !== undefined) return s.example;
      if (s.enum) return s.enum[0];
      if (s.type === 'object' || s.properties) return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, p]) => [k, example(p, k)]));
      if (s.type === 'array') return [example(s.items ?? {}, name)];
      if (s.type === 'number' || s.type === 'integer') return s.minimum ?? 1;
      if (s.type === 'boolean') return true;
      return strings[name] ?? (/Id$/.test(name) ? org.positions['UMPEG-ARSIP'] : 'Teks uji coba');
    };
    /** Every property path of a body, containers included (recipients, recipients.0, recipients.0.name). */
    const fieldPaths = (value: Json, prefix: Array<string | number> = []): Array<Array<string | number>> => {
      if (value === null || typeof value !== 'object') return [];
      const entries: Array<[string | number, Json]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
      return entries.flatMap(([k, v]) => [[...prefix, k], ...fieldPaths(v, [...prefix, k])]);
    };
    const setAt = (value: Json, path: Array<string | number>, to: Json): Json => {
      const copy = structuredClone(value) as Record<string | number, Json>;
      let at = copy;
      for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, Json>;
      at[path[path.length - 1]] = to;
      return copy as Json;
    };

    const shots: Shot[] = [];
    const WRONG_TYPES: Json[] = [
      12345,
      -1,
      1.5e308,
      true,
      false,
      null,
      [],
      {},
      [[['x']]],
      { a: { b: 1 } },
      '',
      ' ',
      '\u0000',
      'x'.repeat(20_000),
      ['a', 1, null],
    ];
    const SURROGATES = ['ab\udc00', 'x\ud800', '\udfff\ud800', 'ok\ud83d'];
    const deep = (n: number, leaf: string) => '['.repeat(n) + leaf + ']'.repeat(n);
    const deepObject = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

    for (const op of ops) {
      const name = `${op.method} ${op.template}`;
      const sessionEnding = /\/auth\/(logout|password)$/.test(op.template);
      const auth = { Authorization: `Bearer ${sessionEnding ? victimToken : token}` };
      const pathWith = (over: Record<string, string> = {}) =>
        op.template.replace(/\{(\w+)\}/g, (_, p: string) => over[p] ?? encodeURIComponent(idFor(op.template, p)));
      const query = op.parameters.filter((p) => p.in === 'query');
      const validQuery = query.map((p) => `${p.name}=${encodeURIComponent(String(example(p.schema ?? {}, p.name)))}`).join('&');
      const path = (over?: Record<string, string>, q = validQuery) => `${pathWith(over)}${q ? `?${q}` : ''}`;
      const add = (why: string, r: Omit<Shot, 'op' | 'why'>) => shots.push({ op: name, why, ...r });
      const json = (why: string, body: string | Buffer, headers: Record<string, string | string[]> = {}, p = path()) =>
        add(why, { method: op.method, path: p, headers: { ...auth, 'Content-Type': 'application/json', ...headers }, body });

      add('baseline', { method: op.method, path: path(), headers: auth });
      add('no session', { method: op.method, path: path(), headers: {} });
      add('garbage token', {
        method: op.method,
        path: path(),
        headers: { Authorization: pick(['Bearer ', 'Basic Zm9vOmJhcg==', 'Bearer a.b.c', `Bearer ${'x'.repeat(8000)}`], 1)[0] },
      });

      if (op.bodyTypes.includes('application/json') && op.bodySchema) {
        const base = example(op.bodySchema, '');
        json('valid body', JSON.stringify(base));
        for (const field of fieldPaths(base)) {
          const at = field.join('.');
          for (const s of pick(SURROGATES, 2)) json(`lone surrogate in ${at}`, JSON.stringify(setAt(base, field, s)));
          for (const w of pick(WRONG_TYPES, 3)) json(`wrong type in ${at}: ${JSON.stringify(w).slice(0, 20)}`, JSON.stringify(setAt(base, field, w)));
        }
        const first = Object.keys(base as object)[0];
        json('lone surrogate in a name', JSON.stringify(base).replace(/^\{/, '{"x\\udc00":1,'));
        json('duplicated keys', JSON.stringify(base).replace(/^\{/, `{${JSON.stringify(first)}:123,`));
        for (const text of pick(
          [
            '{',
            '{"a":',
            '[1,]',
            'NaN',
            '"teks"',
            '123',
            'null',
            '[]',
            '\ufeff{}',
            '{"a":1}{"b":2}',
            '{"__proto__":{"x":1}}',
            '{"constructor":{"prototype":{"x":1}}}',
            "{'a':1}",
          ],
          5,
        )) {
          json(`malformed JSON ${text.slice(0, 12)}`, text);
        }
        for (const charset of pick(['latin1', 'utf-16', 'utf-99', 'iso-8859-1', '"utf-8"', 'ascii', ''], 3))
          json(`charset ${charset}`, JSON.stringify(base), { 'Content-Type': `application/json; charset=${charset}` });
        for (const enc of pick(['gzip', 'deflate', 'br', 'zstd', 'x-unknown', 'gzip, identity', 'compress'], 3))
          json(`Content-Encoding ${enc} on plain bytes`, JSON.stringify(base), { 'Content-Encoding': enc });
        json('Content-Encoding gzip, compressed', gzipSync(JSON.stringify(base)), { 'Content-Encoding': 'gzip' });
        const form1001 = Array.from({ length: 1001 }, (_, i) => `f${i}=${i}`).join('&');
        const form40 = `${first}${'[a]'.repeat(40)}=1`;
        for (const [type, body] of pick(
          [
            ['application/x-www-form-urlencoded', form1001],
            ['application/x-www-form-urlencoded', form40],
            ['application/x-www-form-urlencoded', `${first}=x`],
            ['text/plain', JSON.stringify(base)],
            ['application/xml', '<a/>'],
            ['multipart/form-data', JSON.stringify(base)],
            ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n'],
            ['application/vnd.api+json', JSON.stringify(base)],
            ['', JSON.stringify(base)],
          ] as const,
          4,
        )) {
          json(`Content-Type "${type}"`, body, { 'Content-Type': type });
        }
        json('Content-Type twice', JSON.stringify(base), { 'Content-Type': ['text/plain', 'application/json'] });
        json('array 5000 deep', deep(5000, '1'));
        json(`5000 deep in ${first}`, JSON.stringify(base).replace(/\}$/, `,${JSON.stringify(first)}:${deepObject(5000)}}`));
        json('17 deep', deep(17, '{}'));
        const [sizeWhy, big] = pick(
          [
            ['3 MB string', JSON.stringify(setAt(base, [first], 'x'.repeat(3 * 1024 * 1024)))],
            ['150 KB string', JSON.stringify(setAt(base, [first], 'é'.repeat(75 * 1024)))],
            [
              '100,000 items',
              JSON.stringify(
                setAt(
                  base,
                  [first],
                  Array.from({ length: 100_000 }, () => 1),
                ),
              ),
            ],
            ['1,000 keys', JSON.stringify(Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i])))],
          ] as const,
          1,
        )[0];
        json(sizeWhy, big);
      } else if (op.bodyTypes.includes('multipart/form-data')) {
        const part = (field: string, body: string, type = 'application/pdf') =>
          `--B\r\nContent-Disposition: form-data; name="${field}"; filename="a.pdf"\r\nContent-Type: ${type}\r\n\r\n${body}\r\n`;
        const multipart = (why: string, body: string | Buffer, type = 'multipart/form-data; boundary=B') =>
          add(why, { method: op.method, path: path(), headers: { ...auth, 'Content-Type': type }, body });
        multipart('a PDF that was never signed', `${part('file', '%PDF-1.4 uji')}--B--\r\n`);
        multipart('not a PDF', `${part('file', 'bukan pdf')}--B--\r\n`);
        multipart('empty file', `${part('file', '')}--B--\r\n`);
        multipart('another field name', `${part('berkas', '%PDF-1.4')}--B--\r\n`);
        multipart('two files', `${part('file', '%PDF-1.4')}${part('file', '%PDF-1.4')}--B--\r\n`);
        multipart(
          'ten text fields',
          `${Array.from({ length: 10 }, (_, i) => `--B\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\n${i}\r\n`).join('')}--B--\r\n`,
        );
        multipart(
          'a 2 KB text field',
          `--B\r\nContent-Disposition: form-data; name="note"\r\n\r\n${'x'.repeat(2048)}\r\n${part('file', '%PDF-1.4')}--B--\r\n`,
        );
        multipart('truncated', part('file', '%PDF-1.4 tanpa akhir'));
        multipart('no boundary', `${part('file', '%PDF-1.4')}--B--\r\n`, 'multipart/form-data');
        multipart('wrong boundary', `${part('file', '%PDF-1.4')}--B--\r\n`, 'multipart/form-data; boundary=C');
        multipart('malformed part header', '--B\r\nContent-Disposition\r\n\r\nx\r\n--B--\r\n');
        multipart('no name', '--B\r\nContent-Disposition: form-data; filename="a.pdf"\r\n\r\n%PDF-1.4\r\n--B--\r\n');
        multipart('lone surrogate field name', `${part('file\udc00', '%PDF-1.4')}--B--\r\n`);
        const pdf = (why: string, body: string | Buffer, headers: Record<string, string> = {}, chunked = false) =>
          add(why, { method: op.method, path: path(), headers: { ...auth, 'Content-Type': 'application/pdf', ...headers }, body, chunked });
        pdf('raw PDF', '%PDF-1.4 uji');
        pdf('raw, not a PDF', 'halo');
        pdf('raw, chunked', Buffer.alloc(300_000, '%PDF-'), {}, true);
        pdf('raw, charset', '%PDF-1.4', { 'Content-Type': 'application/pdf; charset=latin1' });
        pdf('raw, gzip', gzipSync('%PDF-1.4'), { 'Content-Encoding': 'gzip' });
        pdf('raw, JSON media type', '{}', { 'Content-Type': 'application/json' });
        pdf('raw, form', 'file=%PDF', { 'Content-Type': 'application/x-www-form-urlencoded' });
        add('26 MB PDF', {
          method: op.method,
          path: path(),
          headers: { ...auth, 'Content-Type': 'application/pdf' },
          body: Buffer.alloc(26 * 1024 * 1024, 0x25),
          mayReset: true,
        });
      } else {
        // Routes without a body get one anyway.
        json('JSON body where none is read', '{"a":1}');
        json('a body of another kind', 'a=1', {
          'Content-Type': pick(['application/x-www-form-urlencoded', 'text/plain', 'application/octet-stream'], 1)[0],
        });
        json('nested body where none is read', deep(5000, '1'));
      }

      for (const p of op.parameters.filter((x) => x.in === 'path')) {
        const values = [
          'nope',
          '..%2F..%2F..%2Fetc%2Fpasswd',
          '..',
          '%2e%2e',
          'x'.repeat(5000),
          '%FF',
          '%00',
          '%ED%B0%80',
          '%F0%9F%98%80',
          '0',
          '-1',
          '1e309',
          '00000000-0000-0000-0000-000000000000',
          encodeURIComponent(idFor(op.template, p.name).toUpperCase()),
          encodeURIComponent("' OR 1=1 --"),
          '%252e%252e',
        ];
        for (const v of pick(values, 6)) add(`path ${p.name}=${v.slice(0, 24)}`, { method: op.method, path: path({ [p.name]: v }), headers: auth });
      }
      add('path traversal', { method: op.method, path: `${pathWith()}/../../../../etc/passwd`, headers: auth });
      add('path 20,000 long', { method: op.method, path: `${pathWith()}/${'a'.repeat(20_000)}`, headers: auth });

      const queryValues = ['', 'x'.repeat(5000), '%FF', '%00', '%ED%B0%80', '-1', '0', '1e309', 'NaN', '[]', '{}', '__proto__', "'--"];
      for (const p of query) {
        add(`query ${p.name} twice`, { method: op.method, path: path(undefined, `${validQuery}&${p.name}=x`), headers: auth });
        add(`query ${p.name}[]`, { method: op.method, path: path(undefined, `${p.name}[]=a&${p.name}[b]=c`), headers: auth });
        for (const v of pick(queryValues, 3))
          add(`query ${p.name}=${v.slice(0, 12)}`, { method: op.method, path: path(undefined, `${p.name}=${v}`), headers: auth });
      }
      add('unknown query', {
        method: op.method,
        path: path(undefined, `${validQuery}&__proto__[x]=1&constructor=1&a=${'%FF'.repeat(100)}`),
        headers: auth,
      });

      for (const header of pick<Record<string, string | string[]>>(
        [
          { 'Idempotency-Key': 'k'.repeat(500) },
          { 'Idempotency-Key': ['kunci-satu-1', 'kunci-dua-22'] },
          { 'Idempotency-Key': 'kunci dengan spasi' },
          { Accept: 'text/html;q=0.9, */*;q=x' },
          { 'X-Forwarded-For': 'bukan-alamat, ::ffff:999.1.1.1' },
          { 'Content-Length': '5', 'Transfer-Encoding': 'chunked' },
          { 'X-Besar': 'x'.repeat(20_000) },
          { Authorization: [`Bearer ${token}`, 'Bearer lain'] },
        ],
        2,
      )) {
        add(`header ${Object.keys(header).join('+')}`, { method: op.method, path: path(), headers: { ...auth, ...header } });
      }
    }

    for (const template of new Set(ops.map((o) => o.template))) {
      const own = ops.filter((o) => o.template === template).map((o) => o.method);
      const others = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'TRACE', 'BREW'].filter((m) => !own.includes(m));
      const p = template.replace(/\{(\w+)\}/g, (_, n: string) => idFor(template, n));
      for (const method of pick(others, 3))
        shots.push({ op: `${method} ${template}`, why: 'method', method, path: p, headers: { Authorization: `Bearer ${token}` } });
    }

    // Requests that end the caller's sessions run last, with their own caller.
    shots.sort((a, b) => Number(/\/auth\/(logout|password)/.test(a.op)) - Number(/\/auth\/(logout|password)/.test(b.op)));

    const t0 = Date.now();
    const results: Array<{ shot: Shot; status: number; text: string }> = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < shots.length) {
          const shot = shots[next++];
          try {
            const res = await rawRequest(port, shot);
            results.push({ shot, status: res.status, text: res.text });
          } catch (e) {
            // -1: refused before it was read and the connection closed under the upload (allowed only there); 0: no answer at all.
            results.push({ shot, status: shot.mayReset ? -1 : 0, text: String(e) });
          }
        }
      }),
    );
    const byClass: Record<string, number> = {};
    for (const r of results) {
      const k = r.status > 0 ? `${Math.floor(r.status / 100)}xx` : r.status < 0 ? 'closed early' : 'no answer';
      byClass[k] = (byClass[k] ?? 0) + 1;
    }
    process.stdout.write(
      `\n[fuzz] seed ${SEED}: ${results.length} requests over ${ops.length} operations in ${Date.now() - t0} ms; by status: ${JSON.stringify(byClass)}\n`,
    );

    const bad = results.filter((r) => r.status >= 500 || r.status === 0);
    const describe = (r: (typeof results)[number]) =>
      `${r.status} ${r.shot.op} [${r.shot.why}] ${r.shot.method} ${r.shot.path.slice(0, 120)} -> ${r.text.slice(0, 200)}`;
    expect(bad.map(describe)).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(500);
    for (const op of ops) expect(results.some((r) => r.shot.op === `${op.method} ${op.template}`)).toBe(true);
    // And the API still serves: health, and a login.
    expectStatus(await api().http.get('/api/health'), 200);
    await api().login(org.officials['UMPEG-ARSIP'].nip);
  }, 180_000);
});
