import { CLASSIFICATION_LABELS, STATUS_LABELS, URGENCY_LABELS } from '../format';

export function UrgencyBadge({ urgency }: { urgency: string }) {
  if (urgency === 'biasa') return null;
  return <span className={`badge urgency-${urgency}`}>{URGENCY_LABELS[urgency] ?? urgency}</span>;
}

export function ClassificationBadge({ classification }: { classification: string }) {
  if (classification === 'biasa') return null;
  return <span className={`badge class-${classification}`}>{CLASSIFICATION_LABELS[classification] ?? classification}</span>;
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge status-${status}`}>{STATUS_LABELS[status] ?? status}</span>;
}
