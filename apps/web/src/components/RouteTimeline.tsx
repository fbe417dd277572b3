import { DocumentView, Step } from '../api';
import { ACTION_LABELS, capacityText, formatDateTime, STEP_STATE_LABELS } from '../format';

function StepItem({ step, versionOf }: { step: Step; versionOf(hash: string | null): number | null }) {
  const v = versionOf(step.versionHash);
  return (
    <li className={`step state-${step.state}`}>
      <p className="what">
        <strong>{ACTION_LABELS[step.action]}</strong> · {step.position.title}{' '}
        <span className={`badge step-${step.state}`}>{STEP_STATE_LABELS[step.state]}</span>
        {step.overdue && step.state === 'pending' ? <span className="badge late">Lewat tenggat</span> : null}
      </p>
      {step.actedBy ? (
        <p className="who">
          {step.actedBy.name}
          {step.capacity && step.capacity !== 'own'
            ? ` (${capacityText(step.capacity, step.position.title)}${step.principal ? `, mewakili ${step.principal.name}` : ''})`
            : ''}
          {step.actedAt ? (
            <>
              {' · '}
              <time dateTime={step.actedAt}>{formatDateTime(step.actedAt)}</time>
            </>
          ) : null}
          {v ? ` · versi ${v}` : ''}
        </p>
      ) : null}
      {step.note ? (
        <p className="note">
          <span>Catatan:</span> {step.note}
        </p>
      ) : null}
      {step.consideration ? (
        <p className="note">
          <span>Pertimbangan wakil:</span> {step.consideration}
        </p>
      ) : null}
      <p className="pasal">{step.pasal}</p>
    </li>
  );
}

/** The route as a timeline: who, in which capacity, when, with which note, on which version. */
export function RouteTimeline({ doc }: { doc: DocumentView }) {
  const versionOf = (hash: string | null) => doc.versions.find((v) => v.contentHash === hash)?.versionNo ?? null;
  const rounds = [...new Set(doc.earlierRounds.map((s) => s.round))];
  return (
    <section aria-labelledby="route-title">
      <h2 id="route-title">{doc.status === 'draft' ? 'Rute yang diusulkan' : 'Rute paraf dan tanda tangan'}</h2>
      {!doc.route.length ? <p className="error">Rute tidak dapat disusun untuk naskah ini.</p> : null}
      <ol className="timeline">
        {doc.route.map((s) => (
          <StepItem key={`${s.round}-${s.order}`} step={s} versionOf={versionOf} />
        ))}
      </ol>
      {rounds.map((r) => (
        <details key={r} className="earlier">
          <summary>Putaran {r} (sebelum dikembalikan)</summary>
          <ol className="timeline">
            {doc.earlierRounds
              .filter((s) => s.round === r)
              .map((s) => (
                <StepItem key={`${s.round}-${s.order}`} step={s} versionOf={versionOf} />
              ))}
          </ol>
        </details>
      ))}
    </section>
  );
}
