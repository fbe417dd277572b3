import { ActingAs, applyCommand, applyDueReminder, ChainState, newChain } from './chain';
import { inboxRowsFor } from './inbox';
import { RoutePlan } from './routing';

const plan: RoutePlan = {
  signerPositionId: 'kadis',
  steps: [
    { order: 1, positionId: 'kasubbag', action: 'paraf', superiorPositionId: 'sekre', mayReturn: true, pasal: 'P5' },
    { order: 2, positionId: 'sekre', action: 'paraf', superiorPositionId: 'kadis', mayReturn: true, pasal: 'P4' },
    { order: 3, positionId: 'kadis', action: 'sign', superiorPositionId: null, mayReturn: true, pasal: 'P3' },
  ],
};
const as = (positionId: string): ActingAs => ({ officialId: `${positionId}-official`, positionId, capacity: 'own' });
const policy = { reminder: { unit: 'seconds' as const, amount: 10 }, escalation: { unit: 'seconds' as const, amount: 10 } };

function submitted(): ChainState {
  const s = newChain({
    documentId: 'd',
    organizationId: 'o',
    drafterOfficialId: 'clerk',
    drafterPositionId: 'clerk-pos',
    plan,
    versionNo: 1,
    versionHash: 'h1',
  });
  applyCommand(s, { type: 'submit', byOfficialId: 'clerk', versionNo: 1, versionHash: 'h1' }, 1000);
  return s;
}
const boxes = (s: ChainState) => inboxRowsFor(s).map((r) => `${r.ownerId}:${r.box}${r.overdue ? '!' : ''}`);

describe('who sees a document in which inbox box (DESIGN §4 paraf hierarki, §5 acting officials)', () => {
  it("the step waiting now is in its position's action box (so a Plt., Plh. or deputy of the position sees it); the drafter follows it", () => {
    const s = submitted();
    expect(boxes(s)).toEqual(['kasubbag:action', 'clerk:in_progress']);
    expect(inboxRowsFor(s)[0]).toMatchObject({ stepAction: 'paraf' });
  });

  it("an official who gave paraf follows the document in progress; the signer's step is a sign action", () => {
    const s = submitted();
    applyCommand(s, { type: 'paraf', actor: as('kasubbag'), versionHash: 'h1' }, 2000);
    applyCommand(s, { type: 'paraf', actor: as('sekre'), versionHash: 'h1' }, 3000);
    expect(boxes(s)).toEqual(['kadis:action', 'clerk:in_progress', 'kasubbag-official:in_progress', 'sekre-official:in_progress']);
    expect(inboxRowsFor(s)[0]).toMatchObject({ stepAction: 'sign' });
  });

  it("a return puts the draft in the drafter's returned box and takes it out of every action box; earlier rounds' actors keep following", () => {
    const s = submitted();
    applyCommand(s, { type: 'paraf', actor: as('kasubbag'), versionHash: 'h1' }, 2000);
    applyCommand(s, { type: 'return', actor: as('sekre'), versionHash: 'h1', note: 'Perbaiki dasar hukum' }, 3000);
    expect(boxes(s)).toEqual(['clerk:returned', 'kasubbag-official:in_progress', 'sekre-official:in_progress']);
    applyCommand(s, { type: 'resubmit', byOfficialId: 'clerk', versionNo: 2, versionHash: 'h2' }, 4000);
    expect(boxes(s)).toEqual(['kasubbag:action', 'clerk:in_progress', 'kasubbag-official:in_progress', 'sekre-official:in_progress']);
  });

  it('signed or withdrawn: everyone who took part has it in finished; nobody has it to act on', () => {
    const s = submitted();
    applyCommand(s, { type: 'paraf', actor: as('kasubbag'), versionHash: 'h1' }, 2000);
    applyCommand(s, { type: 'withdraw', byOfficialId: 'clerk' }, 3000);
    expect(boxes(s)).toEqual(['clerk:finished', 'kasubbag-official:finished']);
  });

  it('the drafter who also acted (a head drafting for himself) has one row, not two', () => {
    const s = newChain({
      documentId: 'd',
      organizationId: 'o',
      drafterOfficialId: 'kadis-official',
      drafterPositionId: 'kadis',
      plan: { signerPositionId: 'kadis', steps: [plan.steps[2]] },
      versionNo: 1,
      versionHash: 'h1',
    });
    applyCommand(s, { type: 'submit', byOfficialId: 'kadis-official', versionNo: 1, versionHash: 'h1' }, 1000);
    applyCommand(s, { type: 'sign', actor: as('kadis'), versionHash: 'h1' }, 2000);
    expect(boxes(s)).toEqual(['kadis-official:finished']);
  });

  it("DESIGN §4 reminders: a reminded step is overdue in its holder's box; an escalated one is also in the superior's overdue box", () => {
    const s = submitted();
    expect(applyDueReminder(s, policy, 11_000)).toMatchObject({ type: 'reminder' });
    expect(boxes(s)).toEqual(['kasubbag:action!', 'clerk:in_progress']);
    expect(applyDueReminder(s, policy, 21_000)).toMatchObject({ type: 'escalation' });
    expect(boxes(s)).toEqual(['kasubbag:action!', 'sekre:overdue!', 'clerk:in_progress']);
  });
});
