import { DomainError } from './errors';
import { Classification, incomingVisible, readingGround, ReadingFacts, ReadingGround, requireReading } from './reading';

// Route of a Sub Bagian draft: Kasubbag paraf, Sekretaris paraf, Kepala Dinas signs (DESIGN §4).
const ROUTE = ['kasubbag', 'sekre', 'kadis'];
const pos = (positionId: string, unitId = `${positionId}-unit`, isHead = true) => ({ positionId, unitId, isHead });
const nobody: ReadingFacts = {
  sameOrganization: true,
  isDrafter: false,
  isAdmin: false,
  held: [pos('clerk-subbag', 'subbag', false)],
  deputisedPositionIds: [],
  actedOnIt: false,
  status: 'in_review',
  classification: 'biasa',
  routePositionIds: ROUTE,
  currentPositionId: 'sekre',
  escalatedToPositionIds: [],
  recipientUnitIds: ['bidang'],
};
const facts = (over: Partial<ReadingFacts>): ReadingFacts => ({ ...nobody, ...over });
const STATES = ['draft', 'submitting', 'in_review', 'returned', 'signed', 'withdrawn'] as const;
const CLASSES: Classification[] = ['biasa', 'terbatas', 'rahasia', 'sangat_rahasia'];
const SECRET = new Set<Classification>(['rahasia', 'sangat_rahasia']);

describe('who may read a document: those the chain involves (DESIGN §4, §6)', () => {
  it.each(STATES.flatMap((status) => CLASSES.map((classification) => [status, classification] as const)))(
    'in state %s, classified %s: the drafter, route holders (own, Plt., Plh.) and whoever acted read it',
    (status, classification) => {
      const base = { status, classification, held: [] };
      expect(readingGround(facts({ ...base, isDrafter: true }))).toBe('drafter');
      expect(readingGround(facts({ ...base, held: [pos('kadis')] }))).toBe('route');
      expect(readingGround(facts({ ...base, actedOnIt: true }))).toBe('acted');
      expect(readingGround(facts(base))).toBeNull();
    },
  );

  it('another organisation reads nothing, whatever else is true, and learns nothing of the classification', () => {
    const outsider = facts({ sameOrganization: false, isDrafter: true, isAdmin: true, held: [pos('kadis')], classification: 'rahasia' });
    expect(readingGround(outsider)).toBeNull();
    expect(() => requireReading(outsider)).toThrow(new DomainError('FORBIDDEN', 'Anda tidak berhak membuka naskah ini'));
  });
});

describe('a deputy sees the principal pending steps and what he acted on, nothing else (DESIGN §5, Cilegon Pasal 29)', () => {
  const deputy = (over: Partial<ReadingFacts>) => facts({ held: [pos('kasubbag-umpeg')], deputisedPositionIds: ['sekre'], ...over });
  const cases: Array<[string, Partial<ReadingFacts>, ReadingGround | null]> = [
    ['the step waits at the principal', {}, 'deputy'],
    ['the step waits at the principal, Rahasia', { classification: 'rahasia' }, 'deputy'],
    ['the step waits at the principal, Sangat Rahasia', { classification: 'sangat_rahasia' }, 'deputy'],
    ['the step waits before the principal', { currentPositionId: 'kasubbag' }, null],
    ['the step has moved past the principal', { currentPositionId: 'kadis' }, null],
    ['a draft that would reach the principal', { status: 'draft', currentPositionId: null }, null],
    ["the principal's own draft (signer of it)", { status: 'draft', currentPositionId: null, routePositionIds: ['sekre'] }, null],
    ['a resubmission on its way to the workflow', { status: 'submitting', currentPositionId: 'sekre' }, null],
    ['returned to the drafter', { status: 'returned', currentPositionId: null }, null],
    ['withdrawn', { status: 'withdrawn', currentPositionId: null }, null],
    ['signed, Biasa', { status: 'signed', currentPositionId: null }, null],
    ['signed, Rahasia', { status: 'signed', currentPositionId: null, classification: 'rahasia' }, null],
    ['signed after the deputy acted a.n.', { status: 'signed', currentPositionId: null, actedOnIt: true, classification: 'rahasia' }, 'acted'],
    ['the step waits at another principal position', { deputisedPositionIds: ['kadis'] }, null],
    ['the appointment is no longer in force', { deputisedPositionIds: [] }, null],
    ['the principal was escalated to, not the deputy', { currentPositionId: 'kasubbag', escalatedToPositionIds: ['sekre'] }, null],
    [
      'the principal is one of a paraf koordinasi group waiting',
      { currentPositionId: 'kabid-a', waitingPositionIds: ['kabid-a', 'sekre'] },
      'deputy',
    ],
    ['a paraf koordinasi group waits, not at the principal', { currentPositionId: 'kabid-a', waitingPositionIds: ['kabid-a', 'kabid-b'] }, null],
  ];
  it.each(cases)('%s', (_, over, ground) => {
    expect(readingGround(deputy(over))).toBe(ground);
  });
});

describe('a late step escalates to the superior, who may read it while it waits (DESIGN §4, reminders)', () => {
  const superior = (over: Partial<ReadingFacts>) =>
    facts({ held: [pos('kadis')], routePositionIds: ['kasubbag', 'sekre'], escalatedToPositionIds: ['kadis'], ...over });
  it.each<[string, Partial<ReadingFacts>, ReadingGround | null]>([
    ['waiting, Biasa', {}, 'escalation'],
    ['waiting, Rahasia', { classification: 'rahasia' }, 'escalation'],
    ['no longer waiting (signed)', { status: 'signed' }, null],
    ['escalated to someone else', { escalatedToPositionIds: ['sekre'] }, null],
  ])('%s', (_, over, ground) => {
    expect(readingGround(superior(over))).toBe(ground);
  });
});

describe('once signed, the recipient and tembusan units read it; classification limits who (DESIGN §4, §6)', () => {
  const cases = CLASSES.flatMap((classification) =>
    [true, false].map((isHead) => [classification, isHead ? 'head' : 'staff', isHead, isHead || !SECRET.has(classification)] as const),
  );
  it.each(cases)('%s, %s of a recipient unit: %s', (classification, _, isHead, allowed) => {
    const reader = facts({ status: 'signed', classification, held: [pos('bidang-pos', 'bidang', isHead)] });
    expect(readingGround(reader)).toBe(allowed ? 'recipient' : null);
    expect(incomingVisible(classification, isHead)).toBe(allowed);
  });

  it.each(STATES.filter((s) => s !== 'signed'))('not before it is signed (%s)', (status) => {
    expect(readingGround(facts({ status, held: [pos('kabid', 'bidang', true)] }))).toBeNull();
  });

  it('an official of a unit that is not a recipient reads nothing', () => {
    expect(readingGround(facts({ status: 'signed', held: [pos('kabid-lain', 'bidang-lain', true)] }))).toBeNull();
  });

  it('a head by a second position (Plt.) of the recipient unit reads a Rahasia letter', () => {
    const held = [pos('clerk', 'bidang', false), pos('kabid', 'bidang', true)];
    expect(readingGround(facts({ status: 'signed', classification: 'rahasia', held }))).toBe('recipient');
  });
});

describe('administrators read every document of their organisation except Rahasia and Sangat Rahasia', () => {
  it.each(STATES.flatMap((status) => CLASSES.map((classification) => [status, classification] as const)))('%s, %s', (status, classification) => {
    expect(readingGround(facts({ status, classification, isAdmin: true }))).toBe(SECRET.has(classification) ? null : 'admin');
  });

  it('the refusal names the classification to an official of the organisation', () => {
    expect(() => requireReading(facts({ classification: 'sangat_rahasia' }))).toThrow('Naskah ini berklasifikasi rahasia dan tidak dapat Anda buka');
    expect(() => requireReading(facts({}))).toThrow('Anda tidak berhak membuka naskah ini');
    expect(requireReading(facts({ isDrafter: true }))).toBe('drafter');
  });
});
