import { ActionFacts, allowedActions } from './allowed-actions';

const base: ActionFacts = { status: 'draft', round: 0, isDrafter: false, currentStepAction: null, mayActOnCurrentStep: false };

describe('what the caller may do now (DESIGN §4)', () => {
  it.each([
    ['draft', 0, ['edit', 'submit', 'withdraw']],
    ['submitting', 0, ['submit']],
    ['submitting', 2, ['resubmit']],
    ['returned', 1, ['edit', 'resubmit', 'withdraw']],
    ['in_review', 1, ['withdraw']],
    ['signed', 1, []],
    ['withdrawn', 1, []],
  ] as const)('the drafter, %s (round %i): %j', (status, round, expected) => {
    expect(allowedActions({ ...base, status, round, isDrafter: true })).toEqual(expected);
  });

  it.each([
    ['paraf', ['paraf', 'return', 'correct']],
    ['sign', ['sign', 'return', 'correct']],
  ] as const)('the holder or deputy of the waiting %s step', (action, expected) => {
    expect(allowedActions({ ...base, status: 'in_review', round: 1, currentStepAction: action, mayActOnCurrentStep: true })).toEqual(expected);
  });

  it('anyone else: nothing, even when the step waits', () => {
    expect(allowedActions({ ...base, status: 'in_review', round: 1, currentStepAction: 'sign', mayActOnCurrentStep: false })).toEqual([]);
    expect(allowedActions({ ...base, status: 'returned', round: 1, currentStepAction: 'paraf', mayActOnCurrentStep: true })).toEqual([]);
  });

  it('a drafter who also holds the waiting step may withdraw and act on it', () => {
    expect(allowedActions({ ...base, status: 'in_review', round: 1, isDrafter: true, currentStepAction: 'sign', mayActOnCurrentStep: true })).toEqual(
      ['withdraw', 'sign', 'return', 'correct'],
    );
  });

  it("a deputy whose own post may not correct returns but does not correct the principal's step", () => {
    expect(
      allowedActions({ ...base, status: 'in_review', round: 1, currentStepAction: 'paraf', mayActOnCurrentStep: true, mayCorrect: false }),
    ).toEqual(['paraf', 'return']);
  });

  it('a post that may not correct (mengoreksi) only gives its paraf or signature', () => {
    expect(
      allowedActions({ ...base, status: 'in_review', round: 1, currentStepAction: 'paraf', mayActOnCurrentStep: true, stepMayReturn: false }),
    ).toEqual(['paraf']);
  });
});
