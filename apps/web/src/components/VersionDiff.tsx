import { diffWords } from 'diff';
import { useEffect, useState } from 'react';
import { api, DocumentView, VersionContent } from '../api';
import { ErrorMessage } from './ErrorMessage';

/** Plain text of the body, block by block (DOMParser builds an inert document: nothing runs). */
function text(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const blocks = [...doc.body.querySelectorAll('p, li')].map((e) => (e.tagName === 'LI' ? `• ${e.textContent ?? ''}` : (e.textContent ?? '')));
  return blocks.length ? blocks.join('\n') : (doc.body.textContent ?? '');
}

function Diff({ before, after }: { before: string; after: string }) {
  return (
    <p className="diff">
      {diffWords(before, after).map((part, i) =>
        part.added ? (
          <ins key={i}>
            <span className="visually-hidden">[ditambahkan: </span>
            {part.value}
            <span className="visually-hidden">]</span>
          </ins>
        ) : part.removed ? (
          <del key={i}>
            <span className="visually-hidden">[dihapus: </span>
            {part.value}
            <span className="visually-hidden">]</span>
          </del>
        ) : (
          <span key={i}>{part.value}</span>
        ),
      )}
    </p>
  );
}

/** What changed between two versions, e.g. after a return for correction or a reviewer's correction. */
export function VersionDiff({ doc }: { doc: DocumentView }) {
  const last = doc.versions[doc.versions.length - 1].versionNo;
  const [from, setFrom] = useState(last - 1);
  const [to, setTo] = useState(last);
  const [pair, setPair] = useState<[VersionContent, VersionContent] | null>(null);
  const [error, setError] = useState<unknown>(null);
  // A new version (a correction, a revision) moves the comparison to the newest pair.
  useEffect(() => {
    setFrom(last - 1);
    setTo(last);
  }, [last]);
  useEffect(() => {
    setError(null);
    Promise.all([api.version(doc.id, from), api.version(doc.id, to)]).then(setPair, setError);
  }, [doc.id, from, to]);
  const select = (label: string, value: number, set: (n: number) => void) => (
    <label>
      {label}
      <select value={value} onChange={(e) => set(Number(e.target.value))}>
        {doc.versions.map((v) => (
          <option key={v.versionNo} value={v.versionNo}>
            Versi {v.versionNo} ({v.author.name})
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section aria-labelledby="diff-title" className="versions">
      <h2 id="diff-title">Perubahan antarversi</h2>
      <div className="grid">
        {select('Dari', from, setFrom)}
        {select('Ke', to, setTo)}
      </div>
      <ErrorMessage error={error} />
      {pair ? (
        <>
          <p className="legend">
            <ins>teks ditambahkan</ins> <del>teks dihapus</del>
          </p>
          <h3>Hal</h3>
          <Diff before={pair[0].subject} after={pair[1].subject} />
          <h3>Isi</h3>
          <Diff before={text(pair[0].body)} after={text(pair[1].body)} />
        </>
      ) : null}
    </section>
  );
}
