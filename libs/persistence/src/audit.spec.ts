import { auditHash, findAuditChainBreak, GENESIS_HASH } from './audit';
import { AuditEventEntity } from './entities';

const DOC = '0f9d1c2e-3b4a-4c5d-8e6f-708192a3b4c5';

/** A well-formed chain of `n` events, as appendAudit writes it. */
function chain(n: number): AuditEventEntity[] {
  const rows: AuditEventEntity[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const row = {
      documentId: DOC,
      seq,
      wfSeq: seq,
      type: seq === n ? 'numbered' : 'paraf',
      actorOfficialId: null,
      actorPositionId: null,
      capacity: 'own',
      principalOfficialId: null,
      data: { step: seq },
      createdAt: new Date(Date.UTC(2026, 0, 5, 8, seq)),
    };
    const hash = auditHash(prev, row);
    rows.push(Object.assign(new AuditEventEntity(), row, { prevHash: prev, hash }));
    prev = hash;
  }
  return rows;
}

/** Rewrites every hash from `from` on, as someone who knows the algorithm would. */
function rehash(rows: AuditEventEntity[], from: number): void {
  for (const r of rows.filter((x) => x.seq >= from)) {
    const prev = r.seq === 1 ? GENESIS_HASH : rows.find((x) => x.seq === r.seq - 1)!.hash;
    const { hash: _h, prevHash: _p, ...content } = r;
    Object.assign(r, { prevHash: prev, hash: auditHash(prev, content) });
  }
}

describe('the audit hash chain: the first broken link', () => {
  it('an intact chain, and an empty one, have none', () => {
    expect(findAuditChainBreak(DOC, chain(5), 5)).toBeNull();
    expect(findAuditChainBreak(DOC, [], 0)).toBeNull();
  });

  it.each<[string, (rows: AuditEventEntity[]) => AuditEventEntity[], number, RegExp]>([
    ['a changed field', (r) => (Object.assign(r[2], { capacity: 'a.n.' }), r), 3, /does not match the row's content/],
    ['a changed payload', (r) => (Object.assign(r[1], { data: { step: 99 } }), r), 2, /does not match the row's content/],
    ['a changed time', (r) => (Object.assign(r[4], { createdAt: new Date(0) }), r), 5, /does not match the row's content/],
    ['a replaced hash', (r) => (Object.assign(r[0], { hash: 'f'.repeat(64) }), r), 1, /hash f+… does not match the row's content/],
    ['a broken prev_hash', (r) => (Object.assign(r[3], { prevHash: GENESIS_HASH }), r), 4, /prev_hash/],
    ['a deleted row', (r) => r.filter((x) => x.seq !== 3), 3, /seq 3 is missing/],
    ['a deleted first row', (r) => r.slice(1), 1, /seq 1 is missing/],
  ])('%s', (_name, tamper, seq, problem) => {
    const found = findAuditChainBreak(DOC, tamper(chain(5)), 5);
    expect(found).toEqual({ documentId: DOC, seq, problem: expect.stringMatching(problem) });
  });

  it('a deleted last row shows against the count the document records', () => {
    const rows = chain(5).slice(0, 4);
    expect(findAuditChainBreak(DOC, rows)).toBeNull();
    expect(findAuditChainBreak(DOC, rows, 5)).toEqual({
      documentId: DOC,
      seq: 5,
      problem: expect.stringMatching(/records 5 events, the chain ends at seq 4/),
    });
  });

  it('a consistent rewrite of the chain passes the chain check (only an anchor outside the table catches it)', () => {
    const original = chain(5);
    const rewritten = chain(5);
    Object.assign(rewritten[1], { actorOfficialId: '11111111-2222-4333-8444-555555555555' });
    rehash(rewritten, 2);
    expect(findAuditChainBreak(DOC, rewritten, 5)).toBeNull();
    expect(rewritten[4].hash).not.toBe(original[4].hash);
  });
});
