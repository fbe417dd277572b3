import { databaseAdminUrl, grantPlan } from './database-bootstrap';

describe('least privilege for the application user', () => {
  const plan = grantPlan(['account_audit_event', 'audit_event', 'document', 'inbox_item', 'signed_letter', 'typeorm_migrations']);

  it.each([
    ['audit_event', ['SELECT', 'INSERT']],
    ['account_audit_event', ['SELECT', 'INSERT']],
    ['document', ['SELECT', 'INSERT', 'UPDATE', 'DELETE']],
    ['inbox_item', ['SELECT', 'INSERT', 'UPDATE', 'DELETE']],
    ['signed_letter', ['SELECT', 'INSERT', 'UPDATE', 'DELETE']],
  ])('%s: %j', (table, privileges) => {
    expect(plan.find((g) => g.table === table)?.privileges).toEqual(privileges);
  });

  it('grants nothing on the migrations table, and never a schema privilege', () => {
    expect(plan.map((g) => g.table)).not.toContain('typeorm_migrations');
    const all = new Set(plan.flatMap((g) => g.privileges));
    expect([...all].sort()).toEqual(['DELETE', 'INSERT', 'SELECT', 'UPDATE']);
  });

  it('a table a later migration adds gets data privileges only', () => {
    expect(grantPlan(['new_feature'])).toEqual([{ table: 'new_feature', privileges: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] }]);
  });

  it("runs migrations as the admin user on the application's database", () => {
    expect(databaseAdminUrl('mysql://naskah:secret@db:3306/naskah', 'mysql://root:r%40ot@db:3306')).toBe('mysql://root:r%40ot@db:3306/naskah');
    expect(databaseAdminUrl('mysql://naskah:x@127.0.0.1/naskah_test_1', 'mysql://root@127.0.0.1:3306/other?ssl=1')).toBe(
      'mysql://root@127.0.0.1:3306/naskah_test_1?ssl=1',
    );
    expect(() => databaseAdminUrl('mysql://naskah:x@127.0.0.1/bad-name', 'mysql://root@127.0.0.1')).toThrow(/must match/);
  });
});
