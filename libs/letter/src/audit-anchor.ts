/** The document's audit head at numbering (seq and hash of the 'numbered' event), sealed into the signed PDF. */
export interface AuditAnchor {
  seq: number;
  hash: string;
}

const ANCHOR = /^naskah-audit:([1-9]\d{0,9}):([0-9a-f]{64})$/;

/** The PDF Info dictionary's Keywords value that carries the anchor. */
export function auditAnchorKeyword(a: AuditAnchor): string {
  const keyword = `naskah-audit:${a.seq}:${a.hash}`;
  if (!ANCHOR.test(keyword)) throw new Error(`bad audit anchor ${keyword}`);
  return keyword;
}

export function parseAuditAnchor(keyword: string): AuditAnchor | null {
  const m = ANCHOR.exec(keyword.trim());
  return m ? { seq: Number(m[1]), hash: m[2] } : null;
}

/** The body of an indirect object's latest definition (incremental updates append new ones). */
function lastObject(text: string, num: string, gen: string): string | null {
  let start = -1;
  for (const m of text.matchAll(new RegExp(`(?:^|\\s)${num}\\s+${gen}\\s+obj\\b`, 'g'))) start = m.index + m[0].length;
  if (start < 0) return null;
  const end = text.indexOf('endobj', start);
  return text.slice(start, end < 0 ? undefined : end);
}

const LITERAL = /^\s*\(((?:\\[\s\S]|[^\\)])*)\)/;

/**
 * The anchor in the Keywords of the document information dictionary the last trailer names (a
 * literal string, inline or as the indirect object pdfkit writes); null when there is none.
 * Reads the classic cross-reference layout pdfkit and the signer write.
 */
export function readAuditAnchor(pdf: Buffer): AuditAnchor | null {
  const text = pdf.toString('latin1');
  const trailer = text.lastIndexOf('trailer');
  const infoRef = trailer < 0 ? null : /\/Info\s+(\d+)\s+(\d+)\s+R/.exec(text.slice(trailer));
  const info = infoRef && lastObject(text, infoRef[1], infoRef[2]);
  const keywords = info && /\/Keywords\s*(\((?:\\[\s\S]|[^\\)])*\)|(\d+)\s+(\d+)\s+R)/.exec(info);
  if (!keywords) return null;
  const literal = LITERAL.exec(keywords[2] ? (lastObject(text, keywords[2], keywords[3]) ?? '') : keywords[1]);
  return literal ? parseAuditAnchor(literal[1]) : null;
}
