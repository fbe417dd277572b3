import { randomUUID } from 'node:crypto';
import { SeededOrganization } from '@naskah/seed';
import { expectStatus, startApi, TestApi } from '../support/api';
import { closeTestDataSource, createTestOrganization, testDataSource } from '../support/fixtures';

/**
 * The inbox search over real MariaDB and its full-text index, through HTTP: every word of q starts a
 * word of the subject or the number, in any order. The boxes are filled in bulk (inbox rows as the
 * projection writes them) so that each of the search's ways is taken: a common word fills the page from
 * the newest rows (the window), a rare one goes through the full-text index, two common words whose
 * combination is rare read the box newest first. Another owner's rows, and Rahasia letters of a unit for
 * its staff, are never found whichever way is taken.
 */
interface Row {
  owner: string;
  box: string;
  subject: string;
  number?: string;
  classification?: string;
  /** Seconds before the base time: 0 is the newest. */
  age: number;
}

const BASE = Date.parse('2026-06-01T08:00:00.000Z');

let api: TestApi;
let org: SeededOrganization;
let clerk: ReturnType<TestApi['as']>;
let head: ReturnType<TestApi['as']>;
const ids = new Map<string, string>();
const subjectOf = new Map<string, string>();

async function insert(rows: Row[]): Promise<void> {
  const ds = await testDataSource();
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const values: unknown[] = [];
    for (const r of chunk) {
      const id = randomUUID();
      ids.set(`${r.owner}|${r.subject}`, id);
      subjectOf.set(id, r.subject);
      values.push(
        r.owner,
        r.box,
        id,
        org.id,
        r.subject,
        'Surat Dinas',
        r.classification ?? 'biasa',
        'biasa',
        'signed',
        'Pegawai',
        r.number ?? null,
        new Date(BASE - r.age * 1000),
      );
    }
    await ds.query(
      `INSERT INTO inbox_item (owner_id, box, document_id, organization_id, subject, kind_name, classification, urgency, status, drafter_name, overdue, number, updated_at)
       VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?, ?)').join(', ')}`,
      values,
    );
  }
}

type Agent = ReturnType<TestApi['as']>;
const search = async (who: Agent, q: string, box = 'finished', extra = '') =>
  expectStatus(await who.get(`/api/v1/inbox?box=${box}&q=${encodeURIComponent(q)}${extra}`), 200).body as {
    items: Array<{ documentId: string; subject: string; number: string | null }>;
    nextCursor: string | null;
  };
const subjects = (page: { items: Array<{ subject: string }> }) => page.items.map((i) => i.subject);

beforeAll(async () => {
  api = await startApi();
  org = await createTestOrganization('batam-dkum.yaml');
  [clerk, head] = (await Promise.all(['UMPEG-ARSIP', 'KASUBBAG-UMPEG'].map((c) => api.login(org.officials[c].nip)))).map((t) => api.as(t));
  const me = org.officials['UMPEG-ARSIP'].id;
  const other = org.officials['UMPEG-SDM'].id;
  const unit = org.units.UMPEG;
  const rows: Row[] = [];
  // The clerk's finished box: 1,500 letters, "Naskah massal N" and "Surat biasa N" in turn, newest first.
  for (let n = 0; n < 1500; n++) {
    rows.push({ owner: me, box: 'finished', subject: n % 2 ? `Surat biasa ${n}` : `Naskah massal ${n}`, number: `800/${n}/UMPEG/2026`, age: n });
  }
  rows.push({ owner: me, box: 'finished', subject: 'Rapat koordinasi e-mail (daring) 100%', age: 10.5 });
  rows.push({ owner: me, box: 'finished', subject: 'Naskah biasa khusus', age: 1300.5 });
  for (let k = 0; k < 30; k++) rows.push({ owner: me, box: 'finished', subject: `Perbaikan Jembatan Sei Ladi tahap ${k}`, age: 600.25 + 20 * k });
  // Another official's box holds the same words: never the clerk's.
  for (const subject of ['Naskah massal 1234', 'Naskah biasa khusus', 'Perbaikan Jembatan Sei Ladi lain', 'Rapat koordinasi e-mail (daring) 100%']) {
    rows.push({ owner: other, box: 'finished', subject, number: '800/1234/UMPEG/2026', age: 3.5 });
  }
  // The unit's incoming letters: the clerk is its staff, the Kasubbag its head (Rahasia is for him).
  for (let n = 0; n < 600; n++) rows.push({ owner: unit, box: 'incoming', subject: `Surat masuk ${n}`, age: n });
  rows.push({ owner: unit, box: 'incoming', subject: 'Surat rahasia undangan', classification: 'rahasia', age: 5.5 });
  rows.push({ owner: unit, box: 'incoming', subject: 'Surat rahasia jembatan', classification: 'rahasia', age: 550.5 });
  rows.push({ owner: unit, box: 'incoming', subject: 'Surat jembatan terbuka', age: 580.5 });
  await insert(rows);
}, 120_000);

afterAll(async () => {
  await api.close();
  await closeTestDataSource();
});

describe('inbox search: words in any order, at the start of words of the subject or the number', () => {
  it('a common word fills the page from the newest rows, and the cursor goes on', async () => {
    const p1 = await search(clerk, 'massal');
    expect(subjects(p1)).toEqual(Array.from({ length: 20 }, (_, i) => `Naskah massal ${2 * i}`));
    const p2 = await search(clerk, 'MASSAL', 'finished', `&cursor=${p1.nextCursor}`);
    expect(subjects(p2)).toEqual(Array.from({ length: 20 }, (_, i) => `Naskah massal ${40 + 2 * i}`));
    // Operators of full-text syntax are no operators: "massal*" is the word massal.
    expect(subjects(await search(clerk, 'massal*'))).toEqual(subjects(p1));
  });

  it('a rare word is found deep in the box, in any order and any case, and only the caller’s', async () => {
    for (const q of ['massal 1234', '1234 massal', 'MASSAL 1234', '"massal" +1234']) {
      expect([q, subjects(await search(clerk, q))]).toEqual([q, ['Naskah massal 1234']]);
    }
  });

  it('a letter number as typed, not its neighbours', async () => {
    const found = await search(clerk, '800/1234/UMPEG');
    expect(found.items.map((i) => [i.documentId, i.number])).toEqual([
      [ids.get(`${org.officials['UMPEG-ARSIP'].id}|Naskah massal 1234`), '800/1234/UMPEG/2026'],
    ]);
    expect(subjects(await search(clerk, '800/123/UMPEG/2026'))).toEqual(['Surat biasa 123']);
    expect(subjects(await search(clerk, '123/umpeg'))).toEqual(['Surat biasa 123']);
  });

  it('a rare word pages through the full-text index, newest first', async () => {
    const p1 = await search(clerk, 'jembatan');
    expect(subjects(p1)).toEqual(Array.from({ length: 20 }, (_, k) => `Perbaikan Jembatan Sei Ladi tahap ${k}`));
    const p2 = await search(clerk, 'jembatan', 'finished', `&cursor=${p1.nextCursor}`);
    expect(subjects(p2)).toEqual(Array.from({ length: 10 }, (_, k) => `Perbaikan Jembatan Sei Ladi tahap ${20 + k}`));
    expect(p2.nextCursor).toBeNull();
    expect(subjects(await search(clerk, 'ladi SEI jembatan tahap 2', 'finished', '&limit=100'))).toEqual([
      'Perbaikan Jembatan Sei Ladi tahap 2',
      'Perbaikan Jembatan Sei Ladi tahap 20',
      'Perbaikan Jembatan Sei Ladi tahap 21',
      'Perbaikan Jembatan Sei Ladi tahap 22',
      'Perbaikan Jembatan Sei Ladi tahap 23',
      'Perbaikan Jembatan Sei Ladi tahap 24',
      'Perbaikan Jembatan Sei Ladi tahap 25',
      'Perbaikan Jembatan Sei Ladi tahap 26',
      'Perbaikan Jembatan Sei Ladi tahap 27',
      'Perbaikan Jembatan Sei Ladi tahap 28',
      'Perbaikan Jembatan Sei Ladi tahap 29',
    ]);
  });

  it('two common words whose combination is rare are still found', async () => {
    expect(subjects(await search(clerk, 'naskah biasa'))).toEqual(['Naskah biasa khusus']);
    expect(subjects(await search(clerk, 'biasa naskah khu'))).toEqual(['Naskah biasa khusus']);
  });

  it('punctuation inside a word is literal, around it dropped; words, not any substring', async () => {
    expect(subjects(await search(clerk, 'e-mail'))).toEqual(['Rapat koordinasi e-mail (daring) 100%']);
    expect(subjects(await search(clerk, '(daring) 100%'))).toEqual(['Rapat koordinasi e-mail (daring) 100%']);
    expect(subjects(await search(clerk, 'assal'))).toEqual([]);
    expect(subjects(await search(clerk, "massal' OR '1'='1"))).toEqual([]);
    expect(subjects(await search(clerk, 'x'.repeat(90)))).toEqual([]);
    expect((await search(clerk, 'massal (12')).items.length).toBeGreaterThan(0);
  });

  it("never finds another official's rows, nor a unit's Rahasia letters for its staff", async () => {
    const other = org.officials['UMPEG-SDM'].id;
    const theirs = new Set([...ids.entries()].filter(([k]) => k.startsWith(`${other}|`)).map(([, id]) => id));
    for (const q of ['massal', 'massal 1234', 'naskah biasa', 'jembatan', 'daring', '800/1234/UMPEG', 'khusus']) {
      const found = await search(clerk, q, 'finished', '&limit=100');
      expect([q, found.items.filter((i) => theirs.has(i.documentId))]).toEqual([q, []]);
    }
    // Incoming: the window (a common word) and the index (a rare one) alike.
    expect(subjects(await search(clerk, 'surat', 'incoming', '&limit=10'))).not.toContain('Surat rahasia undangan');
    expect(subjects(await search(head, 'surat', 'incoming', '&limit=10'))).toContain('Surat rahasia undangan');
    expect(subjects(await search(clerk, 'jembatan', 'incoming'))).toEqual(['Surat jembatan terbuka']);
    expect(subjects(await search(head, 'jembatan', 'incoming'))).toEqual(['Surat rahasia jembatan', 'Surat jembatan terbuka']);
    expect(subjects(await search(clerk, 'rahasia', 'incoming'))).toEqual([]);
  });

  it.each([
    ['too short', 'ab'],
    ['only short words', '12 ab 3'],
    ['only signs', '+-"*()~<>@'],
    ['a percent sign', '%'],
    ['an injection without a word', "') OR 1=1 --"],
    ['control characters', '\u0000\u0001ab'],
    ['too long', 'rapat '.repeat(17)],
  ])('refuses q with %s, naming the field (400, never 500)', async (_, q) => {
    const res = expectStatus(await clerk.get(`/api/v1/inbox?box=finished&q=${encodeURIComponent(q)}`), 400);
    // A rule of the DTO (length) lists its errors; the search's own rule names the field directly.
    expect(res.body.errors?.[0]?.field ?? res.body.field).toBe('q');
    expect(JSON.stringify(res.body)).toMatch(/kata pencarian/i);
  });

  it('counts each box up to 1000, and the Rahasia letters for the head only', async () => {
    const mine = expectStatus(await clerk.get('/api/v1/inbox/counts'), 200).body;
    expect(mine).toMatchObject({ finished: 1000, incoming: 601 });
    expect(expectStatus(await head.get('/api/v1/inbox/counts'), 200).body).toMatchObject({ incoming: 603 });
  });
});
