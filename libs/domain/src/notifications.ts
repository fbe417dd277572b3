import { ChainEvent, ChainSnapshot, ChainStep } from './chain';
import { DeputyCapacity } from './delegation';
import { Classification, isSecret } from './reading';

/**
 * Who is told what, and in which words (the in-app bell; e-mail and webhook carry the same text).
 * A Rahasia or Sangat Rahasia document never puts its subject, nor a return note that may quote
 * its content, in a notice: only "Naskah rahasia", its kind, its number and the link.
 */
export type NoticeEvent = 'step_waiting' | 'returned' | 'signed' | 'letter_arrived' | 'reminder' | 'escalation' | 'deputy_started' | 'deputy_ended';

export interface NoticeDocument {
  id: string;
  organizationId: string;
  subject: string;
  kindName: string;
  classification: Classification;
  drafterOfficialId: string;
  /** Once signed. */
  number?: string | null;
}

/** An appointment in force for a position: its deputy acts for the principal (a.n., Plh.). */
export interface NoticeDeputy {
  officialId: string;
  principalOfficialId: string;
  capacity: DeputyCapacity;
}

/** Who holds the positions an event concerns, read when it is projected. */
export interface NoticePeople {
  /** Officials holding each position (definitive, Plt., Plh.). */
  holders: Record<string, string[]>;
  /** Appointments in force, by the principal's position. */
  deputies: Record<string, NoticeDeputy[]>;
  titles: Record<string, string>;
}

export interface PlannedNotice {
  recipientOfficialId: string;
  event: NoticeEvent;
  /** Once per key, whatever retries write it. */
  dedupeKey: string;
  actingForOfficialId: string | null;
  confidential: boolean;
  title: string;
  body: string;
  /** The web app's path. */
  link: string;
  data: Record<string, unknown>;
}

export const documentLink = (documentId: string) => `/naskah/${documentId}`;
export const DELEGATIONS_LINK = '/perwakilan';

const MARKER: Record<DeputyCapacity, string> = { an: 'a.n.', plh: 'Plh.' };
const ACTION_TEXT = { paraf: 'paraf', sign: 'tanda tangan' } as const;

/** What a notice may call the document: its subject, or for a confidential one only "Naskah rahasia" and its kind. */
function label(doc: NoticeDocument): string {
  return isSecret(doc.classification) ? `Naskah rahasia (${doc.kindName})` : doc.subject;
}

function numbered(doc: NoticeDocument): string {
  return doc.number ? `${doc.kindName} nomor ${doc.number}` : doc.kindName;
}

/** Steps that started waiting with this event: one, or a paraf koordinasi group. */
function startedBy(state: ChainSnapshot, event: ChainEvent): ChainStep[] {
  if (state.status !== 'in_review' || event.round !== state.round) return [];
  return state.steps.filter((s) => s.state === 'pending' && s.startedAt === event.at);
}

/** The positions whose holders and deputies an event may concern: the persistence reads only these. */
export function noticePositions(state: ChainSnapshot, event: ChainEvent): string[] {
  const ids = startedBy(state, event).map((s) => s.positionId);
  if ((event.type === 'reminder' || event.type === 'escalation') && event.targetPositionId) ids.push(event.targetPositionId);
  // A reminder tells the late step's holders; an escalation names the late step's post.
  if ((event.type === 'reminder' || event.type === 'escalation') && event.stepOrder !== undefined) {
    const step = state.steps.find((s) => s.order === event.stepOrder);
    if (step) ids.push(step.positionId);
  }
  return [...new Set(ids)];
}

interface Addressed {
  officialId: string;
  actingFor: { officialId: string; marker: string; principalTitle: string } | null;
}

/** The holders of a position, then the deputy of each holder who has one (told that they act a.n.). */
function peopleOf(people: NoticePeople, positionId: string, withDeputies: boolean): Addressed[] {
  const holders = people.holders[positionId] ?? [];
  const out: Addressed[] = holders.map((officialId) => ({ officialId, actingFor: null }));
  if (withDeputies) {
    for (const d of people.deputies[positionId] ?? []) {
      out.push({
        officialId: d.officialId,
        actingFor: { officialId: d.principalOfficialId, marker: MARKER[d.capacity], principalTitle: people.titles[positionId] ?? '' },
      });
    }
  }
  // One notice per official: a holder who is also a deputy reads it as the holder.
  return out.filter((a, i) => out.findIndex((b) => b.officialId === a.officialId) === i);
}

/**
 * The notices one chain event causes (DESIGN §4): each step that starts waiting tells the holders
 * of its position and the principal's deputy (a.n.); a return tells the drafter, with the note
 * (or the earlier official it goes back to); a signature tells the drafter with the number, once
 * it is known; a reminder the step's holder and deputy; an escalation the superior's holder.
 * The official who acted is not told of his own act (unless the next step waits for him as a deputy).
 */
export function chainEventNotices(state: ChainSnapshot, event: ChainEvent, doc: NoticeDocument, people: NoticePeople): PlannedNotice[] {
  const confidential = isSecret(doc.classification);
  const link = documentLink(doc.id);
  const actor = event.actor?.officialId ?? event.byOfficialId ?? null;
  const out: PlannedNotice[] = [];
  const add = (type: NoticeEvent, to: Addressed, title: string, body: string, data: Record<string, unknown> = {}, key?: string) => {
    // Never told of one's own act; but a deputy who just acted in his own post is told the next step waits for him a.n.
    if ((to.officialId === actor && !to.actingFor) || out.some((n) => n.recipientOfficialId === to.officialId && n.event === type)) return;
    out.push({
      recipientOfficialId: to.officialId,
      event: type,
      dedupeKey: `${doc.id}:${key ?? event.seq}:${type}:${to.officialId}`,
      actingForOfficialId: to.actingFor?.officialId ?? null,
      confidential,
      title: to.actingFor ? `${title} (${to.actingFor.marker} ${to.actingFor.principalTitle})` : title,
      body: to.actingFor ? `${body} Anda bertindak ${to.actingFor.marker} ${to.actingFor.principalTitle}.` : body,
      link,
      data: { documentId: doc.id, seq: event.seq, ...data, ...(to.actingFor ? { actingFor: to.actingFor.marker } : {}) },
    });
  };
  const drafter: Addressed = { officialId: doc.drafterOfficialId, actingFor: null };

  switch (event.type) {
    case 'submitted':
    case 'resubmitted':
    case 'paraf':
    case 'corrected':
      break;
    case 'returned':
      if (event.toStepOrder === undefined) {
        const note = confidential ? 'Lihat catatan di aplikasi.' : `Catatan: ${event.note ?? ''}`;
        add('returned', drafter, `Naskah dikembalikan: ${label(doc)}`, `${doc.kindName} dikembalikan untuk diperbaiki. ${note}`, {
          ...(confidential ? {} : { note: event.note ?? '' }),
        });
      }
      break;
    case 'signed':
      // Keyed by document, not event: the worker's delivery writes the same notice when it numbers the letter.
      return doc.number ? signedNotices({ ...doc, number: doc.number }, actor) : [];
    case 'withdrawn':
      return out;
    case 'reminder': {
      const step = state.steps.find((s) => s.order === event.stepOrder);
      if (step) {
        for (const to of peopleOf(people, step.positionId, true)) {
          add(
            'reminder',
            to,
            `Pengingat: ${label(doc)}`,
            `${doc.kindName} masih menunggu ${ACTION_TEXT[step.action]} Anda dan sudah melewati batas waktu.`,
          );
        }
      }
      return out;
    }
    case 'escalation': {
      const step = state.steps.find((s) => s.order === event.stepOrder);
      const late = step ? (people.titles[step.positionId] ?? 'bawahan Anda') : 'bawahan Anda';
      for (const to of peopleOf(people, event.targetPositionId ?? '', false)) {
        add('escalation', to, `Terlambat di ${late}: ${label(doc)}`, `${doc.kindName} belum ditindaklanjuti oleh ${late} setelah diingatkan.`);
      }
      return out;
    }
  }
  // Whatever started waiting with this event: a return to an earlier official says so.
  for (const step of startedBy(state, event)) {
    const back = event.type === 'returned';
    for (const to of peopleOf(people, step.positionId, true)) {
      if (back) {
        const note = confidential ? 'Lihat catatan di aplikasi.' : `Catatan: ${event.note ?? ''}`;
        add('returned', to, `Naskah dikembalikan kepada Anda: ${label(doc)}`, `${doc.kindName} dikembalikan untuk diperiksa kembali. ${note}`);
      } else {
        add(
          'step_waiting',
          to,
          `Menunggu ${ACTION_TEXT[step.action]} Anda: ${label(doc)}`,
          `${doc.kindName} menunggu ${ACTION_TEXT[step.action]} Anda.`,
          { stepOrder: step.order, action: step.action },
          // Keyed by the waiting itself, not the event: two events of one activation share a time and a state.
          `${event.round}:${step.order}:${step.startedAt}`,
        );
      }
    }
  }
  return out;
}

/** The drafter told the number of the signed letter (the signer who drafted it himself is not). */
export function signedNotices(doc: NoticeDocument & { number: string }, signerOfficialId: string | null): PlannedNotice[] {
  if (doc.drafterOfficialId === signerOfficialId) return [];
  return [
    {
      recipientOfficialId: doc.drafterOfficialId,
      event: 'signed',
      dedupeKey: `${doc.id}:signed:${doc.drafterOfficialId}`,
      actingForOfficialId: null,
      confidential: isSecret(doc.classification),
      title: `Naskah ditandatangani: ${label(doc)}`,
      body: `${numbered(doc)} telah ditandatangani.`,
      link: documentLink(doc.id),
      data: { documentId: doc.id, number: doc.number },
    },
  ];
}

/** The heads of the recipient and tembusan units told a signed letter arrived, one notice each. */
export function letterArrivedNotices(
  doc: NoticeDocument & { number: string },
  units: Array<{ name: string; headOfficialIds: string[] }>,
): PlannedNotice[] {
  const out: PlannedNotice[] = [];
  for (const unit of units) {
    for (const officialId of unit.headOfficialIds) {
      if (out.some((n) => n.recipientOfficialId === officialId)) continue;
      out.push({
        recipientOfficialId: officialId,
        event: 'letter_arrived',
        dedupeKey: `${doc.id}:letter_arrived:${officialId}`,
        actingForOfficialId: null,
        confidential: isSecret(doc.classification),
        title: `Surat masuk: ${label(doc)}`,
        body: `${numbered(doc)} diterima ${unit.name}.`,
        link: documentLink(doc.id),
        data: { documentId: doc.id, number: doc.number },
      });
    }
  }
  return out;
}

export interface NoticeAppointment {
  id: string;
  principalOfficialId: string;
  principalTitle: string;
  deputyOfficialId: string;
  deputyTitle: string;
  deputyName: string;
  capacity: DeputyCapacity;
  validFrom: number;
  validTo: number;
}

// Built once: constructing an Intl formatter costs far more than formatting with it.
const JAKARTA_DATE_TIME = new Intl.DateTimeFormat('id-ID', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Asia/Jakarta' });

function jakartaDateTime(ms: number): string {
  return JAKARTA_DATE_TIME.format(new Date(ms));
}

/** An appointment as deputy starts or ends: the deputy and the principal are told, once each. */
export function deputyNotices(d: NoticeAppointment, kind: 'deputy_started' | 'deputy_ended'): PlannedNotice[] {
  const marker = `${MARKER[d.capacity]} ${d.principalTitle}`;
  const started = kind === 'deputy_started';
  const base = (recipientOfficialId: string, title: string, body: string): PlannedNotice => ({
    recipientOfficialId,
    event: kind,
    dedupeKey: `delegation:${d.id}:${kind}:${recipientOfficialId}`,
    actingForOfficialId: recipientOfficialId === d.deputyOfficialId ? d.principalOfficialId : null,
    confidential: false,
    title,
    body,
    link: DELEGATIONS_LINK,
    data: { delegationId: d.id, capacity: d.capacity },
  });
  return [
    started
      ? base(d.deputyOfficialId, `Anda mulai bertindak ${marker}`, `Sampai ${jakartaDateTime(d.validTo)} WIB Anda bertindak ${marker}.`)
      : base(d.deputyOfficialId, `Anda tidak lagi bertindak ${marker}`, `Penunjukan Anda sebagai wakil (${marker}) telah berakhir.`),
    started
      ? base(
          d.principalOfficialId,
          `Wakil Anda mulai bertindak: ${d.deputyName}`,
          `${d.deputyName} (${d.deputyTitle}) bertindak ${marker} sampai ${jakartaDateTime(d.validTo)} WIB.`,
        )
      : base(
          d.principalOfficialId,
          `Penunjukan wakil berakhir: ${d.deputyName}`,
          `${d.deputyName} (${d.deputyTitle}) tidak lagi bertindak ${marker}.`,
        ),
  ].filter((n, i, all) => all.findIndex((m) => m.recipientOfficialId === n.recipientOfficialId) === i);
}
