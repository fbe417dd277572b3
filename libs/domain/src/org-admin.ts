import { DomainError } from './errors';
import { numberSeries } from './numbering';
import type { Authority, OrgChart, PositionNode, UnitNode } from './org-chart';
import { cite } from './sources';

/**
 * Administration of an organisation's chart and settings (issue 15): the rules an administrator's
 * edit must pass on top of validateOrgChart, which every chart (seed, import, edit) passes.
 */

/** The placeholders of a letter number (DESIGN §6; formatLetterNumber): archive code, running number, unit code, year. */
export const NUMBER_PLACEHOLDERS = ['kode', 'nomor', 'unit', 'tahun'] as const;

/** The longest template the organisation and document-kind columns hold. */
export const NUMBER_TEMPLATE_MAX = 100;

/**
 * What is wrong with a number template, or undefined. The running number is what makes a number
 * unique (DESIGN §6), so {nomor} is required; it starts again each calendar year, so {tahun} is
 * required too (without it the numbers of January repeat those of the year before); each
 * placeholder is filled once (formatLetterNumber replaces the first occurrence only), and braces
 * that name nothing else are a typing error.
 */
export function numberTemplateProblems(template: string): string[] {
  const problems: string[] = [];
  if (!template.trim()) return ['templat nomor wajib diisi'];
  if (template.length > NUMBER_TEMPLATE_MAX) problems.push(`templat nomor paling panjang ${NUMBER_TEMPLATE_MAX} karakter`);
  if (/\p{Cc}/u.test(template)) problems.push('templat nomor tidak boleh memuat karakter kendali');
  const found = [...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]);
  const unknown = found.filter((p) => !(NUMBER_PLACEHOLDERS as readonly string[]).includes(p));
  if (unknown.length) {
    problems.push(
      `penanda tidak dikenal: ${unknown.map((p) => `{${p}}`).join(', ')}; yang dikenal: ${NUMBER_PLACEHOLDERS.map((p) => `{${p}}`).join(' ')}`,
    );
  }
  if (!found.includes('nomor')) problems.push('templat nomor harus memuat {nomor} (nomor urut)');
  if (!found.includes('tahun')) {
    problems.push('templat nomor harus memuat {tahun}: nomor urut dimulai lagi setiap tahun, tanpa tahun nomornya akan berulang');
  }
  const repeated = NUMBER_PLACEHOLDERS.filter((p) => found.filter((f) => f === p).length > 1);
  if (repeated.length) problems.push(`penanda hanya boleh dipakai sekali: ${repeated.map((p) => `{${p}}`).join(', ')}`);
  // A brace left over once every {…} pair is taken out opens or closes nothing.
  if (/[{}]/.test(template.replace(/\{[^{}]*\}/g, ''))) problems.push('kurung kurawal tidak berpasangan');
  return problems;
}

/** Throws INVALID_INPUT naming the field when the template is not one formatLetterNumber fills completely. */
export function validateNumberTemplate(template: string, field: string): void {
  const problems = numberTemplateProblems(template);
  if (problems.length) throw new DomainError('INVALID_INPUT', `Templat nomor tidak sah: ${problems.join('; ')}`, { field });
}

/** A kind as its numbering sees it. */
export interface KindNumbering {
  code: string;
  name: string;
  numberPattern: string;
}

const seriesName = (series: string) => (series === 'umum' ? 'seri umum (bersama jenis lain)' : 'serinya sendiri');

/**
 * Which series (numberSeries) a kind numbers in is fixed once it exists: the running number is unique
 * per organisation, series and year (DESIGN §6), so a kind moved into another series mid-year would
 * take numbers the other series already issued (a decree moved into the shared series by an
 * organisation template equal to its own pattern, NOMOR {nomor} TAHUN {tahun}), or restart its own.
 * Ketentuan aplikasi ini. Throws INVALID_INPUT naming the field and each kind that would move.
 */
export function assertTemplateKeepsSeries(kinds: readonly KindNumbering[], before: string, after: string, field: string): void {
  const moved = kinds
    .map((k) => ({ k, from: numberSeries(k.code, k.numberPattern, before).series, to: numberSeries(k.code, k.numberPattern, after).series }))
    .filter((x) => x.from !== x.to);
  if (!moved.length) return;
  const list = moved.map(({ k, from, to }) => `${k.name} (${k.numberPattern}) dari ${seriesName(from)} ke ${seriesName(to)}`).join('; ');
  throw new DomainError(
    'INVALID_INPUT',
    `Templat nomor ini memindahkan seri penomoran jenis naskah: ${list}. Nomor urut berlaku per seri dan tahun, sehingga nomor dapat berulang; gunakan templat yang berbeda dari pola nomor jenis naskah itu`,
    { field },
  );
}

/**
 * A kind's new number pattern keeps the kind in the series it numbers in, under every organisation's
 * template (assertTemplateKeepsSeries, the same rule seen from the kind).
 */
export function assertPatternKeepsSeries(kind: KindNumbering, after: string, orgTemplates: readonly string[], field: string): void {
  for (const template of new Set(orgTemplates)) {
    const from = numberSeries(kind.code, kind.numberPattern, template).series;
    const to = numberSeries(kind.code, after, template).series;
    if (from === to) continue;
    throw new DomainError(
      'INVALID_INPUT',
      `Pola nomor ini memindahkan ${kind.name} dari ${seriesName(from)} ke ${seriesName(to)} pada organisasi bertemplat ${template}. Nomor urut berlaku per seri dan tahun, sehingga nomor dapat berulang; buat jenis naskah baru untuk pola penomoran lain`,
      { field },
    );
  }
}

/** The layouts the letter renderer draws (libs/letter/src/render-letter.ts): a kind must name one of them. */
export const LETTER_LAYOUTS = ['surat', 'surat-edaran', 'nota-dinas', 'keputusan', 'surat-tugas', 'laporan', 'telaahan-staf'] as const;
export type LetterLayout = (typeof LETTER_LAYOUTS)[number];

/** Categories of naskah dinas (DESIGN §4). */
export const DOCUMENT_CATEGORIES = ['arahan', 'korespondensi', 'khusus'] as const;

/** The unit kinds a chart knows (UnitKind). */
export const UNIT_KINDS = ['dinas', 'sekretariat', 'subbagian', 'bidang', 'uptd', 'kelompok-fungsional'] as const;

/**
 * Codes of organisations, units and positions: capitals, digits, and single hyphens or
 * underscores between them (unit codes are printed in letter numbers, {unit}). Ketentuan aplikasi ini.
 */
export const CHART_CODE_PATTERN = /^[A-Z0-9]+(?:[-_][A-Z0-9]+)*$/;
/** Codes of document kinds, as the document-kinds file writes them (NOTA_DINAS). */
export const KIND_CODE_PATTERN = /^[A-Z]+(?:_[A-Z]+)*$/;
export const CODE_MAX = 32;

/** What a position's authority rests on, as stored: the Pasal placing it, and the Pasal giving its authority. */
export interface PositionCitations {
  pasal: string;
  authorityPasal: string;
}

const hasAuthority = (a: Authority) => a.check || a.return || a.paraf || a.sign;

/**
 * The citations of a position an administrator describes. An authority over naskah dinas needs the
 * Pasal that gives it (DESIGN §3: every authority names its source). A position with none cites
 * what places it, like the seed's functional officials and pelaksana; a head is placed by its unit's Pasal.
 */
export function positionCitations(input: {
  isHead: boolean;
  unitPasal: string;
  authority: Authority;
  pasal?: string | null;
  authorityPasal?: string | null;
}): PositionCitations {
  const given = (s: string | null | undefined) => (s?.trim() ? s.trim() : undefined);
  const authorityPasal = given(input.authorityPasal);
  if (hasAuthority(input.authority) && !authorityPasal) {
    throw new DomainError('INVALID_INPUT', 'Kewenangan jabatan harus menyebut Pasal yang memberikannya (authorityPasal)', {
      field: 'authorityPasal',
    });
  }
  const pasal = given(input.pasal) ?? (input.isHead ? given(input.unitPasal) : authorityPasal);
  if (!pasal) throw new DomainError('INVALID_INPUT', 'Sebutkan Pasal yang menetapkan jabatan ini (pasal)', { field: 'pasal' });
  return { pasal, authorityPasal: authorityPasal ?? pasal };
}

/**
 * An edit that gives a position an authority it did not have names the Pasal that gives it, in the
 * same edit: the Pasal it cited so far gave something else (DESIGN §3, every authority names its source).
 */
export function assertNewAuthorityCited(before: Authority, after: Authority, authorityPasalGiven: boolean): void {
  const gained = (['check', 'return', 'paraf', 'sign'] as const).filter((k) => after[k] && !before[k]);
  if (gained.length && !authorityPasalGiven) {
    throw new DomainError('INVALID_INPUT', `Kewenangan baru (${gained.join(', ')}) harus menyebut Pasal yang memberikannya (authorityPasal)`, {
      field: 'authorityPasal',
    });
  }
}

/**
 * Only a position whose own authority includes signing may sign a kind (DESIGN §3: "a position
 * that may not sign can never be a signer", e.g. Cilegon Pasal 16 huruf f angka 3): the refusal
 * cites the Pasal that defines the position's authority.
 */
export function assertMaySign(
  position: Pick<PositionNode, 'title' | 'authority' | 'authorityPasal'>,
  regulationCitation: string,
  field: string,
): void {
  if (position.authority.sign) return;
  const pasal = cite(regulationCitation, position.authorityPasal);
  throw new DomainError('RULE_VIOLATION', `${position.title}: jabatan ini tidak berwenang menandatangani menurut ${pasal}`, { pasal, field });
}

/**
 * A position that signs some kinds in the authority table keeps its signing authority until it is
 * taken off those rows: otherwise the table would name a signer who may not sign (DESIGN §3).
 */
export function assertKeepsSigning(
  before: Pick<PositionNode, 'authority'>,
  after: Pick<PositionNode, 'title' | 'authority' | 'authorityPasal'>,
  signerOf: readonly string[],
  regulationCitation: string,
): void {
  if (!before.authority.sign || after.authority.sign || !signerOf.length) return;
  const pasal = cite(regulationCitation, after.authorityPasal);
  throw new DomainError(
    'RULE_VIOLATION',
    `${after.title} masih penandatangan ${signerOf.join(', ')} dalam tabel kewenangan; keluarkan dulu dari tabel itu sebelum mencabut kewenangan menandatangani (${pasal})`,
    { pasal, field: 'authority.sign' },
  );
}

/** The ids of a unit's descendants (children, their children, ...), not the unit itself. */
export function descendantsOf(units: readonly Pick<UnitNode, 'id' | 'parentId'>[], unitId: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const u of units) if (u.parentId) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u.id]);
  const out = new Set<string>();
  const pending = [...(children.get(unitId) ?? [])];
  while (pending.length) {
    const id = pending.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    pending.push(...(children.get(id) ?? []));
  }
  return out;
}

/**
 * Where a unit may hang and whom its head may report through. A unit under its own descendant
 * would cut its subtree off the chart (routing climbs the tree); a reports-via link names another
 * unit, outside the unit's own subtree, and the Pasal that sets it (e.g. Cilegon Pasal 3 ayat (3)).
 */
export function validateUnitPlacement(
  units: readonly Pick<UnitNode, 'id' | 'parentId'>[],
  unit: { id: string; parentId: string | null; reportsViaUnitId: string | null; reportsViaPasal: string | null },
): void {
  const below = descendantsOf(units, unit.id);
  if (unit.parentId !== null && (unit.parentId === unit.id || below.has(unit.parentId))) {
    throw new DomainError('INVALID_INPUT', 'Unit tidak dapat ditempatkan di bawah dirinya sendiri atau unit bawahannya', { field: 'parentId' });
  }
  if (unit.reportsViaUnitId !== null) {
    if (unit.reportsViaUnitId === unit.id || below.has(unit.reportsViaUnitId)) {
      throw new DomainError('INVALID_INPUT', 'Pimpinan unit tidak dapat melapor melalui unitnya sendiri atau unit bawahannya', {
        field: 'reportsViaUnitId',
      });
    }
    if (!unit.reportsViaPasal?.trim()) {
      throw new DomainError('INVALID_INPUT', 'Sebutkan Pasal yang menetapkan jalur pelaporan ini (reportsViaPasal)', { field: 'reportsViaPasal' });
    }
  } else if (unit.reportsViaPasal !== null) {
    throw new DomainError('INVALID_INPUT', 'Pasal jalur pelaporan hanya diisi bersama unit perantara (reportsViaUnitId)', {
      field: 'reportsViaPasal',
    });
  }
}

/** The codes of units whose reports-via link points into their own subtree (a move can make one): routing would climb down. */
export function reportsViaIntoOwnSubtree(units: readonly Pick<UnitNode, 'id' | 'parentId' | 'reportsViaUnitId' | 'code'>[]): string[] {
  return units
    .filter((u) => u.reportsViaUnitId !== null && (u.reportsViaUnitId === u.id || descendantsOf(units, u.id).has(u.reportsViaUnitId)))
    .map((u) => u.code);
}

/** The chart with one unit added or replaced (by id). */
export function withUnit(chart: OrgChart, unit: UnitNode): OrgChart {
  const exists = chart.units.some((u) => u.id === unit.id);
  return { ...chart, units: exists ? chart.units.map((u) => (u.id === unit.id ? unit : u)) : [...chart.units, unit] };
}

/** The chart with one position added or replaced (by id). */
export function withPosition(chart: OrgChart, position: PositionNode): OrgChart {
  const exists = chart.positions.some((p) => p.id === position.id);
  return { ...chart, positions: exists ? chart.positions.map((p) => (p.id === position.id ? position : p)) : [...chart.positions, position] };
}

/** The chart without a unit and without the positions in it. */
export function withoutUnit(chart: OrgChart, unitId: string): OrgChart {
  return { units: chart.units.filter((u) => u.id !== unitId), positions: chart.positions.filter((p) => p.unitId !== unitId) };
}

/** The chart without a position. */
export function withoutPosition(chart: OrgChart, positionId: string): OrgChart {
  return { ...chart, positions: chart.positions.filter((p) => p.id !== positionId) };
}

/** What still rests on a position: each reason its removal is refused, counted. */
export interface PositionReferences {
  /** Assignments past, present or future: they are the post's history (who held it when). */
  assignments: number;
  /** Steps of routes fixed at submission: a route never changes (issue 15), so its positions stay. */
  routeSteps: number;
  /** Names of the kinds it signs in the authority table. */
  signerOf: readonly string[];
  /** Documents naming it as drafter's post, requested signer, signer, current step or coordinator. */
  documents: number;
  /** Deputy appointments (Hal Mewakili) naming it, as principal or deputy. */
  delegations: number;
}

/** Why a position may not be removed: empty when it may. The chart keeps every post that history refers to. */
export function positionRemovalBlockers(r: PositionReferences): string[] {
  const out: string[] = [];
  if (r.assignments) out.push(`masih ada ${r.assignments} penugasan pejabat (lalu atau kini) pada jabatan ini`);
  if (r.routeSteps) out.push(`jabatan ini tercantum pada ${r.routeSteps} langkah alur naskah yang sudah diajukan`);
  if (r.signerOf.length) out.push(`jabatan ini penandatangan ${r.signerOf.join(', ')} dalam tabel kewenangan`);
  if (r.documents) out.push(`jabatan ini disebut oleh ${r.documents} naskah`);
  if (r.delegations) out.push(`jabatan ini disebut oleh ${r.delegations} penunjukan wakil`);
  return out;
}

/**
 * Why a unit may not be removed: empty when it may. Its child units and its staff go first; its
 * head goes with it (a unit never stands without its head, validateOrgChart), when nothing rests on the head.
 */
export function unitRemovalBlockers(r: {
  isRoot: boolean;
  childUnits: readonly string[];
  positions: readonly string[];
  /** Documents addressing the unit (recipient or tembusan): their letters name it. */
  documents: number;
  head: readonly string[];
}): string[] {
  const out: string[] = [];
  if (r.isRoot) out.push('unit puncak organisasi tidak dapat dihapus');
  if (r.childUnits.length) out.push(`unit ini masih membawahi unit ${r.childUnits.join(', ')}`);
  if (r.positions.length) out.push(`unit ini masih memiliki jabatan ${r.positions.join(', ')}`);
  if (r.documents) out.push(`unit ini dituju oleh ${r.documents} naskah (penerima atau tembusan)`);
  out.push(...r.head.map((h) => `pimpinan unit: ${h}`));
  return out;
}

/** The same list of positions for a kind twice, or one named twice: the field of the first repeat. */
export function repeatedPosition(positionIds: readonly string[]): number | undefined {
  const seen = new Set<string>();
  for (const [i, id] of positionIds.entries()) {
    if (seen.has(id)) return i;
    seen.add(id);
  }
  return undefined;
}

/** The administrative roles an official may hold (OFFICIAL_ROLES in @naskah/persistence). */
const ADMINISTRATIVE_ROLES: readonly string[] = ['admin', 'city-admin'];

/**
 * The administrative roles a target account holds that the administrator lacks. Whose account an
 * administrator may change (edit, roles, deactivate, activate, password reset, CSV or file import):
 * never one with such a role. An organisation's administrator manages its officials and its other
 * administrators; the city administrator's account only another city administrator (otherwise an
 * organisation's administrator could reset it and sign in as him). Ketentuan aplikasi ini.
 */
export function accountRolesAbove(actorRoles: readonly string[], targetRoles: readonly string[] | null): string[] {
  return (targetRoles ?? []).filter((r) => ADMINISTRATIVE_ROLES.includes(r) && !actorRoles.includes(r));
}

/** accountRolesAbove as a question: may this administrator change that account? */
export const mayManageAccount = (actorRoles: readonly string[], targetRoles: readonly string[] | null): boolean =>
  !accountRolesAbove(actorRoles, targetRoles).length;
