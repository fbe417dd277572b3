import type { RoutePlan } from '@naskah/domain';
import { readOrganizationFile } from '@naskah/org-files';
import { chainInputOf } from './chain-input';
import { DocumentEntity } from './entities';

const doc = Object.assign(new DocumentEntity(), {
  id: 'doc',
  organizationId: 'org',
  drafterOfficialId: 'drafter',
  drafterPositionId: 'pos',
  currentVersionNo: 1,
  currentVersionHash: 'h1',
});
const plan: RoutePlan = { steps: [], signerPositionId: 'kadis' };

describe("a chain's deputy consideration rule is its office's (DESIGN §5)", () => {
  it('Cilegon Pasal 29 ayat (3): required, cited', () => {
    const input = chainInputOf(doc, { strategic: false }, plan, { delegationRules: readOrganizationFile('cilegon-dkukm.yaml').delegation });
    expect(input.deputyConsiderationPasal).toBe('Perwako Cilegon 18/2022 Pasal 29 ayat (3)');
  });

  it('Batam (UU 30/2014 Pasal 14): none required', () => {
    const input = chainInputOf(doc, { strategic: false }, plan, { delegationRules: readOrganizationFile('batam-dkum.yaml').delegation });
    expect(input.deputyConsiderationPasal).toBeNull();
  });

  it('an office whose rules are not loaded leaves it out (the chain then keeps the rule of chains before per-office rules)', () => {
    expect('deputyConsiderationPasal' in chainInputOf(doc, { strategic: true }, plan, { delegationRules: null })).toBe(false);
  });
});
