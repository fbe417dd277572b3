import { LetterData, renderLetter } from './render-letter';
import { signPdf } from './sign-pdf';

export interface RenderAndSignInput {
  letter: LetterData;
  p12: Uint8Array;
  passphrase: string;
  info: { reason: string; name: string; location: string; contactInfo: string };
}

/** The CPU-heavy part of a signed letter: render the PDF, then seal it with the PAdES signature. */
export async function renderAndSign(input: RenderAndSignInput): Promise<Buffer> {
  const pdf = await renderLetter({ ...input.letter, date: new Date(input.letter.date) });
  return signPdf(pdf, { p12: Buffer.from(input.p12), passphrase: input.passphrase }, input.info);
}
