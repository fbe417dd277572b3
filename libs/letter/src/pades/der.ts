/**
 * A minimal DER reader: elements located in the buffer (no copies, no schema), for the few CMS
 * structures read on every signature (the PDF's signature, a time-stamp token and its reply).
 */

/** A DER element: where it starts, its header length and where it ends. */
export interface Der {
  tag: number;
  start: number;
  header: number;
  end: number;
}

export const TAG = {
  integer: 0x02,
  octetString: 0x04,
  oid: 0x06,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
  context0: 0xa0,
  context1: 0xa1,
} as const;

export function der(buf: Buffer, pos: number, limit = buf.length): Der {
  if (pos + 2 > limit) throw new Error('truncated DER');
  const tag = buf[pos];
  let length = buf[pos + 1];
  let header = 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n < 1 || n > 4 || pos + 2 + n > limit) throw new Error('bad DER length');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + buf[pos + 2 + i];
    header += n;
  }
  const end = pos + header + length;
  if (end > limit) throw new Error('truncated DER');
  return { tag, start: pos, header, end };
}

/** The elements inside a constructed element. */
export function children(buf: Buffer, parent: Der): Der[] {
  if (!(parent.tag & 0x20)) throw new Error('not a constructed DER element');
  const out: Der[] = [];
  for (let p = parent.start + parent.header; p < parent.end;) {
    const c = der(buf, p, parent.end);
    out.push(c);
    p = c.end;
  }
  return out;
}

/** An element whose tag must be the given one (a missing element counts as the wrong one). */
export function expectTag(d: Der | undefined, tag: number, what: string): Der {
  if (d?.tag !== tag) throw new Error(`${what} expected`);
  return d;
}

export const body = (buf: Buffer, d: Der) => buf.subarray(d.start + d.header, d.end);
export const whole = (buf: Buffer, d: Der) => buf.subarray(d.start, d.end);

export function oid(bytes: Buffer): string {
  if (!bytes.length) throw new Error('empty OID');
  const parts = [Math.floor(bytes[0] / 40), bytes[0] % 40];
  let v = 0;
  for (const b of bytes.subarray(1)) {
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

/** A DER GeneralizedTime in UTC ("YYYYMMDDHHMMSS[.f]Z", as RFC 3161 requires of genTime), to the millisecond. */
export function generalizedTime(bytes: Buffer): Date {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d+))?Z$/.exec(bytes.toString('latin1'));
  if (!m) throw new Error('GeneralizedTime not in UTC');
  const ms = m[7] ? Number(m[7].padEnd(3, '0').slice(0, 3)) : 0;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], ms));
}

/** Encodes one DER element: the tag, its definite length, then the contents. */
export function tlv(tag: number, ...contents: Buffer[]): Buffer {
  const length = contents.reduce((n, c) => n + c.length, 0);
  const lengthBytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) lengthBytes.unshift(n & 0xff);
  const header = length < 0x80 ? [tag, length] : [tag, 0x80 | lengthBytes.length, ...lengthBytes];
  return Buffer.concat([Buffer.from(header), ...contents]);
}
