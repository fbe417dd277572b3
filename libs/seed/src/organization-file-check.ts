import { DomainError, isValidNip, numberTemplateProblems, OrgChart, validateOrgChart } from '@naskah/domain';
import {
  chartFromFile,
  FieldLocator,
  organizationFileEntries,
  OrganizationFileEntries,
  OrganizationFileError,
  OrganizationFileReading,
  OrganizationFileText,
  OrganizationImportFile,
  OrgFileProblem,
  readOrganizationFileText,
  ReadOrganizationFileOptions,
  sortProblems,
} from '@naskah/org-files';

const NIP_RULE = '18 digit: tanggal lahir (YYYYMMDD), TMT CPNS (YYYYMM), jenis kelamin (1 atau 2), nomor urut bukan 000';

/** Each holder's NIP must be a real one in form: a valid date of birth, an appointment at 18 or later (libs/domain/src/nip.ts). */
export function nipProblems(
  file: Pick<OrganizationImportFile, 'units'>,
  at: FieldLocator,
  mapNip: (nip: string) => string = (n) => n,
): OrgFileProblem[] {
  return organizationFileEntries(file).positions.flatMap((p) => {
    if (!p.holder) return [];
    const nip = mapNip(p.holder.nip);
    if (isValidNip(nip)) return [];
    const field = `${p.path}.holder.nip`;
    return [{ ...at(field), field, message: `NIP ${nip} (${p.holder.name}) tidak sah: ${NIP_RULE}` }];
  });
}

/** The office's number template passes the same rule as an administrator's edit (libs/domain/src/org-admin.ts): {nomor}, {tahun}, known placeholders. */
export function numberTemplateProblemsOf(file: Pick<OrganizationImportFile, 'numberTemplate'>, at: FieldLocator): OrgFileProblem[] {
  const problems = numberTemplateProblems(file.numberTemplate);
  return problems.length ? [{ ...at('numberTemplate'), field: 'numberTemplate', message: `Templat nomor tidak sah: ${problems.join('; ')}` }] : [];
}

/**
 * The structural rules every chart must pass (validateOrgChart), with the field of the unit or
 * position it names turned into its place in the file. `chart` may hold more than the file: units
 * and positions already stored that the file leaves out are checked with it.
 */
export function chartProblems(chart: OrgChart, entries: OrganizationFileEntries, at: FieldLocator): OrgFileProblem[] {
  try {
    validateOrgChart(chart);
    return [];
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    const [kind, code] = (e.field ?? '').split('.');
    const unit = kind === 'units' && code ? entries.units.find((u) => u.unit.code === code) : undefined;
    const position = kind === 'positions' && code ? entries.positions.find((p) => p.code === code) : undefined;
    // The root's head (level 1): where the file states it.
    const field = unit?.path ?? position?.path ?? (kind === 'positions' && entries.positions[0] ? entries.positions[0].path : 'units.0');
    return [{ ...at(field), field, message: e.message }];
  }
}

/**
 * An organisation file read from its text and checked as far as the file alone allows: YAML, the
 * schema, the file's own consistency (@naskah/org-files), valid NIPs and the chart's structural
 * rules. What needs the database (an NIP of another organisation, units kept from before) is
 * checked when the file is applied.
 */
export function checkOrganizationFileText(source: string, opts: ReadOrganizationFileOptions = {}): OrganizationFileReading {
  const read = readOrganizationFileText(source, opts);
  if (!read.text) return read;
  const { file, at } = read.text;
  const problems = [...read.problems, ...nipProblems(file, at), ...numberTemplateProblemsOf(file, at)];
  // The chart can be built only from a file whose codes and links are sound.
  if (!read.problems.length) {
    const entries = organizationFileEntries(file);
    problems.push(...chartProblems(chartFromFile(file).chart, entries, at));
  }
  return { text: read.text, problems: sortProblems(problems) };
}

/** Reads and checks the text, or throws OrganizationFileError naming every problem. */
export function parseCheckedOrganizationFile(source: string, opts: ReadOrganizationFileOptions = {}): OrganizationFileText {
  const r = checkOrganizationFileText(source, opts);
  if (!r.text || r.problems.length) throw new OrganizationFileError(r.problems);
  return r.text;
}
