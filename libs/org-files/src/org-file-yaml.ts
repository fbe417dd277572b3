import { createHash } from 'node:crypto';
import { Document, isMap, isPair, isScalar, isSeq, LineCounter, Node, parseDocument } from 'yaml';
import { z } from 'zod';
import { OrganizationImportFile, organizationImportFileSchema } from './org-file';
import { organizationFileEntries, PositionEntry } from './org-file-entries';

/** One thing wrong with an organisation file: where (line and column, 1-based), which field (its path), and why, in Bahasa Indonesia. */
export interface OrgFileProblem {
  line: number;
  column: number;
  /** The path of the field, e.g. `units.0.units.1.head.authority`; empty for the file as a whole. */
  field: string;
  message: string;
}

/** An organisation file that cannot be loaded, with every problem found. */
export class OrganizationFileError extends Error {
  constructor(readonly problems: OrgFileProblem[]) {
    super(problems.map((p) => `baris ${p.line}, kolom ${p.column}${p.field ? `, ${p.field}` : ''}: ${p.message}`).join('\n'));
    this.name = 'OrganizationFileError';
  }
}

/** Finds where a field of the file is: `at('units.0.head.code')`. */
export type FieldLocator = (field: string) => { line: number; column: number };

/** An organisation file read from its text: the checked content, how to find a field's line, and the text's SHA-256. */
export interface OrganizationFileText {
  file: OrganizationImportFile;
  at: FieldLocator;
  sha256: string;
}

export interface ReadOrganizationFileOptions {
  /** The codes of the document kinds that exist: a kind in `signingAuthority` must be one of them. */
  documentKinds?: readonly string[];
}

export type OrganizationFileReading = { text: OrganizationFileText; problems: OrgFileProblem[] } | { text: null; problems: OrgFileProblem[] };

/** Largest number of aliases expanded: a file of a city's office has none; "billion laughs" has many. */
const MAX_ALIASES = 50;

const TYPE_NAMES: Record<string, string> = {
  string: 'teks',
  number: 'angka',
  boolean: 'true atau false',
  array: 'daftar',
  object: 'peta (kunci: nilai)',
};

const segments = (field: string): Array<string | number> => (field ? field.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s)) : []);

function valueAt(data: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let cur = data;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[k];
  }
  return cur;
}

/** The schema's complaint in Bahasa Indonesia (zod's own messages are English, and the schema's few are too). */
function schemaMessage(issue: z.core.$ZodIssue, value: unknown): string {
  const last = String(issue.path[issue.path.length - 1] ?? '');
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return 'wajib diisi';
      if (value === null) return 'wajib diisi (nilainya kosong)';
      return `harus berupa ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'too_small': {
      const n = Number(issue.minimum);
      if (last === 'units' && issue.path.length === 1) return 'harus memuat tepat satu unit puncak (unit-unit lain di bawahnya)';
      if (issue.origin === 'string') return n <= 1 ? 'tidak boleh kosong' : `paling sedikit ${n} karakter`;
      if (issue.origin === 'array') return issue.exact ? `harus memuat tepat ${n} unsur` : `paling sedikit ${n} unsur`;
      return `paling kecil ${n}`;
    }
    case 'too_big': {
      const n = Number(issue.maximum);
      if (last === 'units' && issue.path.length === 1) return 'harus memuat tepat satu unit puncak (unit-unit lain di bawahnya)';
      if (issue.origin === 'string') return `paling banyak ${n} karakter`;
      if (issue.origin === 'array') return issue.exact ? `harus memuat tepat ${n} unsur` : `paling banyak ${n} unsur`;
      return `paling besar ${n}`;
    }
    case 'invalid_format':
      if (last === 'nip') return 'NIP harus 18 digit angka';
      if (issue.format === 'includes') return `harus memuat "${(issue as { includes?: string }).includes}"`;
      return 'bentuknya tidak sah';
    case 'invalid_value':
      return `harus salah satu dari: ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'invalid_union':
      return last === 'level' ? 'jenjang harus 1, 2, 3 atau 4' : 'nilainya tidak sah';
    case 'unrecognized_keys':
      return `isian tidak dikenal: ${issue.keys.join(', ')}`;
    default:
      return 'nilainya tidak sah';
  }
}

/** Keys the schema dropped (it strips what it does not know): a misspelt key would otherwise vanish unnoticed. */
function unknownKeys(raw: unknown, parsed: unknown, path: Array<string | number>, out: Array<Array<string | number>>): void {
  if (Array.isArray(raw) && Array.isArray(parsed)) {
    raw.forEach((r, i) => unknownKeys(r, parsed[i], [...path, i], out));
    return;
  }
  if (raw === null || parsed === null || typeof raw !== 'object' || typeof parsed !== 'object' || Array.isArray(parsed)) return;
  for (const [k, v] of Object.entries(raw)) {
    if (!Object.hasOwn(parsed, k)) out.push([...path, k]);
    else unknownKeys(v, (parsed as Record<string, unknown>)[k], [...path, k], out);
  }
}

/** The node of a path in the document, or the deepest one that exists on the way (a missing key: its map; an empty value: its key). */
function nodeAt(doc: Document, path: ReadonlyArray<string | number>, key: boolean): Node | null {
  let cur = (doc.contents as Node | null) ?? null;
  for (const [i, seg] of path.entries()) {
    if (isMap(cur)) {
      const pair = cur.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return cur;
      const value = pair.value as Node | null;
      const empty = !value || (isScalar(value) && value.value === null && value.range?.[0] === value.range?.[1]);
      if ((key && i === path.length - 1) || empty) return pair.key as Node;
      cur = value;
    } else if (isSeq(cur) && typeof seg === 'number' && seg < cur.items.length) {
      cur = cur.items[seg] as Node;
    } else {
      return cur;
    }
  }
  return cur;
}

function locator(doc: Document, lc: LineCounter): (field: string, key?: boolean) => { line: number; column: number } {
  return (field, key = false) => {
    const node = nodeAt(doc, segments(field), key);
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = lc.linePos(offset);
    return { line, column: col };
  };
}

/**
 * Reads an organisation file (the seed format) from its text: YAML syntax, then the schema of
 * org-file.ts, then what the schema cannot see (unknown keys, duplicate codes, "reports via" a
 * unit that is not in the file, one person given two definitive posts, an authority table naming
 * a kind that does not exist or a position that may not sign). Every problem found is reported,
 * each with its line, column and field; rules that need the domain (a valid NIP, the chart's
 * structure) are checked by the seeder on top of this.
 */
export function readOrganizationFileText(source: string, opts: ReadOrganizationFileOptions = {}): OrganizationFileReading {
  const text = source.replace(/^\uFEFF/, '');
  if (!text.trim()) return { text: null, problems: [{ line: 1, column: 1, field: '', message: 'Berkas organisasi kosong' }] };
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, strict: true });
  const problemAt = (pos: number, message: string): OrgFileProblem => {
    const { line, col } = lc.linePos(pos);
    return { line, column: col, field: '', message };
  };
  if (doc.errors.length) {
    return { text: null, problems: doc.errors.map((e) => problemAt(e.pos[0], `Sintaks YAML tidak sah: ${yamlErrorText(e.code)}`)) };
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch {
    return { text: null, problems: [problemAt(0, `Berkas memakai alias YAML terlalu banyak (paling banyak ${MAX_ALIASES})`)] };
  }
  const find = locator(doc, lc);
  const problem = (field: string, message: string, key = false): OrgFileProblem => ({ ...find(field, key), field, message });
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { text: null, problems: [problem('', 'Berkas organisasi harus berupa peta YAML (kunci: nilai), mulai dari code, name, city, ...')] };
  }

  const parsed = organizationImportFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const field = i.path.map(String).join('.');
      return problem(field, schemaMessage(i, valueAt(raw, i.path)));
    });
    return { text: null, problems: sortProblems(dedupe(problems)) };
  }
  const file = parsed.data;
  const problems: OrgFileProblem[] = [];
  const dropped: Array<Array<string | number>> = [];
  unknownKeys(raw, file, [], dropped);
  for (const path of dropped) problems.push(problem(path.join('.'), `isian tidak dikenal: ${String(path[path.length - 1])}`, true));
  problems.push(...structureProblems(file, problem, opts));
  const sha256 = createHash('sha256').update(source, 'utf8').digest('hex');
  return { text: { file, at: (field) => find(field), sha256 }, problems: sortProblems(dedupe(problems)) };
}

/** Reads and checks the file, or throws OrganizationFileError with every problem found. */
export function parseOrganizationFileText(source: string, opts: ReadOrganizationFileOptions = {}): OrganizationFileText {
  const r = readOrganizationFileText(source, opts);
  if (r.problems.length || !r.text) throw new OrganizationFileError(r.problems);
  return r.text;
}

function structureProblems(
  file: OrganizationImportFile,
  problem: (field: string, message: string, key?: boolean) => OrgFileProblem,
  opts: ReadOrganizationFileOptions,
): OrgFileProblem[] {
  const out: OrgFileProblem[] = [];
  const { units, positions } = organizationFileEntries(file);
  const lineOf = (field: string) => problem(field, '').line;

  const unitByCode = new Map<string, string>();
  for (const u of units) {
    const seen = unitByCode.get(u.unit.code);
    if (seen) out.push(problem(`${u.path}.code`, `Kode unit ${u.unit.code} sudah dipakai di baris ${lineOf(`${seen}.code`)}`));
    else unitByCode.set(u.unit.code, u.path);
  }
  for (const u of units) {
    const via = u.unit.reportsVia;
    if (via === undefined) continue;
    if (via === u.unit.code) out.push(problem(`${u.path}.reportsVia`, `Unit ${u.unit.code} tidak dapat melapor melalui dirinya sendiri`));
    else if (!unitByCode.has(via)) out.push(problem(`${u.path}.reportsVia`, `Unit ${via} (reportsVia) tidak ada dalam berkas`));
  }

  const positionByCode = new Map<string, PositionEntry>();
  for (const p of positions) {
    const seen = positionByCode.get(p.code);
    if (seen) out.push(problem(`${p.path}.code`, `Kode jabatan ${p.code} sudah dipakai di baris ${lineOf(`${seen.path}.code`)}`));
    else positionByCode.set(p.code, p);
  }

  // One person, one definitive post (a Plt. or Plh. may come on top); the same person written the same way everywhere.
  const byNip = new Map<string, PositionEntry>();
  for (const p of positions) {
    const h = p.holder;
    if (!h) continue;
    const first = byNip.get(h.nip);
    if (!first) {
      byNip.set(h.nip, p);
      continue;
    }
    const f = first.holder!;
    const at = `${p.path}.holder.nip`;
    const firstLine = lineOf(`${first.path}.holder.nip`);
    if ((f.assignment ?? 'definitif') === 'definitif' && (h.assignment ?? 'definitif') === 'definitif') {
      out.push(
        problem(
          at,
          `NIP ${h.nip} sudah memangku jabatan definitif ${first.code} (baris ${firstLine}); seorang pegawai memangku satu jabatan definitif`,
        ),
      );
    } else if (personOf(f) !== personOf(h)) {
      out.push(problem(at, `Data pegawai NIP ${h.nip} berbeda dengan yang tertulis di baris ${firstLine} (nama, gelar, pangkat, peran)`));
    }
  }

  // The authority table: kinds that exist, positions of this file that may sign, each once.
  for (const [kind, codes] of Object.entries(file.signingAuthority ?? {})) {
    const base = `signingAuthority.${kind}`;
    if (opts.documentKinds && !opts.documentKinds.includes(kind)) {
      out.push(problem(base, `Jenis naskah ${kind} tidak ada (yang ada: ${[...opts.documentKinds].sort().join(', ')})`, true));
    }
    const listed = new Set<string>();
    codes.forEach((code, i) => {
      const field = `${base}.${i}`;
      const p = positionByCode.get(code);
      if (listed.has(code)) out.push(problem(field, `Jabatan ${code} disebut dua kali`));
      listed.add(code);
      if (!p) out.push(problem(field, `Jabatan ${code} tidak ada dalam berkas`));
      else if (!p.head?.authority.includes('sign')) {
        const why = p.head ? 'kewenangannya (authority) tidak memuat sign' : 'jabatan pelaksana/fungsional tidak menandatangani naskah dinas';
        out.push(problem(field, `Jabatan ${code} (${p.title}) tidak berwenang menandatangani: ${why}; tidak dapat menjadi penanda tangan ${kind}`));
      }
    });
  }
  return out;
}

const personOf = (h: NonNullable<PositionEntry['holder']>) =>
  JSON.stringify([h.name, h.gelarDepan ?? '', h.gelarBelakang ?? '', h.rank, [...(h.roles ?? [])].sort()]);

function dedupe(problems: OrgFileProblem[]): OrgFileProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.field}|${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function sortProblems(problems: OrgFileProblem[]): OrgFileProblem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.column - b.column);
}

/** The YAML parser's error codes, said in Bahasa Indonesia. */
function yamlErrorText(code: string): string {
  const texts: Record<string, string> = {
    DUPLICATE_KEY: 'kunci yang sama ditulis dua kali dalam satu peta',
    MULTIPLE_DOCS: 'berkas memuat lebih dari satu dokumen YAML (pemisah ---)',
    BAD_INDENT: 'indentasi tidak sesuai',
    MISSING_CHAR: 'tanda penutup (], }, atau tanda kutip) tidak ada',
    UNEXPECTED_TOKEN: 'ada tanda yang tidak diharapkan di sini',
    BLOCK_AS_IMPLICIT_KEY: 'blok tidak dapat menjadi kunci',
    MULTILINE_IMPLICIT_KEY: 'kunci tidak boleh lebih dari satu baris',
    TAB_AS_INDENT: 'indentasi memakai tab; gunakan spasi',
    BAD_ALIAS: 'alias tidak sah',
    BAD_DIRECTIVE: 'direktif YAML tidak sah',
    BAD_DQ_ESCAPE: 'escape dalam tanda kutip ganda tidak sah',
    BAD_SCALAR_START: 'nilai diawali tanda yang tidak boleh',
    BAD_COLLECTION_TYPE: 'jenis koleksi tidak sah',
    DUPLICATE_ANCHOR: 'anchor yang sama dipakai dua kali',
    KEY_OVER_1024_CHARS: 'kunci lebih dari 1024 karakter',
    TAG_RESOLVE_FAILED: 'tag YAML tidak dikenal',
    IMPOSSIBLE: 'susunan YAML tidak mungkin dibaca',
    RESOURCE_EXHAUSTION: 'susunan bersarang terlalu dalam atau terlalu besar',
  };
  return texts[code] ?? `susunan tidak dapat dibaca (${code})`;
}
