import { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { documentWorkflowId } from '@naskah/contracts';
import { expectStatus, signing } from '../support/api';
import { apiClient, draftThroughApi } from '../support/document-workflow';
import { createTestOrganization } from '../support/fixtures';
import { useApiAndWorker } from '../support/stack';

/**
 * Issue 17: what one action adds to the workflow's history (its update's answer, the projection's
 * input) does not grow with the actions before it. A chain through the API with four return and
 * resubmit rounds, the history's encoded size read after each action: the same action adds the
 * same bytes in the fourth round as in the first (a count of bytes, not a timing).
 */
const stack = useApiAndWorker('naskah-wf-history-size');
let temporalClient: { client: Client; close(): Promise<void> };
beforeAll(() => {
  temporalClient = apiClient(stack.api.cfg);
});
afterAll(() => temporalClient.close());

const ROUNDS = 4;

describe('history per action (issue 17)', () => {
  it('adds the same bytes for the same action whatever the number of earlier actions', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const draft = await draftThroughApi(stack.api, org);
    const tokens = new Map<string, string>();
    const as = async (code: string) => {
      if (!tokens.has(code)) tokens.set(code, await stack.api.login(org.officials[code].nip));
      return stack.api.as(tokens.get(code)!);
    };
    const handle = temporalClient.client.workflow.getHandle(documentWorkflowId(org.id, draft.id));
    // The encoded size of every event so far (the history as the server stores and replays it).
    const size = async () =>
      ((await handle.fetchHistory()).events ?? []).reduce((sum, e) => sum + temporal.api.history.v1.HistoryEvent.encode(e).finish().length, 0);

    const added: Array<{ round: number; action: string; bytes: number }> = [];
    let last = 0;
    let round = 1;
    const step = async (action: string, send: () => Promise<unknown>) => {
      await send();
      const now = await size();
      added.push({ round, action, bytes: now - last });
      last = now;
    };
    const act =
      (who: string, path: string, body: object = {}) =>
      async () =>
        expectStatus(await (await as(who)).post(`/api/v1/documents/${draft.id}/${path}`, body), 200);

    let hash = draft.versionHash;
    let versionNo = draft.versionNo;
    await step('submit', act('UMPEG-ARSIP', 'submit'));
    for (; round <= ROUNDS; round++) {
      await step('paraf', act('KASUBBAG-UMPEG', 'actions/paraf', { versionHash: hash }));
      await step('return', act('SEKRETARIS', 'actions/return', { versionHash: hash, note: `Perbaiki dasar hukum (putaran ${round}).` }));
      const revised = expectStatus(
        await (
          await as('UMPEG-ARSIP')
        ).put(`/api/v1/documents/${draft.id}`, {
          baseVersionNo: versionNo,
          subject: 'Undangan Rapat Koordinasi',
          body: `<p>Berdasarkan Peraturan Wali Kota Batam Nomor 14 Tahun 2023 (perbaikan ${round}), kami mengundang Bapak/Ibu.</p>`,
          classification: 'biasa',
          urgency: 'biasa',
          recipients: [{ name: 'Kepala Dinas Perindustrian dan Perdagangan' }],
        }),
        200,
      ).body.currentVersion as { versionNo: number; contentHash: string };
      hash = revised.contentHash;
      versionNo = revised.versionNo;
      await step('resubmit', act('UMPEG-ARSIP', 'actions/resubmit'));
    }
    await step('paraf', act('KASUBBAG-UMPEG', 'actions/paraf', { versionHash: hash }));
    await step('paraf 2', act('SEKRETARIS', 'actions/paraf', { versionHash: hash }));
    await step('sign', act('KADIS', 'actions/sign', { versionHash: hash, ...signing('sign') }));

    console.log(`history bytes added per action:\n${added.map((a) => `  round ${a.round} ${a.action.padEnd(9)} ${a.bytes}`).join('\n')}`);
    const of = (r: number, action: string) => added.find((a) => a.round === r && a.action === action)!.bytes;
    for (const action of ['paraf', 'return', 'resubmit']) {
      // A few bytes either way (longer notes, numbers of more digits); the growing event list added over a kilobyte a round.
      const first = of(1, action);
      expect(Math.abs(of(ROUNDS, action) - first)).toBeLessThanOrEqual(128);
      expect(Math.abs(of(ROUNDS + 1, 'paraf') - of(1, 'paraf'))).toBeLessThanOrEqual(128);
    }
  });
});
