import { DocumentView, Step } from '../api';
import { ACTION_LABELS, capacityText, formatDateTime, STEP_STATE_LABELS } from '../format';

type VersionOf = (hash: string | null) => number | null;

function StepItem({ step, versionOf, superseded }: { step: Step; versionOf: VersionOf; superseded?: Step }) {
  const v = versionOf(step.versionHash);
  const koordinasi = step.kind === 'koordinasi';
  const earlierVersion = superseded ? versionOf(superseded.versionHash) : null;
  return (
    <li className={`step state-${step.state}${koordinasi ? ' koordinasi' : ''}`}>
      <p className="what">
        <strong>{koordinasi ? 'Paraf koordinasi' : ACTION_LABELS[step.action]}</strong> · {step.position.title}{' '}
        <span className={`badge step-${step.state}`}>{STEP_STATE_LABELS[step.state] ?? step.state}</span>
        {step.overdue && step.state === 'pending' ? <span className="badge late">Lewat tenggat</span> : null}
      </p>
      {superseded?.actedBy ? (
        <p className="who">
          Paraf {superseded.actedBy.name}
          {earlierVersion ? ` atas versi ${earlierVersion}` : ''}
          {superseded.actedAt ? (
            <>
              {' · '}
              <time dateTime={superseded.actedAt}>{formatDateTime(superseded.actedAt)}</time>
            </>
          ) : null}
        </p>
      ) : null}
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
          {v && !step.corrected ? ` · versi ${v}` : ''}
        </p>
      ) : null}
      {step.corrected ? (
        <p className="corrected">
          <span className="badge step-corrected">Mengoreksi: versi {v ?? '?'}</span>
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

/** Consecutive steps of one group: they wait at the same time (paraf koordinasi). */
function groups(steps: Step[]): Step[][] {
  const out: Step[][] = [];
  for (const s of steps) {
    const last = out[out.length - 1];
    if (last && last[0].group === s.group) last.push(s);
    else out.push([s]);
  }
  return out;
}

function Steps({ steps, versionOf, supersededOf }: { steps: Step[]; versionOf: VersionOf; supersededOf(s: Step): Step | undefined }) {
  return (
    <ol className="timeline">
      {groups(steps).map((g) =>
        g.length > 1 || g[0].kind === 'koordinasi' ? (
          <li key={`${g[0].round}-g${g[0].group}`} className={`parallel state-${g.some((s) => s.state === 'pending') ? 'pending' : g[0].state}`}>
            <p className="group-label">
              <strong>Paraf koordinasi (paralel)</strong>
              <span className="hint"> · {g.length} pejabat memaraf bersamaan; rute berlanjut setelah semuanya memaraf</span>
            </p>
            <ul className="parallel-steps">
              {g.map((s) => (
                <StepItem key={`${s.round}-${s.order}`} step={s} versionOf={versionOf} superseded={supersededOf(s)} />
              ))}
            </ul>
          </li>
        ) : (
          <StepItem key={`${g[0].round}-${g[0].order}`} step={g[0]} versionOf={versionOf} superseded={supersededOf(g[0])} />
        ),
      )}
    </ol>
  );
}

/** The route as a timeline: who, in which capacity, when, with which note, on which version; paraf koordinasi side by side. */
export function RouteTimeline({ doc }: { doc: DocumentView }) {
  const versionOf = (hash: string | null) => doc.versions.find((v) => v.contentHash === hash)?.versionNo ?? null;
  const rounds = [...new Set(doc.earlierRounds.map((s) => s.round))];
  // A superseded paraf: the one given in an earlier round, on the version a superior then corrected.
  const supersededOf = (s: Step) =>
    s.state === 'superseded'
      ? doc.earlierRounds.filter((e) => e.order === s.order && e.round < s.round && e.state === 'done' && e.actedBy).pop()
      : undefined;
  return (
    <section aria-labelledby="route-title">
      <h2 id="route-title">{doc.status === 'draft' ? 'Rute yang diusulkan' : 'Rute paraf dan tanda tangan'}</h2>
      {!doc.route.length ? <p className="error">Rute tidak dapat disusun untuk naskah ini.</p> : null}
      <Steps steps={doc.route} versionOf={versionOf} supersededOf={supersededOf} />
      {rounds.map((r) => (
        <details key={r} className="earlier">
          <summary>Putaran {r} (sebelum dikembalikan atau dikoreksi)</summary>
          <Steps steps={doc.earlierRounds.filter((s) => s.round === r)} versionOf={versionOf} supersededOf={() => undefined} />
        </details>
      ))}
    </section>
  );
}
