import {
  expectedSignerOf,
  addDays,
  applyEdits,
  ASSIGNMENT_RULES,
  AssignmentContext,
  AssignmentEdit,
  assignmentEditProblems,
  AssignmentRow,
  checkAssignmentEdit,
  endsEarlier,
  inForceOn,
  newHolderNotices,
  periodsOverlap,
  PLH_PASAL,
  PLT_PASAL,
  transferEdits,
} from './assignments';
import type { AssignmentKind } from './chain';
import { DomainError } from './errors';

const ORG = 'org-a';
const ctx: AssignmentContext = {
  officials: {
    andi: { organizationId: ORG, active: true, name: 'Andi' },
    budi: { organizationId: ORG, active: true, name: 'Budi' },
    cici: { organizationId: ORG, active: true, name: 'Cici' },
    dedi: { organizationId: ORG, active: false, name: 'Dedi' },
    eka: { organizationId: 'org-b', active: true, name: 'Eka' },
  },
  positions: {
    KADIS: { organizationId: ORG, title: 'Kepala Dinas' },
    SEKRETARIS: { organizationId: ORG, title: 'Sekretaris' },
    KABID: { organizationId: ORG, title: 'Kepala Bidang' },
  },
};

let seq = 0;
const row = (
  officialId: string,
  positionId: string,
  kind: AssignmentRow['kind'],
  validFrom: string,
  validTo: string | null = null,
): AssignmentRow => ({
  id: `r${++seq}`,
  officialId,
  positionId,
  kind,
  validFrom,
  validTo,
});

/** The problems of adding `added` to `stored`. */
const adding = (stored: AssignmentRow[], added: AssignmentRow) =>
  assignmentEditProblems([{ before: null, after: added }], stored, [...stored, added], ctx);
/** The problems of changing a stored row. */
const changing = (stored: AssignmentRow[], was: AssignmentRow, to: Partial<AssignmentRow>) => {
  const edit: AssignmentEdit = { before: was, after: { ...was, ...to } };
  return assignmentEditProblems([edit], stored, applyEdits(stored, [edit]), ctx);
};
const rules = (problems: ReturnType<typeof adding>) => problems.map((p) => p.rule);

describe('periods (ketentuan aplikasi ini): calendar days, both ends included', () => {
  it.each([
    ['2026-01-01', null, '2026-06-01', true],
    ['2026-01-01', '2026-01-31', '2026-01-31', true],
    ['2026-01-01', '2026-01-31', '2026-02-01', false],
    ['2026-01-01', '2026-01-31', '2025-12-31', false],
  ])('%s to %s is in force on %s: %s', (from, to, day, expected) => {
    expect(inForceOn({ validFrom: from, validTo: to }, day)).toBe(expected);
  });

  it.each([
    [['2026-01-01', '2026-01-31'], ['2026-01-31', '2026-02-28'], true],
    [['2026-01-01', '2026-01-31'], ['2026-02-01', null], false],
    [['2026-01-01', null], ['2030-01-01', '2030-01-02'], true],
    [['2026-03-01', null], ['2026-01-01', '2026-02-28'], false],
  ] as Array<[[string, string | null], [string, string | null], boolean]>)('%j and %j overlap: %s', (a, b, expected) => {
    expect(periodsOverlap({ validFrom: a[0], validTo: a[1] }, { validFrom: b[0], validTo: b[1] })).toBe(expected);
  });

  it('days are counted across months, leap days and years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('an end before the start, or a day that does not exist, is a 400 naming the field', () => {
    const cases: Array<[string, string | null, string]> = [
      ['2026-05-01', '2026-04-30', 'validTo'],
      ['2026-02-30', null, 'validFrom'],
      ['2026-05-01', '2026-13-01', 'validTo'],
    ];
    for (const [from, to, field] of cases) {
      const problems = adding([], row('andi', 'KABID', 'definitif', from, to));
      expect(problems).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', rule: 'period', field })]);
    }
    // A one-day assignment is well formed.
    expect(adding([], row('andi', 'KABID', 'definitif', '2026-05-01', '2026-05-01'))).toEqual([]);
  });

  it('a stored row shortened "ends"; corrected or extended it does not', () => {
    expect(endsEarlier({ validTo: null }, { validTo: '2026-01-01' })).toBe(true);
    expect(endsEarlier({ validTo: '2026-03-01' }, { validTo: '2026-02-01' })).toBe(true);
    expect(endsEarlier({ validTo: '2026-03-01' }, { validTo: '2026-04-01' })).toBe(false);
    expect(endsEarlier({ validTo: '2026-03-01' }, { validTo: null })).toBe(false);
  });
});

describe('definitif (ketentuan aplikasi ini): one holder per post, one post per official, on any day', () => {
  const kadis = row('andi', 'KADIS', 'definitif', '2024-01-01');

  it('a second definitif holder of a post on a day it is held is refused, naming the holder', () => {
    const problems = adding([kadis], row('budi', 'KADIS', 'definitif', '2026-01-01'));
    expect(problems).toEqual([
      {
        code: 'RULE_VIOLATION',
        rule: 'oneHolder',
        field: 'positionId',
        pasal: ASSIGNMENT_RULES.oneHolder,
        message: expect.stringMatching(/^Jabatan Kepala Dinas sudah dipangku pejabat definitif \(Andi, 2024-01-01 s\.d\. sekarang/),
      },
    ]);
    expect(ASSIGNMENT_RULES.oneHolder).toMatch(/^Ketentuan aplikasi ini/);
  });

  it('after the holder’s assignment ended, the next one starts the day after (back to back)', () => {
    const ended = { ...kadis, validTo: '2026-03-31' };
    expect(adding([ended], row('budi', 'KADIS', 'definitif', '2026-04-01'))).toEqual([]);
    expect(rules(adding([ended], row('budi', 'KADIS', 'definitif', '2026-03-31')))).toEqual(['oneHolder']);
    // A future holder blocks an open-ended one starting earlier.
    expect(rules(adding([row('budi', 'KADIS', 'definitif', '2027-01-01')], row('cici', 'KADIS', 'definitif', '2026-06-01')))).toEqual(['oneHolder']);
  });

  it('an official holding one definitif post cannot be given another at the same time (mutasi moves them)', () => {
    const problems = adding([kadis], row('andi', 'SEKRETARIS', 'definitif', '2026-01-01'));
    expect(problems).toEqual([expect.objectContaining({ rule: 'onePost', field: 'officialId', pasal: ASSIGNMENT_RULES.onePost })]);
    expect(problems[0].message).toMatch(/mutasi/);
  });

  it('the same post given again to the same official overlapping is two definitif holders', () => {
    expect(rules(adding([kadis], row('andi', 'KADIS', 'definitif', '2026-01-01', '2026-02-01')))).toEqual(['oneHolder']);
  });
});

describe('Plt. (UU 30/2014 Pasal 14 ayat (2) huruf b): only for a vacant post, over the whole period', () => {
  const ended = row('andi', 'KADIS', 'definitif', '2024-01-01', '2026-03-31');

  it('a Plt. of a post with no definitif holder over the whole period is allowed', () => {
    expect(adding([ended], row('budi', 'KADIS', 'plt', '2026-04-01', '2026-06-30'))).toEqual([]);
  });

  it('a Plt. overlapping a definitif holder (on any day) is refused citing huruf b', () => {
    const problems = adding([ended], row('budi', 'KADIS', 'plt', '2026-03-31', '2026-06-30'));
    expect(problems).toEqual([expect.objectContaining({ rule: 'plt', field: 'kind', pasal: ASSIGNMENT_RULES.plt })]);
    expect(ASSIGNMENT_RULES.plt).toContain(PLT_PASAL);
    expect(PLT_PASAL).toBe('UU 30/2014 Pasal 14 ayat (2) huruf b');
  });

  it('a definitif holder appointed while a Plt. runs is refused until the Plt. is ended', () => {
    const plt = row('budi', 'KADIS', 'plt', '2026-04-01', '2026-06-30');
    const problems = adding([ended, plt], row('cici', 'KADIS', 'definitif', '2026-06-01'));
    expect(problems).toEqual([expect.objectContaining({ rule: 'plt', field: 'positionId' })]);
    expect(problems[0].message).toMatch(/akhiri penugasan Plt\./);
    const pltEnded = { ...plt, validTo: '2026-05-31' };
    expect(adding([ended, pltEnded], row('cici', 'KADIS', 'definitif', '2026-06-01'))).toEqual([]);
  });
});

describe('Plh. (UU 30/2014 Pasal 14 ayat (2) huruf a): only while the post has a definitif holder, over the whole period', () => {
  const kadis = row('andi', 'KADIS', 'definitif', '2024-01-01');

  it('a Plh. while the holder is temporarily absent is allowed', () => {
    expect(adding([kadis], row('budi', 'KADIS', 'plh', '2026-05-04', '2026-05-08'))).toEqual([]);
  });

  it('a Plh. of a vacant post, or one outlasting the holder, is refused citing huruf a', () => {
    const ending = { ...kadis, validTo: '2026-05-06' };
    for (const stored of [[], [ending]]) {
      const problems = adding(stored, row('budi', 'KADIS', 'plh', '2026-05-04', '2026-05-08'));
      expect(problems).toEqual([expect.objectContaining({ rule: 'plh', field: 'kind', pasal: ASSIGNMENT_RULES.plh })]);
      expect(problems[0].message).toMatch(/gunakan Plt\./);
    }
    expect(ASSIGNMENT_RULES.plh).toContain(PLH_PASAL);
  });

  it('two holders back to back cover a Plh. across the change', () => {
    const first = { ...kadis, validTo: '2026-05-05' };
    const second = row('cici', 'KADIS', 'definitif', '2026-05-06');
    expect(adding([first, second], row('budi', 'KADIS', 'plh', '2026-05-04', '2026-05-08'))).toEqual([]);
  });

  it('ending the holder while a Plh. depends on him is refused until the Plh. is ended', () => {
    const plh = row('budi', 'KADIS', 'plh', '2026-05-04', '2026-05-08');
    const problems = changing([kadis, plh], kadis, { validTo: '2026-05-05' });
    expect(problems).toEqual([expect.objectContaining({ rule: 'plh', field: 'validTo' })]);
    expect(problems[0].message).toMatch(/^Plh\. Budi \(2026-05-04 s\.d\. 2026-05-08\) bergantung/);
    // Ending after the Plh. is fine.
    expect(changing([kadis, plh], kadis, { validTo: '2026-05-08' })).toEqual([]);
  });

  it('extending a Plh. beyond the holder’s end is refused', () => {
    const ending = { ...kadis, validTo: '2026-05-10' };
    const plh = row('budi', 'KADIS', 'plh', '2026-05-04', '2026-05-08');
    expect(rules(changing([ending, plh], plh, { validTo: '2026-05-11' }))).toEqual(['plh']);
  });
});

describe('Plt. and Plh. are temporary, one at a time, never of one’s own post', () => {
  const kadis = row('andi', 'KADIS', 'definitif', '2024-01-01');

  it.each(['plt', 'plh'] as const)('a %s needs an end date', (kind) => {
    const stored = kind === 'plh' ? [kadis] : [];
    const problems = adding(stored, row('budi', 'KADIS', kind, '2026-05-04', null));
    expect(problems[0]).toMatchObject({ rule: 'temporary', field: 'validTo', pasal: ASSIGNMENT_RULES.temporary });
  });

  it('a second Plh. (or a Plt. beside a Plh.) of a post on a day is refused', () => {
    const plh = row('budi', 'KADIS', 'plh', '2026-05-04', '2026-05-08');
    expect(rules(adding([kadis, plh], row('cici', 'KADIS', 'plh', '2026-05-08', '2026-05-09')))).toEqual(['oneActing']);
    expect(adding([kadis, plh], row('cici', 'KADIS', 'plh', '2026-05-09', '2026-05-10'))).toEqual([]);
    const vacant = { ...kadis, validTo: '2026-01-01' };
    const plt = row('budi', 'KADIS', 'plt', '2026-02-01', '2026-02-28');
    expect(rules(adding([vacant, plt], row('cici', 'KADIS', 'plt', '2026-02-28', '2026-03-31')))).toEqual(['oneActing']);
  });

  it('the definitif holder cannot be Plh. or Plt. of his own post', () => {
    const problems = adding([kadis], row('andi', 'KADIS', 'plh', '2026-05-04', '2026-05-08'));
    expect(problems[0].rule).toBe('notOwnPost');
    expect(rules(adding([{ ...kadis, validTo: '2026-05-03' }], row('andi', 'KADIS', 'plt', '2026-05-04', '2026-05-08')))).toEqual([]);
    expect(rules(adding([kadis], row('andi', 'KADIS', 'plt', '2026-05-04', '2026-05-08')))).toEqual(['notOwnPost']);
    expect(problems.find((p) => p.rule === 'notOwnPost')).toMatchObject({ field: 'officialId', pasal: ASSIGNMENT_RULES.notOwnPost });
  });

  it('a definitif holder of one post may be Plh. of another (the Sekretaris for the Kepala Dinas)', () => {
    const sekretaris = row('budi', 'SEKRETARIS', 'definitif', '2024-01-01');
    expect(adding([kadis, sekretaris], row('budi', 'KADIS', 'plh', '2026-05-04', '2026-05-08'))).toEqual([]);
  });
});

describe('the official (ketentuan aplikasi ini): active, of the post’s organisation', () => {
  it('an inactive official is not assigned', () => {
    expect(adding([], row('dedi', 'KABID', 'definitif', '2026-01-01'))).toEqual([
      expect.objectContaining({ rule: 'activeOfficial', field: 'officialId', pasal: ASSIGNMENT_RULES.activeOfficial }),
    ]);
  });

  it('an official of another organisation is not assigned here', () => {
    expect(rules(adding([], row('eka', 'KABID', 'definitif', '2026-01-01')))).toEqual(['sameOrganization']);
  });

  it('but an inactive official’s assignment can still be ended (not extended)', () => {
    const dedi = row('dedi', 'KABID', 'definitif', '2024-01-01');
    expect(changing([dedi], dedi, { validTo: '2026-01-31' })).toEqual([]);
    const ended = { ...dedi, validTo: '2026-01-31' };
    expect(rules(changing([ended], ended, { validTo: '2026-02-28' }))).toEqual(['activeOfficial']);
  });
});

describe('several problems at once: the post’s is named first', () => {
  it('a Kepala Bidang made definitif Kepala Dinas: the post is held (then: he holds a post already)', () => {
    const kadis = row('andi', 'KADIS', 'definitif', '2024-01-01');
    const kabid = row('budi', 'KABID', 'definitif', '2024-01-01');
    expect(rules(adding([kadis, kabid], row('budi', 'KADIS', 'definitif', '2026-01-01')))).toEqual(['oneHolder', 'onePost']);
  });

  it('the holder as Plh. of his own post: that, before the Plh. lacking a holder to stand in for', () => {
    const kadis = row('andi', 'KADIS', 'definitif', '2024-01-01');
    expect(rules(adding([kadis], row('andi', 'KADIS', 'plh', '2026-05-04', '2026-05-08')))).toEqual(['notOwnPost', 'plh']);
  });
});

describe('problems already in the data are not the edit’s', () => {
  it('two definitif holders loaded before administration existed do not block an unrelated edit, nor a correction that does not worsen them', () => {
    const a = row('andi', 'KADIS', 'definitif', '2024-01-01');
    const b = row('budi', 'KADIS', 'definitif', '2024-01-01');
    expect(adding([a, b], row('cici', 'SEKRETARIS', 'definitif', '2024-01-01'))).toEqual([]);
    expect(changing([a, b], b, { validTo: '2025-12-31' })).toEqual([]);
  });
});

describe('checkAssignmentEdit throws the first problem as a DomainError', () => {
  it('a rule: 422 with its source and field', () => {
    const kadis = row('andi', 'KADIS', 'definitif', '2024-01-01');
    const added = row('budi', 'KADIS', 'definitif', '2026-01-01');
    let error: unknown;
    try {
      checkAssignmentEdit([{ before: null, after: added }], [kadis], [kadis, added], ctx);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'RULE_VIOLATION', details: { field: 'positionId', pasal: ASSIGNMENT_RULES.oneHolder } });
  });

  it('a malformed period: 400 with the field, no source', () => {
    const added = row('budi', 'KADIS', 'definitif', '2026-01-02', '2026-01-01');
    expect(() => checkAssignmentEdit([{ before: null, after: added }], [], [added], ctx)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', details: { field: 'validTo' } }),
    );
  });

  it('nothing wrong: returns', () => {
    const added = row('budi', 'KADIS', 'definitif', '2026-01-01');
    expect(() => checkAssignmentEdit([{ before: null, after: added }], [], [added], ctx)).not.toThrow();
  });
});

describe('mutasi: the current definitif post ends the day before, the new one starts that day', () => {
  const current = row('andi', 'SEKRETARIS', 'definitif', '2024-01-01');

  it('two edits, which the rules then check like any other', () => {
    const edits = transferEdits([current], { id: 'new', officialId: 'andi', toPositionId: 'KABID', effectiveFrom: '2026-07-01' });
    expect(edits).toEqual([
      { before: current, after: { ...current, validTo: '2026-06-30' } },
      { before: null, after: { id: 'new', officialId: 'andi', positionId: 'KABID', kind: 'definitif', validFrom: '2026-07-01', validTo: null } },
    ]);
    expect(assignmentEditProblems(edits, [current], applyEdits([current], edits), ctx)).toEqual([]);
  });

  it('into an occupied post: refused as a second definitif holder', () => {
    const kabid = row('budi', 'KABID', 'definitif', '2024-01-01');
    const edits = transferEdits([current], { id: 'new', officialId: 'andi', toPositionId: 'KABID', effectiveFrom: '2026-07-01' });
    expect(rules(assignmentEditProblems(edits, [current, kabid], applyEdits([current, kabid], edits), ctx))).toEqual(['oneHolder']);
  });

  it('without a definitif post the day before, or to the post held: refused', () => {
    expect(() => transferEdits([], { id: 'n', officialId: 'andi', toPositionId: 'KABID', effectiveFrom: '2026-07-01' })).toThrow(
      expect.objectContaining({ code: 'RULE_VIOLATION', details: expect.objectContaining({ field: 'effectiveFrom' }) }),
    );
    expect(() => transferEdits([current], { id: 'n', officialId: 'andi', toPositionId: 'SEKRETARIS', effectiveFrom: '2026-07-01' })).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'toPositionId' }) }),
    );
    // A post starting on the very day (no day before in it) is no post to move from.
    const starting = row('andi', 'SEKRETARIS', 'definitif', '2026-07-01');
    expect(() => transferEdits([starting], { id: 'n', officialId: 'andi', toPositionId: 'KABID', effectiveFrom: '2026-07-01' })).toThrow(DomainError);
  });

  it('ending the old post under a Plh. who depends on it is refused', () => {
    const plh = row('budi', 'SEKRETARIS', 'plh', '2026-06-25', '2026-07-05');
    const edits = transferEdits([current], { id: 'new', officialId: 'andi', toPositionId: 'KABID', effectiveFrom: '2026-07-01' });
    expect(assignmentEditProblems(edits, [current, plh], applyEdits([current, plh], edits), ctx)).toEqual([
      expect.objectContaining({ rule: 'plh', field: 'validTo' }),
    ]);
  });
});

describe('the new holder of a post is told of each step waiting there', () => {
  const step = {
    documentId: 'doc-1',
    subject: 'Undangan Rapat',
    kindName: 'Surat Dinas',
    classification: 'biasa' as const,
    round: 1,
    stepOrder: 2,
    action: 'paraf' as const,
    startedAt: 1_760_000_000_000,
  };

  it('keyed like the chain’s own notice of the same waiting step, so nobody is told twice', () => {
    const [n] = newHolderNotices('budi', 'definitif', 'Kepala Sub Bagian Umum', [step]);
    expect(n).toEqual({
      recipientOfficialId: 'budi',
      event: 'step_waiting',
      dedupeKey: 'doc-1:1:2:1760000000000:step_waiting:budi',
      actingForOfficialId: null,
      confidential: false,
      title: 'Menunggu paraf Anda: Undangan Rapat',
      body: 'Surat Dinas menunggu paraf Anda sebagai Kepala Sub Bagian Umum.',
      link: '/naskah/doc-1',
      data: { documentId: 'doc-1', stepOrder: 2, action: 'paraf', assignmentKind: 'definitif' },
    });
  });

  it('a Plt. or Plh. is told in which capacity; a Rahasia letter never shows its subject', () => {
    const [n] = newHolderNotices('budi', 'plh', 'Kepala Dinas', [{ ...step, action: 'sign', classification: 'rahasia' }]);
    expect(n.title).toBe('Menunggu tanda tangan Anda: Naskah rahasia (Surat Dinas) (Plh. Kepala Dinas)');
    expect(n.body).toBe('Surat Dinas menunggu tanda tangan Anda sebagai Plh. Kepala Dinas.');
    expect(n.confidential).toBe(true);
    expect(JSON.stringify(n)).not.toContain('Undangan Rapat');
  });
});

describe('the signer a letter not yet signed shows (UU 30/2014 Pasal 14 ayat (2) huruf a and b): the Plh. or Plt. stands in for the absent definitif', () => {
  type Holder = { name: string; assignmentKind: AssignmentKind };
  const definitif: Holder = { name: 'Kepala Dinas', assignmentKind: 'definitif' };
  const plh: Holder = { name: 'Sekretaris, Plh.', assignmentKind: 'plh' };
  const plt: Holder = { name: 'Sekretaris, Plt.', assignmentKind: 'plt' };

  it.each<[string, Holder[], Holder]>([
    ['the definitif alone', [definitif], definitif],
    ['a Plh. beside the definitif, read first', [plh, definitif], plh],
    ['a Plh. beside the definitif, read last', [definitif, plh], plh],
    ['a Plt. of a vacant post', [plt], plt],
    ['a Plt. beside a definitif (data the rules refuse), read last', [definitif, plt], plt],
  ])('%s', (_why, holders, expected) => {
    expect(expectedSignerOf(holders)).toBe(expected);
  });

  it('a post nobody holds has no expected signer', () => {
    expect(expectedSignerOf([])).toBeUndefined();
  });
});
