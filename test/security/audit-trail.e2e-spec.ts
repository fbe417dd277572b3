import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection, createConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { checkPdfSignature, FilesystemArchiveStore, openArchiveStore, readAuditAnchor, sha256 } from '@naskah/letter';
import {
  applyAppGrants,
  auditHash,
  AuditEventEntity,
  dropDatabase,
  formatAuditReport,
  GENESIS_HASH,
  grantPlan,
  parseDatabaseUrl,
  SignedLetterEntity,
  verifyAuditChain,
  verifyAuditTrail,
} from '@naskah/persistence';
import { SeededOrganization } from '@naskah/seed';
import { expectStatus, TestApi } from '../support/api';
import { signThroughBatamChain } from '../support/chain';
import { createTestOrganization, testDataSource } from '../support/fixtures';
import { useApiAndWorker } from '../support/stack';
import { TEST_DB_PASSWORD, TEST_DB_USER } from '../setup/test-env';

/**
 * The audit trail beyond its table: the application's database user may only read and append
 * audit rows, and every signed letter seals the chain's head at numbering into its signed PDF, so
 * a rewrite by someone holding the admin password still shows (DESIGN §7: append-only, hash-chained).
 */
// Letters render in this process from the sources: the render threads load the compiled renderer
// from dist/, which only `npm run build` refreshes.
const stack = useApiAndWorker('naskah-audit', { LETTER_RENDER_THREADS: '0' });
let api: TestApi;
beforeAll(() => {
  api = stack.api;
});

const dir = mkdtempSync(join(tmpdir(), 'naskah-audit-'));
const tokens = new Map<string, string>();
async function as(org: SeededOrganization, code: string) {
  const key = `${org.code}/${code}`;
  if (!tokens.has(key)) tokens.set(key, await api.login(org.officials[code].nip));
  return api.as(tokens.get(key)!);
}

const appDb = () => createConnection(parseDatabaseUrl(api.cfg.DATABASE_URL));
/** Root on the run's database: what someone holding the admin password can do. */
const adminDb = () => {
  const admin = parseDatabaseUrl(api.cfg.DATABASE_ADMIN_URL);
  return createConnection({ ...admin, database: parseDatabaseUrl(api.cfg.DATABASE_URL).database });
};
const archive = () => openArchiveStore(api.cfg);
async function withConnection<T>(open: () => Promise<Connection>, fn: (c: Connection) => Promise<T>): Promise<T> {
  const c = await open();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function draft(org: SeededOrganization): Promise<{ id: string; versionHash: string }> {
  const created = expectStatus(
    await (
      await as(org, 'UMPEG-ARSIP')
    ).post('/api/v1/documents', {
      kindCode: 'SURAT_DINAS',
      subject: `Undangan Rapat Pengawasan Koperasi ${randomBytes(3).toString('hex')}`,
      body: '<p>Dengan hormat, kami mengundang Bapak/Ibu menghadiri rapat pengawasan koperasi.</p>',
      classification: 'biasa',
      urgency: 'biasa',
      archiveCode: '000.8.3.3',
      recipients: [{ unitId: org.units.ISP }],
    }),
    201,
  );
  return { id: created.body.id, versionHash: created.body.currentVersion.contentHash };
}

/** A Surat Dinas through the whole Batam chain to its delivered, archived letter. */
async function signedLetter(org: SeededOrganization): Promise<{ id: string; letter: SignedLetterEntity; pdf: Buffer }> {
  const { id, versionHash } = await draft(org);
  await signThroughBatamChain((code) => as(org, code), id, versionHash);
  const pdf = expectStatus(
    await (
      await as(org, 'UMPEG-ARSIP')
    )
      .get(`/api/v1/documents/${id}/pdf`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      }),
    200,
  ).body as Buffer;
  const letter = await (await testDataSource()).getRepository(SignedLetterEntity).findOneByOrFail({ documentId: id });
  return { id, letter, pdf };
}

const chainOf = async (documentId: string) =>
  (await testDataSource()).getRepository(AuditEventEntity).find({ where: { documentId }, order: { seq: 'ASC' } });

/** A denied statement: MariaDB and MySQL answer ER_TABLEACCESS_DENIED_ERROR (1142), naming the command. */
async function expectDenied(c: Connection, sql: string, params: unknown[] = []): Promise<void> {
  await expect(c.query(sql, params)).rejects.toMatchObject({ code: 'ER_TABLEACCESS_DENIED_ERROR', errno: 1142 });
}

describe('least privilege: the application user reads and appends the audit trail, nothing more', () => {
  it('cannot update or delete audit rows, nor alter, drop or create tables, while the flows append the whole chain', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const { id } = await signedLetter(org);
    const before = await chainOf(id);
    expect(before.map((e) => e.type).slice(-5)).toEqual(['numbered', 'signature_made', 'archived', 'signed', 'delivered']);
    expect(before.filter((e) => e.type === 'paraf')).toHaveLength(2);

    await withConnection(appDb, async (app) => {
      await expectDenied(app, `UPDATE audit_event SET type = 'paraf' WHERE document_id = ? AND seq = 1`, [id]);
      await expectDenied(app, `DELETE FROM audit_event WHERE document_id = ?`, [id]);
      await expectDenied(app, `UPDATE account_audit_event SET reason = 'dihapus'`);
      await expectDenied(app, `DELETE FROM account_audit_event`);
      await expectDenied(app, `REPLACE INTO audit_event SELECT * FROM audit_event WHERE document_id = ?`, [id]);
      await expectDenied(app, `ALTER TABLE audit_event ADD COLUMN note VARCHAR(10) NULL`);
      await expectDenied(app, `ALTER TABLE document DROP COLUMN audit_seq`);
      await expectDenied(app, `DROP TABLE audit_event`);
      await expectDenied(app, `TRUNCATE TABLE audit_event`);
      await expectDenied(app, `CREATE TABLE audit_event_copy (id INT)`);
      await expectDenied(app, `CREATE TRIGGER audit_event_rewrite BEFORE INSERT ON audit_event FOR EACH ROW SET NEW.type = 'x'`);
      await expectDenied(app, `SELECT name FROM typeorm_migrations`);
      await expectDenied(app, `DELETE FROM typeorm_migrations`);
      // It still reads the trail and writes the projections the flows need.
      const [rows] = await app.query<RowDataPacket[]>('SELECT seq FROM audit_event WHERE document_id = ? ORDER BY seq', [id]);
      expect(rows.map((r) => r.seq)).toEqual(before.map((e) => e.seq));
      const [updated] = await app.query<ResultSetHeader>('UPDATE document SET updated_at = updated_at WHERE id = ?', [id]);
      expect(updated.affectedRows).toBe(1);
    });
    expect(await chainOf(id)).toEqual(before);
    expect(await verifyAuditChain((await testDataSource()).manager, id)).toBeNull();

    // What the user holds on this database: table grants from the plan, nothing database-wide.
    const { database, user } = parseDatabaseUrl(api.cfg.DATABASE_URL);
    const grants = await withConnection(adminDb, async (admin) => {
      const [hosts] = await admin.query<RowDataPacket[]>('SELECT Host AS host FROM mysql.user WHERE User = ?', [user]);
      expect(hosts.length).toBeGreaterThan(0);
      const out: string[] = [];
      for (const { host } of hosts) {
        const [lines] = await admin.query<RowDataPacket[]>('SHOW GRANTS FOR ?@?', [user, host]);
        out.push(...lines.map((l) => String(Object.values(l)[0])).filter((l) => l.includes(`\`${database}\``)));
      }
      return { out, hosts: hosts.length };
    });
    expect(grants.out.some((l) => l.includes(`\`${database}\`.*`))).toBe(false);
    expect(grants.out.filter((l) => l.includes('`audit_event`'))).toHaveLength(grants.hosts);
    for (const line of grants.out.filter((l) => /`(account_)?audit_event`/.test(l))) expect(line).toMatch(/^GRANT SELECT, INSERT ON /);
    expect(grants.out.some((l) => l.includes('typeorm_migrations'))).toBe(false);
    expect(grants.out.some((l) => /ALL PRIVILEGES|ALTER|DROP|CREATE|GRANT OPTION/.test(l.replace(/^GRANT /, '')))).toBe(false);
  });

  it('applying the grants replaces an old ALL PRIVILEGES, is idempotent, and dropping the database takes its grants along', async () => {
    const admin = parseDatabaseUrl(api.cfg.DATABASE_ADMIN_URL);
    const scratch = `naskah_test_grants_${randomBytes(4).toString('hex')}`;
    const appUrl = `mysql://${TEST_DB_USER}:${TEST_DB_PASSWORD}@${admin.host}:${admin.port}/${scratch}`;
    const grantsOn = (c: Connection) => async () => {
      const [hosts] = await c.query<RowDataPacket[]>('SELECT Host AS host FROM mysql.user WHERE User = ? ORDER BY Host', [TEST_DB_USER]);
      const lines: string[] = [];
      for (const { host } of hosts) {
        const [rows] = await c.query<RowDataPacket[]>('SHOW GRANTS FOR ?@?', [TEST_DB_USER, host]);
        lines.push(...rows.map((r) => `${host} ${String(Object.values(r)[0])}`).filter((l) => l.includes(`\`${scratch}\``)));
      }
      return lines.sort();
    };
    await withConnection(
      () => createConnection({ host: admin.host, port: admin.port, user: admin.user, password: admin.password }),
      async (c) => {
        const grants = grantsOn(c);
        try {
          await c.query(`CREATE DATABASE \`${scratch}\``);
          for (const t of ['audit_event', 'document', 'typeorm_migrations']) await c.query(`CREATE TABLE \`${scratch}\`.\`${t}\` (id INT)`);
          // An installation from before least privilege: everything on the database, and a stray table grant.
          await c.query(`GRANT ALL PRIVILEGES ON \`${scratch}\`.* TO ?@'%' WITH GRANT OPTION`, [TEST_DB_USER]);
          await c.query(`GRANT DELETE, UPDATE ON \`${scratch}\`.\`audit_event\` TO ?@'%'`, [TEST_DB_USER]);

          const first = await applyAppGrants(appUrl, api.cfg.DATABASE_ADMIN_URL);
          expect(first.grants).toEqual(grantPlan(['audit_event', 'document']));
          const after = await grants();
          expect(after).toHaveLength(2 * first.hosts.length);
          expect(after.filter((l) => l.includes('`audit_event`')).every((l) => / GRANT SELECT, INSERT ON /.test(l))).toBe(true);
          expect(after.filter((l) => l.includes('`document`')).every((l) => / GRANT SELECT, INSERT, UPDATE, DELETE ON /.test(l))).toBe(true);

          await applyAppGrants(appUrl, api.cfg.DATABASE_ADMIN_URL);
          expect(await grants()).toEqual(after);
          await expect(applyAppGrants(`mysql://${admin.user}@${admin.host}:${admin.port}/${scratch}`, api.cfg.DATABASE_ADMIN_URL)).rejects.toThrow(
            /connects as the admin user/,
          );
        } finally {
          await dropDatabase(api.cfg.DATABASE_ADMIN_URL, scratch);
        }
        expect(await grants()).toEqual([]);
      },
    );
  });
});

describe('the chain anchored outside the table', () => {
  it("a signed letter's PDF carries the chain's head at numbering, under its signature, and it matches the chain", async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const { id, letter, pdf } = await signedLetter(org);
    const chain = await chainOf(id);
    const numbered = chain.find((e) => e.type === 'numbered')!;
    expect(letter).toMatchObject({ auditAnchorSeq: numbered.seq, auditAnchorHash: numbered.hash });
    expect(readAuditAnchor(pdf)).toEqual({ seq: numbered.seq, hash: numbered.hash });
    expect(sha256(pdf)).toBe(letter.pdfSha256);
    expect((await archive().get(letter.pdfSha256!))?.equals(pdf)).toBe(true);
    expect(checkPdfSignature(pdf)).toMatchObject({ ok: true });

    // What an outside party reads with poppler: the Keywords, and a signature over the whole document.
    const file = join(dir, `${id}.pdf`);
    writeFileSync(file, pdf);
    expect(spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout).toMatch(
      new RegExp(`^Keywords:\\s+naskah-audit:${numbered.seq}:${numbered.hash}$`, 'm'),
    );
    const sig = spawnSync('pdfsig', [file], { encoding: 'utf8' }).stdout;
    expect(sig).toContain('Signature Validation: Signature is Valid.');
    expect(sig).toContain('Total document signed');
  });

  it("a PDF replaced in the archive is never served: the download answers 503 and the letter's own bytes are served again once restored", async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const { id, letter, pdf } = await signedLetter(org);
    const file = (archive() as FilesystemArchiveStore).path(letter.pdfSha256!);
    chmodSync(file, 0o644);
    writeFileSync(file, Buffer.concat([pdf, Buffer.from('%tambahan\n')]));
    const clerk = await as(org, 'UMPEG-ARSIP');
    expect(expectStatus(await clerk.get(`/api/v1/documents/${id}/pdf`), 503).body).toMatchObject({ code: 'UNAVAILABLE' });
    writeFileSync(file, pdf);
    expectStatus(await clerk.get(`/api/v1/documents/${id}/pdf`), 200);
  });

  it('an intact organisation verifies clean', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const { id } = await signedLetter(org);
    const other = await draft(org);
    const events = (await chainOf(id)).length + (await chainOf(other.id)).length;
    const report = await verifyAuditTrail(await testDataSource(), { archive: archive(), organizationId: org.id });
    expect(report).toEqual({
      documents: 2,
      events,
      letters: 1,
      unanchoredLetters: 0,
      unarchivedLetters: 0,
      chainBreaks: [],
      letterBreaks: [],
      intact: true,
    });
    expect(formatAuditReport(report)).toEqual([`checked 2 documents, ${events} audit events, 1 signed letters`, 'audit trail intact']);
    expect(await verifyAuditTrail(await testDataSource(), { archive: archive(), documentId: id })).toMatchObject({
      documents: 1,
      letters: 1,
      intact: true,
    });
    await expect(
      verifyAuditTrail(await testDataSource(), { archive: archive(), documentId: '00000000-0000-4000-8000-000000000000' }),
    ).rejects.toThrow(/not found/);
  });

  it('a row changed with the admin password is reported with its document and seq', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const { id } = await signedLetter(org);
    const paraf = (await chainOf(id)).find((e) => e.type === 'paraf')!;
    await withConnection(adminDb, (c) =>
      c.query(`UPDATE audit_event SET actor_official_id = ? WHERE document_id = ? AND seq = ?`, [org.officials.KADIS.id, id, paraf.seq]),
    );
    expect(await verifyAuditChain((await testDataSource()).manager, id)).toBe(paraf.seq);
    const report = await verifyAuditTrail(await testDataSource(), { archive: archive(), organizationId: org.id });
    expect(report).toMatchObject({
      intact: false,
      chainBreaks: [{ documentId: id, seq: paraf.seq, problem: expect.stringMatching(/does not match the row's content/) }],
      letterBreaks: [],
    });
    expect(formatAuditReport(report)).toContain(`BROKEN chain of document ${id} at seq ${paraf.seq}: ${report.chainBreaks[0].problem}`);

    // A deleted row is named too.
    await withConnection(adminDb, (c) => c.query(`DELETE FROM audit_event WHERE document_id = ? AND seq = ?`, [id, paraf.seq]));
    expect((await verifyAuditTrail(await testDataSource(), { archive: archive(), documentId: id })).chainBreaks).toEqual([
      { documentId: id, seq: paraf.seq, problem: `seq ${paraf.seq} is missing (the next row is seq ${paraf.seq + 1})` },
    ]);
  });

  it('a full, consistent rewrite of the chain passes the table but not the signed PDF', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const { id, letter } = await signedLetter(org);
    const chain = await chainOf(id);
    const paraf = chain.find((e) => e.type === 'paraf')!;
    // The forger knows the algorithm: the first paraf becomes the Kepala Dinas's, every later hash is recomputed.
    let prev = chain[paraf.seq - 2]?.hash ?? GENESIS_HASH;
    const rewritten = chain.slice(paraf.seq - 1).map((row) => {
      const { hash: _hash, prevHash: _prev, ...content } = row;
      if (row.seq === paraf.seq) content.actorOfficialId = org.officials.KADIS.id;
      const hash = auditHash(prev, content);
      const out = { ...content, prevHash: prev, hash };
      prev = hash;
      return out;
    });
    await withConnection(adminDb, async (c) => {
      for (const r of rewritten) {
        await c.query(`UPDATE audit_event SET actor_official_id = ?, prev_hash = ?, hash = ? WHERE document_id = ? AND seq = ?`, [
          r.actorOfficialId,
          r.prevHash,
          r.hash,
          id,
          r.seq,
        ]);
      }
    });
    expect(await verifyAuditChain((await testDataSource()).manager, id)).toBeNull();
    const anchorSeq = letter.auditAnchorSeq!;
    const report = await verifyAuditTrail(await testDataSource(), { archive: archive(), documentId: id });
    expect(report).toMatchObject({
      intact: false,
      chainBreaks: [],
      letterBreaks: [
        {
          documentId: id,
          number: letter.number,
          seq: anchorSeq,
          problem: expect.stringMatching(/the chain's hash at seq \d+ is .*, the signed PDF anchors/),
        },
      ],
    });

    // Rewriting the letter row's anchor as well leaves the sealed file.
    const forged = rewritten.find((r) => r.seq === anchorSeq)!.hash;
    await withConnection(adminDb, (c) => c.query(`UPDATE signed_letter SET audit_anchor_hash = ? WHERE document_id = ?`, [forged, id]));
    expect((await verifyAuditTrail(await testDataSource(), { archive: archive(), documentId: id })).letterBreaks).toEqual([
      {
        status: 'broken',
        documentId: id,
        number: letter.number,
        seq: anchorSeq,
        problem: expect.stringMatching(/letter row's anchor .* is not the signed PDF's/),
      },
    ]);
  });
});

describe('a signed letter is read and verified from the version its signature binds', () => {
  it('a version row changed with the admin password after signing: nobody reads it, and the verification page discloses nothing and says it is not intact', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const { id, letter } = await signedLetter(org);
    const drafter = await as(org, 'UMPEG-ARSIP');
    expectStatus(await drafter.get(`/api/v1/documents/${id}`), 200);
    const before = expectStatus(await api.http.get(`/api/v1/verify/${letter.verificationCode}`).set('Accept', 'application/json'), 200).body;
    expect(before).toMatchObject({ authentic: true, intact: true });
    await withConnection(adminDb, (c) =>
      c.query('UPDATE document_version SET subject = ? WHERE document_id = ?', ['Perihal yang diganti diam-diam', id]),
    );
    expect(expectStatus(await drafter.get(`/api/v1/documents/${id}`), 409).body.message).toMatch(/tidak cocok dengan yang ditandatangani/);
    const after = expectStatus(await api.http.get(`/api/v1/verify/${letter.verificationCode}`).set('Accept', 'application/json'), 200).body;
    expect(after).toMatchObject({ authentic: false, intact: false, subject: '(dirahasiakan)' });
  });
});
