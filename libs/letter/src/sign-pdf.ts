import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { P12Signer } from '@signpdf/signer-p12';
import signpdf from '@signpdf/signpdf';
import { SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';

export interface SigningIdentity {
  p12: Buffer;
  passphrase: string;
}

/** A PAdES signature (detached CMS, SubFilter ETSI.CAdES.detached) made with the organisation's key. */
export async function signPdf(
  pdf: Buffer,
  id: SigningIdentity,
  info: { reason: string; name: string; location: string; contactInfo: string },
): Promise<Buffer> {
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: pdf,
    reason: info.reason,
    name: info.name,
    location: info.location,
    contactInfo: info.contactInfo,
    signatureLength: 16384,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
  });
  const signer = new P12Signer(id.p12, { passphrase: id.passphrase });
  return signpdf.sign(withPlaceholder, signer);
}
