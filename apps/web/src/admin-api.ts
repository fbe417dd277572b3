// The administrator's calls (issue 15): the chart, the people, the organisation files. Same client
// as api.ts (one error mapping); the types mirror the admin API's DTOs.
import { ApiError, ErrorBody, request, session, STATUS_TEXT, TextBody } from './api';
import type { components } from './generated/api-schema';

type Schemas = components['schemas'];

export type AdminOrganizationSummary = Schemas['AdminOrganizationSummaryDto'];
export type AdminOrganization = Schemas['AdminOrganizationDto'];
export type Letterhead = Schemas['AdminLetterheadDto'];
export type NewOrganization = Schemas['CreateOrganizationDto'];
export type UpdateOrganization = Schemas['UpdateOrganizationDto'];
export type AuthorityFlags = Schemas['AdminAuthorityDto'];
export type Chart = Schemas['ChartDto'];
export type ChartUnit = Schemas['ChartUnitDto'];
export type ChartPosition = Schemas['ChartPositionDto'];
export type ChartHolder = Schemas['ChartHolderDto'];
export type UnitKind = ChartUnit['kind'];
export type Level = ChartPosition['level'];
export type TndKey = ChartPosition['tataNaskahDinas'][number];
export type NewUnit = Schemas['CreateUnitDto'];
export type UnitUpdate = Schemas['UpdateUnitDto'];
export type UnitChange = Schemas['UnitChangeDto'];
export type PositionFields = Schemas['UnitHeadInputDto'];
export type NewPosition = Schemas['CreatePositionDto'];
export type PositionUpdate = Schemas['UpdatePositionDto'];
export type AdminDocumentKind = Schemas['AdminDocumentKindDto'];
export type NewDocumentKind = Schemas['CreateDocumentKindDto'];
export type DocumentKindInput = Schemas['DocumentKindInputDto'];
export type KindSigners = Schemas['KindSignersDto'];
export type SignerInput = Schemas['SignerInputDto'];
export type AuditEvent = Schemas['OrganizationAuditEventDto'];
export type AuditPage = Schemas['OrganizationAuditPageDto'];

export type AssignmentKind = Schemas['AssignmentDto']['kind'];

export type Assignment = Schemas['AssignmentDto'];
export type AdminOfficial = Schemas['AdminOfficialDto'];
export type OfficialPage = Schemas['OfficialsPageDto'];
export type OfficialInput = Schemas['CreateOfficialDto'];
export type OfficialUpdate = Schemas['UpdateOfficialDto'];
export type CreatedOfficial = Schemas['CreatedOfficialDto'];
export type ImportRefusal = Schemas['ImportRefusalDto'];
export type OfficialsImportReport = Schemas['ImportOfficialsResultDto'];
export type NewAssignment = Schemas['CreateAssignmentDto'];
export type AssignmentUpdate = Schemas['UpdateAssignmentDto'];
export type Transfer = Schemas['TransferDto'];
export type TransferResult = Schemas['TransferResultDto'];
export type StuckStep = Schemas['StuckStepDto'];
export type AccountChange = Schemas['AccountChangeDto'];
export type OfficialAccount = Schemas['OfficialAccountDto'];
export type PasswordReset = Schemas['PasswordResetDto'];
export type OrganizationImportReport = Schemas['ImportReportDto'];
/** An error of the organisation file: where it is (line, column) and which field. */
export type FileProblem = Schemas['OrgFileProblemDto'];

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
  createUnit: (orgId: string, body: NewUnit) => request<UnitChange>('POST', `${org(orgId)}/units`, body),
  updateUnit: (orgId: string, unitId: string, body: UnitUpdate) => request<ChartUnit>('PATCH', `${org(orgId)}/units/${unitId}`, body),
  removeUnit: (orgId: string, unitId: string) => request<null>('DELETE', `${org(orgId)}/units/${unitId}`),
  createPosition: (orgId: string, body: NewPosition) => request<ChartPosition>('POST', `${org(orgId)}/positions`, body),
  updatePosition: (orgId: string, positionId: string, body: PositionUpdate) =>
    request<ChartPosition>('PATCH', `${org(orgId)}/positions/${positionId}`, body),
  removePosition: (orgId: string, positionId: string) => request<null>('DELETE', `${org(orgId)}/positions/${positionId}`),

  documentKinds: () => request<AdminDocumentKind[]>('GET', '/admin/document-kinds'),
  createDocumentKind: (body: NewDocumentKind) => request<AdminDocumentKind>('POST', '/admin/document-kinds', body),
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
  deactivate: (id: string, body: AccountChange) => request<OfficialAccount>('POST', `/officials/${id}/deactivate`, body),
  activate: (id: string, body: AccountChange) => request<OfficialAccount>('POST', `/officials/${id}/activate`, body),
  resetPassword: (id: string, body: AccountChange) => request<PasswordReset>('POST', `/officials/${id}/password-reset`, body),
  importOfficials: (orgId: string, csv: string, dryRun: boolean) =>
    request<OfficialsImportReport>('POST', `${org(orgId)}/officials/import${q({ dryRun: dryRun || undefined })}`, new TextBody(csv, 'text/csv')),

  assignments: (orgId: string) => request<Assignment[]>('GET', `${org(orgId)}/assignments`),
  assign: (orgId: string, body: NewAssignment) => request<Assignment>('POST', `${org(orgId)}/assignments`, body),
  updateAssignment: (id: string, body: AssignmentUpdate) => request<Assignment>('PATCH', `/admin/assignments/${id}`, body),
  transfer: (officialId: string, body: Transfer) => request<TransferResult>('POST', `/admin/officials/${officialId}/transfer`, body),
  stuckSteps: (orgId: string) => request<StuckStep[]>('GET', `${org(orgId)}/stuck-steps`),

  importOrganization: (yaml: string, dryRun: boolean) =>
    request<OrganizationImportReport>(
      'POST',
      `/admin/organizations/import${q({ dryRun: dryRun || undefined })}`,
      new TextBody(yaml, 'application/yaml'),
    ),
  exportOrganization: (orgId: string) => download(`${org(orgId)}/export`),
};
