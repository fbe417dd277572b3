import type { AssignmentKind } from './chain';
import { DomainError } from './errors';
import { documentLink, PlannedNotice } from './notifications';
import { Classification, isSecret } from './reading';
import { isIsoDay } from './working-days';

/**
 * Who holds which post, and how (DESIGN §2 and §5): definitif, or Plt. while the post is vacant
 * (its definitif official "berhalangan tetap"), or Plh. while its definitif official is temporarily
 * absent ("berhalangan sementara"): UU 30/2014 Pasal 14 ayat (2). Periods are calendar days (WIB),
 * both ends included; an open end (null) runs until it is ended.
 */

/** Pelaksana harian: the routine tasks of a definitif official who is temporarily absent. */
export const PLH_PASAL = 'UU 30/2014 Pasal 14 ayat (2) huruf a';
/** Pelaksana tugas: the routine tasks of a definitif official who is permanently absent (the post is vacant). */
export const PLT_PASAL = 'UU 30/2014 Pasal 14 ayat (2) huruf b';

/** Each rule with its source; the ones no regulation states are labelled as this application's own. */
export const ASSIGNMENT_RULES = {
  oneHolder: 'Ketentuan aplikasi ini: satu jabatan dipangku oleh satu pejabat definitif pada satu waktu',
  onePost: 'Ketentuan aplikasi ini: seorang pegawai memangku paling banyak satu jabatan definitif pada satu waktu',
  plt: `${PLT_PASAL} (Plt. melaksanakan tugas pejabat definitif yang berhalangan tetap: jabatan lowong)`,
  plh: `${PLH_PASAL} (Plh. melaksanakan tugas pejabat definitif yang berhalangan sementara)`,
  temporary: 'UU 30/2014 Pasal 14 ayat (2) (Plt. dan Plh. bersifat sementara); tanggal berakhir wajib diisi adalah ketentuan aplikasi ini',
  oneActing: 'Ketentuan aplikasi ini: satu jabatan paling banyak memiliki satu Plt. atau Plh. pada satu waktu',
  notOwnPost: 'Ketentuan aplikasi ini: pejabat definitif tidak menjadi Plt. atau Plh. pada jabatannya sendiri',
  activeOfficial: 'Ketentuan aplikasi ini: hanya pegawai aktif yang dapat ditugaskan',
  sameOrganization: 'Ketentuan aplikasi ini: pegawai ditugaskan pada jabatan di organisasinya sendiri',
} as const;

export type AssignmentRule = keyof typeof ASSIGNMENT_RULES;

export const KIND_LABEL: Record<AssignmentKind, string> = { definitif: 'definitif', plt: 'Plt.', plh: 'Plh.' };

/**
 * Of a post's holders today, the one a letter not yet signed is expected to carry in its signature
 * block: the Plh. or Plt. when one is in force, since the definitif official is then absent
 * (UU 30/2014 Pasal 14 ayat (2) huruf a and b), else the definitif official. A post has at most one
 * of each (ASSIGNMENT_RULES.oneHolder, oneActing), so the answer does not depend on the order the
 * holders were read in. Whoever actually signs is what the signed letter carries.
 */
export function expectedSignerOf<T extends { assignmentKind: AssignmentKind }>(holders: readonly T[]): T | undefined {
  return holders.find((h) => h.assignmentKind !== 'definitif') ?? holders.find((h) => h.assignmentKind === 'definitif');
}

export interface AssignmentRow {
  id: string;
  officialId: string;
  positionId: string;
  kind: AssignmentKind;
  /** YYYY-MM-DD, included. */
  validFrom: string;
  /** YYYY-MM-DD, included; null: until ended. */
  validTo: string | null;
}

/** What the rules need to know of the officials and posts concerned (names only make the messages readable). */
export interface AssignmentContext {
  officials: Record<string, { organizationId: string; active: boolean; name?: string }>;
  positions: Record<string, { organizationId: string; title?: string }>;
}

/** One edit of the assignments: a new row (`before` null) or a stored row changed (its period ended or corrected). */
export interface AssignmentEdit {
  before: AssignmentRow | null;
  after: AssignmentRow;
}

/** The request field a problem concerns; callers with other names (the CSV's columns, a transfer's) map them. */
export type AssignmentField = 'officialId' | 'positionId' | 'kind' | 'validFrom' | 'validTo';

export interface AssignmentProblem {
  code: 'INVALID_INPUT' | 'RULE_VIOLATION';
  rule: AssignmentRule | 'period';
  message: string;
  /** The source: a regulation, or this application's rule so labelled; none for a malformed period. */
  pasal?: string;
  field: AssignmentField;
}

const FOREVER = '9999-12-31';
const endOf = (r: Pick<AssignmentRow, 'validTo'>) => r.validTo ?? FOREVER;

/** Do two periods share a day? */
export const periodsOverlap = (a: Pick<AssignmentRow, 'validFrom' | 'validTo'>, b: Pick<AssignmentRow, 'validFrom' | 'validTo'>): boolean =>
  a.validFrom <= endOf(b) && b.validFrom <= endOf(a);

/** Is the assignment in force on that day? */
export const inForceOn = (r: Pick<AssignmentRow, 'validFrom' | 'validTo'>, day: string): boolean => r.validFrom <= day && day <= endOf(r);

/** The calendar day after (or before, `by` -1) a YYYY-MM-DD day. */
export function addDays(day: string, by: number): string {
  const t = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) + by * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Is every day of the period covered by one of the rows (back to back counts)? */
function covered(period: Pick<AssignmentRow, 'validFrom' | 'validTo'>, rows: readonly AssignmentRow[]): boolean {
  const end = endOf(period);
  let cursor = period.validFrom;
  for (;;) {
    const here = rows.filter((r) => inForceOn(r, cursor));
    if (!here.length) return false;
    const reach = here.map(endOf).sort().pop()!;
    if (reach >= end) return true;
    cursor = addDays(reach, 1);
  }
}

const shown = (r: AssignmentRow) => `${r.validFrom} s.d. ${r.validTo ?? 'sekarang (tanpa batas)'}`;

/** A structural problem of a set of assignments, named by the rows it involves (so a problem already there before an edit is not the edit's). */
interface SetViolation {
  key: string;
  rule: SetRule;
  rows: AssignmentRow[];
}

/** The rules over a set of assignments (the others concern one row: its period, kind and official). */
type SetRule = Exclude<AssignmentRule, 'temporary' | 'activeOfficial' | 'sameOrganization'>;

/** Which problem is named first when an edit has several: the post's, then the official's own. */
const SET_RULE_ORDER: readonly SetRule[] = ['oneHolder', 'notOwnPost', 'plt', 'plh', 'oneActing', 'onePost'];

/**
 * Every structural problem of a set of assignments: a post with two definitif holders on a day; an
 * official with two definitif posts on a day; a Plt. while the post has a definitif holder; a Plh.
 * on a day the post has none; two Plt./Plh. of a post on a day; a Plt./Plh. of one's own post.
 */
export function assignmentSetViolations(rows: readonly AssignmentRow[]): SetViolation[] {
  const out: SetViolation[] = [];
  const pair = (rule: SetRule, a: AssignmentRow, b: AssignmentRow) =>
    out.push({ key: `${rule}:${[a.id, b.id].sort().join(':')}`, rule, rows: [a, b] });
  for (let i = 0; i < rows.length; i++) {
    for (let j = i + 1; j < rows.length; j++) {
      const [a, b] = [rows[i], rows[j]];
      if (a.id === b.id || !periodsOverlap(a, b)) continue;
      const samePost = a.positionId === b.positionId;
      const acting = (r: AssignmentRow) => r.kind !== 'definitif';
      if (samePost && a.kind === 'definitif' && b.kind === 'definitif') pair('oneHolder', a, b);
      if (a.officialId === b.officialId && a.kind === 'definitif' && b.kind === 'definitif' && !samePost) pair('onePost', a, b);
      if (samePost && acting(a) && acting(b)) pair('oneActing', a, b);
      if (samePost && a.officialId === b.officialId && acting(a) !== acting(b)) pair('notOwnPost', a, b);
      // A Plt. on a day the post has a definitif holder (another official: one's own post is notOwnPost).
      if (samePost && a.officialId !== b.officialId) {
        if (a.kind === 'plt' && b.kind === 'definitif') pair('plt', a, b);
        if (b.kind === 'plt' && a.kind === 'definitif') pair('plt', b, a);
      }
    }
  }
  for (const r of rows) {
    if (r.kind !== 'plh') continue;
    const holders = rows.filter((d) => d.kind === 'definitif' && d.positionId === r.positionId && d.officialId !== r.officialId);
    if (!covered(r, holders)) out.push({ key: `plh:${r.id}`, rule: 'plh', rows: [r] });
  }
  return out;
}

function describe(ctx: AssignmentContext, r: AssignmentRow) {
  return {
    post: ctx.positions[r.positionId]?.title ?? 'jabatan ini',
    who: ctx.officials[r.officialId]?.name ?? 'pegawai lain',
  };
}

/** The words of a structural problem, from the side of the row the edit touched. */
function setProblem(v: SetViolation, edited: ReadonlySet<string>, ctx: AssignmentContext): AssignmentProblem {
  const mine = v.rows.find((r) => edited.has(r.id)) ?? v.rows[0];
  const other = v.rows.find((r) => r !== mine) ?? mine;
  const { post } = describe(ctx, mine);
  const { who } = describe(ctx, other);
  const problem = (field: AssignmentField, message: string): AssignmentProblem => ({
    code: 'RULE_VIOLATION',
    rule: v.rule,
    message,
    pasal: ASSIGNMENT_RULES[v.rule],
    field,
  });
  switch (v.rule) {
    case 'oneHolder':
      return problem('positionId', `Jabatan ${post} sudah dipangku pejabat definitif (${who}, ${shown(other)}) pada periode itu`);
    case 'onePost':
      return problem(
        'officialId',
        `Pegawai ini sudah memangku jabatan definitif ${describe(ctx, other).post} (${shown(other)}) pada periode itu; gunakan mutasi untuk memindahkannya`,
      );
    case 'oneActing':
      return problem('positionId', `Jabatan ${post} sudah memiliki ${KIND_LABEL[other.kind]} (${who}, ${shown(other)}) pada periode itu`);
    case 'notOwnPost':
      return problem('officialId', `Pegawai ini pejabat definitif ${post} pada periode itu, sehingga tidak dapat menjadi Plt. atau Plh. jabatan itu`);
    case 'plt':
      return mine.kind === 'plt'
        ? problem('kind', `Plt. hanya untuk jabatan yang lowong: ${post} dipangku pejabat definitif (${who}, ${shown(other)}) pada periode itu`)
        : problem(
            'positionId',
            `Jabatan ${post} sedang dilaksanakan Plt. (${who}, ${shown(other)}) pada periode itu; akhiri penugasan Plt. itu lebih dahulu`,
          );
    case 'plh': {
      const plh = v.rows[0];
      return edited.has(plh.id)
        ? problem(
            'kind',
            `Plh. hanya selama pejabat definitif ${post} berhalangan sementara: jabatan itu tidak dipangku pejabat definitif sepanjang ${shown(plh)}; untuk jabatan lowong gunakan Plt.`,
          )
        : problem(
            'validTo',
            `Plh. ${describe(ctx, plh).who} (${shown(plh)}) bergantung pada pejabat definitif ${post}; akhiri atau ubah penugasan Plh. itu lebih dahulu`,
          );
    }
  }
}

/**
 * Every problem of an edit of the assignments, in order: each edited row's own period, kind and
 * official first, then the structural problems the edit brings (those already there before it, in
 * data loaded before administration existed, are not the edit's). `before` and `after`: every row
 * of the posts and officials concerned, as stored and as they would be.
 */
export function assignmentEditProblems(
  edits: readonly AssignmentEdit[],
  before: readonly AssignmentRow[],
  after: readonly AssignmentRow[],
  ctx: AssignmentContext,
): AssignmentProblem[] {
  const out: AssignmentProblem[] = [];
  for (const { before: was, after: r } of edits) {
    if (!isIsoDay(r.validFrom))
      out.push({ code: 'INVALID_INPUT', rule: 'period', message: 'Tanggal mulai harus berupa tanggal YYYY-MM-DD', field: 'validFrom' });
    else if (r.validTo !== null && !isIsoDay(r.validTo))
      out.push({ code: 'INVALID_INPUT', rule: 'period', message: 'Tanggal berakhir harus berupa tanggal YYYY-MM-DD', field: 'validTo' });
    else if (r.validTo !== null && r.validTo < r.validFrom)
      out.push({
        code: 'INVALID_INPUT',
        rule: 'period',
        message: `Tanggal berakhir (${r.validTo}) tidak boleh sebelum tanggal mulai penugasan (${r.validFrom})`,
        field: 'validTo',
      });
    if (r.kind !== 'definitif' && r.validTo === null) {
      out.push({
        code: 'RULE_VIOLATION',
        rule: 'temporary',
        message: `Penugasan ${KIND_LABEL[r.kind]} bersifat sementara: tanggal berakhir wajib diisi`,
        pasal: ASSIGNMENT_RULES.temporary,
        field: 'validTo',
      });
    }
    // Who may be given days in a post: checked on a new assignment and on one extended, never on one ended.
    const extends_ = !was || r.validFrom < was.validFrom || endOf(r) > endOf(was);
    const official = ctx.officials[r.officialId];
    const position = ctx.positions[r.positionId];
    if (extends_ && official && !official.active) {
      out.push({
        code: 'RULE_VIOLATION',
        rule: 'activeOfficial',
        message: 'Pegawai ini tidak aktif dan tidak dapat ditugaskan',
        pasal: ASSIGNMENT_RULES.activeOfficial,
        field: 'officialId',
      });
    }
    if (extends_ && official && position && official.organizationId !== position.organizationId) {
      out.push({
        code: 'RULE_VIOLATION',
        rule: 'sameOrganization',
        message: 'Pegawai dan jabatan harus pada organisasi yang sama; pegawai dari instansi lain harus dipindahkan lebih dahulu',
        pasal: ASSIGNMENT_RULES.sameOrganization,
        field: 'officialId',
      });
    }
  }
  if (out.some((p) => p.code === 'INVALID_INPUT')) return out;
  // Only the edited rows differ between before and after: a problem found only after is the edit's.
  const known = new Set(assignmentSetViolations(before).map((v) => v.key));
  const edited = new Set(edits.map((e) => e.after.id));
  const fresh = assignmentSetViolations(after).filter((v) => !known.has(v.key));
  fresh.sort((a, b) => SET_RULE_ORDER.indexOf(a.rule) - SET_RULE_ORDER.indexOf(b.rule));
  for (const v of fresh) out.push(setProblem(v, edited, ctx));
  return out;
}

/** Throws the first problem of an edit (a 400 for a malformed period, else a 422 citing its rule). */
export function checkAssignmentEdit(
  edits: readonly AssignmentEdit[],
  before: readonly AssignmentRow[],
  after: readonly AssignmentRow[],
  ctx: AssignmentContext,
): void {
  const [first] = assignmentEditProblems(edits, before, after, ctx);
  if (first) throw new DomainError(first.code, first.message, { field: first.field, ...(first.pasal ? { pasal: first.pasal } : {}) });
}

/**
 * A mutasi (transfer) as two edits: the official's definitif assignment in force the day before
 * `effectiveFrom` ends that day, and a definitif assignment of the new post starts on it. Refused
 * when the official holds no definitif post the day before, or would move to the post held.
 */
export function transferEdits(
  rowsOfOfficial: readonly AssignmentRow[],
  input: { id: string; officialId: string; toPositionId: string; effectiveFrom: string },
): AssignmentEdit[] {
  const dayBefore = addDays(input.effectiveFrom, -1);
  const current = rowsOfOfficial.find((r) => r.officialId === input.officialId && r.kind === 'definitif' && inForceOn(r, dayBefore));
  if (!current) {
    throw new DomainError(
      'RULE_VIOLATION',
      `Pegawai ini tidak memangku jabatan definitif pada ${dayBefore}; untuk penempatan pertama gunakan penugasan definitif`,
      { field: 'effectiveFrom', pasal: ASSIGNMENT_RULES.onePost },
    );
  }
  if (current.positionId === input.toPositionId) {
    throw new DomainError('RULE_VIOLATION', 'Pegawai ini sudah memangku jabatan tujuan', { field: 'toPositionId', pasal: ASSIGNMENT_RULES.onePost });
  }
  return [
    { before: current, after: { ...current, validTo: dayBefore } },
    {
      before: null,
      after: {
        id: input.id,
        officialId: input.officialId,
        positionId: input.toPositionId,
        kind: 'definitif',
        validFrom: input.effectiveFrom,
        validTo: null,
      },
    },
  ];
}

/** Applies edits to a set of rows: edited rows replaced, new rows added. */
export function applyEdits(rows: readonly AssignmentRow[], edits: readonly AssignmentEdit[]): AssignmentRow[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const e of edits) byId.set(e.after.id, e.after);
  return [...byId.values()];
}

/** Did an edit of a stored row shorten it (the trail's "ended"), rather than correct or extend it? */
export const endsEarlier = (before: Pick<AssignmentRow, 'validTo'>, after: Pick<AssignmentRow, 'validTo'>): boolean => endOf(after) < endOf(before);

/** A step waiting at a post (route_step pending while the document is in review). */
export interface StepAtPost {
  documentId: string;
  subject: string;
  kindName: string;
  classification: Classification;
  round: number;
  stepOrder: number;
  action: 'paraf' | 'sign';
  /** When it started waiting (ms). */
  startedAt: number;
}

const ACTION_TEXT = { paraf: 'paraf', sign: 'tanda tangan' } as const;

/**
 * An assignment that makes an official the holder of a post tells them of every step already
 * waiting there (the steps follow the post, not the person). Keyed like the chain's own
 * step_waiting notice, so an official told once of a waiting step is not told again.
 */
export function newHolderNotices(
  recipientOfficialId: string,
  kind: AssignmentKind,
  positionTitle: string,
  steps: readonly StepAtPost[],
): PlannedNotice[] {
  const as = kind === 'definitif' ? positionTitle : `${KIND_LABEL[kind]} ${positionTitle}`;
  return steps.map((s) => {
    const confidential = isSecret(s.classification);
    const label = confidential ? `Naskah rahasia (${s.kindName})` : s.subject;
    return {
      recipientOfficialId,
      event: 'step_waiting',
      dedupeKey: `${s.documentId}:${s.round}:${s.stepOrder}:${s.startedAt}:step_waiting:${recipientOfficialId}`,
      actingForOfficialId: null,
      confidential,
      title: kind === 'definitif' ? `Menunggu ${ACTION_TEXT[s.action]} Anda: ${label}` : `Menunggu ${ACTION_TEXT[s.action]} Anda: ${label} (${as})`,
      body: `${s.kindName} menunggu ${ACTION_TEXT[s.action]} Anda sebagai ${as}.`,
      link: documentLink(s.documentId),
      data: { documentId: s.documentId, stepOrder: s.stepOrder, action: s.action, assignmentKind: kind },
    };
  });
}
