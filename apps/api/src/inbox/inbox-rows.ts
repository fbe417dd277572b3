import { DataSource } from 'typeorm';
import { SECRET_CLASSIFICATIONS } from '@naskah/domain';
import { InboxItemEntity } from '@naskah/persistence';
import { Box } from './dto/inbox.dto';
import { fullTextPrefix, parseSearch, runPattern, SearchTerms } from './search-terms';

/** Where a page starts: strictly older than this row (newest first). */
export interface Position {
  at: Date;
  documentId: string;
}

/** The rows of one box a reader sees: the owners, and those of them whose Rahasia rows are hidden. */
export interface BoxScope {
  box: Box;
  owners: string[];
  /** Units the reader is staff of (not head): their Rahasia and Sangat Rahasia incoming rows are not his. */
  staffUnits: string[];
}

/** A condition with its parameters. */
interface Sql {
  text: string;
  params: unknown[];
}

/** How many of the newest rows a search reads before it turns to the full-text index. */
export const SEARCH_WINDOW = 500;
/** A run found in at most this many of the window's rows (2 %) is rare enough to look up in the full-text index. */
export const RARE_IN_WINDOW = 10;
/** How far the box is read newest first, past a window in which every term was rare, before the full-text index. */
export const SECOND_WINDOW = 3000;
/** Counts stop here: a box holding more counts as COUNT_LIMIT ("1000 or more"), read from at most as many index entries. */
export const COUNT_LIMIT = 1000;
/** The runs counted in the window (the longest ones): each costs one REGEXP a row. */
const RUNS_COUNTED = 4;

const ORDER = 'ORDER BY updated_at DESC, document_id DESC';
const older = (p: Position): Sql => ({
  text: '(updated_at < ? OR (updated_at = ? AND document_id < ?))',
  params: [p.at, p.at, p.documentId],
});
const notOlder = (p: Position): Sql => ({
  text: '(updated_at > ? OR (updated_at = ? AND document_id >= ?))',
  params: [p.at, p.at, p.documentId],
});
const and = (parts: Array<Sql | null | undefined>): Sql => {
  const present = parts.filter((p): p is Sql => !!p);
  return { text: present.map((p) => p.text).join(' AND ') || 'TRUE', params: present.flatMap((p) => p.params) };
};

/** Every word of q at the start of a word of the subject or the number (search-terms.ts). */
function matches(terms: SearchTerms): Sql {
  return and(terms.words.map((w) => ({ text: '(subject REGEXP ? OR number REGEXP ?)', params: [w.pattern, w.pattern] })));
}

/** The rows of one owner in the box: the owner's part of ix_inbox_owner_box_time. */
function ownerRows(scope: BoxScope, owner: string): Sql {
  const hideSecret = scope.box === 'incoming' && scope.staffUnits.includes(owner);
  return {
    text: `owner_id = ? AND box = ?${hideSecret ? ` AND classification NOT IN (${SECRET_CLASSIFICATIONS.map(() => '?').join(',')})` : ''}`,
    params: [owner, scope.box, ...(hideSecret ? SECRET_CLASSIFICATIONS : [])],
  };
}

/** All owners' rows at once, for statements that do not walk the index in order. */
function scopeRows(scope: BoxScope): Sql {
  const parts = [...new Set(scope.owners)].map((o) => ownerRows(scope, o));
  return { text: `(${parts.map((p) => `(${p.text})`).join(' OR ')})`, params: parts.flatMap((p) => p.params) };
}

/**
 * The inbox's reads, served from inbox_item by ix_inbox_owner_box_time (newest first) and, for rare
 * search terms, by its full-text index ft_inbox_item_search. Boxes with several owners (a deputy's
 * action box, a unit's incoming letters) read each owner's newest rows as a range of the index and merge
 * them, so no statement sorts a whole box.
 */
export class InboxRows {
  private tokenSizes?: Promise<{ min: number; max: number }>;

  constructor(private readonly ds: DataSource) {}

  /** The search terms of q; throws SearchTermsError when q holds no word the search can use. */
  async terms(q: string): Promise<SearchTerms> {
    this.tokenSizes ??= this.ds
      .query('SELECT @@innodb_ft_min_token_size AS min, @@innodb_ft_max_token_size AS max')
      .then(([r]: Array<{ min: string; max: string }>) => ({ min: Number(r.min), max: Number(r.max) }))
      .catch((e: unknown) => {
        this.tokenSizes = undefined;
        throw e;
      });
    return parseSearch(q, await this.tokenSizes);
  }

  /** The rows of each box, up to COUNT_LIMIT: at most COUNT_LIMIT index entries read per owner and box. */
  async counts(scopes: BoxScope[]): Promise<Map<Box, number>> {
    const selects = scopes.flatMap((scope) =>
      [...new Set(scope.owners)].map((owner) => {
        const w = ownerRows(scope, owner);
        return {
          text: `SELECT ? AS box, COUNT(*) AS n FROM (SELECT 1 FROM inbox_item WHERE ${w.text} LIMIT ${COUNT_LIMIT}) c`,
          params: [scope.box, ...w.params],
        };
      }),
    );
    const counts = new Map<Box, number>(scopes.map((s) => [s.box, 0]));
    if (!selects.length) return counts;
    const rows: Array<{ box: Box; n: string }> = await this.ds.query(
      selects.map((s) => s.text).join(' UNION ALL '),
      selects.flatMap((s) => s.params),
    );
    for (const r of rows) counts.set(r.box, Math.min(COUNT_LIMIT, (counts.get(r.box) ?? 0) + Number(r.n)));
    return counts;
  }

  /** The newest rows after `from`, limit at most. */
  page(scope: BoxScope, limit: number, from?: Position): Promise<InboxItemEntity[]> {
    return this.newest(scope, '*', limit, from ? older(from) : null);
  }

  /**
   * The newest rows after `from` matching the terms. A common term fills the page from the newest
   * SEARCH_WINDOW rows; otherwise the rarest run of the terms in that window, if rare enough, is looked up
   * in the full-text index (every matching row holds a token starting with it) and the terms filter what
   * it finds; otherwise (every run common, only their combination rare, or no run the index holds) the
   * box is read newest first.
   */
  async search(scope: BoxScope, terms: SearchTerms, limit: number, from?: Position): Promise<InboxItemEntity[]> {
    const after = from ? older(from) : null;
    const [edge] = await this.newest<{ updated_at: Date; document_id: string }>(scope, 'updated_at, document_id', 1, after, SEARCH_WINDOW - 1);
    const window = edge ? notOlder({ at: edge.updated_at, documentId: edge.document_id }) : null;
    const first = await this.newest(scope, '*', limit, and([after, window, matches(terms)]));
    // The window is the whole rest of the box, or holds a full page: that is the answer.
    if (!edge || first.length >= limit) return first;

    const runs = terms.indexable.slice(0, RUNS_COUNTED);
    if (runs.length) {
      const where = and([scopeRows(scope), after, window]);
      const [hits] = await this.ds.query(
        `SELECT ${runs.map((_, i) => `SUM(subject REGEXP ? OR COALESCE(number REGEXP ?, 0)) AS r${i}`).join(', ')} FROM inbox_item WHERE ${where.text}`,
        [...runs.flatMap((r) => [runPattern(r), runPattern(r)]), ...where.params],
      );
      const rarest = runs.map((run, i) => ({ run, n: Number(hits[`r${i}`] ?? 0) })).sort((a, b) => a.n - b.n)[0];
      if (rarest.n <= RARE_IN_WINDOW) {
        // Rare among the newest rows may still be common just behind them (a run of other letters came
        // in since): a page found in the next rows costs a short index range, where the full-text
        // lookup of a common word would sort every row holding it.
        const [far] = await this.newest<{ updated_at: Date; document_id: string }>(scope, 'updated_at, document_id', 1, after, SECOND_WINDOW - 1);
        if (far) {
          const near = await this.newest(
            scope,
            '*',
            limit,
            and([after, notOlder({ at: far.updated_at, documentId: far.document_id }), matches(terms)]),
          );
          if (near.length >= limit) return near;
        }
        const found = and([
          scopeRows(scope),
          after,
          { text: 'MATCH (subject, number) AGAINST (? IN BOOLEAN MODE)', params: [fullTextPrefix(rarest.run)] },
          matches(terms),
        ]);
        return this.entities(`SELECT * FROM inbox_item WHERE ${found.text} ${ORDER} LIMIT ${Number(limit)}`, found.params);
      }
    }
    return this.newest(scope, '*', limit, and([after, matches(terms)]));
  }

  /**
   * The newest rows of the box matching `where`: one index range per owner, merged. `skip` rows are
   * passed over first (the window's edge).
   */
  private async newest<T = InboxItemEntity>(scope: BoxScope, columns: string, limit: number, where: Sql | null, skip = 0): Promise<T[]> {
    const tail = `LIMIT ${Number(limit)}${skip ? ` OFFSET ${Number(skip)}` : ''}`;
    const selects = [...new Set(scope.owners)].map((owner) => {
      const w = and([ownerRows(scope, owner), where]);
      return { text: `SELECT ${columns} FROM inbox_item WHERE ${w.text} ${ORDER}`, params: w.params };
    });
    const sql =
      selects.length === 1
        ? { text: `${selects[0].text} ${tail}`, params: selects[0].params }
        : {
            text: `SELECT * FROM (${selects.map((s) => `(${s.text} LIMIT ${Number(limit) + Number(skip)})`).join(' UNION ALL ')}) r ${ORDER} ${tail}`,
            params: selects.flatMap((s) => s.params),
          };
    return columns === '*' ? ((await this.entities(sql.text, sql.params)) as T[]) : ((await this.ds.query(sql.text, sql.params)) as T[]);
  }

  /** Raw rows as entities (column names mapped as the entity declares them). */
  private async entities(sql: string, params: unknown[]): Promise<InboxItemEntity[]> {
    const raw: Array<Record<string, unknown>> = await this.ds.query(sql, params);
    const meta = this.ds.getMetadata(InboxItemEntity);
    return raw.map((r) => {
      const e = new InboxItemEntity();
      for (const c of meta.columns) {
        let v = r[c.databaseName];
        if (c.propertyName === 'overdue') v = Boolean(Number(v));
        (e as unknown as Record<string, unknown>)[c.propertyName] = v;
      }
      return e;
    });
  }
}
