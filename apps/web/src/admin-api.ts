// The administrator's calls (issue 15): the chart, the people, the organisation files. Same client
// as api.ts (one error mapping); the types mirror the admin API's DTOs.
import { ApiError, ErrorBody, request, session, STATUS_TEXT, TextBody } from './api';

export type Level = 1 | 2 | 3 | 4;
export type UnitKind = 'dinas' | 'sekretariat' | 'subbagian' | 'bidang' | 'uptd' | 'kelompok-fungsional';
export type TndKey = 'paraf-hierarki' | 'paraf-koordinasi' | 'kewenangan-penandatanganan';
export type AssignmentKind = 'definitif' | 'plt' | 'plh';

export interface AdminOrganizationSummary {
  id: string;
  code: string;
  name: string;
  city: string;
}
export interface Letterhead {
  government: string;
  office: string;
  address: string;
  phone?: string;
  email?: string;
  website?: string;
}
export interface AdminOrganization extends AdminOrganizationSummary {
  regulation: string;
  regulationCitation: string;
  reportTembusanPasal: string | null;
  letterhead: Letterhead;
  numberTemplate: string;
}
export interface AuthorityFlags {
  check: boolean;
  return: boolean;
  paraf: boolean;
  sign: boolean;
}
export interface UpdateOrganization {
  name?: string;
  regulation?: string;
  regulationCitation?: string;
  reportTembusanPasal?: string | null;
  letterhead?: Letterhead;
  numberTemplate?: string;
}
export interface NewOrganization {
  code: string;
  name: string;
  regulation: string;
  regulationCitation: string;
  reportTembusanPasal?: string;
  letterhead: Letterhead;
  numberTemplate: string;
  unit: {
    code: string;
    name: string;
    kind?: UnitKind;
    pasal: string;
    head: { code: string; title: string; authority: Partial<AuthorityFlags>; authorityPasal: string; tataNaskahDinas?: TndKey[] };
  };
}

export interface ChartUnit {
  id: string;
  code: string;
  name: string;
  kind: UnitKind;
  pasal: string;
  parentId: string | null;
  reportsViaUnitId: string | null;
  reportsViaPasal: string | null;
  sortOrder: number;
}
export interface ChartHolder {
  officialId: string;
  nip: string;
  name: string;
  titledName: string;
  kind: string;
}
export interface ChartPosition {
  id: string;
  unitId: string;
  code: string;
  title: string;
  level: number;
  levelName: string;
  isHead: boolean;
  authority: AuthorityFlags;
  authorityPasal: string;
  tataNaskahDinas: TndKey[];
  authorityBasis: string;
  pasal: string;
  sortOrder: number;
  holders: ChartHolder[];
  signs: Array<{ kindCode: string; kindName: string; pasal: string }>;
}
export interface Chart {
  organizationId: string;
  units: ChartUnit[];
  positions: ChartPosition[];
}
export interface NewUnit {
  code: string;
  name: string;
  kind: UnitKind;
  pasal: string;
  parentId: string;
  reportsViaUnitId?: string;
  reportsViaPasal?: string;
  head?: PositionFields;
}
export type UnitUpdate = Partial<Omit<NewUnit, 'head' | 'reportsViaUnitId' | 'reportsViaPasal'>> & {
  reportsViaUnitId?: string | null;
  reportsViaPasal?: string | null;
};
export interface PositionFields {
  code: string;
  title: string;
  level: Level;
  authority?: Partial<AuthorityFlags>;
  authorityPasal?: string;
  pasal?: string;
  tataNaskahDinas?: TndKey[];
}
export interface NewPosition extends PositionFields {
  unitId: string;
  isHead?: boolean;
}
export type PositionUpdate = Partial<NewPosition>;

export interface AdminDocumentKind {
  code: string;
  name: string;
  category: string;
  layout: string;
  numberPattern: string;
  strategic: boolean;
  source: string;
  coordinationRequiredPasal: string | null;
}
export type DocumentKindInput = Omit<AdminDocumentKind, 'code'>;
export interface KindSigners {
  kindCode: string;
  kindName: string;
  strategic: boolean;
  positions: Array<{ positionId: string; code: string; title: string; pasal: string }>;
}
export interface SignerInput {
  positionId: string;
  pasal?: string;
}

export interface AuditEvent {
  seq: number;
  action: string;
  subject: string;
  at: string;
  actor: { officialId: string; nip: string; name: string } | null;
  clientAddress: string | null;
  before: object | null;
  after: object | null;
}
export interface AuditPage {
  chainIntact: boolean;
  brokenAtSeq: number | null;
  events: AuditEvent[];
  nextCursor: number | null;
}

export interface AdminOfficial {
  id: string;
  nip: string;
  name: string;
  titledName: string;
  gelarDepan: string | null;
  gelarBelakang: string | null;
  rank: string;
  email: string | null;
  roles: string[];
  active: boolean;
  positions?: Array<{ positionId: string; title: string; kind: string }>;
}
export interface OfficialPage {
  items: AdminOfficial[];
  nextCursor: string | null;
}
export interface OfficialInput {
  nip: string;
  name: string;
  gelarDepan?: string;
  gelarBelakang?: string;
  rank: string;
  email?: string;
  roles?: string[];
}
export interface OfficialUpdate {
  name?: string;
  gelarDepan?: string | null;
  gelarBelakang?: string | null;
  rank?: string;
  email?: string | null;
  roles?: string[];
}
export interface CreatedOfficial {
  official: AdminOfficial;
  temporaryPassword: string;
}
export interface RefusedRow {
  line: number;
  nip: string | null;
  field?: string | null;
  reason: string;
}
export interface OfficialsImportReport {
  dryRun: boolean;
  accepted?: number;
  created?: number;
  updated?: number;
  refused: RefusedRow[];
}

export interface Assignment {
  id: string;
  officialId: string;
  official: { id?: string; nip: string; name: string; titledName?: string };
  positionId: string;
  positionTitle: string;
  kind: AssignmentKind;
  validFrom: string;
  validTo: string | null;
  decreeRef: string | null;
  state?: string;
}
export interface NewAssignment {
  officialId: string;
  positionId: string;
  kind: AssignmentKind;
  validFrom: string;
  validTo?: string;
  decreeRef: string;
}
export interface AssignmentUpdate {
  validTo?: string;
  decreeRef?: string;
}
export interface Transfer {
  toPositionId: string;
  effectiveFrom: string;
  decreeRef: string;
}
export interface StuckStep {
  documentId: string;
  subject: string;
  positionId: string;
  positionTitle: string;
  since?: string;
  waitingSince?: string;
  stepOrder?: number;
  action?: string;
}

export interface OrganizationImportReport {
  dryRun: boolean;
  organizationId?: string;
  created?: boolean;
  changes: Array<string | { kind?: string; action?: string; code?: string; subject?: string; description?: string }>;
}
/** An error of the organisation file: where it is (line, column) and which field. */
export interface FileProblem {
  line?: number;
  column?: number;
  field: string;
  message?: string;
  reasons?: string[];
}

const q = (params: Record<string, string | number | boolean | undefined | null>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};
const org = (orgId: string) => `/admin/organizations/${encodeURIComponent(orgId)}`;

/** A file the API answers as an attachment (needs the bearer token, so fetched and handed over as a blob). */
async function download(path: string): Promise<{ blob: Blob; filename: string | null }> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, { headers: { Authorization: `Bearer ${session.token}` } });
  } catch {
    throw new ApiError(0, 'Tidak dapat terhubung ke server. Periksa jaringan Anda lalu coba lagi.', 'NETWORK');
  }
  if (!res.ok) {
    const data = (await res.json().catch(() => null)) as Partial<ErrorBody> | null;
    throw new ApiError(res.status, data?.message ?? STATUS_TEXT[res.status] ?? 'Berkas tidak dapat diambil', data?.code ?? 'ERROR');
  }
  const filename = /filename="?([^";]+)"?/i.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? null;
  return { blob: await res.blob(), filename };
}

export const adminApi = {
  organizations: () => request<AdminOrganizationSummary[]>('GET', '/admin/organizations'),
  createOrganization: (body: NewOrganization) => request<AdminOrganization>('POST', '/admin/organizations', body),
  organization: (orgId: string) => request<AdminOrganization>('GET', org(orgId)),
  updateOrganization: (orgId: string, body: UpdateOrganization) => request<AdminOrganization>('PATCH', org(orgId), body),

  chart: (orgId: string) => request<Chart>('GET', `${org(orgId)}/chart`),
  createUnit: (orgId: string, body: NewUnit) => request<unknown>('POST', `${org(orgId)}/units`, body),
  updateUnit: (orgId: string, unitId: string, body: UnitUpdate) => request<unknown>('PATCH', `${org(orgId)}/units/${unitId}`, body),
  removeUnit: (orgId: string, unitId: string) => request<unknown>('DELETE', `${org(orgId)}/units/${unitId}`),
  createPosition: (orgId: string, body: NewPosition) => request<ChartPosition>('POST', `${org(orgId)}/positions`, body),
  updatePosition: (orgId: string, positionId: string, body: PositionUpdate) =>
    request<ChartPosition>('PATCH', `${org(orgId)}/positions/${positionId}`, body),
  removePosition: (orgId: string, positionId: string) => request<unknown>('DELETE', `${org(orgId)}/positions/${positionId}`),

  documentKinds: () => request<AdminDocumentKind[]>('GET', '/admin/document-kinds'),
  createDocumentKind: (body: AdminDocumentKind) => request<AdminDocumentKind>('POST', '/admin/document-kinds', body),
  updateDocumentKind: (code: string, body: DocumentKindInput) =>
    request<AdminDocumentKind>('PUT', `/admin/document-kinds/${encodeURIComponent(code)}`, body),
  signingAuthority: (orgId: string) => request<KindSigners[]>('GET', `${org(orgId)}/signing-authority`),
  setSigningAuthority: (orgId: string, kindCode: string, positions: SignerInput[]) =>
    request<KindSigners>('PUT', `${org(orgId)}/signing-authority/${encodeURIComponent(kindCode)}`, { positions }),
  audit: (orgId: string, cursor?: number | null) => request<AuditPage>('GET', `${org(orgId)}/audit${q({ limit: 50, cursor })}`),

  officials: (orgId: string, opts: { q?: string; active?: boolean; cursor?: string | null; limit?: number }) =>
    request<OfficialPage>('GET', `${org(orgId)}/officials${q({ q: opts.q, active: opts.active, cursor: opts.cursor, limit: opts.limit ?? 50 })}`),
  official: (id: string) => request<AdminOfficial>('GET', `/admin/officials/${id}`),
  createOfficial: (orgId: string, body: OfficialInput) => request<CreatedOfficial>('POST', `${org(orgId)}/officials`, body),
  updateOfficial: (id: string, body: OfficialUpdate) => request<AdminOfficial>('PATCH', `/admin/officials/${id}`, body),
  deactivate: (id: string, reason?: string) => request<unknown>('POST', `/officials/${id}/deactivate`, reason ? { reason } : {}),
  activate: (id: string, reason?: string) => request<unknown>('POST', `/officials/${id}/activate`, reason ? { reason } : {}),
  resetPassword: (id: string, reason?: string) =>
    request<{ temporaryPassword: string }>('POST', `/officials/${id}/password-reset`, reason ? { reason } : {}),
  importOfficials: (orgId: string, csv: string, dryRun: boolean) =>
    request<OfficialsImportReport>('POST', `${org(orgId)}/officials/import${q({ dryRun: dryRun || undefined })}`, new TextBody(csv, 'text/csv')),

  assignments: (orgId: string) => request<Assignment[]>('GET', `${org(orgId)}/assignments`),
  assign: (orgId: string, body: NewAssignment) => request<Assignment>('POST', `${org(orgId)}/assignments`, body),
  updateAssignment: (id: string, body: AssignmentUpdate) => request<Assignment>('PATCH', `/admin/assignments/${id}`, body),
  transfer: (officialId: string, body: Transfer) => request<unknown>('POST', `/admin/officials/${officialId}/transfer`, body),
  stuckSteps: (orgId: string) => request<StuckStep[]>('GET', `${org(orgId)}/stuck-steps`),

  importOrganization: (yaml: string, dryRun: boolean) =>
    request<OrganizationImportReport>(
      'POST',
      `/admin/organizations/import${q({ dryRun: dryRun || undefined })}`,
      new TextBody(yaml, 'application/yaml'),
    ),
  exportOrganization: (orgId: string) => download(`${org(orgId)}/export`),
};
