import { randomBytes } from 'node:crypto';
import type { Response } from 'supertest';
import { Client, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { documentWorkflowId, setHolidaysUpdate, stateQuery, UNAUTHENTICATED_PAYLOAD_FAILURE } from '@naskah/contracts';
import { addWorkingDays, wibDay } from '@naskah/domain';
import { OrganizationAuditEventEntity, OrganizationHolidayEntity, verifyOrganizationAuditChain } from '@naskah/persistence';
import { SeededOrganization } from '@naskah/seed';
import { expectEventually, expectStatus } from '../support/api';
import { apiClient, draftThroughApi, EventType, historyOf } from '../support/document-workflow';
import { createTestOrganization, testDataSource } from '../support/fixtures';
import { recordWorkflowHistory } from '../support/history';
import { useApiAndWorker } from '../support/stack';

/**
 * Holidays (libur nasional, cuti bersama): the administrator keeps the organisation's list, and
 * working-day reminders skip its days, in chains submitted after an edit and in chains already running.
 */

const ADMIN = 'UMPEG-ARSIP';
const CLERK = 'UMPEG-SDM';
const DAY = 86_400_000;

const stack = useApiAndWorker('naskah-holidays', { STEP_DEADLINE_UNIT: 'working-days', STEP_REMINDER_AFTER: '1' });

const tokens = new Map<string, string>();
async function as(org: SeededOrganization, code: string) {
  const key = `${org.id}/${code}`;
  if (!tokens.has(key)) tokens.set(key, await stack.api.login(org.officials[code].nip, undefined, { tte: false }));
  return stack.api.as(tokens.get(key)!);
}
const holidaysOf = (org: SeededOrganization | string) => `/api/v1/organizations/${typeof org === 'string' ? org : org.id}/holidays`;

function expectRefused(res: Response, status: number, code: string): void {
  expectStatus(res, status);
  expect(res.body).toMatchObject({ statusCode: status, code, message: expect.any(String) });
}

const trail = async (organizationId: string) =>
  (await testDataSource()).getRepository(OrganizationAuditEventEntity).find({ where: { organizationId }, order: { seq: 'ASC' } });

describe('the organisation’s holidays: kept by its administrators', () => {
  let batam: SeededOrganization;
  let cilegon: SeededOrganization;
  beforeAll(async () => {
    [batam, cilegon] = await Promise.all([createTestOrganization('batam-dkum.yaml'), createTestOrganization('cilegon-dkukm.yaml')]);
  }, 60_000);

  it('the administrator adds, changes, lists and removes holidays; every change is on the organisation’s trail', async () => {
    const admin = await as(batam, ADMIN);
    expect(expectStatus(await admin.get(holidaysOf(batam)), 200).body).toEqual([]);
    const natal = { name: 'Hari Raya Natal', kind: 'libur_nasional' };
    expect(expectStatus(await admin.put(`${holidaysOf(batam)}/2026-12-25`, natal), 200).body).toEqual({ day: '2026-12-25', ...natal });
    expectStatus(await admin.put(`${holidaysOf(batam)}/2026-12-24`, { name: 'Cuti Bersama Hari Raya Natal', kind: 'cuti_bersama' }), 200);
    expectStatus(await admin.put(`${holidaysOf(batam)}/2027-01-01`, { name: 'Tahun Baru 2027 Masehi', kind: 'libur_nasional' }), 200);
    // The same again changes and records nothing; a new name is a change.
    expectStatus(await admin.put(`${holidaysOf(batam)}/2026-12-25`, natal), 200);
    expectStatus(await admin.put(`${holidaysOf(batam)}/2026-12-25`, { name: '  Hari Raya Natal 2026 ', kind: 'libur_nasional' }), 200);

    // Any official of the organisation reads it, by year or all.
    const clerk = await as(batam, CLERK);
    expect(expectStatus(await clerk.get(`${holidaysOf(batam)}?year=2026`), 200).body).toEqual([
      { day: '2026-12-24', name: 'Cuti Bersama Hari Raya Natal', kind: 'cuti_bersama' },
      { day: '2026-12-25', name: 'Hari Raya Natal 2026', kind: 'libur_nasional' },
    ]);
    expect(expectStatus(await clerk.get(holidaysOf(batam)), 200).body.map((h: { day: string }) => h.day)).toEqual([
      '2026-12-24',
      '2026-12-25',
      '2027-01-01',
    ]);

    expectStatus(await admin.delete(`${holidaysOf(batam)}/2027-01-01`), 204);
    expectRefused(await admin.delete(`${holidaysOf(batam)}/2027-01-01`), 404, 'NOT_FOUND');
    expect(expectStatus(await clerk.get(`${holidaysOf(batam)}?year=2027`), 200).body).toEqual([]);

    const rows = await trail(batam.id);
    expect(rows.map((r) => [r.action, r.subject, r.before, r.after, r.actorOfficialId])).toEqual([
      ['holiday_set', '2026-12-25', null, { day: '2026-12-25', ...natal }, batam.officials[ADMIN].id],
      [
        'holiday_set',
        '2026-12-24',
        null,
        { day: '2026-12-24', name: 'Cuti Bersama Hari Raya Natal', kind: 'cuti_bersama' },
        batam.officials[ADMIN].id,
      ],
      ['holiday_set', '2027-01-01', null, { day: '2027-01-01', name: 'Tahun Baru 2027 Masehi', kind: 'libur_nasional' }, batam.officials[ADMIN].id],
      [
        'holiday_set',
        '2026-12-25',
        { day: '2026-12-25', ...natal },
        { day: '2026-12-25', name: 'Hari Raya Natal 2026', kind: 'libur_nasional' },
        batam.officials[ADMIN].id,
      ],
      [
        'holiday_removed',
        '2027-01-01',
        { day: '2027-01-01', name: 'Tahun Baru 2027 Masehi', kind: 'libur_nasional' },
        null,
        batam.officials[ADMIN].id,
      ],
    ]);
    expect(await verifyOrganizationAuditChain((await testDataSource()).manager, batam.id)).toBeNull();
  });

  it('who may not: no token (401), a non-administrator (403), another organisation’s administrator (403); an unknown organisation is 404', async () => {
    const day = `${holidaysOf(batam)}/2026-08-17`;
    const body = { name: 'Hari Kemerdekaan', kind: 'libur_nasional' };
    expectRefused(await stack.api.http.get(holidaysOf(batam)), 401, 'UNAUTHENTICATED');
    expectRefused(await stack.api.http.put(day).send(body), 401, 'UNAUTHENTICATED');
    expectRefused(await stack.api.http.delete(day), 401, 'UNAUTHENTICATED');
    const clerk = await as(batam, CLERK);
    expectRefused(await clerk.put(day, body), 403, 'FORBIDDEN');
    expectRefused(await clerk.delete(day), 403, 'FORBIDDEN');
    const otherAdmin = await as(cilegon, ADMIN);
    expectRefused(await otherAdmin.put(day, body), 403, 'FORBIDDEN');
    expectRefused(await otherAdmin.delete(day), 403, 'FORBIDDEN');
    expectRefused(await otherAdmin.get(holidaysOf(batam)), 403, 'FORBIDDEN');
    const unknown = holidaysOf('00000000-0000-4000-8000-000000000000');
    expectRefused(await otherAdmin.get(unknown), 404, 'NOT_FOUND');
    expectRefused(await otherAdmin.put(`${unknown}/2026-08-17`, body), 404, 'NOT_FOUND');
    expectRefused(await otherAdmin.delete(`${unknown}/2026-08-17`), 404, 'NOT_FOUND');
    expect(await (await testDataSource()).getRepository(OrganizationHolidayEntity).findBy({ organizationId: batam.id, day: '2026-08-17' })).toEqual(
      [],
    );
  });

  it('a malformed day, year, name or kind is a 400 naming the field, never a 5xx', async () => {
    const admin = await as(cilegon, ADMIN);
    const ok = { name: 'Hari Kemerdekaan', kind: 'libur_nasional' };
    for (const day of ['2026-02-30', '2026-13-01', '17-08-2026', '2026-8-17', '20260817', 'besok', '2026-08-17T00:00:00Z', "' OR 1=1 --"]) {
      const put = await admin.put(`${holidaysOf(cilegon)}/${encodeURIComponent(day)}`, ok);
      expectRefused(put, 400, 'INVALID_INPUT');
      expect(put.body.errors).toEqual([{ field: 'day', reasons: expect.any(Array) }]);
      expectRefused(await admin.delete(`${holidaysOf(cilegon)}/${encodeURIComponent(day)}`), 400, 'INVALID_INPUT');
    }
    const bodies: Array<[object, string]> = [
      [{ kind: 'libur_nasional' }, 'name'],
      [{ name: '', kind: 'libur_nasional' }, 'name'],
      [{ name: '   ', kind: 'libur_nasional' }, 'name'],
      [{ name: 5, kind: 'libur_nasional' }, 'name'],
      [{ name: 'x'.repeat(201), kind: 'libur_nasional' }, 'name'],
      [{ name: 'Hari Kemerdekaan' }, 'kind'],
      [{ name: 'Hari Kemerdekaan', kind: 'libur' }, 'kind'],
      [{ ...ok, day: '2026-08-18' }, 'day'],
    ];
    for (const [body, field] of bodies) {
      const res = await admin.put(`${holidaysOf(cilegon)}/2026-08-17`, body);
      expectRefused(res, 400, 'INVALID_INPUT');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    for (const year of ['abc', '1999', '2101', '2026.5']) expectRefused(await admin.get(`${holidaysOf(cilegon)}?year=${year}`), 400, 'INVALID_INPUT');
    expectRefused(await admin.get(`${holidaysOf('not-a-uuid')}`), 400, 'INVALID_INPUT');
    expect(await trail(cilegon.id)).toEqual([]);
  });
});

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** When each reminder timer started in the history would fire. */
const timerFireTimes = (events: HistoryEvent[]): number[] =>
  events
    .filter((e) => e.eventType === EventType.EVENT_TYPE_TIMER_STARTED)
    .map((e) => tsToMs(e.eventTime) + tsToMs(e.timerStartedEventAttributes!.startToFireTimeout));

describe('working-day reminders skip the holidays', () => {
  // The first working day after today (WIB): tomorrow, unless tomorrow is a weekend day.
  const nextWorkingDay = () => wibDay(addWorkingDays(Date.now(), 1));

  async function submit(org: SeededOrganization): Promise<{ workflowId: string; startedAt: number }> {
    const draft = await draftThroughApi(stack.api, org);
    expectStatus(await (await as(org, ADMIN)).post(`/api/v1/documents/${draft.id}/submit`), 200);
    const workflowId = documentWorkflowId(org.id, draft.id);
    const { client, close } = apiClient(stack.api.cfg);
    try {
      const state = await client.workflow.getHandle(workflowId).query(stateQuery);
      return { workflowId, startedAt: state.steps[state.currentStep!].startedAt! };
    } finally {
      await close();
    }
  }

  async function timersOf(workflowId: string, count: number): Promise<{ fires: number[]; events: HistoryEvent[] }> {
    const { client, close } = apiClient(stack.api.cfg);
    try {
      return await expectEventually(async () => {
        const events = await historyOf(client.workflow.getHandle(workflowId));
        const fires = timerFireTimes(events);
        expect(fires.length).toBe(count);
        return { fires, events };
      });
    } finally {
      await close();
    }
  }

  it('a reminder due on a holiday fires on the working day after it', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const holiday = nextWorkingDay();
    expectStatus(await (await as(org, ADMIN)).put(`${holidaysOf(org)}/${holiday}`, { name: 'Cuti Bersama', kind: 'cuti_bersama' }), 200);

    const { workflowId, startedAt } = await submit(org);
    const { fires } = await timersOf(workflowId, 1);
    const withoutHoliday = addWorkingDays(startedAt, 1);
    const expected = addWorkingDays(startedAt, 1, new Set([holiday]));
    expect(wibDay(withoutHoliday)).toBe(holiday);
    expect(expected - withoutHoliday).toBeGreaterThanOrEqual(DAY);
    // The workflow counts from its task's clock, a moment after the step started.
    expect(Math.abs(fires[0] - expected)).toBeLessThan(10_000);
    expect(wibDay(fires[0])).toBe(wibDay(expected));
  }, 60_000);

  it('a holiday added after submission moves the running chain’s reminder (setHolidays)', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const { workflowId, startedAt } = await submit(org);
    const first = await timersOf(workflowId, 1);
    const holiday = wibDay(addWorkingDays(startedAt, 1));
    expect(Math.abs(first.fires[0] - addWorkingDays(startedAt, 1))).toBeLessThan(10_000);

    expectStatus(await (await as(org, ADMIN)).put(`${holidaysOf(org)}/${holiday}`, { name: 'Libur Nasional', kind: 'libur_nasional' }), 200);
    const { fires, events } = await timersOf(workflowId, 2);
    const expected = addWorkingDays(startedAt, 1, new Set([holiday]));
    expect(Math.abs(fires[1] - expected)).toBeLessThan(10_000);
    expect(fires[1] - fires[0]).toBeGreaterThanOrEqual(DAY - 10_000);
    expect(events.some((e) => e.eventType === EventType.EVENT_TYPE_TIMER_CANCELED)).toBe(true);
    expect(
      events
        .filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
        .map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name),
    ).toEqual(['submit', 'setHolidays']);

    // Removing it again moves the reminder back.
    expectStatus(await (await as(org, ADMIN)).delete(`${holidaysOf(org)}/${holiday}`), 204);
    const back = await timersOf(workflowId, 3);
    expect(Math.abs(back.fires[2] - addWorkingDays(startedAt, 1))).toBeLessThan(10_000);

    // Nobody but the API sets a chain's holidays (STYLE §13): a plain client's update is refused and changes nothing.
    const connection = await Connection.connect({ address: stack.api.cfg.TEMPORAL_ADDRESS });
    try {
      const plain = new Client({ connection, namespace: stack.api.cfg.TEMPORAL_NAMESPACE });
      const refused = await plain.workflow
        .getHandle(workflowId)
        .executeUpdate(setHolidaysUpdate, { args: [{ holidays: [] }], updateId: `forged-${randomBytes(4).toString('hex')}` })
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((refused as WorkflowUpdateFailedError).cause).toMatchObject({ type: UNAUTHENTICATED_PAYLOAD_FAILURE });
    } finally {
      await connection.close();
    }
    expect((await timersOf(workflowId, 3)).fires).toEqual(back.fires);
    await recordWorkflowHistory(stack.api.cfg, workflowId, 'set-holidays');
  }, 60_000);
});
