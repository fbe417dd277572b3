import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { DelegationRules, TndSourceKey } from '@naskah/domain';

const authorityFlag = z.enum(['check', 'return', 'paraf', 'sign']);
/** Keys of the Tata Naskah Dinas catalogue (libs/domain/src/sources.ts), which alone holds their words. */
const TND_KEYS = ['paraf-hierarki', 'paraf-koordinasi', 'kewenangan-penandatanganan'] as const satisfies readonly TndSourceKey[];

const holder = z.object({
  nip: z.string().regex(/^\d{18}$/, 'NIP must be 18 digits'),
  name: z.string().min(1).max(150),
  gelarDepan: z.string().max(50).optional(),
  gelarBelakang: z.string().max(80).optional(),
  rank: z.string().min(1).max(80),
  roles: z.array(z.enum(['admin', 'city-admin'])).optional(),
  assignment: z.enum(['definitif', 'plt', 'plh']).optional(),
});

const headPosition = z.object({
  code: z.string().min(1).max(32),
  title: z.string().min(1).max(200),
  level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  authority: z.array(authorityFlag),
  /** The office's own Pasal, with ayat and huruf, that gives the position its authority. */
  authorityPasal: z.string().min(1).max(300),
  /** Where an authority rests on Tata Naskah Dinas instead (paraf hierarki): keys of its catalogue in @naskah/domain. */
  tataNaskahDinas: z.array(z.enum(TND_KEYS)).optional(),
  holder: holder.optional(),
});

const staffPosition = z.object({
  code: z.string().min(1).max(32),
  title: z.string().min(1).max(200),
  /** The Pasal that places this functional official or pelaksana: also the basis cited for drafting. */
  pasal: z.string().min(1).max(200),
  holder: holder.optional(),
});

export type SeedHolder = z.infer<typeof holder>;
export type SeedHeadPosition = z.infer<typeof headPosition>;
export type SeedStaffPosition = z.infer<typeof staffPosition>;

export interface SeedUnit {
  code: string;
  name: string;
  kind: 'dinas' | 'sekretariat' | 'subbagian' | 'bidang' | 'uptd' | 'kelompok-fungsional';
  pasal: string;
  reportsVia?: string;
  reportsViaPasal?: string;
  head?: z.infer<typeof headPosition>;
  staff?: z.infer<typeof staffPosition>[];
  units?: SeedUnit[];
}

const unit: z.ZodType<SeedUnit> = z.lazy(() =>
  z.object({
    code: z.string().min(1).max(32),
    name: z.string().min(1).max(200),
    kind: z.enum(['dinas', 'sekretariat', 'subbagian', 'bidang', 'uptd', 'kelompok-fungsional']),
    pasal: z.string().min(1).max(200),
    reportsVia: z.string().optional(),
    reportsViaPasal: z.string().max(200).optional(),
    head: headPosition.optional(),
    staff: z.array(staffPosition).optional(),
    units: z.array(unit).optional(),
  }),
);

const appointmentRule = z.object({
  pasal: z.string().min(1),
  capacity: z.enum(['an', 'plh']),
  capacityPasal: z.string().min(1),
});

/** Acting for another official, in the office's own words and citations (DESIGN §5). */
const delegationRules: z.ZodType<DelegationRules> = z.object({
  basis: z.string().min(1),
  summary: z.string().min(1),
  head: appointmentRule,
  officials: appointmentRule.extend({ scope: z.string().min(1) }),
  structure: z
    .object({
      oneDeputy: z.string().min(1).optional(),
      oneLevelBelow: z.string().min(1).optional(),
      withinLine: z.string().min(1).optional(),
      sameOffice: z.string().min(1).optional(),
    })
    .strict()
    .default({}),
  consideration: z.string().min(1).nullable(),
});

/** The schema of an organisation file (the seed format): the seed's files and an imported file alike. */
export const organizationFileSchema = z.object({
  code: z.string().min(1).max(32),
  name: z.string().min(1).max(200),
  city: z.string().min(1).max(100),
  regulation: z.string().min(1).max(200),
  /** How the regulation is cited before a Pasal, e.g. "Perwako Batam 14/2023". */
  regulationCitation: z.string().min(1).max(100),
  /**
   * The office's own Pasal making tembusan of a report to a superior mandatory (Cilegon Pasal 28
   * ayat (9)); absent where the regulation has no such rule.
   */
  reportTembusanPasal: z.string().min(1).optional(),
  typology: z.string().optional(),
  letterhead: z.object({
    government: z.string(),
    office: z.string(),
    address: z.string(),
    phone: z.string().optional(),
    email: z.string().optional(),
    website: z.string().optional(),
  }),
  numberTemplate: z.string().min(1).max(100),
  delegation: delegationRules,
  discrepancies: z.array(z.object({ pasal: z.string(), text: z.string(), resolution: z.string() })),
  signingAuthority: z.record(z.string(), z.array(z.string())).optional(),
  units: z.array(unit).length(1, 'exactly one top unit'),
});

export type OrganizationFile = z.infer<typeof organizationFileSchema>;

/**
 * An imported file may leave out the delegation rules: an office made through the administration
 * API has none until they are stated, and its exported file has none either. Absent, the stored
 * rules stay as they are.
 */
export const organizationImportFileSchema = organizationFileSchema.extend({ delegation: delegationRules.optional() });
export type OrganizationImportFile = z.infer<typeof organizationImportFileSchema>;

export const SIGNER_ROLES = ['kepala-dinas', 'sekretaris', 'kepala-bidang', 'kepala-subbagian', 'kepala-uptd'] as const;
export type SignerRole = (typeof SIGNER_ROLES)[number];

const kindsFile = z.object({
  kinds: z.array(
    z.object({
      code: z.string().regex(/^[A-Z_]+$/),
      name: z.string(),
      category: z.enum(['arahan', 'korespondensi', 'khusus']),
      layout: z.string(),
      numberPattern: z.string().includes('{nomor}'),
      strategic: z.boolean(),
      /** The source defining the kind; absent: Tata Naskah Dinas (KIND_SOURCE_DEFAULT). */
      source: z.string().min(1).max(300).optional(),
      /** The kind requires paraf koordinasi: the Tata Naskah Dinas source that says so, by key. */
      coordinationRequired: z.enum(TND_KEYS).optional(),
      signers: z.array(z.enum(SIGNER_ROLES)),
    }),
  ),
});

export type DocumentKindsFile = z.infer<typeof kindsFile>;

const archiveCodesFile = z.object({
  source: z.string().min(1),
  codes: z.array(z.object({ code: z.string().regex(/^\d{3}(\.\d{1,3}){0,4}$/), name: z.string().min(1).max(200) })).min(1),
});

export type ArchiveCodesFile = z.infer<typeof archiveCodesFile>;

// Source (ts) and compiled (dist/libs/org-files/src) layouts both find libs/org-files/data.
export const SEED_DATA_DIR = [join(__dirname, '..', 'data'), join(__dirname, '..', '..', '..', '..', 'libs', 'org-files', 'data')].find((d) =>
  existsSync(join(d, 'document-kinds.yaml')),
)!;
export const ORGANIZATION_FILES = ['batam-dkum.yaml', 'cilegon-dkukm.yaml'];

function readYaml(file: string): unknown {
  const path = file.includes('/') ? file : join(SEED_DATA_DIR, file);
  return parse(readFileSync(path, 'utf8'));
}

function check<T>(schema: z.ZodType<T>, data: unknown, file: string): T {
  const r = schema.safeParse(data);
  if (!r.success) {
    throw new Error(`${file}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return r.data;
}

export function readOrganizationFile(file: string): OrganizationFile {
  return check(organizationFileSchema, readYaml(file), file);
}

export function readDocumentKinds(file = 'document-kinds.yaml'): DocumentKindsFile {
  return check(kindsFile, readYaml(file), file);
}

export function readArchiveCodes(file = 'archive-codes.yaml'): ArchiveCodesFile {
  return check(archiveCodesFile, readYaml(file), file);
}
