import {
  ActingAs,
  applyCommand,
  beginSignature,
  ChainState,
  endSignature,
  newChain,
  signatureClaimDeadline,
  validateBeginSignature,
  validateCommand,
} from './chain';
import { DomainError } from './errors';
import { RoutePlan } from './routing';

const plan: RoutePlan = {
  signerPositionId: 'kadis',
  steps: [
    { order: 1, positionId: 'sekre', action: 'paraf', superiorPositionId: 'kadis', mayReturn: true, pasal: 'P4' },
    { order: 2, positionId: 'kadis', action: 'sign', superiorPositionId: null, mayReturn: true, pasal: 'P3' },
  ],
};
const as = (positionId: string, officialId = `${positionId}-official`): ActingAs => ({ officialId, positionId, capacity: 'own' });

/** A chain waiting for the Kepala Dinas's signature; `personal` as chains started with personal TTE are. */
function atSigner(personal = true): ChainState {
  const s = newChain({
    ...(personal ? { signature: 'personal' as const } : {}),
    documentId: 'd',
    organizationId: 'o',
    drafterOfficialId: 'clerk',
    drafterPositionId: 'clerk-pos',
    plan,
    versionNo: 1,
    versionHash: 'h1',
  });
  applyCommand(s, { type: 'submit', byOfficialId: 'clerk', versionNo: 1, versionHash: 'h1' }, 1000);
  applyCommand(s, { type: 'paraf', actor: as('sekre'), versionHash: 'h1' }, 2000);
  return s;
}

function refusal(fn: () => void): DomainError {
  try {
    fn();
  } catch (e) {
    return e as DomainError;
  }
  throw new Error('expected a refusal');
}

describe('the signature claim (a personal TTE is made outside the workflow, DESIGN §6)', () => {
  it('a personal chain is signed only under a claim, by the sign that carries its attempt', () => {
    const s = atSigner();
    expect(refusal(() => validateCommand(s, { type: 'sign', actor: as('kadis'), versionHash: 'h1' })).message).toMatch(/passphrase/);
    beginSignature(s, { actor: as('kadis'), versionHash: 'h1', attemptId: 'a1' }, 3000);
    expect(s.signing).toMatchObject({ attemptId: 'a1', since: 3000 });
    expect(refusal(() => validateCommand(s, { type: 'sign', actor: as('kadis'), versionHash: 'h1', attemptId: 'other' })).code).toBe('CONFLICT');
    const event = applyCommand(s, { type: 'sign', actor: as('kadis'), versionHash: 'h1', attemptId: 'a1' }, 4000);
    expect(event).toMatchObject({ type: 'signed', stepOrder: 2 });
    expect([s.status, s.signing]).toEqual(['signed', null]);
  });

  it('a claim is refused as a sign would be: not your turn, a stale version, a paraf step', () => {
    const s = atSigner();
    expect(refusal(() => validateBeginSignature(s, { actor: as('sekre'), versionHash: 'h1', attemptId: 'a' })).code).toBe('CONFLICT');
    expect(refusal(() => validateBeginSignature(s, { actor: as('kadis'), versionHash: 'old', attemptId: 'a' })).field).toBe('versionHash');
    expect(refusal(() => validateBeginSignature(s, { actor: { ...as('kadis'), capacity: 'an' }, versionHash: 'h1', attemptId: 'a' })).code).toBe(
      'FORBIDDEN',
    );
  });

  it('while claimed, nothing else happens to the document: no second claim, no return, no correction, no withdrawal', () => {
    const s = atSigner();
    beginSignature(s, { actor: as('kadis'), versionHash: 'h1', attemptId: 'a1' }, 3000);
    const busy = /sedang ditandatangani/;
    expect(refusal(() => validateBeginSignature(s, { actor: as('kadis'), versionHash: 'h1', attemptId: 'a2' })).message).toMatch(busy);
    expect(
      refusal(() => validateCommand(s, { type: 'return', actor: as('kadis'), versionHash: 'h1', note: 'Perbaiki paragraf kedua' })).message,
    ).toMatch(busy);
    expect(
      refusal(() => validateCommand(s, { type: 'correct', actor: as('kadis'), fromVersionHash: 'h1', versionNo: 2, versionHash: 'h2' })).message,
    ).toMatch(busy);
    expect(refusal(() => validateCommand(s, { type: 'withdraw', byOfficialId: 'clerk' })).message).toMatch(busy);
  });

  it('an ended attempt frees the step; ending another attempt changes nothing', () => {
    const s = atSigner();
    beginSignature(s, { actor: as('kadis'), versionHash: 'h1', attemptId: 'a1' }, 3000);
    expect(endSignature(s, 'stale')).toBe(false);
    expect(s.signing?.attemptId).toBe('a1');
    expect(endSignature(s, 'a1')).toBe(true);
    expect(s.signing).toBeNull();
    expect(s.steps[1].state).toBe('pending');
    expect(() => validateCommand(s, { type: 'withdraw', byOfficialId: 'clerk' })).not.toThrow();
  });

  it('the workflow settles a claim its time-to-live after it began', () => {
    const s = atSigner();
    expect(signatureClaimDeadline(s, 180_000)).toBeNull();
    beginSignature(s, { actor: as('kadis'), versionHash: 'h1', attemptId: 'a1' }, 3000);
    expect(signatureClaimDeadline(s, 180_000)).toBe(183_000);
  });

  it('chains started before personal signatures are still signed as they were (their recorded histories replay)', () => {
    const s = atSigner(false);
    expect(() => validateCommand(s, { type: 'sign', actor: as('kadis'), versionHash: 'h1' })).not.toThrow();
    expect(refusal(() => validateCommand(s, { type: 'sign', actor: as('kadis'), versionHash: 'h1', attemptId: 'unknown' })).code).toBe('CONFLICT');
  });
});
