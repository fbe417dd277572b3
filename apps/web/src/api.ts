// The HTTP client of the web inbox: one place that talks to /api/v1 and turns every failure
// into an ApiError whose text a user can read (Bahasa Indonesia, from the API where it has one).
// The types come from the API's OpenAPI document (generated/api-schema.ts, made by the build).
import type { components } from './generated/api-schema';

type Schemas = components['schemas'];
export type FieldError = Schemas['FieldErrorDto'];
export type ErrorBody = Schemas['ErrorResponseDto'];
export type Me = Schemas['MeDto'];
export type Organization = Schemas['OrganizationDto'];
export type Holder = Schemas['HolderDto'];
export type PositionNode = Schemas['PositionDto'];
export type UnitNode = Schemas['UnitTreeDto'];
export type DocumentKind = Schemas['DocumentKindDto'];
export type ArchiveCode = Schemas['ArchiveCodeDto'];
export type Box = Schemas['InboxPageDto']['box'];
export type InboxItem = Schemas['InboxItemDto'];
export type InboxPage = Schemas['InboxPageDto'];
export type InboxCounts = Schemas['InboxCountsDto'];
export type PersonRef = Schemas['PersonRefDto'];
export type Step = Schemas['StepDto'];
export type DocumentView = Schemas['DocumentDto'];
export type Addressee = DocumentView['recipients'][number];
export type VersionContent = Schemas['VersionContentDto'];
export type ChainState = Schemas['ChainStateDto'];
export type NewDocument = Schemas['CreateDocumentDto'];
export type DocumentUpdate = Schemas['UpdateDocumentDto'];
/** What a draft's form edits: the fields a new document and a new version share. */
export type DocumentContent = Omit<DocumentUpdate, 'baseVersionNo' | 'coordinatorPositionIds'>;
/** A reviewer's correction: the whole content, on the version reviewed (mengoreksi). */
export type Correction = Schemas['CorrectDocumentDto'];
export type ReturnTarget = Schemas['ReturnTargetDto'];
export type TembusanProposal = Schemas['TembusanProposalDto'];
export type Delegation = Schemas['DelegationDto'];
export type NewDelegation = Schemas['CreateDelegationDto'];
export type DelegationRules = Schemas['DelegationRulesDto'];
export type PrincipalOption = Schemas['PrincipalOptionDto'];
export type TteStatus = Schemas['TteStatusDto'];
export type TteActivation = Schemas['ActivateTteDto'];
export type Certificate = Schemas['CertificateDto'];
export type SignerReadiness = Schemas['SignerReadinessDto'];
export type LetterSignature = Schemas['LetterSignatureDto'];
export type Notification = Schemas['NotificationDto'];
export type NotificationPage = Schemas['NotificationPageDto'];
export type NotificationPreferences = Schemas['NotificationPreferencesDto'];
/** What the notification stream pushes. */
export type StreamEvent = { event: 'notification'; notification: Notification; unreadCount: number } | { event: 'unread'; unreadCount: number };
/** The body each action takes. */
export interface ActionBodies {
  paraf: Schemas['VersionActionDto'];
  sign: Schemas['SignActionDto'];
  return: Schemas['ReturnActionDto'];
  correct: Correction;
  resubmit: Record<string, never>;
  withdraw: Schemas['WithdrawActionDto'];
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
      ...(this.field && (this.field === field || this.field.startsWith(`${field}.`) || this.field.startsWith(`${field}[`)) ? [this.message] : []),
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

export const STATUS_TEXT: Record<number, string> = {
  400: 'Isian tidak valid',
  401: 'Sesi Anda berakhir; silakan masuk lagi',
  403: 'Anda tidak berhak melakukan ini',
  404: 'Data tidak ditemukan',
  409: 'Naskah sudah berubah; muat ulang halaman',
  422: 'Tindakan ini melanggar aturan',
  429: 'Terlalu banyak percobaan; tunggu sebentar',
  503: 'Layanan sedang tidak tersedia; coba lagi sebentar lagi',
};

/** A body sent as it is, not as JSON: an import's YAML or CSV text. */
export class TextBody {
  constructor(
    readonly text: string,
    readonly type: string,
  ) {}
}

export async function request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const h: Record<string, string> = { Accept: 'application/json', ...headers };
  if (session.token) h.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) h['Content-Type'] = body instanceof TextBody ? body.type : 'application/json';
  let res: Response;
  try {
    const sent = body === undefined ? undefined : body instanceof TextBody ? body.text : JSON.stringify(body);
    res = await fetch(`/api/v1${path}`, { method, headers: h, body: sent });
  } catch {
    throw new ApiError(0, 'Tidak dapat terhubung ke server. Periksa jaringan Anda lalu coba lagi.', 'NETWORK');
  }
  const data = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const error = (data ?? {}) as Partial<ErrorBody>;
    if (res.status === 401 && path !== '/auth/login') onUnauthorized();
    throw new ApiError(
      res.status,
      error.message ?? STATUS_TEXT[res.status] ?? `Terjadi kesalahan di server (${res.status})`,
      error.code ?? 'ERROR',
      error.field,
      error.pasal,
      error.errors ?? [],
    );
  }
  return data as T;
}

/** An action is repeatable safely: the key makes a retried click act once (Temporal update id). */
const idempotent = () => ({ 'Idempotency-Key': crypto.randomUUID() });
/** Asks an action's answer to carry the document as the caller now sees it (RFC 7240). */
const withDocument = { Prefer: 'return=representation' };

export const api = {
  login: (nip: string, password: string) => request<Schemas['TokenDto']>('POST', '/auth/login', { nip, password } satisfies Schemas['LoginDto']),
  logout: () => request<null>('POST', '/auth/logout'),
  changePassword: (body: Schemas['ChangePasswordDto']) => request<Schemas['TokenDto']>('POST', '/auth/password', body),
  me: () => request<Me>('GET', '/me'),
  organizations: () => request<Organization[]>('GET', '/organizations'),
  units: (organizationId: string) => request<UnitNode[]>('GET', `/organizations/${organizationId}/units`),
  documentKinds: () => request<DocumentKind[]>('GET', '/document-kinds'),
  archiveCodes: () => request<ArchiveCode[]>('GET', '/archive-codes'),
  tembusanProposal: (kindCode: string) => request<TembusanProposal[]>('GET', `/documents/tembusan-proposal?kindCode=${encodeURIComponent(kindCode)}`),
  inbox: (box: Box, opts: { cursor?: string | null; q?: string; limit?: number }) => {
    const p = new URLSearchParams({ box, limit: String(opts.limit ?? 20) });
    if (opts.cursor) p.set('cursor', opts.cursor);
    if (opts.q) p.set('q', opts.q);
    return request<InboxPage>('GET', `/inbox?${p}`);
  },
  counts: () => request<InboxCounts>('GET', '/inbox/counts'),
  document: (id: string) => request<DocumentView>('GET', `/documents/${id}`),
  version: (id: string, versionNo: number) => request<VersionContent>('GET', `/documents/${id}/versions/${versionNo}`),
  create: (content: NewDocument) => request<DocumentView>('POST', '/documents', content, idempotent()),
  update: (id: string, content: DocumentUpdate) => request<DocumentView>('PUT', `/documents/${id}`, content, idempotent()),
  // The answer carries the document as it now stands (`document`): the page shows it without reading it again.
  submit: (id: string) => request<ChainState>('POST', `/documents/${id}/submit`, undefined, { ...idempotent(), ...withDocument }),
  act: <A extends keyof ActionBodies>(id: string, action: A, body: ActionBodies[A]) =>
    request<ChainState>('POST', `/documents/${id}/actions/${action}`, body, { ...idempotent(), ...withDocument }),
  delegations: () => request<Delegation[]>('GET', '/delegations?role=all&state=all'),
  delegationRules: () => request<DelegationRules>('GET', '/delegations/rules'),
  appoint: (body: NewDelegation) => request<Delegation>('POST', '/delegations', body),
  revoke: (id: string) => request<Delegation>('DELETE', `/delegations/${id}`),
  tte: () => request<TteStatus>('GET', '/tte'),
  activateTte: (body: TteActivation) => request<TteStatus>('POST', '/tte/activation', body),
  notifications: (cursor?: string | null) =>
    request<NotificationPage>('GET', `/notifications?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
  readNotification: (id: string) => request<Notification>('POST', `/notifications/${id}/read`),
  readAllNotifications: () => request<Schemas['UnreadCountDto']>('POST', '/notifications/read-all'),
  notificationPreferences: () => request<NotificationPreferences>('GET', '/notifications/preferences'),
  setNotificationPreferences: (body: NotificationPreferences) => request<NotificationPreferences>('PUT', '/notifications/preferences', body),
  /**
   * The caller's notification stream (server-sent events) read with fetch(), since EventSource
   * cannot send the bearer header; resolves when the stream ends, rejects when it cannot open.
   */
  async notificationStream(signal: AbortSignal, onEvent: (e: StreamEvent) => void): Promise<void> {
    const res = await fetch('/api/v1/notifications/stream', {
      headers: { Authorization: `Bearer ${session.token}`, Accept: 'text/event-stream' },
      signal,
    });
    if (res.status === 401) onUnauthorized();
    if (!res.ok || !res.body) throw new ApiError(res.status, STATUS_TEXT[res.status] ?? 'Pemberitahuan langsung tidak tersedia', 'STREAM');
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if ((event === 'notification' || event === 'unread') && data) onEvent({ event, ...JSON.parse(data) } as StreamEvent);
      }
    }
  },
  /** The signed PDF needs the bearer token, so it is fetched and handed to the browser as a blob. */
  async pdf(id: string): Promise<Blob> {
    const res = await fetch(`/api/v1/documents/${id}/pdf`, { headers: { Authorization: `Bearer ${session.token}` } });
    if (!res.ok) {
      const data = (await res.json().catch(() => null)) as Partial<ErrorBody> | null;
      throw new ApiError(res.status, data?.message ?? STATUS_TEXT[res.status] ?? 'PDF tidak dapat diambil', 'PDF');
    }
    return res.blob();
  },
};
