import { MigrationInterface, QueryRunner } from 'typeorm';

/** "Peraturan Wali Kota Batam Nomor 14 Tahun 2023" -> "Perwako Batam 14/2023"; another name is kept whole. */
const citationOf = (regulation: string): string => {
  const m = /^Peraturan Wali Kota (.+) Nomor (\d+) Tahun (\d{4})$/.exec(regulation);
  return m ? `Perwako ${m[1]} ${m[2]}/${m[3]}` : regulation;
};

/**
 * Authority and its citations (issue 13): every row of the authority table names the regulation
 * and Pasal that gives the position its signature; a position may rest its authority on Tata
 * Naskah Dinas sources, stored by catalogue key (their words live in libs/domain/src/sources.ts);
 * an organisation may require tembusan of reports (Cilegon Pasal 28 ayat (9)), which a drafter may
 * waive only by stating why (kept on the document; versions keep it in their hashed fields).
 */
export class AuthorityCitations1732850000000 implements MigrationInterface {
  name = 'AuthorityCitations1732850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE organization ADD COLUMN regulation_citation VARCHAR(200) NULL AFTER regulation, ADD COLUMN report_tembusan_pasal VARCHAR(200) NULL AFTER regulation_citation`,
    );
    const orgs: Array<{ id: string; regulation: string }> = await q.query(`SELECT id, regulation FROM organization`);
    for (const o of orgs) await q.query(`UPDATE organization SET regulation_citation = ? WHERE id = ?`, [citationOf(o.regulation), o.id]);
    await q.query(`ALTER TABLE organization MODIFY regulation_citation VARCHAR(200) NOT NULL`);
    // The one seed office whose regulation has the rule; other offices state theirs when they load their data.
    await q.query(
      `UPDATE organization SET report_tembusan_pasal = 'Pasal 28 ayat (9)' WHERE regulation = 'Peraturan Wali Kota Cilegon Nomor 18 Tahun 2022'`,
    );

    await q.query(
      `ALTER TABLE org_position MODIFY authority_pasal VARCHAR(300) NOT NULL, ADD COLUMN tata_naskah_dinas JSON NULL AFTER authority_pasal`,
    );
    // A step cites the regulation, the Pasal and any Tata Naskah Dinas source.
    await q.query(`ALTER TABLE route_step MODIFY pasal VARCHAR(500) NOT NULL`);

    await q.query(`ALTER TABLE signing_authority ADD COLUMN pasal VARCHAR(500) NULL`);
    await q.query(
      `UPDATE signing_authority sa
         JOIN org_position p ON p.id = sa.position_id
         JOIN organization o ON o.id = sa.organization_id
          SET sa.pasal = CONCAT(o.regulation_citation, ' ', p.authority_pasal)`,
    );
    await q.query(`ALTER TABLE signing_authority MODIFY pasal VARCHAR(500) NOT NULL`);

    await q.query(`ALTER TABLE document ADD COLUMN tembusan_waiver_reason VARCHAR(2000) NULL AFTER tembusan`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE document DROP COLUMN tembusan_waiver_reason`);
    await q.query(`ALTER TABLE signing_authority DROP COLUMN pasal`);
    await q.query(`ALTER TABLE route_step MODIFY pasal VARCHAR(200) NOT NULL`);
    await q.query(`ALTER TABLE org_position DROP COLUMN tata_naskah_dinas, MODIFY authority_pasal VARCHAR(200) NOT NULL`);
    await q.query(`ALTER TABLE organization DROP COLUMN report_tembusan_pasal, DROP COLUMN regulation_citation`);
  }
}
