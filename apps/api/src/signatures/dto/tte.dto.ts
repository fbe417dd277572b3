import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { VersionActionDto } from '../../approvals/dto/action.dto';

/** Aktivasi TTE: a passphrase for the local CA (the key is encrypted under it), a NIK for BSrE (the passphrase stays BSrE's). */
export class ActivateTteDto {
  @ApiPropertyOptional({ description: 'local-ca: the passphrase that will unlock the new key (at least 8 characters, not the NIP)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  passphrase?: string;

  @ApiPropertyOptional({ description: 'local-ca: the passphrase again' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  passphraseConfirmation?: string;

  @ApiPropertyOptional({ description: 'bsre: the NIK the BSrE certificate is issued to (16 digits)', example: '3201010101010001' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{16}$/, { message: 'NIK harus 16 digit angka' })
  nik?: string;
}

export class CertificateDto {
  @ApiProperty() subject: string;
  @ApiProperty() issuer: string;
  @ApiProperty() serialNumber: string;
  @ApiProperty({ type: String, format: 'date-time' }) notBefore: string;
  @ApiProperty({ type: String, format: 'date-time' }) notAfter: string;
}

export type CertificateState = 'active' | 'not_enrolled' | 'expired' | 'revoked' | 'suspended';
const STATES: CertificateState[] = ['active', 'not_enrolled', 'expired', 'revoked', 'suspended'];

/** An official's TTE as the app knows it (from the last activation or signature; no call to the provider). */
export class TteStatusDto {
  @ApiProperty({ enum: ['local-ca', 'bsre'] }) provider: 'local-ca' | 'bsre';
  @ApiProperty({ description: 'Who issues the certificates, as the letters name it' }) issuer: string;
  @ApiProperty({ enum: STATES }) state: CertificateState;
  @ApiProperty({ type: CertificateDto, nullable: true }) certificate: CertificateDto | null;
  @ApiProperty({ type: String, nullable: true, description: 'bsre: the linked NIK, masked' }) nik: string | null;
  @ApiProperty({ type: Number, nullable: true }) daysLeft: number | null;
  @ApiProperty({ description: 'Expires within 30 days' }) expiresSoon: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Signing locked until (wrong passphrases)' }) lockedUntil:
    string | null;
  @ApiProperty({ type: String, nullable: true, description: 'What to do, in words, when the official cannot sign' }) advice: string | null;
}

export class SignerReadinessEntryDto {
  @ApiProperty() officialId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['signer', 'deputy'] }) role: 'signer' | 'deputy';
  @ApiProperty({ enum: STATES }) state: CertificateState;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) notAfter: string | null;
  @ApiProperty() expiresSoon: boolean;
  @ApiProperty() ready: boolean;
  @ApiProperty({ type: String, nullable: true }) advice: string | null;
}

/** Whether whoever will sign (the planned signer, and an active deputy) can sign electronically now. */
export class SignerReadinessDto {
  @ApiProperty({ enum: ['local-ca', 'bsre'] }) provider: 'local-ca' | 'bsre';
  @ApiProperty({ description: 'At least one of them can sign now' }) ready: boolean;
  @ApiProperty({ type: [SignerReadinessEntryDto] }) entries: SignerReadinessEntryDto[];
  @ApiProperty({ type: String, nullable: true }) message: string | null;
}

/** Signing with the official's own TTE: the passphrase travels in this request only (never stored, logged or sent to Temporal). */
export class SignActionDto extends VersionActionDto {
  @ApiProperty({
    description: 'Passphrase TTE penanda tangan: dipakai untuk tanda tangan ini saja, tidak disimpan dan tidak dicatat',
    format: 'password',
  })
  @IsString({ message: 'passphrase harus berupa teks' })
  @IsNotEmpty({ message: 'Passphrase wajib diisi' })
  @MaxLength(200, { message: 'passphrase paling panjang 200 karakter' })
  passphrase: string;
}
