/**
 * Tata Naskah Dinas: every reference this codebase makes to Permendagri Nomor 1 Tahun 2023 tentang
 * Tata Naskah Dinas di Lingkungan Pemerintah Daerah lives here, and only here.
 *
 * Its text is not in this repository, so no constant names a Pasal: each names the instrument and
 * the provision it relies on. The exact Pasal (or Lampiran section) is to be confirmed against the
 * published text and corrected in this file, the one place to correct; organisation files refer to
 * these sources by key (`tataNaskahDinas: [paraf-hierarki]`), never by copying the words.
 */
export const TATA_NASKAH_DINAS = 'Permendagri 1/2023 tentang Tata Naskah Dinas di Lingkungan Pemerintah Daerah';

/** Paraf hierarki: each official on the line between drafter and signer initials the draft, in order. */
export const TND_PARAF_HIERARKI = `${TATA_NASKAH_DINAS}, ketentuan paraf hierarki`;

/** Paraf koordinasi: heads of the other units a draft's content touches initial it (required for decrees and regulations). */
export const TND_PARAF_KOORDINASI = `${TATA_NASKAH_DINAS}, ketentuan paraf koordinasi`;

/** Who signs which kind of naskah dinas (the defaults of the authority table by document kind). */
export const TND_SIGNING_AUTHORITY = `${TATA_NASKAH_DINAS}, ketentuan kewenangan penandatanganan naskah dinas`;

/** What a document kind rests on unless its entry names another source: the kinds of naskah dinas of Tata Naskah Dinas. */
export const KIND_SOURCE_DEFAULT = `${TATA_NASKAH_DINAS}, jenis naskah dinas`;

/** The keys an organisation file may use to rest an authority on Tata Naskah Dinas. */
export const TND_SOURCES = {
  'paraf-hierarki': TND_PARAF_HIERARKI,
  'paraf-koordinasi': TND_PARAF_KOORDINASI,
  'kewenangan-penandatanganan': TND_SIGNING_AUTHORITY,
} as const;

export type TndSourceKey = keyof typeof TND_SOURCES;

/** A Pasal of an office's own regulation, cited in full: "Perwako Batam 14/2023 Pasal 3 ayat (4) huruf j". */
export const cite = (regulationCitation: string, pasal: string): string => `${regulationCitation} ${pasal}`;

/** Everything a position's authority rests on: its Pasal of the office's regulation, then any Tata Naskah Dinas source. */
export function authorityBasis(regulationCitation: string, p: { authorityPasal: string; tataNaskahDinas?: readonly TndSourceKey[] }): string {
  return [cite(regulationCitation, p.authorityPasal), ...(p.tataNaskahDinas ?? []).map((k) => TND_SOURCES[k])].join('; ');
}
