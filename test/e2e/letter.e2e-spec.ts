import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { documentWorkflowId } from '@naskah/contracts';
import { SeededOrganization } from '@naskah/seed';
import { asBinary, expectEventually, expectStatus, officialAgents, TestApi, TEST_TTE_PASSPHRASE } from '../support/api';
import { createTestOrganization, testDataSource } from '../support/fixtures';
import { recordWorkflowHistory } from '../support/history';
import { signThroughBatamChain } from '../support/chain';
import { useApiAndWorker } from '../support/stack';

let api: TestApi;
const dir = mkdtempSync(join(tmpdir(), 'naskah-letters-'));

const stack = useApiAndWorker('naskah-letter');
beforeAll(() => {
  api = stack.api;
});

const as = officialAgents(() => api);
const binary = (res: Response) => res.body as Buffer;
const pdfGet = async (org: SeededOrganization, who: string, id: string) => asBinary((await as(org, who)).get(`/api/v1/documents/${id}/pdf`));

function pdfsig(file: Buffer, name: string): string {
  const path = join(dir, name);
  writeFileSync(path, file);
  return spawnSync('pdfsig', [path], { encoding: 'utf8' }).stdout;
}

/** A Surat Dinas through the whole Batam chain, signed by the Kepala Dinas. */
async function signedLetter(org: SeededOrganization, extra: Record<string, unknown> = {}) {
  const created = expectStatus(
    await (
      await as(org, 'UMPEG-ARSIP')
    ).post('/api/v1/documents', {
      kindCode: 'SURAT_DINAS',
      subject: 'Undangan Rapat Evaluasi Koperasi Simpan Pinjam',
      body: '<p>Dengan hormat, kami mengundang Bapak/Ibu menghadiri rapat evaluasi.</p><p>Demikian, atas perhatiannya diucapkan terima kasih.</p>',
      classification: 'biasa',
      urgency: 'segera',
      archiveCode: '000.8.3.3',
      recipients: [{ unitId: org.units.ISP }, { name: 'Kepala Dinas Perindustrian dan Perdagangan Kota Batam', address: 'Batam Centre' }],
      tembusan: [{ unitId: org.units.PP }],
      ...extra,
    }),
    201,
  );
  const id = created.body.id as string;
  const view = await signThroughBatamChain((code) => as(org, code), id, created.body.currentVersion.contentHash as string);
  return { id, view };
}

describe('the signed letter (DESIGN §6)', () => {
  it('gets a number, a PDF that pdfsig accepts, a verification page from the QR, and reaches recipients and tembusan', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const { id, view } = await signedLetter(org);
    const year = new Date().getFullYear();
    expect(view.letter.number).toBe(`000.8.3.3/0001/DKUM/${year}`);
    expect(view.history.map((h: { type: string }) => h.type).slice(-5)).toEqual(['numbered', 'signature_made', 'archived', 'signed', 'delivered']);

    const pdf = binary(expectStatus(await pdfGet(org, 'UMPEG-ARSIP', id), 200));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const report = pdfsig(pdf, 'letter.pdf');
    expect(report).toContain('Signature Type: ETSI.CAdES.detached');
    expect(report).toContain('Signature Validation: Signature is Valid.');
    expect(report).toContain('Total document signed');

    // The QR code carries the verification URL (also printed beside it); the page it opens says authentic.
    const text = spawnSync('pdftotext', [join(dir, 'letter.pdf'), '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
    expect(text).toContain(view.letter.number);
    expect(text).toContain('KEPALA DINAS KOPERASI DAN USAHA MIKRO,');
    const url = /https?:\/\/\S+\/api\/v1\/verify\/([A-Z2-9]{16})/.exec(text)!;
    expect(url[1]).toBe(view.letter.verificationCode);
    const page = expectStatus(await api.http.get(new URL(url[0]).pathname).set('Accept', 'text/html'), 200);
    expect(page.text).toContain('Naskah asli');
    expect(page.text).toContain(view.letter.number);
    const json = expectStatus(await api.http.get(`/api/v1/verify/${view.letter.verificationCode}`), 200).body;
    expect(json).toMatchObject({ authentic: true, intact: true, number: view.letter.number, capacity: 'sendiri', kind: 'Surat Dinas' });

    // The uploaded file matches exactly; a changed byte does not, and pdfsig sees the break.
    const match = expectStatus(await api.http.post('/api/v1/verify').attach('file', pdf, 'surat.pdf'), 200).body;
    expect(match).toMatchObject({ match: true, letter: { number: view.letter.number } });
    const tampered = Buffer.from(pdf);
    const at = tampered.indexOf('Undangan Rapat Evaluasi');
    tampered[at] = tampered[at] ^ 0x01;
    expect(expectStatus(await api.http.post('/api/v1/verify').attach('file', tampered, 'surat.pdf'), 200).body).toMatchObject({
      match: false,
      letter: null,
    });
    expect(pdfsig(tampered, 'tampered.pdf')).toContain('Signature Validation: Digest Mismatch.');
    const raw = expectStatus(await api.http.post('/api/v1/verify').set('Content-Type', 'application/pdf').send(pdf), 200).body;
    expect(raw.match).toBe(true);
    expectStatus(await api.http.post('/api/v1/verify').attach('file', Buffer.from('bukan pdf'), 'x.pdf'), 400);
    expectStatus(await api.http.get('/api/v1/verify/AAAAAAAAAAAAAAAA'), 404);

    // Delivered to the recipient unit and the tembusan unit: their officials see it in "incoming".
    for (const who of ['KABID-ISP', 'ISP-ADM', 'KASUBBAG-PP']) {
      const items = expectStatus(await (await as(org, who)).get('/api/v1/inbox?box=incoming'), 200).body.items;
      expect(items.find((i: { documentId: string }) => i.documentId === id)).toMatchObject({
        number: view.letter.number,
        subject: 'Undangan Rapat Evaluasi Koperasi Simpan Pinjam',
      });
    }
    // The drafter finds the finished letter by its number.
    const byNumber = expectStatus(
      await (
        await as(org, 'UMPEG-ARSIP')
      ).get(`/api/v1/inbox?box=finished&q=${encodeURIComponent(view.letter.number.split('/').slice(1, 3).join('/'))}`),
      200,
    ).body.items;
    expect(byNumber.map((i: { documentId: string; number: string }) => [i.documentId, i.number])).toEqual([[id, view.letter.number]]);
    expectStatus(await pdfGet(org, 'ISP-ADM', id), 200);
    expectStatus(await pdfGet(org, 'PPK-PENYULUH', id), 403);

    // A signed document never changes.
    const put = await (
      await as(org, 'UMPEG-ARSIP')
    ).put(`/api/v1/documents/${id}`, {
      baseVersionNo: 1,
      subject: 'Ubah',
      body: 'x',
      classification: 'biasa',
      urgency: 'biasa',
      recipients: [{ name: 'X Y' }],
    });
    expectStatus(put, 409);
    await recordWorkflowHistory(api.cfg, documentWorkflowId(org.id, id), 'signed-letter');
  });

  it('classification limits who may read: a Rahasia letter opens for the recipient unit head only, and verification hides its subject', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const { id, view } = await signedLetter(org, { classification: 'rahasia' });
    expectStatus(await pdfGet(org, 'KABID-ISP', id), 200);
    expectStatus(await pdfGet(org, 'ISP-ADM', id), 403);
    expectStatus(await pdfGet(org, 'UMPEG-ARSIP', id), 200);
    expectStatus(await pdfGet(org, 'UMPEG-SDM', id), 403);
    const v = expectStatus(await api.http.get(`/api/v1/verify/${view.letter.verificationCode}`), 200).body;
    expect(v.subject).toBe('(dirahasiakan)');
  });

  it('Cilegon Pasal 28 ayat (9): a Laporan proposes the units that work with the drafter as tembusan', async () => {
    const org = await createTestOrganization('cilegon-dkukm.yaml');
    const proposal = expectStatus(await (await as(org, 'PEPK-KEUANGAN')).get('/api/v1/documents/tembusan-proposal?kindCode=LAPORAN'), 200).body;
    expect(proposal.map((p: { unitId: string }) => p.unitId).sort()).toEqual([org.units.UMPEG, org.units.KOP, org.units.UMKM].sort());
    expect(proposal[0].pasal).toBe('Perwako Cilegon 18/2022 Pasal 28 ayat (9)');
    expect(expectStatus(await (await as(org, 'PEPK-KEUANGAN')).get('/api/v1/documents/tembusan-proposal?kindCode=NOTA_DINAS'), 200).body).toEqual([]);
  });
});

describe('numbers under concurrency', () => {
  it('200 documents signed concurrently in one organisation get the numbers 1..200 exactly once each', async () => {
    // Nota Dinas of the Sekretariat that the Sekretaris signs (Batam Pasal 4 ayat (4) huruf cc): one step each.
    const org = await createTestOrganization('batam-dkum.yaml');
    const clerk = await as(org, 'SEKRE-ADM');
    const sekretaris = await as(org, 'SEKRETARIS');
    const docs: Array<{ id: string; versionHash: string }> = [];
    const pool = async (n: number, c: number, job: (i: number) => Promise<void>) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: c }, async () => {
          while (next < n) await job(next++);
        }),
      );
    };
    await pool(200, 10, async (i) => {
      const d = expectStatus(
        await clerk.post('/api/v1/documents', {
          kindCode: 'NOTA_DINAS',
          subject: `Nota ${i}`,
          body: '<p>Isi</p>',
          classification: 'biasa',
          urgency: 'biasa',
          archiveCode: '000.8',
          recipients: [{ unitId: org.units.ISP }],
          signerPositionId: org.positions.SEKRETARIS,
        }),
        201,
      );
      expectStatus(await clerk.post(`/api/v1/documents/${d.body.id}/submit`), 200);
      docs.push({ id: d.body.id, versionHash: d.body.currentVersion.contentHash });
    });
    // All 200 signatures at once. Under this load some answers take longer than the action timeout
    // (503); the client then repeats with the same Idempotency-Key, as the API documents.
    const sign = async (d: { id: string; versionHash: string }) => {
      for (let attempt = 0; ; attempt++) {
        const r = await sekretaris
          .post(`/api/v1/documents/${d.id}/actions/sign`, { passphrase: TEST_TTE_PASSPHRASE, versionHash: d.versionHash })
          .set('Idempotency-Key', `sign-${d.id}`);
        if (r.status !== 503 || attempt === 5) return r.status;
      }
    };
    const statuses = await Promise.all(docs.map(sign));
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const ds = await testDataSource();
    const rows: Array<{ running_no: number; number: string }> = await expectEventually(
      async () => {
        const r = await ds.query('SELECT running_no, number FROM signed_letter WHERE organization_id = ? ORDER BY running_no', [org.id]);
        expect(r).toHaveLength(200);
        return r;
      },
      180_000,
      500,
    );
    expect(rows.map((r) => Number(r.running_no))).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.number)).size).toBe(200);
    expect(rows[0].number).toBe(`000.8/0001/DKUM/${new Date().getFullYear()}`);
  }, 300_000);
});
