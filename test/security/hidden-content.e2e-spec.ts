import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { WEB_DIST_DIR } from '@naskah/api';
import { contentHash } from '@naskah/content';
import { SeededOrganization } from '@naskah/seed';
import { asBinary, expectEventually, TestApi, TEST_TTE_PASSPHRASE } from '../support/api';
import { createTestOrganization } from '../support/fixtures';
import { launchChromium } from '../support/browser';
import { useApiAndWorker } from '../support/stack';

/**
 * Attack ("hidden content"): a body whose HTML hides text from the reviewers (in the
 * web preview) while the signed PDF prints it, or the other way round. Every letter here is
 * reviewed in a real Chromium by the official who signs it, then signed; the words of its body on
 * that page and in the signed PDF (pdftotext) must be the same, word for word, and what each trick
 * hides must be in neither.
 */

// Letters are rendered in this process from the sources (the render threads would load dist/).
const stack = useApiAndWorker('naskah-hidden', { LETTER_RENDER_THREADS: '0' });
const dir = mkdtempSync(join(tmpdir(), 'naskah-hidden-'));

/** Invisible characters: none may reach the page or the PDF. */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/u;

interface Trick {
  name: string;
  /** The construct; SECRET is replaced by a word of its own that must show nowhere. */
  html: string;
  /** Words it does show, on the page and in the PDF alike. */
  shown?: string[];
  /** It swallows the rest of the body, so it comes last in its letter. */
  swallows?: boolean;
}

const TRICKS: Trick[] = [
  { name: '<template>', html: '<template><p>SECRET</p></template>' },
  { name: '<noscript>', html: '<noscript><p>SECRET</p></noscript>' },
  { name: '<object> fallback', html: '<object data="lampiran.pdf" type="application/pdf"><p>SECRET</p></object>' },
  { name: '<object><param>', html: '<object><param name="SECRET" value="SECRET"></object>' },
  { name: '<title>', html: '<title>SECRET</title>' },
  {
    name: '<img alt>',
    html: '<p>foto <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="SECRET" title="SECRET"> kantor</p>',
    shown: ['foto', 'kantor'],
  },
  { name: 'HTML comment', html: '<p>sebelum <!-- SECRET --> sesudah</p>', shown: ['sebelum', 'sesudah'] },
  { name: 'conditional comment', html: '<!--[if mso]><p>SECRET</p><![endif]-->' },
  { name: '<style>', html: '<style>p::after { content: "SECRET" }</style>' },
  { name: 'style display:none', html: '<p>tampak <span style="display:none">SECRET</span> jelas</p>', shown: ['tampak', 'jelas'] },
  { name: 'style visibility:hidden', html: '<p style="visibility: hidden">SECRET</p>' },
  { name: 'style font-size:0', html: '<p>kata <span style="font-size:0">SECRET</span> biasa</p>', shown: ['kata', 'biasa'] },
  { name: 'style color:white', html: '<p>putih <span style="color:#ffffff">SECRET</span> di putih</p>', shown: ['putih', 'di', 'putih'] },
  { name: 'style opacity:0', html: '<div style="opacity:0"><p>SECRET</p></div>' },
  { name: 'hidden attribute', html: '<p hidden>SECRET</p><div hidden="until-found">SECRET</div>' },
  { name: 'aria-hidden', html: '<p>dibaca <span aria-hidden="true">SECRET</span> semua</p>', shown: ['dibaca', 'semua'] },
  { name: '<svg><text>', html: '<svg width="10" height="10"><text x="0" y="10">SECRET</text></svg>' },
  { name: '<math>', html: '<math><mi>SECRET</mi></math>' },
  { name: '<iframe srcdoc>', html: '<iframe srcdoc="&lt;p&gt;SECRET&lt;/p&gt;">SECRET</iframe>' },
  { name: '<textarea>', html: '<textarea>SECRET</textarea>' },
  { name: '<select><option>', html: '<select><option>SECRET</option></select>' },
  { name: '<script>', html: '<script>document.write("SECRET")</script>' },
  { name: '<noembed>', html: '<noembed>SECRET</noembed>' },
  { name: '<noframes>', html: '<noframes>SECRET</noframes>' },
  { name: '<xmp>', html: '<xmp><p>SECRET</p></xmp>' },
  { name: 'closed <details>', html: '<details><summary>SECRET</summary><p>SECRET</p></details>' },
  { name: 'zero-width entities (&#8203; &zwj; &lrm;)', html: '<p>Ko&#8203;pe&zwj;ra&lrm;si</p>', shown: ['Koperasi'] },
  {
    name: 'raw zero-width and bidi override characters',
    html: '<p>\u202eISAREPOK\u202c Sim\u200bpan\u2060 Pin\ufeffjam</p>',
    shown: ['ISAREPOK', 'Simpan', 'Pinjam'],
  },
  { name: 'Unicode tag characters and variation selectors', html: '<p>Ko\u{e0053}\u{e0045}perasi\ufe0f</p>', shown: ['Koperasi'] },
  { name: 'nested unknown tags', html: '<x-a><x-b><x-c hidden>SECRET</x-c><x-d>kata bersarang</x-d></x-b></x-a>', shown: ['kata', 'bersarang'] },
  { name: '<picture><source alt>', html: '<picture><source srcset="a.png" alt="SECRET"><img alt="SECRET"></picture>' },
  { name: '<input value>', html: '<p>isian <input value="SECRET" placeholder="SECRET"> kosong</p>', shown: ['isian', 'kosong'] },
  {
    name: '<base>, <meta>, <link>',
    html: '<base href="https://SECRET.example/"><meta name="description" content="SECRET"><link rel="note" href="SECRET">',
  },
  { name: 'malformed, unclosed tags', html: '<p>awal <b>tebal <i title="SECRET">miring</p><p>akhir', shown: ['awal', 'tebal', 'miring', 'akhir'] },
  { name: 'CDATA', html: '<p>data <![CDATA[SECRET]]> lain</p>', shown: ['data', 'lain'] },
  { name: '<table> without rows', html: '<table summary="SECRET">teks tabel</table>', shown: ['teks', 'tabel'] },
  { name: 'data: URL link', html: '<p>lihat <a href="data:text/html,&lt;p&gt;SECRET">tautan ini</a></p>', shown: ['lihat', 'tautan', 'ini'] },
  { name: '<font color=white>', html: '<font color="white">SECRET</font>' },
  {
    name: 'clipped (visually hidden)',
    html: '<span style="position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0)">SECRET</span>',
  },
  { name: 'closed <dialog>', html: '<dialog><p>SECRET</p></dialog>' },
  {
    name: 'markup as text stays text',
    html: '<p>&lt;span hidden&gt;terlihat&lt;/span&gt; &amp; jelas</p>',
    shown: ['<span', 'hidden>terlihat</span>', '&', 'jelas'],
  },
  {
    name: 'the formatting the editor has',
    html: '<p><strong>meng</strong>undang <u>rapat</u> <em>koordinasi</em> “pukul 09.00” — baris<br>kedua</p><ol><li>satu</li><li>dua<ul><li>tiga</li></ul></li></ol>',
    shown: ['mengundang', 'rapat', 'koordinasi', '“pukul', '09.00”', '—', 'baris', 'kedua', 'satu', 'dua', 'tiga'],
  },
  { name: '<plaintext> to the end', html: '<plaintext><p>SECRET</p>', swallows: true },
  { name: 'an unclosed hidden element to the end', html: '<div style="display:none"><p>SECRET</p>', swallows: true },
];

const secretOf = (i: number) => `RAHASIA${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26))}`;
const start = (i: number) => `MULAI${i}`;
const end = (i: number) => `SELESAI${i}`;

/** The letters: a few tricks each, every one between its two markers; one that swallows the rest comes last. */
function letters(): Array<Array<{ trick: Trick; i: number }>> {
  const numbered = TRICKS.map((trick, i) => ({ trick, i }));
  const plain = numbered.filter((t) => !t.trick.swallows);
  const out: Array<Array<{ trick: Trick; i: number }>> = [];
  for (let k = 0; k < plain.length; k += 8) out.push(plain.slice(k, k + 8));
  numbered.filter((t) => t.trick.swallows).forEach((t, k) => out[k % out.length].push(t));
  return out;
}

const bodyOf = (tricks: Array<{ trick: Trick; i: number }>) =>
  tricks.map(({ trick, i }) => `<p>${start(i)}</p>${trick.html.replaceAll('SECRET', secretOf(i))}<p>${end(i)}</p>`).join('\n');

function ok(res: Response, status = 200): Response {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res;
}

const words = (text: string) => text.split(/\s+/).filter(Boolean);

/** The words of one trick's section: from its start marker to its end marker (or to the end). */
function section(all: string[], i: number): string[] {
  const from = all.indexOf(start(i));
  const to = all.indexOf(end(i));
  return from < 0 ? [] : all.slice(from, to < 0 ? undefined : to + 1);
}

describe('hidden content: what the officials reviewed is exactly what is signed', () => {
  let api: TestApi;
  let org: SeededOrganization;
  let browser: Browser;
  const tokens = new Map<string, string>();
  const as = async (code: string) => {
    if (!tokens.has(code)) tokens.set(code, await api.login(org.officials[code].nip));
    return api.as(tokens.get(code)!);
  };
  /** A Nota Dinas a Sekretariat clerk drafts for the Sekretaris to sign (Batam Pasal 4 ayat (4) huruf cc; no paraf on the way). */
  const draft = async (extra: Record<string, unknown>) =>
    (await as('SEKRE-ADM')).post('/api/v1/documents', {
      kindCode: 'NOTA_DINAS',
      classification: 'biasa',
      urgency: 'biasa',
      archiveCode: '000.8',
      recipients: [{ unitId: org.units.ISP }],
      signerPositionId: org.positions.SEKRETARIS,
      ...extra,
    });

  beforeAll(async () => {
    api = stack.api;
    org = await createTestOrganization('batam-dkum.yaml');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it(`${TRICKS.length} hiding tricks: the reviewer's page and the signed PDF show the same words, and what was hidden in neither`, async () => {
    if (!WEB_DIST_DIR) throw new Error('dist/web is missing: build it first (npx vite build --config apps/web/vite.config.mts)');
    const groups = letters();
    const clerk = await as('SEKRE-ADM');
    const sekretaris = await as('SEKRETARIS');
    const docs = await Promise.all(
      groups.map(async (tricks, n) => {
        const created = ok(await draft({ subject: `Uji Konten Tersembunyi ${n + 1}`, body: bodyOf(tricks) }), 201).body;
        ok(await clerk.post(`/api/v1/documents/${created.id}/submit`));
        return {
          id: created.id as string,
          subject: created.subject as string,
          body: created.currentVersion.body as string,
          hash: created.currentVersion.contentHash as string,
          tricks,
        };
      }),
    );

    // The Sekretaris reviews each letter in the browser before signing it.
    browser = await launchChromium();
    const origin = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`;
    const page = await signIn(await browser.newContext({ locale: 'id-ID', timezoneId: 'Asia/Jakarta' }), origin, org.officials.SEKRETARIS.nip);
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const reviewed: Array<{ text: string; html: string; pageText: string; pageHtml: string }> = [];
    for (const doc of docs) {
      await page.goto(`${origin}/naskah/${doc.id}`);
      await page.getByRole('heading', { level: 1, name: doc.subject }).waitFor({ timeout: 15_000 });
      await page.getByRole('button', { name: 'Tandatangani', exact: true }).waitFor({ timeout: 15_000 });
      const body = page.locator('.letter .body .ProseMirror');
      await page.getByText(start(doc.tricks[0].i), { exact: true }).waitFor({ timeout: 15_000 });
      reviewed.push({
        text: await body.innerText(),
        html: await body.innerHTML(),
        pageText: await page.locator('body').innerText(),
        pageHtml: await page.content(),
      });
    }
    expect(pageErrors).toEqual([]);

    for (const doc of docs)
      ok(await sekretaris.post(`/api/v1/documents/${doc.id}/actions/sign`, { passphrase: TEST_TTE_PASSPHRASE, versionHash: doc.hash }));
    const signed = await Promise.all(
      docs.map(async (doc) => {
        const view = await expectEventually(
          async () => {
            const v = ok(await sekretaris.get(`/api/v1/documents/${doc.id}`)).body;
            expect(v.letter).toMatchObject({ pdfReady: true });
            return v;
          },
          60_000,
          200,
        );
        const pdf = ok(await asBinary(sekretaris.get(`/api/v1/documents/${doc.id}/pdf`))).body as Buffer;
        const path = join(dir, `${doc.id}.pdf`);
        writeFileSync(path, pdf);
        return {
          text: spawnSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).stdout,
          signatureBlock: view.signatureBlock as string[],
        };
      }),
    );

    docs.forEach((doc, n) => {
      const { text, html, pageText, pageHtml } = reviewed[n];
      // The preview is the stored canonical form itself, through the editor's schema: nothing dropped, nothing added.
      expect(html.replace(/<br class="ProseMirror-trailingBreak">/g, '')).toBe(doc.body);
      const pdf = signed[n].text;
      const pageWords = words(text);
      // The body in the PDF: from its first marker to the signature block that follows it. List
      // numbers are left out: the browser draws them with CSS (not in innerText), the PDF prints them.
      const all = words(pdf).filter((w) => !/^\d+\.$/.test(w));
      const from = all.indexOf(start(doc.tricks[0].i));
      const signature = words(signed[n].signatureBlock[0]);
      let to = from;
      while (to < all.length && signature.some((w, k) => all[to + k] !== w)) to++;
      const pdfWords = all.slice(from, to);
      for (const { trick, i } of doc.tricks) {
        const secret = secretOf(i);
        expect({ trick: trick.name, pdf: section(pdfWords, i) }).toEqual({ trick: trick.name, pdf: section(pageWords, i) });
        expect({ trick: trick.name, page: section(pageWords, i) }).toEqual({
          trick: trick.name,
          page: [start(i), ...(trick.shown ?? []), ...(trick.swallows ? [] : [end(i)])],
        });
        for (const [where, content] of Object.entries({ pdf, page: pageText, pageHtml, stored: doc.body })) {
          expect({ trick: trick.name, where, leaked: content.includes(secret) }).toEqual({ trick: trick.name, where, leaked: false });
        }
      }
      for (const [where, content] of Object.entries({ pdf, page: pageText, stored: doc.body })) {
        expect({ where, invisible: INVISIBLE.exec(content)?.[0] ?? null }).toEqual({ where, invisible: null });
      }
      // And the body as a whole, word for word.
      expect(pageWords[0]).toBe(start(doc.tricks[0].i));
      expect(pdfWords).toEqual(pageWords);
    });
  }, 300_000);

  it('POST /documents answers the canonical version, and its contentHash is the hash of the canonical fields', async () => {
    const raw = {
      subject: '  Laporan\u200b  Kegiatan\u00a0Koperasi \u202e',
      body: '<div>Dengan <b>hormat</b>,<template>RAHASIA</template></div>\n<ol start="3"><li>satu<li style="color:red">dua</ol>Demikian&nbsp;&nbsp;disampaikan.',
      recipients: [{ unitId: org.units.ISP }, { name: ' Kepala\u200b Dinas  Perdagangan ', address: 'Jl.\u00a0Engku\tPutri\u2066' }],
      tembusan: [{ name: 'Inspektorat\u2060 Kota', address: '\u200b ' }],
    };
    const created = ok(await draft(raw), 201).body;
    const canonical = {
      subject: 'Laporan Kegiatan Koperasi',
      body: '<p>Dengan <strong>hormat</strong>,</p><ol><li><p>satu</p></li><li><p>dua</p></li></ol><p>Demikian disampaikan.</p>',
    };
    expect(created.currentVersion).toMatchObject(canonical);
    expect(created.subject).toBe(canonical.subject);
    expect(created.recipients[1]).toEqual({ type: 'external', name: 'Kepala Dinas Perdagangan', address: 'Jl. Engku Putri' });
    expect(created.tembusan).toEqual([{ type: 'external', name: 'Inspektorat Kota' }]);
    const version = ok(await (await as('SEKRE-ADM')).get(`/api/v1/documents/${created.id}/versions/1`)).body;
    expect(version).toMatchObject({ ...canonical, contentHash: created.currentVersion.contentHash });
    expect(contentHash({ ...version.fields, subject: version.subject, body: version.body })).toBe(version.contentHash);
    expect(version.fields).toMatchObject({ recipients: created.recipients, tembusan: created.tembusan });

    // The same content written another way is the same content: the same hash, as a new version.
    const rewritten = ok(
      await (
        await as('SEKRE-ADM')
      ).put(`/api/v1/documents/${created.id}`, {
        baseVersionNo: 1,
        classification: 'biasa',
        urgency: 'biasa',
        archiveCode: '000.8',
        signerPositionId: org.positions.SEKRETARIS,
        subject: canonical.subject,
        body: canonical.body,
        recipients: [{ unitId: org.units.ISP }, { name: 'Kepala Dinas Perdagangan', address: 'Jl. Engku Putri' }],
        tembusan: [{ name: 'Inspektorat Kota' }],
      }),
    ).body;
    expect(rewritten.currentVersion).toMatchObject({ versionNo: 2, ...canonical, contentHash: created.currentVersion.contentHash });
  });

  it.each([
    ['a body with nothing visible left', { body: '<p><img alt="isi"></p><template>isi</template><!-- isi --><p>\u200b&nbsp;</p>' }, 'body', 'kosong'],
    ['a subject padded with zero-width characters to pass the minimum', { subject: 'a\u200b\u200b\u200bb' }, 'subject', 'paling sedikit 3'],
    ['an addressee name of invisible characters', { recipients: [{ name: '\u200b\u200c\u2060' }] }, 'recipients[0].name', 'nama penerima'],
    ['a body with a character the letter cannot print', { body: '<p>R\u0430pat</p>' }, 'body', 'U+0430'],
    ['an address the letter cannot print', { recipients: [{ name: 'Wali Kota', address: 'Jl. → Putri' }] }, 'recipients[0].address', 'U+2192'],
  ])('refuses %s with a 400 naming the field', async (_why, extra, field, reason) => {
    const res = await draft({ subject: 'Uji Penolakan', body: '<p>Isi</p>', ...extra });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'INVALID_INPUT', field, message: expect.stringContaining(reason) });
  });
});

async function signIn(context: BrowserContext, origin: string, nip: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${origin}/masuk`);
  await page.getByLabel('NIP').fill(nip);
  await page.getByLabel('Kata sandi').fill('naskah123');
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.getByTestId('official-name').waitFor({ timeout: 15_000 });
  return page;
}
