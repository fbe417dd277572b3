import { randomBytes } from 'node:crypto';
import { Client, WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { AppConfig } from '@naskah/config';
import { DOCUMENT_WORKFLOW_TYPE, DocumentWorkflowInput, documentWorkflowId, submitUpdate } from '@naskah/contracts';
import { ActingAs, Capacity, OrgIndex, planRoute } from '@naskah/domain';
import { chainInputOf, DocumentEntity, DocumentKindEntity, OrganizationEntity, OrgChartReader, SigningAuthorityEntity } from '@naskah/persistence';
import { SeededOrganization } from '@naskah/seed';
import { createTemporalClient } from '@naskah/temporal';
import { expectStatus, TestApi } from './api';
import { testDataSource } from './fixtures';

/**
 * The workflow tier: a draft made through the API (the one door), then its workflow started and
 * driven straight through Temporal, with the API's payload codec, on the test's own task queue.
 */
export interface DraftRef {
  id: string;
  versionNo: number;
  versionHash: string;
}

export async function draftThroughApi(api: TestApi, org: SeededOrganization, drafter = 'UMPEG-ARSIP'): Promise<DraftRef> {
  const token = await api.login(org.officials[drafter].nip);
  const res = expectStatus(
    await api.as(token).post('/api/v1/documents', {
      kindCode: 'SURAT_DINAS',
      subject: `Undangan Rapat Koordinasi ${randomBytes(3).toString('hex')}`,
      body: '<p>Dengan hormat, kami mengundang Bapak/Ibu untuk menghadiri rapat koordinasi.</p>',
      classification: 'biasa',
      urgency: 'biasa',
      recipients: [{ name: 'Kepala Dinas Perindustrian dan Perdagangan' }],
    }),
    201,
  );
  return { id: res.body.id, versionNo: res.body.currentVersion.versionNo, versionHash: res.body.currentVersion.contentHash };
}

/** The input the API gives a submitted document: its route planned by the domain's rule over the organisation's chart. */
export async function workflowInput(documentId: string): Promise<DocumentWorkflowInput> {
  const ds = await testDataSource();
  const doc = await ds.getRepository(DocumentEntity).findOneByOrFail({ id: documentId });
  const [{ chart }, org, kind, authority] = await Promise.all([
    new OrgChartReader(ds).chart(doc.organizationId),
    ds.getRepository(OrganizationEntity).findOneByOrFail({ id: doc.organizationId }),
    ds.getRepository(DocumentKindEntity).findOneByOrFail({ id: doc.documentKindId }),
    ds.getRepository(SigningAuthorityEntity).findBy({ organizationId: doc.organizationId, documentKindId: doc.documentKindId }),
  ]);
  const plan = planRoute({
    org: new OrgIndex(chart),
    regulation: org.regulationCitation,
    drafterPositionId: doc.drafterPositionId,
    kind: { code: kind.code, name: kind.name },
    allowedSignerIds: authority.map((a) => a.positionId),
    requestedSignerId: doc.requestedSignerPositionId ?? undefined,
  });
  return {
    chain: chainInputOf(doc, kind, plan, org),
    // Reminders far away: these tests are about the chain, not the timers.
    reminders: { reminder: { unit: 'working-days', amount: 30 }, escalation: { unit: 'working-days', amount: 30 } },
  };
}

/** A client as the API makes it (the payload codec with the configured keys). */
export function apiClient(cfg: AppConfig): { client: Client; close(): Promise<void> } {
  const { client, close } = createTemporalClient({
    address: cfg.TEMPORAL_ADDRESS,
    namespace: cfg.TEMPORAL_NAMESPACE,
    payloadKeys: cfg.TEMPORAL_PAYLOAD_KEYS,
  });
  return { client, close: () => close() };
}

/** Starts the document's workflow on `queue` and submits it, as the API's submit does. */
export async function startSubmitted(client: Client, queue: string, org: SeededOrganization, draft: DraftRef): Promise<WorkflowHandle> {
  const input = await workflowInput(draft.id);
  const handle = await client.workflow.start(DOCUMENT_WORKFLOW_TYPE, {
    workflowId: documentWorkflowId(org.id, draft.id),
    taskQueue: queue,
    args: [input],
  });
  await handle.executeUpdate(submitUpdate, {
    args: [{ byOfficialId: input.chain.drafterOfficialId, versionNo: draft.versionNo, versionHash: draft.versionHash }],
    updateId: `submit-${draft.id}`,
  });
  return handle;
}

/** The holder of a position acting on its step. */
export const actor = (org: SeededOrganization, code: string, capacity: Capacity = 'own'): ActingAs => ({
  officialId: org.officials[code].id,
  positionId: org.officials[code].positionId,
  capacity,
  principalOfficialId: null,
  consideration: null,
});

export const { EventType } = temporal.api.enums.v1;

/** The workflow's history as the server keeps it. */
export async function historyOf(handle: WorkflowHandle): Promise<temporal.api.history.v1.IHistoryEvent[]> {
  return (await handle.fetchHistory()).events ?? [];
}

/** The names of the updates the workflow accepted, in order. */
export const acceptedUpdates = (events: temporal.api.history.v1.IHistoryEvent[]): string[] =>
  events
    .filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
    .map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name ?? '');
