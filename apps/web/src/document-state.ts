import { DocumentView, Step } from './api';

/** The latest return for correction, wherever it sits (the current round until resubmitted). */
export function lastReturn(doc: DocumentView): Step | undefined {
  return [...doc.earlierRounds, ...doc.route].filter((s) => s.state === 'returned' && s.actedAt).pop();
}

/** After a return, resubmitting needs a version saved after the return (the API refuses otherwise). */
export function revisedSinceReturn(doc: DocumentView): boolean {
  const returned = lastReturn(doc);
  if (!returned?.actedAt) return true;
  const latest = doc.versions[doc.versions.length - 1];
  return new Date(latest.createdAt).getTime() > new Date(returned.actedAt).getTime();
}
