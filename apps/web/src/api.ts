// The HTTP client of the web inbox: one place that talks to /api/v1 and turns every failure
// into an ApiError whose text a user can read (Bahasa Indonesia, from the API where it has one).

export interface FieldError {
  field: string;
  reasons: string[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string,
    readonly field?: string,
    readonly pasal?: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }

  /** Reasons per field, e.g. for the form control that caused them. */
  reasonsFor(field: string): string[] {
    return [
      ...this.errors.filter((e) => e.field === field || e.field.startsWith(`${field}.`) || e.field.startsWith(`${field}[`)).flatMap((e) => e.reasons),
      ...(this.field === field ? [this.message] : []),
    ];
  }
}

/** A form's own check before sending, shown like the API's 400 (field by field). */
export const invalidInput = (errors: FieldError[]) =>
  new ApiError(400, 'Periksa kembali isian berikut', 'INVALID_INPUT', undefined, undefined, errors);

const TOKEN_KEY = 'naskah.token';
let onUnauthorized: () => void = () => undefined;

export const session = {
  get token(): string | null {
    return localStorage.getItem(TOKEN_KEY);
  },
  set token(t: string | null) {
    if (t) localStorage.setItem(TOKEN_KEY, t);
    else localStorage.removeItem(TOKEN_KEY);
  },
  onUnauthorized(fn: () => void) {
    onUnauthorized = fn;
  },
};

const STATUS_TEXT: Record<number, string> = {
  400: 'Isian tidak valid',
  401: 'Sesi Anda berakhir; silakan masuk lagi',
  403: 'Anda tidak berhak melakukan ini',
  404: 'Data tidak ditemukan',
  409: 'Naskah sudah berubah; muat ulang halaman',
  422: 'Tindakan ini melanggar aturan',
  429: 'Terlalu banyak percobaan; tunggu sebentar',
  503: 'Layanan sedang tidak tersedia; coba lagi sebentar lagi',
};

async function request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const h: Record<string, string> = { Accept: 'application/json', ...headers };
  if (session.token) h.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) h['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'Tidak dapat terhubung ke server. Periksa jaringan Anda lalu coba lagi.', 'NETWORK');
  }
  const data = (await res.json().catch(() => null)) as
    (T & { message?: string; code?: string; field?: string; pasal?: string; errors?: FieldError[] }) | null;
  if (!res.ok) {
    if (res.status === 401 && path !== '/auth/login') onUnauthorized();
    throw new ApiError(
      res.status,
      data?.message ?? STATUS_TEXT[res.status] ?? `Terjadi kesalahan di server (${res.status})`,
      data?.code ?? 'ERROR',
      data?.field,
      data?.pasal,
      data?.errors ?? [],
    );
  }
  return data as T;
}

/** An action is repeatable safely: the key makes a retried click act once (Temporal update id). */
const idempotent = () => ({ 'Idempotency-Key': crypto.randomUUID() });

export interface Me {
  id: string;
  nip: string;
  name: string;
  titledName: string;
  rank: string;
  roles: string[];
  organization: { id: string; code: string; name: string; city: string };
  positions: Array<{
    positionId: string;
    code: string;
    title: string;
    level: number;
    unit: { id: string; code: string; name: string };
    assignmentKind: 'definitif' | 'plt' | 'plh';
    authority: { check: boolean; return: boolean; paraf: boolean; sign: boolean };
  }>;
  actingFor: Array<{
    delegationId: string;
    capacity: 'an';
    principalPositionId: string;
    principalTitle: string;
    principalName: string;
    validTo: string;
  }>;
}

export interface Organization {
  id: string;
  code: string;
  name: string;
  city: string;
  letterhead: { government: string; office: string; address: string; phone?: string; email?: string; website?: string };
}

export interface Holder {
  officialId: string;
  nip: string;
  titledName: string;
  assignmentKind: string;
}
export interface PositionNode {
  id: string;
  code: string;
  title: string;
  level: number;
  levelName: string;
  isHead: boolean;
  holders: Holder[];
}
export interface UnitNode {
  id: string;
  code: string;
  name: string;
  kind: string;
  positions: PositionNode[];
  units: UnitNode[];
}

export type Box = 'action' | 'returned' | 'in_progress' | 'incoming' | 'finished' | 'overdue';
export interface InboxItem {
  documentId: string;
  subject: string;
  kindName: string;
  classification: string;
  urgency: string;
  status: string;
  drafterName: string;
  stepAction: 'paraf' | 'sign' | null;
  overdue: boolean;
  number: string | null;
  updatedAt: string;
  actingFor: { capacity: string; principalTitle: string; principalName: string } | null;
}
export interface InboxPage {
  box: Box;
  items: InboxItem[];
  nextCursor: string | null;
}
export type InboxCounts = Record<Box, number>;

export interface PersonRef {
  officialId: string;
  name: string;
  nip: string;
}
export interface Step {
  round: number;
  order: number;
  action: 'paraf' | 'sign';
  state: 'waiting' | 'pending' | 'done' | 'returned' | 'cancelled';
  position: { positionId: string; title: string };
  pasal: string;
  actedBy: PersonRef | null;
  capacity: string | null;
  principal: PersonRef | null;
  consideration: string | null;
  actedAt: string | null;
  versionHash: string | null;
  note: string | null;
  overdue: boolean;
}
export type Addressee = { type: 'unit'; unitId: string; name: string } | { type: 'external'; name: string; address?: string };
export interface DocumentView {
  id: string;
  organizationId: string;
  kind: { code: string; name: string; category: string };
  subject: string;
  classification: string;
  urgency: string;
  archiveCode: string | null;
  recipients: Addressee[];
  tembusan: Addressee[];
  status: 'draft' | 'in_review' | 'returned' | 'signed' | 'withdrawn';
  drafter: PersonRef;
  drafterPosition: { positionId: string; title: string };
  round: number;
  currentVersion: { versionNo: number; contentHash: string; subject: string; body: string; createdAt: string };
  versions: Array<{ versionNo: number; contentHash: string; author: PersonRef; createdAt: string }>;
  route: Step[];
  earlierRounds: Step[];
  history: Array<{
    seq: number;
    type: string;
    at: string;
    actor: PersonRef | null;
    position: { title: string } | null;
    capacity: string | null;
    principal: PersonRef | null;
    data: Record<string, unknown>;
  }>;
  allowedActions: string[];
  actingFor: { capacity: string; principalName: string; principalTitle: string } | null;
  signatureBlock: string[] | null;
  letter: { number: string; signedAt: string; verificationCode: string; pdfReady: boolean; delivered: boolean } | null;
  updatedAt: string;
}
export interface VersionContent {
  versionNo: number;
  subject: string;
  body: string;
  author: PersonRef;
  createdAt: string;
}
export interface DocumentContent {
  subject: string;
  body: string;
  classification: string;
  urgency: string;
  archiveCode?: string;
  recipients: Array<{ unitId?: string; name?: string; address?: string }>;
  tembusan: Array<{ unitId?: string; name?: string; address?: string }>;
}
export interface Delegation {
  id: string;
  principal: { positionId: string; positionTitle: string; name: string; nip: string };
  deputy: { positionId: string; positionTitle: string; name: string; nip: string };
  capacity: string;
  validFrom: string;
  validTo: string;
  reason: string;
  note: string | null;
  state: 'active' | 'upcoming' | 'ended' | 'revoked';
  revokedAt: string | null;
  pasal: string;
}

export const api = {
  login: (nip: string, password: string) => request<{ accessToken: string }>('POST', '/auth/login', { nip, password }),
  me: () => request<Me>('GET', '/me'),
  organizations: () => request<Organization[]>('GET', '/organizations'),
  units: (organizationId: string) => request<UnitNode[]>('GET', `/organizations/${organizationId}/units`),
  documentKinds: () => request<Array<{ code: string; name: string; category: string; strategic: boolean }>>('GET', '/document-kinds'),
  archiveCodes: () => request<Array<{ code: string; name: string }>>('GET', '/archive-codes'),
  tembusanProposal: (kindCode: string) =>
    request<Array<{ unitId: string; name: string; pasal: string }>>('GET', `/documents/tembusan-proposal?kindCode=${encodeURIComponent(kindCode)}`),
  inbox: (box: Box, opts: { cursor?: string | null; q?: string; limit?: number }) => {
    const p = new URLSearchParams({ box, limit: String(opts.limit ?? 20) });
    if (opts.cursor) p.set('cursor', opts.cursor);
    if (opts.q) p.set('q', opts.q);
    return request<InboxPage>('GET', `/inbox?${p}`);
  },
  counts: () => request<InboxCounts>('GET', '/inbox/counts'),
  document: (id: string) => request<DocumentView>('GET', `/documents/${id}`),
  version: (id: string, versionNo: number) => request<VersionContent>('GET', `/documents/${id}/versions/${versionNo}`),
  create: (content: DocumentContent & { kindCode: string }) => request<DocumentView>('POST', '/documents', content, idempotent()),
  update: (id: string, content: DocumentContent & { baseVersionNo: number }) =>
    request<DocumentView>('PUT', `/documents/${id}`, content, idempotent()),
  submit: (id: string) => request('POST', `/documents/${id}/submit`, undefined, idempotent()),
  act: (id: string, action: 'paraf' | 'sign' | 'return' | 'resubmit' | 'withdraw', body: Record<string, string | undefined>) =>
    request('POST', `/documents/${id}/actions/${action}`, body, idempotent()),
  delegations: () => request<Delegation[]>('GET', '/delegations?role=all&state=all'),
  appoint: (body: { principalPositionId: string; deputyPositionId: string; validFrom: string; validTo: string; reason: string; note?: string }) =>
    request<Delegation>('POST', '/delegations', body),
  revoke: (id: string) => request<Delegation>('DELETE', `/delegations/${id}`),
  /** The signed PDF needs the bearer token, so it is fetched and handed to the browser as a blob. */
  async pdf(id: string): Promise<Blob> {
    const res = await fetch(`/api/v1/documents/${id}/pdf`, { headers: { Authorization: `Bearer ${session.token}` } });
    if (!res.ok) {
      const data = (await res.json().catch(() => null)) as { message?: string } | null;
      throw new ApiError(res.status, data?.message ?? STATUS_TEXT[res.status] ?? 'PDF tidak dapat diambil', 'PDF');
    }
    return res.blob();
  },
};
