import { AbstractLogger, DataSource, LogLevel, LogMessage } from 'typeorm';
import { applyCommand, beginSignature, chainSnapshot, ChainEvent, ChainState, earlierActorsOf, newChain } from '@naskah/domain';
import {
  appendAudit,
  AuditEventEntity,
  auditHash,
  createDataSource,
  DocumentEntity,
  findAuditChainBreak,
  GENESIS_HASH,
  InboxItemEntity,
  lockDocumentForAudit,
  NotificationEntity,
  projectChainEvent,
  RouteStepEntity,
} from '@naskah/persistence';
import { loadConfig } from '@naskah/config';
import { expectStatus } from '../support/api';
import { actor, draftThroughApi, workflowInput } from '../support/document-workflow';
import { createTestOrganization, testDataSource } from '../support/fixtures';
import { useApiAndWorker } from '../support/stack';

/**
 * The projection of one chain event against the real database (issue 17): how many SQL statements
 * it runs, counted by the data source's logger (the transaction's own START/COMMIT aside). The
 * test plays the workflow's part: the domain's state machine, and the input the workflow hands
 * the projection activity (the state without earlier rounds, the rounds closed since).
 */
const stack = useApiAndWorker('naskah-projection');

class StatementCounter extends AbstractLogger {
  statements: string[] = [];
  protected writeLog(_level: LogLevel, _message: LogMessage | LogMessage[]): void {}
  override logQuery(query: string): void {
    if (!/^(START TRANSACTION|COMMIT|ROLLBACK|SET TRANSACTION)/i.test(query.trim())) this.statements.push(query);
  }
}

let counted: DataSource;
const counter = new StatementCounter();
beforeAll(async () => {
  counted = createDataSource({ url: loadConfig(process.env).DATABASE_URL, poolSize: 2 });
  await counted.initialize();
  Object.defineProperty(counted, 'logger', { value: counter });
});
afterAll(() => counted.destroy());

/** Like the workflow: the rounds closed since the previous input travel once. */
function projector(state: ChainState) {
  let sent = 0;
  return async (event: ChainEvent) => {
    const closedRounds = state.earlierRounds.slice(sent).map((steps, i) => ({ round: sent + i + 1, steps }));
    sent += closedRounds.length;
    counter.statements = [];
    const result = await projectChainEvent(counted, chainSnapshot(state), event, {
      closedRounds,
      earlierActors: earlierActorsOf(state.earlierRounds),
    });
    return { result, statements: [...counter.statements] };
  };
}

describe('the projection of a chain event (issue 17)', () => {
  it('runs at most 6 statements for the document, audit, route and inbox, and at most 4 for the notices; a repeat changes nothing', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const draft = await draftThroughApi(stack.api, org);
    const ds = await testDataSource();
    const state = newChain((await workflowInput(draft.id)).chain);
    const project = projector(state);
    const drafter = state.drafterOfficialId;
    const notices = (stmts: string[]) =>
      stmts.filter((q) => /`notification|notification_preference|FROM `org_position`|FROM `delegation`|FROM `assignment`/.test(q));

    const counts: Record<string, { total: number; notices: number }> = {};
    const run = async (name: string, event: ChainEvent) => {
      const { result, statements } = await project(event);
      expect(result).toBe('applied');
      counts[name] = { total: statements.length, notices: notices(statements).length };
      return statements;
    };

    await run(
      'submitted',
      applyCommand(state, { type: 'submit', byOfficialId: drafter, versionNo: draft.versionNo, versionHash: draft.versionHash }, Date.now()),
    );
    const paraf = applyCommand(state, { type: 'paraf', actor: actor(org, 'KASUBBAG-UMPEG'), versionHash: draft.versionHash }, Date.now());
    await run('paraf', paraf);
    await run(
      'returned',
      applyCommand(
        state,
        { type: 'return', actor: actor(org, 'SEKRETARIS'), versionHash: draft.versionHash, note: 'Dasar hukum belum dicantumkan.' },
        Date.now(),
      ),
    );

    // A retried activity: the (document_id, wf_seq) key stops it after the lock and the audit insert, and it changes nothing.
    const before = await ds.getRepository(NotificationEntity).countBy({ documentId: draft.id });
    const again = await project(paraf);
    expect(again.result).toBe('duplicate');
    expect(again.statements).toHaveLength(2);
    expect(await ds.getRepository(NotificationEntity).countBy({ documentId: draft.id })).toBe(before);

    // The drafter revises (a new version through the API) and resubmits: round 2 runs to the signature.
    const clerk = stack.api.as(await stack.api.login(org.officials['UMPEG-ARSIP'].nip));
    const v2 = expectStatus(
      await clerk.put(`/api/v1/documents/${draft.id}`, {
        baseVersionNo: 1,
        subject: 'Undangan Rapat Koordinasi',
        body: '<p>Berdasarkan Peraturan Wali Kota Batam Nomor 14 Tahun 2023, kami mengundang Bapak/Ibu.</p>',
        classification: 'biasa',
        urgency: 'biasa',
        recipients: [{ name: 'Kepala Dinas Perindustrian dan Perdagangan' }],
      }),
      200,
    ).body.currentVersion as { versionNo: number; contentHash: string };
    await run(
      'resubmitted',
      applyCommand(state, { type: 'resubmit', byOfficialId: drafter, versionNo: v2.versionNo, versionHash: v2.contentHash }, Date.now()),
    );
    await run(
      'paraf (round 2)',
      applyCommand(state, { type: 'paraf', actor: actor(org, 'KASUBBAG-UMPEG'), versionHash: v2.contentHash }, Date.now()),
    );
    await run(
      'paraf (round 2, 2nd)',
      applyCommand(state, { type: 'paraf', actor: actor(org, 'SEKRETARIS'), versionHash: v2.contentHash }, Date.now()),
    );
    // A personal signature: the claim (no event), then the sign under it.
    beginSignature(state, { actor: actor(org, 'KADIS'), versionHash: v2.contentHash, attemptId: 'attempt-1' }, Date.now());
    await run(
      'signed',
      applyCommand(state, { type: 'sign', actor: actor(org, 'KADIS'), versionHash: v2.contentHash, attemptId: 'attempt-1' }, Date.now()),
    );

    console.log(
      `projection statements per event (total / of which notices):\n${Object.entries(counts)
        .map(([k, v]) => `  ${k.padEnd(22)} ${v.total} / ${v.notices}`)
        .join('\n')}`,
    );
    for (const name of ['paraf', 'returned', 'paraf (round 2)', 'signed']) {
      expect(counts[name].total - counts[name].notices).toBeLessThanOrEqual(6);
      // The outbox: the people and their channels in one read, the notices and their deliveries in one INSERT each.
      expect(counts[name].notices).toBeLessThanOrEqual(4);
    }

    // What was written is what the old projection wrote: both rounds' steps, the audit chain intact.
    const doc = await ds.getRepository(DocumentEntity).findOneByOrFail({ id: draft.id });
    expect(doc).toMatchObject({ status: 'signed', round: 2, auditSeq: expect.any(Number) });
    const rows = await ds.getRepository(AuditEventEntity).find({ where: { documentId: draft.id }, order: { seq: 'ASC' } });
    expect(findAuditChainBreak(draft.id, rows, doc.auditSeq)).toBeNull();
    expect(rows.filter((r) => r.wfSeq !== null).map((r) => r.type)).toEqual([
      'submitted',
      'paraf',
      'returned',
      'resubmitted',
      'paraf',
      'paraf',
      'signed',
    ]);
    const steps = await ds.getRepository(RouteStepEntity).find({ where: { documentId: draft.id }, order: { round: 'ASC', stepOrder: 'ASC' } });
    expect(steps.map((s) => `${s.round}:${s.stepOrder}:${s.state}`)).toEqual([
      '1:1:done',
      '1:2:returned',
      '1:3:waiting',
      '2:1:done',
      '2:2:done',
      '2:3:done',
    ]);
  });

  it('projects an input recorded before issue 17 (the whole state, every earlier round and the events) as before', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const draft = await draftThroughApi(stack.api, org);
    const ds = await testDataSource();
    const state = newChain((await workflowInput(draft.id)).chain);
    const events: ChainEvent[] = [];
    // What an activity scheduled by the earlier workflow code carries: the full state with its event list.
    const legacy = (event: ChainEvent) => {
      events.push(event);
      return projectChainEvent(counted, JSON.parse(JSON.stringify({ ...state, events })), event);
    };
    const drafter = state.drafterOfficialId;
    expect(
      await legacy(
        applyCommand(state, { type: 'submit', byOfficialId: drafter, versionNo: draft.versionNo, versionHash: draft.versionHash }, Date.now()),
      ),
    ).toBe('applied');
    expect(
      await legacy(applyCommand(state, { type: 'paraf', actor: actor(org, 'KASUBBAG-UMPEG'), versionHash: draft.versionHash }, Date.now())),
    ).toBe('applied');
    const returned = applyCommand(
      state,
      { type: 'return', actor: actor(org, 'SEKRETARIS'), versionHash: draft.versionHash, note: 'Dasar hukum belum dicantumkan.' },
      Date.now(),
    );
    expect(await legacy(returned)).toBe('applied');
    expect(await legacy(returned)).toBe('duplicate');

    const steps = await ds.getRepository(RouteStepEntity).find({ where: { documentId: draft.id }, order: { round: 'ASC', stepOrder: 'ASC' } });
    expect(steps.map((s) => `${s.round}:${s.stepOrder}:${s.state}`)).toEqual(['1:1:done', '1:2:returned', '1:3:waiting']);
    const inbox = await ds.getRepository(InboxItemEntity).find({ where: { documentId: draft.id } });
    expect(inbox.map((r) => `${r.ownerId}:${r.box}`).sort()).toEqual(
      [`${drafter}:returned`, `${org.officials['KASUBBAG-UMPEG'].id}:in_progress`, `${org.officials['SEKRETARIS'].id}:in_progress`].sort(),
    );
    const rows = await ds.getRepository(AuditEventEntity).find({ where: { documentId: draft.id }, order: { seq: 'ASC' } });
    expect(findAuditChainBreak(draft.id, rows, (await ds.getRepository(DocumentEntity).findOneByOrFail({ id: draft.id })).auditSeq)).toBeNull();
  });

  it('links to the chain as it is, whoever appended last: a writer that moves audit_seq only (an older process during an upgrade) leaves the chain intact', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const draft = await draftThroughApi(stack.api, org);
    const ds = await testDataSource();
    // What an API or worker of the previous release does: the audit row and audit_seq, nothing else on the document row.
    await ds.transaction(async (m) => {
      const doc = await m.findOneOrFail(DocumentEntity, { where: { id: draft.id }, lock: { mode: 'pessimistic_write' } });
      const prev = doc.auditSeq ? await m.findOne(AuditEventEntity, { where: { documentId: doc.id, seq: doc.auditSeq } }) : null;
      const prevHash = prev?.hash ?? GENESIS_HASH;
      const row = {
        documentId: doc.id,
        seq: doc.auditSeq + 1,
        wfSeq: null,
        type: 'signature_failed',
        actorOfficialId: null,
        actorPositionId: null,
        capacity: null,
        principalOfficialId: null,
        data: { provider: 'local-ca' },
        createdAt: new Date(Math.floor(Date.now())),
      };
      await m.insert(AuditEventEntity, Object.assign(new AuditEventEntity(), row, { prevHash, hash: auditHash(prevHash, row) }));
      await m.update(DocumentEntity, { id: doc.id }, { auditSeq: row.seq });
    });
    const state = newChain((await workflowInput(draft.id)).chain);
    const submitted = applyCommand(
      state,
      { type: 'submit', byOfficialId: state.drafterOfficialId, versionNo: draft.versionNo, versionHash: draft.versionHash },
      Date.now(),
    );
    expect(await projectChainEvent(ds, chainSnapshot(state), submitted)).toBe('applied');
    const rows = await ds.getRepository(AuditEventEntity).find({ where: { documentId: draft.id }, order: { seq: 'ASC' } });
    const doc = await ds.getRepository(DocumentEntity).findOneByOrFail({ id: draft.id });
    expect(rows.map((r) => r.type)).toEqual(['created', 'signature_failed', 'submitted']);
    expect(findAuditChainBreak(draft.id, rows, doc.auditSeq)).toBeNull();
  });

  it('reads the head with the lock once the lock is granted: a writer that waited behind another one links to the event that one committed', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const draft = await draftThroughApi(stack.api, org);
    const ds = await testDataSource();
    const first = ds.createQueryRunner();
    await first.connect();
    await first.startTransaction('READ COMMITTED');
    try {
      const held = (await lockDocumentForAudit(first.manager, draft.id))!;
      const committedEvent = await appendAudit(first.manager, held, { type: 'signature_failed', data: { reason: 'first' }, at: new Date() });
      // The second writer (a signature, the worker's delivery) waits for the row the first holds.
      let headSeen: string | null | undefined;
      const second = ds.transaction('READ COMMITTED', async (m) => {
        const doc = (await lockDocumentForAudit(m, draft.id))!;
        headSeen = doc.auditHash;
        await appendAudit(m, doc, { type: 'signature_failed', data: { reason: 'second' }, at: new Date() });
      });
      await new Promise((r) => setTimeout(r, 300));
      expect(headSeen).toBeUndefined();
      await first.commitTransaction();
      await second;
      // Read in the locking statement itself, after the wait: the first writer's event, not the head before it.
      expect(headSeen).toBe(committedEvent.hash);
    } finally {
      if (first.isTransactionActive) await first.rollbackTransaction();
      await first.release();
    }
    const rows = await ds.getRepository(AuditEventEntity).find({ where: { documentId: draft.id }, order: { seq: 'ASC' } });
    const doc = await ds.getRepository(DocumentEntity).findOneByOrFail({ id: draft.id });
    expect(rows.map((r) => [r.type, r.data.reason ?? null])).toEqual([
      ['created', null],
      ['signature_failed', 'first'],
      ['signature_failed', 'second'],
    ]);
    expect(findAuditChainBreak(draft.id, rows, doc.auditSeq)).toBeNull();
    expect(await ds.transaction((m) => lockDocumentForAudit(m, '00000000-0000-4000-8000-000000000000'))).toBeNull();
  });
});
