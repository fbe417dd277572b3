import {
  ActingAs,
  applyCommand,
  capacityOfAssignment,
  applyDueReminder,
  ChainState,
  newChain,
  nextReminderAt,
  RETURN_NOTE_PASAL,
  validateCommand,
} from './chain';
import { DomainError } from './errors';
import { RoutePlan } from './routing';

const plan: RoutePlan = {
  signerPositionId: 'kadis',
  steps: [
    { order: 1, positionId: 'kasubbag', action: 'paraf', superiorPositionId: 'sekre', mayReturn: true, pasal: 'P5' },
    { order: 2, positionId: 'sekre', action: 'paraf', superiorPositionId: 'kadis', mayReturn: true, pasal: 'P4' },
    { order: 3, positionId: 'kadis', action: 'sign', superiorPositionId: null, mayReturn: true, pasal: 'P3' },
  ],
};
const as = (positionId: string, officialId = `${positionId}-official`): ActingAs => ({ officialId, positionId, capacity: 'own' });

function submitted(): ChainState {
  const s = newChain({
    documentId: 'd',
    organizationId: 'o',
    drafterOfficialId: 'clerk',
    drafterPositionId: 'clerk-pos',
    plan,
    versionNo: 1,
    versionHash: 'h1',
  });
  applyCommand(s, { type: 'submit', byOfficialId: 'clerk', versionNo: 1, versionHash: 'h1' }, 1000);
  return s;
}

function refusal(s: ChainState, cmd: Parameters<typeof validateCommand>[1]): DomainError {
  try {
    validateCommand(s, cmd);
  } catch (e) {
    return e as DomainError;
  }
  throw new Error('expected a refusal');
}

describe('the paraf -> sign chain (DESIGN §4)', () => {
  it('runs paraf, paraf, sign in order and binds each paraf to the version hash', () => {
    const s = submitted();
    expect(s.status).toBe('in_review');
    const events = [
      applyCommand(s, { type: 'paraf', actor: as('kasubbag'), versionHash: 'h1' }, 2000),
      applyCommand(s, { type: 'paraf', actor: as('sekre'), versionHash: 'h1' }, 3000),
      applyCommand(s, { type: 'sign', actor: as('kadis'), versionHash: 'h1' }, 4000),
    ];
    expect(s.status).toBe('signed');
    expect(s.steps.map((x) => [x.state, x.versionHash])).toEqual([
      ['done', 'h1'],
      ['done', 'h1'],
      ['done', 'h1'],
    ]);
    // The events are returned, one per command (the audit trail keeps them; the state only counts them).
    expect(s.seq).toBe(4);
    expect(events.map((e) => [e.seq, e.type])).toEqual([
      [2, 'paraf'],
      [3, 'paraf'],
      [4, 'signed'],
    ]);
  });

  it('only the drafter submits, once', () => {
    const s = newChain({
      documentId: 'd',
      organizationId: 'o',
      drafterOfficialId: 'clerk',
      drafterPositionId: 'p',
      plan,
      versionNo: 1,
      versionHash: 'h1',
    });
    expect(refusal(s, { type: 'submit', byOfficialId: 'other', versionNo: 1, versionHash: 'h1' }).code).toBe('FORBIDDEN');
    applyCommand(s, { type: 'submit', byOfficialId: 'clerk', versionNo: 1, versionHash: 'h1' }, 1);
    expect(refusal(s, { type: 'submit', byOfficialId: 'clerk', versionNo: 1, versionHash: 'h1' }).code).toBe('CONFLICT');
  });

  it.each([
    ['not your step', { type: 'paraf' as const, actor: as('sekre'), versionHash: 'h1' }, /Bukan giliran/],
    ['sign at a paraf step', { type: 'sign' as const, actor: as('kasubbag'), versionHash: 'h1' }, /menunggu paraf/],
    ['stale version', { type: 'paraf' as const, actor: as('kasubbag'), versionHash: 'old' }, /Versi naskah/],
  ])('refuses %s with 409', (_n, cmd, msg) => {
    const e = refusal(submitted(), cmd);
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toMatch(msg);
  });

  it('refuses paraf at the sign step', () => {
    const s = submitted();
    applyCommand(s, { type: 'paraf', actor: as('kasubbag'), versionHash: 'h1' }, 2);
    applyCommand(s, { type: 'paraf', actor: as('sekre'), versionHash: 'h1' }, 3);
    expect(refusal(s, { type: 'paraf', actor: as('kadis'), versionHash: 'h1' }).message).toMatch(/tanda tangan/);
  });

  it('an acted step cannot be acted on again (already acted is 409)', () => {
    const s = submitted();
    applyCommand(s, { type: 'paraf', actor: as('kasubbag'), versionHash: 'h1' }, 2);
    expect(refusal(s, { type: 'paraf', actor: as('kasubbag'), versionHash: 'h1' }).code).toBe('CONFLICT');
  });

  it('Cilegon Pasal 13 and 16: a return needs a written note (422 with the Pasal)', () => {
    const e = refusal(submitted(), { type: 'return', actor: as('kasubbag'), versionHash: 'h1', note: '  ' });
    expect(e).toMatchObject({ code: 'RULE_VIOLATION', pasal: RETURN_NOTE_PASAL, field: 'note' });
  });

  it('return -> revise -> resubmit restarts the chain at step one; earlier paraf stay in history but no longer count', () => {
    const s = submitted();
    applyCommand(s, { type: 'paraf', actor: as('kasubbag'), versionHash: 'h1' }, 2);
    applyCommand(s, { type: 'return', actor: as('sekre'), versionHash: 'h1', note: 'Perbaiki dasar hukum' }, 3);
    expect(s.status).toBe('returned');
    expect(refusal(s, { type: 'resubmit', byOfficialId: 'clerk', versionNo: 1, versionHash: 'h1' }).field).toBe('versionNo');
    expect(refusal(s, { type: 'resubmit', byOfficialId: 'kasubbag-official', versionNo: 2, versionHash: 'h2' }).code).toBe('FORBIDDEN');
    applyCommand(s, { type: 'resubmit', byOfficialId: 'clerk', versionNo: 2, versionHash: 'h2' }, 4);
    expect(s.round).toBe(2);
    expect(s.steps.map((x) => x.state)).toEqual(['pending', 'waiting', 'waiting']);
    expect(s.earlierRounds[0].map((x) => x.state)).toEqual(['done', 'returned', 'waiting']);
    expect(s.earlierRounds[0][1].note).toBe('Perbaiki dasar hukum');
    expect(refusal(s, { type: 'paraf', actor: as('kasubbag'), versionHash: 'h1' }).field).toBe('versionHash');
  });

  it('a step whose position may not return refuses a return with its Pasal', () => {
    const s = submitted();
    s.steps[0].mayReturn = false;
    expect(refusal(s, { type: 'return', actor: as('kasubbag'), versionHash: 'h1', note: 'catatan panjang' })).toMatchObject({
      code: 'RULE_VIOLATION',
      pasal: 'P5',
    });
  });

  it('the drafter may withdraw before signing, not after', () => {
    const s = submitted();
    expect(refusal(s, { type: 'withdraw', byOfficialId: 'kadis-official' }).code).toBe('FORBIDDEN');
    applyCommand(s, { type: 'withdraw', byOfficialId: 'clerk' }, 2);
    expect(s.status).toBe('withdrawn');
    expect(s.steps.every((x) => x.state === 'cancelled')).toBe(true);
    expect(refusal(s, { type: 'paraf', actor: as('kasubbag'), versionHash: 'h1' }).code).toBe('CONFLICT');

    const signed = submitted();
    applyCommand(signed, { type: 'paraf', actor: as('kasubbag'), versionHash: 'h1' }, 2);
    applyCommand(signed, { type: 'paraf', actor: as('sekre'), versionHash: 'h1' }, 3);
    applyCommand(signed, { type: 'sign', actor: as('kadis'), versionHash: 'h1' }, 4);
    expect(refusal(signed, { type: 'withdraw', byOfficialId: 'clerk' }).message).toMatch(/sudah ditandatangani/);
  });
});

describe('reminders and escalation (DESIGN §4)', () => {
  const policy = { reminder: { unit: 'seconds' as const, amount: 10 }, escalation: { unit: 'seconds' as const, amount: 5 } };

  it('reminds the holder after the deadline, then tells the superior', () => {
    const s = submitted();
    expect(nextReminderAt(s, policy)).toBe(11_000);
    expect(applyDueReminder(s, policy, 10_999)).toBeNull();
    expect(applyDueReminder(s, policy, 11_000)).toMatchObject({ type: 'reminder', targetPositionId: 'kasubbag' });
    expect(nextReminderAt(s, policy)).toBe(16_000);
    expect(applyDueReminder(s, policy, 16_000)).toMatchObject({ type: 'escalation', targetPositionId: 'sekre' });
    expect(nextReminderAt(s, policy)).toBeNull();
  });

  it('a new step gets its own deadline; the head of the organisation is not escalated', () => {
    const s = submitted();
    applyCommand(s, { type: 'paraf', actor: as('kasubbag'), versionHash: 'h1' }, 20_000);
    applyCommand(s, { type: 'paraf', actor: as('sekre'), versionHash: 'h1' }, 20_000);
    expect(nextReminderAt(s, policy)).toBe(30_000);
    applyDueReminder(s, policy, 30_000);
    expect(nextReminderAt(s, policy)).toBeNull();
  });
});

describe('reminders skip the office’s holidays (libur nasional, cuti bersama)', () => {
  const monday = Date.parse('2026-11-23T02:00:00Z'); // 09:00 WIB
  const day = (iso: string) => Date.parse(`${iso}T02:00:00Z`);
  const submittedAt = (now: number) => {
    const s = newChain({
      documentId: 'd',
      organizationId: 'o',
      drafterOfficialId: 'clerk',
      drafterPositionId: 'clerk-pos',
      plan,
      versionNo: 1,
      versionHash: 'h1',
    });
    applyCommand(s, { type: 'submit', byOfficialId: 'clerk', versionNo: 1, versionHash: 'h1' }, now);
    return s;
  };
  const workingDays = (holidays?: string[]) => ({
    reminder: { unit: 'working-days' as const, amount: 1 },
    escalation: { unit: 'working-days' as const, amount: 1 },
    ...(holidays ? { holidays } : {}),
  });

  it('a reminder due on a holiday fires on the next working day, and the escalation a working day later', () => {
    const s = submittedAt(monday);
    const policy = workingDays(['2026-11-24']);
    expect(nextReminderAt(s, policy)).toBe(day('2026-11-25'));
    expect(applyDueReminder(s, policy, day('2026-11-24'))).toBeNull();
    expect(applyDueReminder(s, policy, day('2026-11-25'))).toMatchObject({ type: 'reminder', targetPositionId: 'kasubbag' });
    expect(nextReminderAt(s, policy)).toBe(day('2026-11-26'));
  });

  it('an escalation due on a holiday moves too; a weekend holiday changes nothing', () => {
    const s = submittedAt(day('2026-11-26'));
    const policy = workingDays(['2026-11-28', '2026-11-30']);
    expect(nextReminderAt(s, policy)).toBe(day('2026-11-27'));
    applyDueReminder(s, policy, day('2026-11-27'));
    expect(nextReminderAt(s, policy)).toBe(day('2026-12-01'));
  });

  it('without a list (chains started before holidays were kept): weekends only', () => {
    const s = submittedAt(monday);
    expect(nextReminderAt(s, workingDays())).toBe(day('2026-11-24'));
    expect(nextReminderAt(s, workingDays([]))).toBe(day('2026-11-24'));
  });

  it('seconds ignore holidays', () => {
    const s = submittedAt(monday);
    const policy = {
      reminder: { unit: 'seconds' as const, amount: 10 },
      escalation: { unit: 'seconds' as const, amount: 5 },
      holidays: ['2026-11-23'],
    };
    expect(nextReminderAt(s, policy)).toBe(monday + 10_000);
  });
});

describe('acting capacities (DESIGN §5)', () => {
  const deputy = (consideration: string | null): ActingAs => ({
    officialId: 'sekre-official',
    positionId: 'kasubbag',
    capacity: 'an',
    principalOfficialId: 'kasubbag-official',
    consideration,
  });

  it('Cilegon Pasal 29 ayat (3): an a.n. act needs the written consideration', () => {
    expect(refusal(submitted(), { type: 'paraf', actor: deputy(null), versionHash: 'h1' })).toMatchObject({
      code: 'RULE_VIOLATION',
      pasal: 'Perwako Cilegon 18/2022 Pasal 29 ayat (3)',
      field: 'consideration',
    });
    const s = submitted();
    applyCommand(s, { type: 'paraf', actor: deputy('Surat segera, pejabat sedang cuti'), versionHash: 'h1' }, 2);
    expect(s.steps[0].actedBy).toMatchObject({
      capacity: 'an',
      principalOfficialId: 'kasubbag-official',
      consideration: 'Surat segera, pejabat sedang cuti',
    });
  });

  it("the consideration rule is the office's: a deputy of any marker under it, none where the office has no such rule", () => {
    const plhDeputy: ActingAs = { ...deputy(null), capacity: 'plh' };
    expect(refusal(submitted(), { type: 'paraf', actor: plhDeputy, versionHash: 'h1' })).toMatchObject({
      pasal: 'Perwako Cilegon 18/2022 Pasal 29 ayat (3)',
      field: 'consideration',
    });
    const cited = submitted();
    cited.deputyConsiderationPasal = 'Peraturan X Pasal 1 ayat (2)';
    expect(refusal(cited, { type: 'paraf', actor: deputy(' '), versionHash: 'h1' })).toMatchObject({ pasal: 'Peraturan X Pasal 1 ayat (2)' });
    const none = submitted();
    none.deputyConsiderationPasal = null;
    expect(() => validateCommand(none, { type: 'paraf', actor: deputy(null), versionHash: 'h1' })).not.toThrow();
    expect(refusal(none, { type: 'paraf', actor: { ...deputy(null), principalOfficialId: null }, versionHash: 'h1' })).toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('UU 30/2014 Pasal 14 ayat (7): a Plt./Plh. may not sign a strategic kind, but may sign others', () => {
    const strategic = submitted();
    strategic.kindStrategic = true;
    applyCommand(strategic, { type: 'paraf', actor: as('kasubbag'), versionHash: 'h1' }, 2);
    applyCommand(strategic, { type: 'paraf', actor: as('sekre'), versionHash: 'h1' }, 3);
    for (const capacity of ['plt', 'plh'] as const) {
      expect(refusal(strategic, { type: 'sign', actor: { ...as('kadis'), capacity }, versionHash: 'h1' })).toMatchObject({
        code: 'RULE_VIOLATION',
        pasal: 'UU 30/2014 Pasal 14 ayat (7)',
      });
    }
    const ordinary = submitted();
    applyCommand(ordinary, { type: 'paraf', actor: as('kasubbag'), versionHash: 'h1' }, 2);
    applyCommand(ordinary, { type: 'paraf', actor: as('sekre'), versionHash: 'h1' }, 3);
    expect(() => validateCommand(ordinary, { type: 'sign', actor: { ...as('kadis'), capacity: 'plh' }, versionHash: 'h1' })).not.toThrow();
  });
});

describe('capacity of a post holder (Tata Naskah Dinas markers; DESIGN §5)', () => {
  it.each([
    ['definitif', 'own'],
    ['plt', 'plt'],
    ['plh', 'plh'],
  ] as const)('a %s holder acts as %s', (kind, capacity) => {
    expect(capacityOfAssignment(kind)).toBe(capacity);
  });
});
