import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const NOTIFICATION_EVENTS = [
  'step_waiting',
  'returned',
  'signed',
  'letter_arrived',
  'reminder',
  'escalation',
  'deputy_started',
  'deputy_ended',
] as const;

export class NotificationQueryDto {
  @ApiPropertyOptional({ description: 'Kursor dari halaman sebelumnya' })
  @IsOptional()
  @IsString({ message: 'cursor harus berupa teks' })
  @MaxLength(200, { message: 'cursor tidak sah' })
  cursor?: string;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit harus bilangan bulat' })
  @Min(1, { message: 'limit paling kecil 1' })
  @Max(100, { message: 'limit paling besar 100' })
  limit: number = 20;
}

export class NotificationDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: NOTIFICATION_EVENTS }) event: (typeof NOTIFICATION_EVENTS)[number];
  @ApiProperty({ description: 'Never a confidential document’s subject' }) title: string;
  @ApiProperty() body: string;
  @ApiProperty({ description: "The web app's path, e.g. /naskah/<id>" }) link: string;
  @ApiProperty({ type: String, nullable: true }) documentId: string | null;
  @ApiProperty({ description: 'Rahasia or Sangat Rahasia: no subject is shown' }) confidential: boolean;
  @ApiProperty({ description: 'A notice to a deputy for the principal (a.n.)' }) actingFor: boolean;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: String, nullable: true }) readAt: string | null;
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] }) items: NotificationDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
  @ApiProperty() unreadCount: number;
}

export class UnreadCountDto {
  @ApiProperty() unreadCount: number;
}

export class NotificationPreferencesDto {
  @ApiProperty({ description: 'Kirim pemberitahuan lewat surel' })
  @IsBoolean({ message: 'email harus true atau false' })
  email: boolean;

  @ApiProperty({ description: 'Kirim pemberitahuan lewat webhook instansi (WhatsApp/Telegram)' })
  @IsBoolean({ message: 'webhook harus true atau false' })
  webhook: boolean;

  @ApiProperty({ description: 'Surel dikumpulkan menjadi satu ringkasan harian' })
  @IsBoolean({ message: 'emailDigest harus true atau false' })
  emailDigest: boolean;
}
