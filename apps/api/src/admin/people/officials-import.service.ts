import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { hash } from 'argon2';
import { isEmail } from 'class-validator';
import { CsvError, parse } from 'csv-parse/sync';
import { EntityManager, In } from 'typeorm';
import {
  AssignmentContext,
  AssignmentField,
  AssignmentRow,
  applyEdits,
  assignmentEditProblems,
  DomainError,
  inForceOn,
  isIsoDay,
  isValidNip,
  mayManageAccount,
} from '@naskah/domain';
import { appendOrganizationAudit, AssignmentEntity, OfficialEntity, PositionEntity, todayInJakarta } from '@naskah/persistence';
import { Actor } from '../../common/actor';
import { InvalidInputException } from '../../common/validation';
import { tellNewHolder } from './assignment-store';
import { ImportOfficialsResultDto, ImportRefusalDto } from './dto/import.dto';
import { isDuplicate, recordedOfficial } from './officials-admin.service';
import { PeopleAccess } from './people-access';

/** The columns of the officials' file: these seven always (values may be empty where noted), `mulai` and `sk` when wanted. */
export const REQUIRED_COLUMNS = ['nip', 'nama', 'gelar_depan', 'gelar_belakang', 'pangkat_golongan', 'jabatan', 'email'] as const;
export const OPTIONAL_COLUMNS = ['mulai', 'sk'] as const;
type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];
/** A city's largest office has well under this many officials. */
export const MAX_IMPORT_ROWS = 5000;

const CONTROL = /\p{Cc}/u;
const INSERT_CHUNK = 500;

interface Line {
  line: number;
  cells: Partial<Record<Column, string>>;
  count: number;
}

interface ParsedRow {
  line: number;
  nip: string;
  name: string;
  gelarDepan: string;
  gelarBelakang: string;
  rank: string;
  email: string | null;
  positionCode: string | null;
  from: string;
  decreeRef: string | null;
}

const fileError = (field: string, reason: string) => new InvalidInputException([{ field, reasons: [reason] }]);

const CSV_REASONS: Partial<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'tanda petik (") tidak ditutup',
  CSV_INVALID_CLOSING_QUOTE: 'ada karakter setelah tanda petik penutup',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'ada karakter setelah tanda petik penutup',
  INVALID_OPENING_QUOTE: 'tanda petik pembuka di tengah isian',
  CSV_MAX_RECORD_SIZE: 'baris terlalu panjang',
};

/** Header row first; `;` when the header uses it (spreadsheets in Indonesian locales save CSV so), else `,`. */
function readCsv(text: unknown): { header: Column[]; lines: Line[] } {
  if (typeof text !== 'string' || text.replace(/^\ufeff/, '').trim() === '')
    throw fileError('body', 'Berkas kosong: kirim daftar pegawai sebagai CSV dengan baris judul kolom');
  const firstLine = text.replace(/^\ufeff/, '').split(/\r?\n/, 1)[0];
  const delimiter = firstLine.split(';').length > firstLine.split(',').length ? ';' : ',';
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      bom: true,
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      trim: true,
      max_record_size: 64 * 1024,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (e) {
    if (e instanceof CsvError) {
      const where = typeof e.lines === 'number' ? ` (baris ${e.lines})` : '';
      throw fileError('body', `Berkas CSV tidak dapat dibaca${where}: ${CSV_REASONS[e.code] ?? 'format CSV tidak sah'}`);
    }
    throw e;
  }
  if (records.length > MAX_IMPORT_ROWS + 1)
    throw fileError('body', `Paling banyak ${MAX_IMPORT_ROWS} baris pegawai dalam satu berkas; bagi berkas ini`);
  const [head, ...rest] = records;
  const header = head.record.map((h) => h.toLowerCase().trim());
  const known: readonly string[] = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS];
  const problems: Array<{ field: string; reasons: string[] }> = [];
  header.forEach((h, i) => {
    if (!h) problems.push({ field: `kolom ${i + 1}`, reasons: ['judul kolom kosong'] });
    else if (!known.includes(h)) problems.push({ field: h, reasons: [`kolom tidak dikenal; kolom yang dikenal: ${known.join(', ')}`] });
    else if (header.indexOf(h) !== i) problems.push({ field: h, reasons: ['kolom ini muncul lebih dari sekali'] });
  });
  for (const c of REQUIRED_COLUMNS) if (!header.includes(c)) problems.push({ field: c, reasons: ['kolom wajib ini tidak ada pada baris judul'] });
  if (problems.length) throw new InvalidInputException(problems);
  if (!rest.length) throw fileError('body', 'Berkas hanya berisi baris judul: tidak ada pegawai untuk diimpor');
  const lines = rest.map(({ record, info }) => {
    // info.lines is where the record ends; a quoted value may span lines.
    const extra = record.reduce((n, v) => n + (v.split('\n').length - 1), 0);
    const cells: Partial<Record<Column, string>> = {};
    header.forEach((h, i) => (cells[h as Column] = record[i] ?? ''));
    return { line: info.lines - extra, cells, count: record.length };
  });
  return { header: header as Column[], lines };
}

/** The NIP as written, without the spaces of its printed form (19xxxxxx xxxxxx x xxx). */
const normalizedNip = (raw: string) => raw.replace(/[\s.]/g, '');

function nipProblem(raw: string): string | null {
  const nip = normalizedNip(raw);
  if (!nip) return 'NIP wajib diisi';
  if (/e\+?\d/i.test(raw)) return 'NIP tertulis sebagai bilangan (mis. 1,99E+17): simpan kolom NIP sebagai teks';
  if (!/^\d{18}$/.test(nip)) return 'NIP harus 18 digit angka';
  if (!isValidNip(nip)) return 'NIP tidak sah: tanggal lahir, TMT CPNS, jenis kelamin atau nomor urut tidak masuk akal';
  return null;
}

function textProblem(value: string, what: string, max: number, required: boolean): string | null {
  if (required && !value) return `${what} wajib diisi`;
  if (CONTROL.test(value)) return `${what} tidak boleh memuat karakter kendali`;
  if (value.length > max) return `${what} paling panjang ${max} karakter`;
  return null;
}

/** The assignment rules' fields, as the file's columns. */
const COLUMN_OF: Record<AssignmentField, Column> = {
  officialId: 'nip',
  positionId: 'jabatan',
  kind: 'jabatan',
  validFrom: 'mulai',
  validTo: 'mulai',
};

interface Plan {
  creates: OfficialEntity[];
  updates: Array<{ before: OfficialEntity; after: OfficialEntity }>;
  unchanged: number;
  assignments: AssignmentEntity[];
  nipOf: Map<string, string>;
  refusals: ImportRefusalDto[];
  refusedLines: Set<number>;
}

/**
 * Officials from a CSV file (issue 15): each row creates an official, or updates the one of this
 * organisation with the same NIP, and with a `jabatan` gives a definitif assignment from `mulai`
 * (today when empty) under the same rules as the API's. Every refused row is reported with its
 * line, NIP, column and reason; the valid rows are imported all the same, in one transaction.
 * Officials it creates have no password anyone knows: the administrator resets each one's to hand
 * out a temporary password. `dryRun`: everything is checked, nothing is written.
 */
@Injectable()
export class OfficialsImportService {
  constructor(private readonly people: PeopleAccess) {}

  async import(
    actor: Actor,
    organizationId: string,
    body: unknown,
    dryRun: boolean,
    clientAddress: string | null,
  ): Promise<ImportOfficialsResultDto> {
    await this.people.organization(actor, organizationId);
    const { lines } = readCsv(body);
    const { rows, refusals } = this.parseRows(lines);
    // A password nobody knows, hashed once for the whole file: a login with it fails like any wrong password.
    const unusableHash = dryRun ? '' : await hash(randomBytes(32).toString('base64url'));
    const today = todayInJakarta();
    const plan = await this.people
      .write(actor, organizationId, async (m, me) => {
        const plan = await this.plan(m, organizationId, rows, refusals, today, unusableHash, me.roles ?? []);
        if (!dryRun) await this.apply(m, actor, organizationId, plan, clientAddress);
        return plan;
      })
      .catch((e: unknown) => {
        if (isDuplicate(e))
          throw new DomainError('CONFLICT', 'Salah satu NIP baru saja didaftarkan oleh permintaan lain; ulangi impor', { field: 'nip' });
        throw e;
      });
    const refused = plan.refusedLines.size;
    const summary = `${plan.creates.length} pegawai baru, ${plan.updates.length} diperbarui, ${plan.unchanged} tidak berubah, ${plan.assignments.length} penugasan definitif baru; ${refused} baris ditolak.`;
    const partial = refused
      ? ' Baris yang valid tetap diimpor walaupun ada baris yang ditolak; perbaiki baris yang ditolak lalu impor kembali (baris yang sudah tersimpan tidak berubah).'
      : '';
    return {
      dryRun,
      rows: lines.length,
      created: plan.creates.length,
      updated: plan.updates.length,
      unchanged: plan.unchanged,
      assigned: plan.assignments.length,
      refused,
      refusals: plan.refusals.sort((a, b) => a.line - b.line),
      message: dryRun
        ? `Pemeriksaan saja, tidak ada yang disimpan: ${summary}${refused ? ' Baris yang valid akan diimpor walaupun ada baris yang ditolak.' : ''}`
        : `${summary}${partial} Impor tidak memberikan kata sandi: atur ulang kata sandi setiap pegawai baru (POST /api/v1/officials/{id}/password-reset) lalu serahkan kata sandi sementaranya.`,
    };
  }

  /** Each row's own values; the NIPs a file repeats are refused on every line they appear. */
  private parseRows(lines: Line[]): { rows: ParsedRow[]; refusals: ImportRefusalDto[] } {
    const refusals: ImportRefusalDto[] = [];
    const rows: ParsedRow[] = [];
    const linesOfNip = new Map<string, number[]>();
    for (const l of lines) {
      const c = (k: Column) => l.cells[k] ?? '';
      const rawNip = c('nip');
      const nip = normalizedNip(rawNip);
      const refuse = (field: string, reason: string) => refusals.push({ line: l.line, nip: nip || null, field, reason });
      const before = refusals.length;
      if (l.count !== Object.keys(l.cells).length) {
        refuse('baris', `baris ini berisi ${l.count} kolom, baris judul ${Object.keys(l.cells).length}`);
        continue;
      }
      const nipIssue = nipProblem(rawNip);
      if (nipIssue) refuse('nip', nipIssue);
      const checks: Array<[Column, string, number, boolean]> = [
        ['nama', 'nama', 150, true],
        ['gelar_depan', 'gelar depan', 50, false],
        ['gelar_belakang', 'gelar belakang', 80, false],
        ['pangkat_golongan', 'pangkat/golongan', 80, true],
        ['sk', 'nomor SK', 200, false],
      ];
      for (const [column, what, max, required] of checks) {
        const problem = textProblem(c(column), what, max, required);
        if (problem) refuse(column, problem);
      }
      const email = c('email');
      if (email && (email.length > 200 || !isEmail(email))) refuse('email', 'alamat surel tidak sah');
      const from = c('mulai');
      if (from && !isIsoDay(from)) refuse('mulai', 'tanggal mulai harus berupa tanggal YYYY-MM-DD yang ada');
      const code = c('jabatan');
      if (CONTROL.test(code) || code.length > 32) refuse('jabatan', 'kode jabatan tidak sah');
      // An assignment is made by a decree (DESIGN §2): a row that places the official names it, as the assignments route requires.
      else if (code && !c('sk').trim()) refuse('sk', 'nomor SK wajib diisi bila jabatan diisi (penugasan ditetapkan dengan keputusan)');
      if (!nipIssue) linesOfNip.set(nip, [...(linesOfNip.get(nip) ?? []), l.line]);
      if (refusals.length > before) continue;
      rows.push({
        line: l.line,
        nip,
        name: c('nama'),
        gelarDepan: c('gelar_depan'),
        gelarBelakang: c('gelar_belakang'),
        rank: c('pangkat_golongan'),
        email: email || null,
        positionCode: code ? code.toUpperCase() : null,
        from,
        decreeRef: c('sk') || null,
      });
    }
    const repeated = [...linesOfNip.entries()].filter(([, at]) => at.length > 1);
    for (const [nip, at] of repeated) {
      for (const line of at)
        refusals.push({ line, nip, field: 'nip', reason: `NIP ini muncul lebih dari sekali dalam berkas (baris ${at.join(', ')})` });
    }
    const dropped = new Set(repeated.map(([nip]) => nip));
    return { rows: rows.filter((r) => !dropped.has(r.nip)), refusals };
  }

  /** What each row would do, against the organisation as stored and the rows before it in the file. */
  private async plan(
    m: EntityManager,
    organizationId: string,
    rows: ParsedRow[],
    refusals: ImportRefusalDto[],
    today: string,
    unusableHash: string,
    actorRoles: readonly string[],
  ): Promise<Plan> {
    const plan: Plan = {
      creates: [],
      updates: [],
      unchanged: 0,
      assignments: [],
      nipOf: new Map(),
      refusals: [...refusals],
      refusedLines: new Set(refusals.map((r) => r.line)),
    };
    const refuse = (r: ParsedRow, field: string, reason: string) => {
      plan.refusals.push({ line: r.line, nip: r.nip, field, reason });
      plan.refusedLines.add(r.line);
    };
    const positions = await m.findBy(PositionEntity, { organizationId });
    const positionByCode = new Map(positions.map((p) => [p.code.toUpperCase(), p]));
    const existing = new Map<string, OfficialEntity>();
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const found = await m.find(OfficialEntity, { where: { nip: In(rows.slice(i, i + INSERT_CHUNK).map((r) => r.nip)) } });
      for (const o of found) existing.set(o.nip, o);
    }
    // Every assignment of the organisation's posts and of the officials named: the rules look at both.
    const known = [...existing.values()].map((o) => o.id);
    const stored = await m
      .getRepository(AssignmentEntity)
      .createQueryBuilder('a')
      .where('a.position_id IN (SELECT p.id FROM org_position p WHERE p.organization_id = :organizationId)', { organizationId })
      .orWhere(known.length ? 'a.official_id IN (:...known)' : '1 = 0', { known })
      .getMany();
    let current: AssignmentRow[] = stored.map((a) => ({
      id: a.id,
      officialId: a.officialId,
      positionId: a.positionId,
      kind: a.kind,
      validFrom: a.validFrom,
      validTo: a.validTo,
    }));
    // The holders the rules may name in a refusal, as well as the officials of the file.
    const named = new Map([...existing.values()].map((o) => [o.id, o]));
    const holderIds = [...new Set(stored.map((a) => a.officialId))].filter((id) => !named.has(id));
    for (let i = 0; i < holderIds.length; i += INSERT_CHUNK) {
      for (const o of await m.findBy(OfficialEntity, { id: In(holderIds.slice(i, i + INSERT_CHUNK)) })) named.set(o.id, o);
    }
    const ctx: AssignmentContext = {
      officials: Object.fromEntries(
        [...named.values()].map((o) => [o.id, { organizationId: o.organizationId, active: o.active, name: o.titledName() }]),
      ),
      positions: Object.fromEntries(positions.map((p) => [p.id, { organizationId: p.organizationId, title: p.title }])),
    };

    for (const r of rows) {
      const found = existing.get(r.nip);
      if (found && found.organizationId !== organizationId) {
        refuse(r, 'nip', 'NIP ini terdaftar pada organisasi lain; pindahkan pegawai itu melalui organisasinya');
        continue;
      }
      const position = r.positionCode ? positionByCode.get(r.positionCode) : undefined;
      if (r.positionCode && !position) {
        refuse(r, 'jabatan', `kode jabatan ${r.positionCode} tidak dikenal pada organisasi ini`);
        continue;
      }
      const officialId = found?.id ?? randomUUID();
      let assignment: AssignmentEntity | null = null;
      if (position) {
        const from = r.from || today;
        const holds = current.some(
          (a) => a.officialId === officialId && a.positionId === position.id && a.kind === 'definitif' && inForceOn(a, from),
        );
        if (!holds) {
          const candidate: AssignmentRow = {
            id: randomUUID(),
            officialId,
            positionId: position.id,
            kind: 'definitif',
            validFrom: from,
            validTo: null,
          };
          const concerned = current.filter((a) => a.positionId === position.id || a.officialId === officialId);
          const context: AssignmentContext = found
            ? ctx
            : { ...ctx, officials: { ...ctx.officials, [officialId]: { organizationId, active: true, name: r.name } } };
          const edits = [{ before: null, after: candidate }];
          const problems = assignmentEditProblems(edits, concerned, applyEdits(concerned, edits), context);
          if (problems.length) {
            for (const p of problems) refuse(r, COLUMN_OF[p.field], p.pasal ? `${p.message} (${p.pasal})` : p.message);
            continue;
          }
          current = [...current, candidate];
          assignment = Object.assign(new AssignmentEntity(), { ...candidate, decreeRef: r.decreeRef });
        }
      }
      const fields = { name: r.name, gelarDepan: r.gelarDepan, gelarBelakang: r.gelarBelakang, rank: r.rank, email: r.email };
      if (!found) {
        const created = Object.assign(new OfficialEntity(), {
          id: officialId,
          organizationId,
          nip: r.nip,
          ...fields,
          passwordHash: unusableHash,
          roles: [],
          active: true,
          mustChangePassword: true,
          tokenVersion: 0,
        });
        plan.creates.push(created);
        existing.set(r.nip, created);
        ctx.officials[officialId] = { organizationId, active: true, name: created.titledName() };
      } else if (Object.entries(fields).some(([k, v]) => found[k as keyof typeof fields] !== v)) {
        // An account holding an administrative role the administrator lacks is not his to change (assertMayManageAccount).
        if (!mayManageAccount(actorRoles, found.roles)) {
          refuse(r, 'nip', 'data pegawai ini tidak dapat diubah melalui impor: akunnya memegang peran administrator yang tidak Anda pegang');
          continue;
        }
        const after = Object.assign(new OfficialEntity(), found, fields);
        plan.updates.push({ before: found, after });
        existing.set(r.nip, after);
      } else if (!assignment) {
        plan.unchanged += 1;
      }
      if (assignment) {
        plan.assignments.push(assignment);
        plan.nipOf.set(officialId, r.nip);
      }
    }
    return plan;
  }

  /** Writes the plan, one trail event for the whole file when anything changed. */
  private async apply(m: EntityManager, actor: Actor, organizationId: string, plan: Plan, clientAddress: string | null): Promise<void> {
    if (!plan.creates.length && !plan.updates.length && !plan.assignments.length) return;
    for (let i = 0; i < plan.creates.length; i += INSERT_CHUNK) await m.insert(OfficialEntity, plan.creates.slice(i, i + INSERT_CHUNK));
    for (const { after } of plan.updates) {
      await m.update(
        OfficialEntity,
        { id: after.id },
        { name: after.name, gelarDepan: after.gelarDepan, gelarBelakang: after.gelarBelakang, rank: after.rank, email: after.email },
      );
    }
    for (let i = 0; i < plan.assignments.length; i += INSERT_CHUNK) await m.insert(AssignmentEntity, plan.assignments.slice(i, i + INSERT_CHUNK));
    const codeOf = new Map((await m.findBy(PositionEntity, { organizationId })).map((p) => [p.id, p.code]));
    await appendOrganizationAudit(m, organizationId, {
      action: 'officials_imported',
      subject: `impor CSV: ${plan.creates.length} baru, ${plan.updates.length} diperbarui, ${plan.assignments.length} penugasan`,
      actorOfficialId: actor.officialId,
      clientAddress,
      before: plan.updates.length ? { officials: plan.updates.map((u) => recordedOfficial(u.before)) } : null,
      after: {
        created: plan.creates.map(recordedOfficial),
        updated: plan.updates.map((u) => recordedOfficial(u.after)),
        assignments: plan.assignments.map((a) => ({
          id: a.id,
          officialId: a.officialId,
          nip: plan.nipOf.get(a.officialId) ?? null,
          positionId: a.positionId,
          positionCode: codeOf.get(a.positionId) ?? null,
          kind: a.kind,
          validFrom: a.validFrom,
          validTo: a.validTo,
          decreeRef: a.decreeRef,
        })),
      },
    });
    for (const a of plan.assignments) await tellNewHolder(m, a, organizationId);
  }
}
