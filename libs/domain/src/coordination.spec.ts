import { chartFromFile, readOrganizationFile } from '@naskah/org-files';
import { ActingAs, applyCommand, ChainState, newChain, nextReminderAt, applyDueReminder, pendingSteps, validateCommand } from './chain';
import { DomainError } from './errors';
import { inboxRowsFor } from './inbox';
import { OrgIndex } from './org-chart';
import { groupOf, PARAF_KOORDINASI_PASAL, planRoute, RoutePlan } from './routing';

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    return e as DomainError;
  }
  throw new Error('expected a refusal');
}

const batamFile = chartFromFile(readOrganizationFile('batam-dkum.yaml'));
const batam = new OrgIndex(batamFile.chart);
const id = (code: string) => batamFile.positionsByCode.get(code)!.id;
const codeOf = new Map([...batamFile.positionsByCode.values()].map((p) => [p.id, p.code]));
const KEPUTUSAN = { code: 'SURAT_KEPUTUSAN', name: 'Surat Keputusan' };

function plan(drafter: string, coordinators: string[], required: string | null = null): RoutePlan {
  return planRoute({
    org: batam,
    regulation: 'Perwako Batam 14/2023',
    drafterPositionId: id(drafter),
    kind: KEPUTUSAN,
    allowedSignerIds: [id('KADIS')],
    coordinatorPositionIds: coordinators.map(id),
    coordinationRequiredPasal: required,
  });
}
const shape = (p: RoutePlan) => p.steps.map((s) => `${groupOf(s)}:${s.kind}:${s.action}:${codeOf.get(s.positionId)}`);

describe('paraf koordinasi in the route (Tata Naskah Dinas; Batam Pasal 18 and 21, tim kerja across units)', () => {
  it('after the drafting unit head, the other heads initial in parallel (one group), then the hierarchy goes on', () => {
    expect(shape(plan('ISP-ADM', ['KABID-PKSP', 'KABID-PPK']))).toEqual([
      '1:hierarki:paraf:KABID-ISP',
      '2:koordinasi:paraf:KABID-PKSP',
      '2:koordinasi:paraf:KABID-PPK',
      '4:hierarki:sign:KADIS',
    ]);
    expect(plan('ISP-ADM', ['KABID-PKSP']).steps[1].pasal).toBe(PARAF_KOORDINASI_PASAL);
  });

  it('a head drafting himself has coordination first; a Sub Bagian draft has it before the Sekretaris', () => {
    expect(shape(plan('KABID-ISP', ['KABID-PPUM']))).toEqual(['1:koordinasi:paraf:KABID-PPUM', '2:hierarki:sign:KADIS']);
    expect(shape(plan('UMPEG-ARSIP', ['KABID-ISP']))).toEqual([
      '1:hierarki:paraf:KASUBBAG-UMPEG',
      '2:koordinasi:paraf:KABID-ISP',
      '3:hierarki:paraf:SEKRETARIS',
      '4:hierarki:sign:KADIS',
    ]);
  });

  it('without coordinators the plan is the hierarchy alone, each step its own group', () => {
    expect(shape(plan('ISP-ADM', []))).toEqual(['1:hierarki:paraf:KABID-ISP', '2:hierarki:sign:KADIS']);
  });

  it('refuses a coordinator on the line, twice named, not a head who may initial, unknown, or too many', () => {
    expect(refusal(() => plan('ISP-ADM', ['KABID-ISP']))).toMatchObject({ code: 'RULE_VIOLATION', pasal: PARAF_KOORDINASI_PASAL });
    expect(refusal(() => plan('ISP-ADM', ['KABID-PPK', 'KABID-PPK']))).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'coordinatorPositionIds[1]',
    });
    expect(refusal(() => plan('ISP-ADM', ['PPK-ANALIS']))).toMatchObject({ code: 'RULE_VIOLATION', field: 'coordinatorPositionIds[0]' });
    expect(
      refusal(() =>
        planRoute({
          org: batam,
          regulation: 'Perwako Batam 14/2023',
          drafterPositionId: id('ISP-ADM'),
          kind: KEPUTUSAN,
          allowedSignerIds: [id('KADIS')],
          coordinatorPositionIds: ['x'],
        }),
      ),
    ).toMatchObject({ code: 'INVALID_INPUT', field: 'coordinatorPositionIds[0]' });
    const six = ['KABID-PKSP', 'KABID-PPK', 'KABID-PPUM', 'KASUBBAG-UMPEG', 'KASUBBAG-PP', 'KA-UPTD'];
    expect(refusal(() => plan('ISP-ADM', six))).toMatchObject({ code: 'INVALID_INPUT', field: 'coordinatorPositionIds' });
  });

  it('a kind that requires coordination refuses a route without it, citing its source', () => {
    expect(refusal(() => plan('ISP-ADM', [], 'Sumber X Pasal 1 huruf a'))).toMatchObject({
      code: 'RULE_VIOLATION',
      pasal: 'Sumber X Pasal 1 huruf a',
      field: 'coordinatorPositionIds',
    });
  });
});

const as = (code: string): ActingAs => ({ officialId: `${code}-official`, positionId: id(code), capacity: 'own' });

function started(coordinators: string[] = ['KABID-PKSP', 'KABID-PPK']): ChainState {
  const s = newChain({
    documentId: 'd',
    organizationId: 'o',
    drafterOfficialId: 'clerk',
    drafterPositionId: id('ISP-ADM'),
    plan: plan('ISP-ADM', coordinators),
    versionNo: 1,
    versionHash: 'h1',
  });
  applyCommand(s, { type: 'submit', byOfficialId: 'clerk', versionNo: 1, versionHash: 'h1' }, 1000);
  return s;
}
const waiting = (s: ChainState) => pendingSteps(s).map((x) => codeOf.get(x.positionId));

describe('the chain with a paraf koordinasi group', () => {
  it('both coordinators wait at once, in either order; the signer waits until both have initialled', () => {
    const s = started();
    applyCommand(s, { type: 'paraf', actor: as('KABID-ISP'), versionHash: 'h1' }, 2000);
    expect(waiting(s)).toEqual(['KABID-PKSP', 'KABID-PPK']);
    expect(
      inboxRowsFor(s)
        .filter((r) => r.box === 'action')
        .map((r) => codeOf.get(r.ownerId)),
    ).toEqual(['KABID-PKSP', 'KABID-PPK']);
    expect(refusal(() => validateCommand(s, { type: 'sign', actor: as('KADIS'), versionHash: 'h1' }))).toMatchObject({ code: 'CONFLICT' });
    applyCommand(s, { type: 'paraf', actor: as('KABID-PPK'), versionHash: 'h1' }, 3000);
    expect(waiting(s)).toEqual(['KABID-PKSP']);
    expect(refusal(() => validateCommand(s, { type: 'paraf', actor: as('KABID-PPK'), versionHash: 'h1' }))).toMatchObject({ code: 'CONFLICT' });
    applyCommand(s, { type: 'paraf', actor: as('KABID-PKSP'), versionHash: 'h1' }, 4000);
    expect(waiting(s)).toEqual(['KADIS']);
    expect(s.steps[3].startedAt).toBe(4000);
    applyCommand(s, { type: 'sign', actor: as('KADIS'), versionHash: 'h1' }, 5000);
    expect(s.status).toBe('signed');
  });

  it('a coordinator may return it to the drafter with a note: the other coordinator no longer waits', () => {
    const s = started();
    applyCommand(s, { type: 'paraf', actor: as('KABID-ISP'), versionHash: 'h1' }, 2000);
    applyCommand(s, { type: 'return', actor: as('KABID-PKSP'), versionHash: 'h1', note: 'Dasar hukum kurang lengkap' }, 3000);
    expect(s.status).toBe('returned');
    expect(s.steps.map((x) => x.state)).toEqual(['done', 'returned', 'cancelled', 'waiting']);
    expect(pendingSteps(s)).toEqual([]);
  });

  it('each coordinator is reminded on its own deadline', () => {
    const s = started();
    const policy = { reminder: { unit: 'seconds' as const, amount: 10 }, escalation: { unit: 'seconds' as const, amount: 5 } };
    applyCommand(s, { type: 'paraf', actor: as('KABID-ISP'), versionHash: 'h1' }, 2000);
    expect(nextReminderAt(s, policy)).toBe(12_000);
    expect(applyDueReminder(s, policy, 12_000)).toMatchObject({ type: 'reminder', targetPositionId: id('KABID-PKSP') });
    expect(applyDueReminder(s, policy, 12_000)).toMatchObject({ type: 'reminder', targetPositionId: id('KABID-PPK') });
  });
});

describe('return to a chosen earlier official (Cilegon Pasal 13 and 16: koreksi berupa catatan tertulis)', () => {
  it('the signer returns to the drafting unit head: the chain resumes there, the round stays in the history', () => {
    const s = started([]);
    applyCommand(s, { type: 'paraf', actor: as('KABID-ISP'), versionHash: 'h1' }, 2000);
    const e = applyCommand(s, { type: 'return', actor: as('KADIS'), versionHash: 'h1', note: 'Periksa kembali lampiran', toStepOrder: 1 }, 3000);
    expect(e).toMatchObject({ type: 'returned', toStepOrder: 1, stepOrder: 2, note: 'Periksa kembali lampiran' });
    expect(s.status).toBe('in_review');
    expect(s.round).toBe(2);
    expect(s.earlierRounds[0].map((x) => x.state)).toEqual(['done', 'returned']);
    expect(waiting(s)).toEqual(['KABID-ISP']);
    expect(s.steps[0].actedBy).toBeUndefined();
    applyCommand(s, { type: 'paraf', actor: as('KABID-ISP'), versionHash: 'h1' }, 4000);
    applyCommand(s, { type: 'sign', actor: as('KADIS'), versionHash: 'h1' }, 5000);
    expect(s.status).toBe('signed');
  });

  it('paraf before the chosen official carry over (they bind the same version)', () => {
    const s = started();
    applyCommand(s, { type: 'paraf', actor: as('KABID-ISP'), versionHash: 'h1' }, 2000);
    applyCommand(s, { type: 'paraf', actor: as('KABID-PKSP'), versionHash: 'h1' }, 3000);
    applyCommand(s, { type: 'paraf', actor: as('KABID-PPK'), versionHash: 'h1' }, 3500);
    applyCommand(s, { type: 'return', actor: as('KADIS'), versionHash: 'h1', note: 'Mohon dikaji ulang', toStepOrder: 3 }, 4000);
    expect(s.steps.map((x) => x.state)).toEqual(['done', 'done', 'pending', 'waiting']);
    expect(s.steps[0].actedAt).toBe(2000);
  });

  it('refuses a target that is not an earlier official who initialled in this round', () => {
    const s = started([]);
    applyCommand(s, { type: 'paraf', actor: as('KABID-ISP'), versionHash: 'h1' }, 2000);
    for (const toStepOrder of [2, 3, 0]) {
      expect(
        refusal(() => validateCommand(s, { type: 'return', actor: as('KADIS'), versionHash: 'h1', note: 'Catatan cukup', toStepOrder })),
      ).toMatchObject({ code: 'INVALID_INPUT', field: 'toStepOrder' });
    }
    const first = started([]);
    expect(
      refusal(() => validateCommand(first, { type: 'return', actor: as('KABID-ISP'), versionHash: 'h1', note: 'Catatan cukup', toStepOrder: 1 })),
    ).toMatchObject({ field: 'toStepOrder' });
  });
});

describe('a reviewer corrects the draft ("mengoreksi": Batam Pasal 5 ayat (3) huruf t, Pasal 7 ayat (4) huruf z)', () => {
  const correct = (s: ChainState, code: string, versionNo: number, versionHash: string, at: number) =>
    applyCommand(s, { type: 'correct', actor: as(code), fromVersionHash: s.versionHash, versionNo, versionHash }, at);

  it("a coordinator's correction: his paraf binds it, the drafting unit head and the other coordinator initial the corrected text", () => {
    const s = started();
    applyCommand(s, { type: 'paraf', actor: as('KABID-ISP'), versionHash: 'h1' }, 2000);
    applyCommand(s, { type: 'paraf', actor: as('KABID-PKSP'), versionHash: 'h1' }, 3000);
    const e = correct(s, 'KABID-PPK', 2, 'h2', 4000);
    expect(e).toMatchObject({ type: 'corrected', versionNo: 2, versionHash: 'h2', stepOrder: 3, round: 2 });
    expect(s.versionHash).toBe('h2');
    expect(s.earlierRounds[0].map((x) => x.state)).toEqual(['done', 'done', 'cancelled', 'waiting']);
    // the officials before him are no subordinates of his: they initial the corrected version again
    expect(s.steps.map((x) => x.state)).toEqual(['pending', 'waiting', 'done', 'waiting']);
    expect(s.steps[2]).toMatchObject({ corrected: true, versionHash: 'h2', actedBy: as('KABID-PPK') });
    expect(refusal(() => validateCommand(s, { type: 'paraf', actor: as('KABID-PKSP'), versionHash: 'h2' }))).toMatchObject({ code: 'CONFLICT' });
    expect(refusal(() => validateCommand(s, { type: 'paraf', actor: as('KABID-ISP'), versionHash: 'h1' }))).toMatchObject({
      field: 'versionHash',
    });
    applyCommand(s, { type: 'paraf', actor: as('KABID-ISP'), versionHash: 'h2' }, 4500);
    expect(waiting(s)).toEqual(['KABID-PKSP']);
    applyCommand(s, { type: 'paraf', actor: as('KABID-PKSP'), versionHash: 'h2' }, 5000);
    applyCommand(s, { type: 'sign', actor: as('KADIS'), versionHash: 'h2' }, 6000);
    expect(s.status).toBe('signed');
  });

  it('a superior corrects: the paraf below him become history, the chain continues after his own paraf', () => {
    const s = started([]);
    applyCommand(s, { type: 'paraf', actor: as('KABID-ISP'), versionHash: 'h1' }, 2000);
    const plan2 = plan('UMPEG-ARSIP', []);
    const t = newChain({
      documentId: 'd',
      organizationId: 'o',
      drafterOfficialId: 'clerk',
      drafterPositionId: id('UMPEG-ARSIP'),
      plan: plan2,
      versionNo: 1,
      versionHash: 'h1',
    });
    applyCommand(t, { type: 'submit', byOfficialId: 'clerk', versionNo: 1, versionHash: 'h1' }, 1000);
    applyCommand(t, { type: 'paraf', actor: as('KASUBBAG-UMPEG'), versionHash: 'h1' }, 2000);
    correct(t, 'SEKRETARIS', 2, 'h2', 3000);
    expect(t.steps.map((x) => x.state)).toEqual(['superseded', 'done', 'pending']);
    expect(waiting(t)).toEqual(['KADIS']);
  });

  it('a superior after the paraf koordinasi corrects: the coordinators of the other units initial the corrected text again', () => {
    const s = started();
    applyCommand(s, { type: 'paraf', actor: as('KABID-ISP'), versionHash: 'h1' }, 2000);
    applyCommand(s, { type: 'paraf', actor: as('KABID-PKSP'), versionHash: 'h1' }, 3000);
    applyCommand(s, { type: 'paraf', actor: as('KABID-PPK'), versionHash: 'h1' }, 3500);
    correct(s, 'KADIS', 2, 'h2', 4000);
    expect(s.steps.map((x) => x.state)).toEqual(['superseded', 'pending', 'pending', 'waiting']);
    expect(refusal(() => validateCommand(s, { type: 'sign', actor: as('KADIS'), versionHash: 'h2' }))).toMatchObject({ code: 'CONFLICT' });
    applyCommand(s, { type: 'paraf', actor: as('KABID-PKSP'), versionHash: 'h2' }, 5000);
    applyCommand(s, { type: 'paraf', actor: as('KABID-PPK'), versionHash: 'h2' }, 5500);
    expect(waiting(s)).toEqual(['KADIS']);
  });

  it('the signer corrects, then signs the corrected version', () => {
    const s = started([]);
    applyCommand(s, { type: 'paraf', actor: as('KABID-ISP'), versionHash: 'h1' }, 2000);
    correct(s, 'KADIS', 2, 'h2', 3000);
    expect(s.steps.map((x) => x.state)).toEqual(['superseded', 'pending']);
    applyCommand(s, { type: 'sign', actor: as('KADIS'), versionHash: 'h2' }, 4000);
    expect(s.status).toBe('signed');
  });

  it('refuses a correction out of turn, on a stale version, not newer, or without change', () => {
    const s = started([]);
    const cmd = (code: string, over: Partial<{ fromVersionHash: string; versionNo: number; versionHash: string }> = {}) => ({
      type: 'correct' as const,
      actor: as(code),
      fromVersionHash: 'h1',
      versionNo: 2,
      versionHash: 'h2',
      ...over,
    });
    expect(refusal(() => validateCommand(s, cmd('KADIS')))).toMatchObject({ code: 'CONFLICT' });
    expect(refusal(() => validateCommand(s, cmd('KABID-ISP', { fromVersionHash: 'h0' })))).toMatchObject({ field: 'versionHash' });
    expect(refusal(() => validateCommand(s, cmd('KABID-ISP', { versionNo: 1 })))).toMatchObject({ field: 'versionNo' });
    expect(refusal(() => validateCommand(s, cmd('KABID-ISP', { versionHash: 'h1' })))).toMatchObject({ code: 'INVALID_INPUT', field: 'body' });
    const deputy: ActingAs = { ...as('KABID-ISP'), officialId: 'x', capacity: 'an', principalOfficialId: 'KABID-ISP-official' };
    expect(refusal(() => validateCommand(s, { ...cmd('KABID-ISP'), actor: deputy }))).toMatchObject({ field: 'consideration' });
  });
});
