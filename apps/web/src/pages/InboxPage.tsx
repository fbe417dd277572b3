import { FormEvent, useCallback, useEffect, useState } from 'react';
import { Link, NavLink, useParams, useSearchParams } from 'react-router';
import { api, Box, InboxCounts, InboxItem } from '../api';
import { ClassificationBadge, StatusBadge, UrgencyBadge } from '../components/Badges';
import { ErrorMessage } from '../components/ErrorMessage';
import { ACTION_LABELS, BOX_LABELS, capacityText, formatDateTime } from '../format';
import { Loading } from '../components/Status';

const BOXES = Object.keys(BOX_LABELS) as Box[];

/** The API counts a box up to 1000 ("1000 or more"). */
const countText = (n: number) => (n >= 1000 ? '1000+' : String(n));

export function InboxPage() {
  const box = (useParams().box ?? 'action') as Box;
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [query, setQuery] = useState(q);
  const [items, setItems] = useState<InboxItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [counts, setCounts] = useState<InboxCounts | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(
    async (from: string | null) => {
      setLoading(true);
      setError(null);
      try {
        const page = await api.inbox(box, { cursor: from, q: q || undefined });
        setItems((prev) => (from ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (e) {
        setError(e);
      } finally {
        setLoading(false);
      }
    },
    [box, q],
  );

  useEffect(() => {
    document.title = `${BOX_LABELS[box] ?? 'Kotak masuk'} · Naskah Dinas`;
    setQuery(q);
    void load(null);
    api.counts().then(setCounts, () => setCounts(null));
  }, [box, q, load]);

  if (!BOXES.includes(box)) return <ErrorMessage error={new Error('Kotak ini tidak ada')} />;

  function search(e: FormEvent) {
    e.preventDefault();
    const t = query.trim();
    // The API's rule (apps/api/src/inbox/search-terms.ts): a word of 3 letters or digits, for the index to find.
    if (t && !/[\p{L}\p{N}_]{3}/u.test(t)) {
      setError(new Error('Kata pencarian harus memuat paling sedikit satu kata 3 huruf atau angka'));
      return;
    }
    setParams(t ? { q: t } : {});
  }

  return (
    <>
      <h1>Kotak masuk</h1>
      <nav className="boxes" aria-label="Kotak">
        {BOXES.map((b) => (
          <NavLink key={b} to={`/kotak/${b}`} aria-current={b === box ? 'page' : undefined}>
            {BOX_LABELS[b]}
            {counts ? (
              <span className="count" aria-label={`${countText(counts[b])} naskah`}>
                {countText(counts[b])}
              </span>
            ) : null}
          </NavLink>
        ))}
      </nav>
      <form className="search" role="search" onSubmit={search}>
        <label htmlFor="q" className="visually-hidden">
          Cari hal atau nomor naskah
        </label>
        <input
          id="q"
          type="search"
          placeholder="Cari hal atau nomor naskah"
          title="Setiap kata, dalam urutan apa pun, dicari pada awal kata di hal atau nomor naskah"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          maxLength={100}
        />
        <button type="submit">Cari</button>
        {q ? (
          <button type="button" className="link" onClick={() => setParams({})}>
            Hapus pencarian
          </button>
        ) : null}
      </form>
      <ErrorMessage error={error} />
      <h2 className="visually-hidden">{BOX_LABELS[box]}</h2>
      {!loading && !error && !items.length ? (
        <p className="empty">{q ? `Tidak ada naskah yang cocok dengan "${q}".` : 'Tidak ada naskah di kotak ini.'}</p>
      ) : null}
      <ul className="inbox" aria-busy={loading}>
        {items.map((i) => (
          <li key={`${i.documentId}`} className={i.overdue ? 'overdue' : undefined}>
            <Link to={`/naskah/${i.documentId}`} className="subject">
              {i.subject}
            </Link>
            <p className="meta">
              <span>{i.kindName}</span>
              {i.number ? <span className="number">{i.number}</span> : null}
              <span>{i.drafterName}</span>
              <time dateTime={i.updatedAt}>{formatDateTime(i.updatedAt)}</time>
            </p>
            <p className="badges">
              <UrgencyBadge urgency={i.urgency} />
              <ClassificationBadge classification={i.classification} />
              {box === 'action' && i.stepAction ? (
                <span className="badge step">{ACTION_LABELS[i.stepAction]}</span>
              ) : (
                <StatusBadge status={i.status} />
              )}
              {i.actingFor ? <span className="badge capacity">{capacityText(i.actingFor.capacity, i.actingFor.principalTitle)}</span> : null}
              {i.heldAs ? <span className="badge capacity">{capacityText(i.heldAs.kind, i.heldAs.positionTitle)}</span> : null}
              {i.overdue ? <span className="badge late">Lewat tenggat</span> : null}
            </p>
          </li>
        ))}
      </ul>
      {loading ? <Loading /> : null}
      {cursor && !loading ? (
        <button type="button" className="more" onClick={() => void load(cursor)}>
          Muat lebih banyak
        </button>
      ) : null}
    </>
  );
}
