import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '@naskah/domain';
import { ArchiveStore, sha256, tanggal } from '@naskah/letter';
import {
  DocumentEntity,
  DocumentKindEntity,
  OrganizationEntity,
  SignedLetterEntity,
  signedVersionOf,
  SignedVersionMismatch,
} from '@naskah/persistence';
import { signatureOf } from '../documents/document-view.service';
import type { UploadDigest } from './upload-digest';

export interface VerificationDto {
  authentic: boolean;
  intact: boolean;
  number: string;
  signedAt: string;
  dateText: string;
  kind: string;
  subject: string;
  organization: string;
  signatureBlock: string[];
  capacity: string;
  sha256: string | null;
  /** Whose signature: the official's certificate (issuer, serial, validity) and the time-stamp; the organisation's seal for letters signed before TTE. */
  signature: {
    provider: string;
    certificate: { subject: string; issuer: string; serialNumber: string; notBefore: string; notAfter: string } | null;
    timestampedAt: string | null;
  };
}

const CAPACITY_TEXT: Record<string, string> = {
  own: 'sendiri',
  an: 'atas nama (a.n.)',
  ub: 'untuk beliau (u.b.)',
  plt: 'pelaksana tugas (Plt.)',
  plh: 'pelaksana harian (Plh.)',
};

/** Public verification: does a code or a file match what this system signed? */
@Injectable()
export class VerifyService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly archive: ArchiveStore,
  ) {}

  private async view(letter: SignedLetterEntity): Promise<VerificationDto> {
    const doc = await this.ds.getRepository(DocumentEntity).findOneByOrFail({ id: letter.documentId });
    const [kind, org] = await Promise.all([
      this.ds.getRepository(DocumentKindEntity).findOneByOrFail({ id: doc.documentKindId }),
      this.ds.getRepository(OrganizationEntity).findOneByOrFail({ id: doc.organizationId }),
    ]);
    const stored = letter.pdfSha256 ? await this.archive.get(letter.pdfSha256) : null;
    // What the page says comes from the version the signature binds; if that row no longer matches its hash, nothing is disclosed.
    const bound = await signedVersionOf(this.ds.manager, doc).catch((e) => {
      if (e instanceof SignedVersionMismatch) return null;
      throw e;
    });
    const intact = !!stored && sha256(stored) === letter.pdfSha256 && !!bound;
    // A classified letter is verified without disclosing its subject.
    const classification = bound?.version.fields.classification;
    const secret = !bound || classification === 'rahasia' || classification === 'sangat_rahasia';
    return {
      authentic: intact,
      intact,
      number: letter.number,
      signedAt: letter.signedAt.toISOString(),
      dateText: tanggal(letter.signedAt),
      kind: kind.name,
      subject: secret ? '(dirahasiakan)' : bound.version.subject,
      organization: `${org.name} ${org.city}`,
      signatureBlock: letter.signatureBlock,
      capacity: CAPACITY_TEXT[letter.signerCapacity] ?? letter.signerCapacity,
      sha256: letter.pdfSha256,
      signature: signatureOf(letter),
    };
  }

  async byCode(code: string): Promise<VerificationDto> {
    const letter = /^[A-Z2-9]{16}$/.test(code) ? await this.ds.getRepository(SignedLetterEntity).findOneBy({ verificationCode: code }) : null;
    if (!letter)
      throw new DomainError('NOT_FOUND', 'Kode verifikasi tidak dikenal: naskah ini tidak ditandatangani melalui sistem ini', { field: 'code' });
    return this.view(letter);
  }

  async byDigest(file: UploadDigest | undefined): Promise<{ match: boolean; message: string; letter: VerificationDto | null }> {
    if (!file?.size) throw new DomainError('INVALID_INPUT', 'Unggah berkas PDF (field "file" atau badan application/pdf)', { field: 'file' });
    if (file.head.toString('latin1') !== '%PDF-') throw new DomainError('INVALID_INPUT', 'Berkas bukan PDF', { field: 'file' });
    const letter = await this.ds.getRepository(SignedLetterEntity).findOneBy({ pdfSha256: file.sha256 });
    if (!letter) return { match: false, message: 'Berkas ini TIDAK sama persis dengan naskah yang ditandatangani melalui sistem ini', letter: null };
    return { match: true, message: 'Berkas ini sama persis dengan naskah yang ditandatangani', letter: await this.view(letter) };
  }
}
