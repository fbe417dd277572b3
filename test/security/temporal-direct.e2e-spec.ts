import { randomBytes } from 'node:crypto';
import { Client, Connection, WorkflowFailedError, WorkflowUpdateFailedError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import {
  ActCommand,
  DOCUMENT_WORKFLOW_TYPE,
  DocumentWorkflowInput,
  documentWorkflowId,
  parafUpdate,
  stateQuery,
  UNAUTHENTICATED_PAYLOAD_FAILURE,
} from '@naskah/contracts';
import { SeededOrganization } from '@naskah/seed';
import { decodeHistoryPayloads, ENCRYPTED_ENCODING } from '@naskah/temporal';
import { TestApi } from '../support/api';
import { createTestOrganization } from '../support/fixtures';
import { useApiAndWorker } from '../support/stack';

/**
 * Attack: anyone who reaches Temporal (a plain client, the Temporal UI) tries to act on a
 * document, or to read it, without the API. Payloads are encrypted and authenticated (STYLE §13).
 */
const stack = useApiAndWorker('naskah-sec');
let api: TestApi;
let connection: Connection;
/** What an attacker has: the server's address, no key. */
let plain: Client;

beforeAll(async () => {
  api = stack.api;
  connection = await Connection.connect({ address: api.cfg.TEMPORAL_ADDRESS });
  plain = new Client({ connection, namespace: api.cfg.TEMPORAL_NAMESPACE });
});
afterAll(async () => {
  await connection?.close();
});

const tokens = new Map<string, string>();
async function as(org: SeededOrganization, code: string) {
  const key = `${org.code}/${code}`;
  if (!tokens.has(key)) tokens.set(key, await api.login(org.officials[code].nip));
  return api.as(tokens.get(key)!);
}

async function expectStatus<T extends { status: number; body: unknown }>(res: Promise<T> | T, status: number): Promise<T> {
  const r = await res;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r;
}

async function draft(org: SeededOrganization, extra: Record<string, unknown> = {}): Promise<{ id: string; versionHash: string }> {
  const res = await expectStatus(
    (await as(org, 'UMPEG-ARSIP')).post('/api/v1/documents', {
      kindCode: 'SURAT_DINAS',
      subject: 'Undangan Rapat Koordinasi Koperasi Simpan Pinjam',
      body: '<p>Dengan hormat, kami mengundang Bapak/Ibu untuk menghadiri rapat koordinasi.</p>',
      classification: 'biasa',
      urgency: 'segera',
      archiveCode: '000.8.3.3',
      recipients: [{ name: 'Kepala Dinas Perindustrian dan Perdagangan' }],
      ...extra,
    }),
    201,
  );
  return { id: res.body.id, versionHash: res.body.currentVersion.contentHash };
}

const view = async (org: SeededOrganization, id: string) =>
  (await expectStatus((await as(org, 'UMPEG-ARSIP')).get(`/api/v1/documents/${id}`), 200)).body;

/** Every string and every byte string (as UTF-8) in a proto message: where a leaked text would show. */
function textOf(node: unknown, out: string[] = []): string {
  if (typeof node === 'string') out.push(node);
  else if (node instanceof Uint8Array) out.push(Buffer.from(node).toString('utf8'));
  else if (typeof node === 'object' && node !== null) for (const v of Object.values(node)) textOf(v, out);
  return out.join('\n');
}

const eventTypes = async (workflowId: string) => ((await plain.workflow.getHandle(workflowId).fetchHistory()).events ?? []).map((e) => e.eventType);
const { EventType } = temporal.api.enums.v1;

describe('driving the document workflow directly through Temporal (DESIGN §7: the API is the one door)', () => {
  it("a paraf Update from a plain Temporal client in the Kasubbag's name is refused, changes nothing, and the Kasubbag can still give paraf through the API", async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const doc = await draft(org);
    await expectStatus((await as(org, 'UMPEG-ARSIP')).post(`/api/v1/documents/${doc.id}/submit`), 200);
    const before = await view(org, doc.id);
    expect(before.status).toBe('in_review');

    const holder = org.officials['KASUBBAG-UMPEG'];
    const forged: ActCommand = {
      actor: { officialId: holder.id, positionId: holder.positionId, capacity: 'own', principalOfficialId: null, consideration: null },
      versionHash: doc.versionHash,
    };
    const workflowId = documentWorkflowId(org.id, doc.id);
    const handle = plain.workflow.getHandle(workflowId);
    const refused = await handle.executeUpdate(parafUpdate, { args: [forged], updateId: `forged-${randomBytes(4).toString('hex')}` }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((refused as WorkflowUpdateFailedError).cause).toMatchObject({ type: UNAUTHENTICATED_PAYLOAD_FAILURE });
    // Nor does a stray signal (which the workflow does not handle) wedge it.
    await handle.signal('paraf', forged);

    const after = await view(org, doc.id);
    expect({ status: after.status, route: after.route, history: after.history }).toEqual({
      status: before.status,
      route: before.route,
      history: before.history,
    });
    expect(after.route[0].state).toBe('pending');

    const paraf = await expectStatus(
      (await as(org, 'KASUBBAG-UMPEG')).post(`/api/v1/documents/${doc.id}/actions/paraf`, { versionHash: doc.versionHash }),
      200,
    );
    expect(paraf.body.currentStep).toMatchObject({ order: 2, positionId: org.positions.SEKRETARIS });
    expect(paraf.body.steps[0]).toMatchObject({ state: 'done', actedByOfficialId: holder.id });
    expect((await view(org, doc.id)).history.map((h: { type: string }) => h.type)).toEqual(['created', 'submitted', 'paraf']);
    // The refusal was a rejected update, never a failed workflow task that Temporal would retry.
    expect(await eventTypes(workflowId)).not.toContain(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
  });

  it.each([
    ['a chain the attacker wrote (the Kepala Dinas signs at once)', true],
    ['no input at all', false],
  ])(
    'a workflow started by a plain Temporal client for a draft, with %s, fails at once, acts on nothing, and the draft can still be submitted through the API',
    async (_name, withInput) => {
      const org = await createTestOrganization('batam-dkum.yaml');
      const doc = await draft(org);
      const clerk = org.officials['UMPEG-ARSIP'];
      const input: DocumentWorkflowInput = {
        chain: {
          documentId: doc.id,
          organizationId: org.id,
          drafterOfficialId: clerk.id,
          drafterPositionId: clerk.positionId,
          plan: {
            steps: [{ order: 1, positionId: org.positions.KADIS, action: 'sign', superiorPositionId: null, mayReturn: true, pasal: '-' }],
            signerPositionId: org.positions.KADIS,
          },
          versionNo: 1,
          versionHash: doc.versionHash,
        },
        reminders: { reminder: { unit: 'seconds', amount: 1 }, escalation: { unit: 'seconds', amount: 1 } },
      };
      const workflowId = documentWorkflowId(org.id, doc.id);
      const handle = await plain.workflow.start(DOCUMENT_WORKFLOW_TYPE, { workflowId, taskQueue: stack.queue, args: withInput ? [input] : [] });
      const failure = await handle.result().then(
        () => null,
        (e: unknown) => e,
      );
      expect(failure).toBeInstanceOf(WorkflowFailedError);
      expect((failure as WorkflowFailedError).cause).toMatchObject({ type: UNAUTHENTICATED_PAYLOAD_FAILURE });
      const events = await eventTypes(workflowId);
      expect(events).not.toContain(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
      expect(events).not.toContain(EventType.EVENT_TYPE_MARKER_RECORDED);

      const untouched = await view(org, doc.id);
      expect(untouched.status).toBe('draft');
      expect(untouched.history.map((h: { type: string }) => h.type)).toEqual(['created']);
      const kadisInbox = await expectStatus((await as(org, 'KADIS')).get('/api/v1/inbox?box=action'), 200);
      expect(kadisInbox.body.items.map((i: { documentId: string }) => i.documentId)).not.toContain(doc.id);

      const submitted = await expectStatus((await as(org, 'UMPEG-ARSIP')).post(`/api/v1/documents/${doc.id}/submit`), 200);
      expect(submitted.body).toMatchObject({ status: 'in_review', currentStep: { order: 1, positionId: org.positions['KASUBBAG-UMPEG'] } });
    },
  );

  it("a plain client reading a Rahasia letter's workflow history or state finds no subject, body, return note or consideration; decoded with the key, they are there", async () => {
    const tag = randomBytes(4).toString('hex');
    const SUBJECT = `Rencana Pemeriksaan Khusus Koperasi ${tag}`;
    const BODY = `Temuan awal penyimpangan dana bergulir ${tag}`;
    const NOTE = `Lampiran temuan belum lengkap, mohon dilengkapi ${tag}`;
    const CONSIDERATION = `Kepala Dinas dinas luar; pemeriksaan harus dimulai pekan ini ${tag}`;
    const org = await createTestOrganization('batam-dkum.yaml');
    const doc = await draft(org, { subject: SUBJECT, body: `<p>${BODY}</p>`, classification: 'rahasia' });
    const hash = { versionHash: doc.versionHash };
    await expectStatus((await as(org, 'UMPEG-ARSIP')).post(`/api/v1/documents/${doc.id}/submit`), 200);
    await expectStatus((await as(org, 'KASUBBAG-UMPEG')).post(`/api/v1/documents/${doc.id}/actions/paraf`, hash), 200);
    await expectStatus((await as(org, 'SEKRETARIS')).post(`/api/v1/documents/${doc.id}/actions/paraf`, hash), 200);
    const hour = 3_600_000;
    await expectStatus(
      (await as(org, 'KADIS')).post('/api/v1/delegations', {
        principalPositionId: org.positions.KADIS,
        deputyPositionId: org.positions.SEKRETARIS,
        validFrom: new Date(Date.now() - hour).toISOString(),
        validTo: new Date(Date.now() + 48 * hour).toISOString(),
        reason: 'dinas_luar',
        note: 'Rapat di provinsi',
      }),
      201,
    );
    const returned = await expectStatus(
      (await as(org, 'SEKRETARIS')).post(`/api/v1/documents/${doc.id}/actions/return`, { ...hash, note: NOTE, consideration: CONSIDERATION }),
      200,
    );
    expect(returned.body.status).toBe('returned');

    const workflowId = documentWorkflowId(org.id, doc.id);
    const history = await plain.workflow.getHandle(workflowId).fetchHistory();
    const seen = textOf(history);
    for (const secret of [SUBJECT, BODY, NOTE, CONSIDERATION, tag]) expect(seen).not.toContain(secret);

    await expect(plain.workflow.getHandle(workflowId).query(stateQuery)).rejects.toThrow(ENCRYPTED_ENCODING);
    const answer = await connection.workflowService.queryWorkflow({
      namespace: api.cfg.TEMPORAL_NAMESPACE,
      execution: { workflowId },
      query: { queryType: 'state' },
    });
    expect(answer.queryResult?.payloads).toHaveLength(1);
    expect(textOf(answer)).not.toContain(tag);

    // The same history, decoded with the key: the note and the consideration were there to find.
    const decoded = textOf(await decodeHistoryPayloads(history, api.cfg.TEMPORAL_PAYLOAD_KEYS));
    expect(decoded).toContain(NOTE);
    expect(decoded).toContain(CONSIDERATION);
  });
});
