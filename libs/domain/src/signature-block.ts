import type { Capacity } from './chain';
import { formatNip } from './nip';

export interface Signatory {
  name: string;
  gelarDepan?: string;
  gelarBelakang?: string;
  rank: string;
  nip: string;
}

export interface SignatureBlockInput {
  capacity: Capacity;
  /** The title the letter is signed for: the principal's (a.n., u.b.) or the signer's own. */
  principalTitle: string;
  /** The signer's own position title (a.n., u.b.). */
  signerTitle: string;
  /** u.b.: the title of the a.n. holder who passes the mandate one level further down. */
  intermediateTitle?: string;
  signer: Signatory;
  /** Regulations and decrees write the name without gelar (Permendagri 1/2023 Pasal 44). */
  withoutGelar?: boolean;
}

function displayName(s: Signatory, withoutGelar: boolean): string {
  if (withoutGelar) return s.name.toUpperCase();
  const front = s.gelarDepan ? `${s.gelarDepan} ` : '';
  const back = s.gelarBelakang ? `, ${s.gelarBelakang}` : '';
  return `${front}${s.name}${back}`;
}

/**
 * The signature block of a naskah dinas for each capacity (DESIGN §5, Tata Naskah Dinas):
 * own, a.n. (atas nama, Cilegon Pasal 29), u.b. (untuk beliau), Plt. and Plh.
 */
export function signatureBlock(input: SignatureBlockInput): string[] {
  const up = (t: string) => t.toUpperCase();
  const heading: string[] = (() => {
    switch (input.capacity) {
      case 'own':
        return [`${up(input.principalTitle)},`];
      case 'plt':
        return [`Plt. ${up(input.principalTitle)},`];
      case 'plh':
        return [`Plh. ${up(input.principalTitle)},`];
      case 'an':
        return [`a.n. ${up(input.principalTitle)}`, `${up(input.signerTitle)},`];
      case 'ub':
        return [`a.n. ${up(input.principalTitle)}`, `${up(input.intermediateTitle ?? '')},`, 'u.b.', `${up(input.signerTitle)},`];
    }
  })();
  return [...heading, '(TTE)', displayName(input.signer, !!input.withoutGelar), input.signer.rank, `NIP. ${formatNip(input.signer.nip)}`];
}
