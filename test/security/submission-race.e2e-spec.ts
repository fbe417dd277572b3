import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { InboxItemEntity } from '@naskah/persistence';
import { SeededOrganization } from '@naskah/seed';
import { asBinary, expectEventually, TestApi, TEST_TTE_PASSPHRASE } from '../support/api';
import { createTestOrganization, testDataSource } from '../support/fixtures';
import { useApiAndWorker } from '../support/stack';

/**
 * Attack: an edit or a withdrawal racing the submission. Every outcome must be one of
 * the legal serial orders, and the signed letter must be made from the version the signature
 * binds, never from what an edit wrote afterwards (DESIGN §6).
 */
let api: TestApi;
const stack = useApiAndWorker('naskah-race');
beforeAll(() => {
  api = stack.api;
});

const TRIALS = 50;
const BATCH = 10;
const dir = mkdtempSync(join(tmpdir(), 'naskah-race-'));

function expectStatus(res: Response, ...statuses: number[]): Response {
  if (!statuses.includes(res.status)) throw new Error(`expected ${statuses.join(' or ')}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res;
}

const content = (subject: string) => ({
  subject,
  body: `<p>Isi naskah ${subject}.</p>`,
  classification: 'biasa',
  urgency: 'biasa',
  recipients: [{ name: 'Kepala Dinas Perindustrian dan Perdagangan' }],
});

async function inBatches<T>(n: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let start = 0; start < n; start += BATCH) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(BATCH, n - start) }, (_, k) => fn(start + k)))));
  }
  return out;
}

function pdfText(pdf: Buffer, name: string): string {
  const path = join(dir, `${name}.pdf`);
  writeFileSync(path, pdf);
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
}

describe('edits and withdrawals racing the submission are serialised', () => {
  let org: SeededOrganization;
  let kadis: ReturnType<TestApi['as']>;
  beforeAll(async () => {
    org = await createTestOrganization('batam-dkum.yaml');
    // A letter the Kepala Dinas drafts himself needs no paraf: submit, then sign.
    kadis = api.as(await api.login(org.officials.KADIS.nip));
  });

  it(`PUT racing submit (${TRIALS} trials): the submission binds the version that won, and the signed PDF prints exactly that version`, async () => {
    const outcomes = await inBatches(TRIALS, async (i) => {
      const first = `Versi pertama uji ${i}`;
      const second = `Versi kedua uji ${i}`;
      const created = expectStatus(await kadis.post('/api/v1/documents', { kindCode: 'SURAT_DINAS', ...content(first) }), 201).body;
      const [put, submit] = await Promise.all([
        kadis.put(`/api/v1/documents/${created.id}`, { ...content(second), baseVersionNo: 1 }),
        kadis.post(`/api/v1/documents/${created.id}/submit`),
      ]);
      expectStatus(put, 200, 409);
      expectStatus(submit, 200);
      const bound = submit.body.versionHash as string;
      // Legal orders: the edit first (v2 is submitted), or the submission first (the edit is refused).
      if (put.status === 200) expect(bound).toBe(put.body.currentVersion.contentHash);
      else expect(bound).toBe(created.currentVersion.contentHash);
      const after = expectStatus(await kadis.put(`/api/v1/documents/${created.id}`, { ...content('Perubahan terlambat'), baseVersionNo: 2 }), 409);
      expect(after.body.message).toMatch(/hanya dapat diubah/);

      expectStatus(await kadis.post(`/api/v1/documents/${created.id}/actions/sign`, { passphrase: TEST_TTE_PASSPHRASE, versionHash: bound }), 200);
      await expectEventually(
        async () => expect(expectStatus(await kadis.get(`/api/v1/documents/${created.id}`), 200).body.letter).toMatchObject({ pdfReady: true }),
        30_000,
      );
      const pdf = expectStatus(await asBinary(kadis.get(`/api/v1/documents/${created.id}/pdf`)), 200).body as Buffer;
      const text = pdfText(pdf, created.id);
      const [printed, other] = put.status === 200 ? [second, first] : [first, second];
      expect(text).toContain(printed);
      expect(text).not.toContain(other);
      return put.status === 200 ? 'edit first' : 'submit first';
    });
    // Both orders are legal; the assertion above holds in each trial whichever won.
    expect(outcomes).toHaveLength(TRIALS);
  }, 600_000);

  it(`withdraw racing submit (${TRIALS} trials): a withdrawn draft never reaches a reviewer`, async () => {
    const ds = await testDataSource();
    const outcomes = await inBatches(TRIALS, async (i) => {
      const clerk = api.as(await api.login(org.officials['UMPEG-ARSIP'].nip));
      const created = expectStatus(await clerk.post('/api/v1/documents', { kindCode: 'SURAT_DINAS', ...content(`Tarik uji ${i}`) }), 201).body;
      const [withdraw, submit] = await Promise.all([
        clerk.post(`/api/v1/documents/${created.id}/actions/withdraw`, {}),
        clerk.post(`/api/v1/documents/${created.id}/submit`),
      ]);
      expectStatus(withdraw, 200, 409);
      expectStatus(submit, 200, 409);
      const view = expectStatus(await clerk.get(`/api/v1/documents/${created.id}`), 200).body;
      const actionRows = await ds.getRepository(InboxItemEntity).countBy({ documentId: created.id, box: 'action' });
      if (withdraw.status === 200) {
        // Withdrawn first (the submission is refused), or submitted and then withdrawn through the chain.
        expect(view.status).toBe('withdrawn');
        expect(actionRows).toBe(0);
        return submit.status === 200 ? 'submit, then withdraw' : 'withdraw first';
      }
      // The withdrawal was refused: the submission won and the letter is with its first reviewer.
      expect(submit.status).toBe(200);
      expect(view.status).toBe('in_review');
      expect(actionRows).toBe(1);
      return 'submit first';
    });
    expect(outcomes).toHaveLength(TRIALS);
  }, 600_000);
});
