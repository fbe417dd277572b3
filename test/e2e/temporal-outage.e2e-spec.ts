import { randomBytes } from 'node:crypto';
import type { Response } from 'supertest';
import { SignatureAttemptEntity, SignedLetterEntity } from '@naskah/persistence';
import { expectEventually, expectStatus, startApi, TestApi, TEST_TTE_PASSPHRASE } from '../support/api';
import { batamLetterAtSigner } from '../support/chain';
import { closeTestDataSource, createTestOrganization, testDataSource } from '../support/fixtures';
import { startTcpProxy, TcpProxy } from '../support/tcp-proxy';
import { startTestWorker } from '../support/worker';

/**
 * Temporal unreachable for a few seconds (its frontend restarting) between the API's commit of a
 * signed letter and its update of the chain. The API's client gives a call up after about 2 s of
 * retries (libs/temporal/src/temporal-client.ts), so the calls made after the commit repeat
 * themselves until ACTION_TIMEOUT_SECONDS (callWorkflowPatiently): the signer gets the signed chain,
 * not a 503 saying the letter is signed but its chain is not. The API reaches Temporal through a
 * TCP relay the test cuts; the worker reaches it directly.
 */
describe('Temporal unreachable for a moment right after a signature is committed', () => {
  const queue = `naskah-outage-${randomBytes(4).toString('hex')}`;
  let proxy: TcpProxy;
  let api: TestApi;
  let stopWorker: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    proxy = await startTcpProxy(process.env.TEMPORAL_ADDRESS!);
    api = await startApi({ TEMPORAL_TASK_QUEUE: queue, TEMPORAL_ADDRESS: proxy.address, ACTION_TIMEOUT_SECONDS: '30' });
    stopWorker = (await startTestWorker({ ...api.cfg, TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS! })).stop;
  }, 120_000);

  afterAll(async () => {
    try {
      await proxy.restore();
      await api.close();
    } finally {
      await stopWorker?.();
      await proxy.stop();
      await closeTestDataSource();
    }
  });

  it('the signer waits it out: 200 with the chain signed, the letter numbered once, the attempt signed', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const tokens = new Map<string, string>();
    const as = async (code: string) => {
      if (!tokens.has(code)) tokens.set(code, await api.login(org.officials[code].nip));
      return api.as(tokens.get(code)!);
    };
    const { id, versionHash } = await batamLetterAtSigner(as, org.units.ISP, 'Undangan Rapat di Tengah Gangguan');
    const kadis = await as('KADIS');
    const ds = await testDataSource();

    // The Kepala Dinas's signing guard is held, so his signature waits inside its transaction: after the
    // workflow accepted the claim (through the relay), before the letter is committed.
    await ds.query('INSERT IGNORE INTO signing_guard (official_id, failures, locked_until) VALUES (?, 0, NULL)', [org.officials.KADIS.id]);
    const holder = ds.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    let answered = false;
    let signing: Promise<Response> | undefined;
    try {
      await holder.query('SELECT * FROM signing_guard WHERE official_id = ? FOR UPDATE', [org.officials.KADIS.id]);
      signing = Promise.resolve(kadis.post(`/api/v1/documents/${id}/actions/sign`, { versionHash, passphrase: TEST_TTE_PASSPHRASE })).finally(() => {
        answered = true;
      });
      // The claim is made and its answer reached the API through the relay: the API went on to the letter's
      // number counter (created now: this office's first letter), and then waits for the guard.
      await expectEventually(async () => {
        const [{ n }] = await ds.query('SELECT COUNT(*) AS n FROM number_counter WHERE organization_id = ?', [org.id]);
        expect(Number(n)).toBe(1);
      });
      // Temporal goes away; the signature then commits and its chain update finds no Temporal.
      await proxy.cut();
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    await expectEventually(async () => expect(await ds.getRepository(SignedLetterEntity).findOneBy({ documentId: id })).not.toBeNull());
    // Longer than the client's own retries (about 2 s): a single call would have answered 503 by now.
    await new Promise((r) => setTimeout(r, 4_000));
    expect(answered).toBe(false);
    await proxy.restore();

    const res = expectStatus(await signing!, 200);
    expect(res.body.status).toBe('signed');
    expect((await ds.getRepository(SignatureAttemptEntity).findBy({ documentId: id })).map((a) => a.state)).toEqual(['signed']);
    const view = await expectEventually(async () => {
      const v = expectStatus(await kadis.get(`/api/v1/documents/${id}`), 200).body;
      expect(v.letter).toMatchObject({ pdfReady: true, delivered: true });
      return v;
    });
    expect(view.letter.number).toMatch(/\/0001\/DKUM\//);
    expect(view.status).toBe('signed');
  }, 120_000);
});
