import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

export const BOXES = ['action', 'returned', 'in_progress', 'finished', 'overdue', 'incoming'] as const;
export type Box = (typeof BOXES)[number];

export class InboxQueryDto {
  @ApiPropertyOptional({
    enum: BOXES,
    default: 'action',
    description:
      'action: perlu tindakan; returned: dikembalikan; in_progress: dalam proses; finished: selesai; overdue: terlambat (bawahan); incoming: surat masuk unit',
  })
  @IsOptional()
  @IsIn(BOXES, { message: `box harus salah satu dari: ${BOXES.join(', ')}` })
  box: Box = 'action';

  @ApiPropertyOptional({ description: 'Kursor dari halaman sebelumnya' })
  @IsOptional()
  @IsString({ message: 'cursor harus berupa teks' })
  @MaxLength(200, { message: 'cursor tidak sah' })
  cursor?: string;

  @ApiPropertyOptional({
    description:
      'Cari pada hal (perihal) atau nomor naskah: setiap kata, dalam urutan apa pun, mengawali kata di hal atau nomor (tanda baca di dalam kata dicocokkan apa adanya, mis. 800/12/DISKOMINFO); paling sedikit satu kata 3 huruf atau angka',
  })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'kata pencarian harus berupa teks' })
  @MinLength(2, { message: 'kata pencarian paling sedikit 2 karakter' })
  @MaxLength(100, { message: 'kata pencarian paling panjang 100 karakter' })
  q?: string;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit harus bilangan bulat' })
  @Min(1, { message: 'limit paling kecil 1' })
  @Max(100, { message: 'limit paling besar 100' })
  limit: number = 20;
}

export class InboxActingForDto {
  @ApiProperty({ enum: ['an', 'plh'] }) capacity: string;
  @ApiProperty() principalPositionId: string;
  @ApiProperty() principalTitle: string;
  @ApiProperty() principalName: string;
}

export class InboxHeldAsDto {
  @ApiProperty({ enum: ['plt', 'plh'], description: 'Plt.: the post is vacant; Plh.: its holder is temporarily away (DESIGN §5)' }) kind:
    'plt' | 'plh';
  @ApiProperty() positionTitle: string;
}

export class InboxItemDto {
  @ApiProperty() documentId: string;
  @ApiProperty() subject: string;
  @ApiProperty() kindName: string;
  @ApiProperty() classification: string;
  @ApiProperty() urgency: string;
  @ApiProperty() status: string;
  @ApiProperty() drafterName: string;
  @ApiProperty({ nullable: true, enum: ['paraf', 'sign'] }) stepAction: string | null;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'The letter number once signed' }) number: string | null;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ type: InboxActingForDto, nullable: true, description: "Set when the item is the principal's step shown to a deputy (a.n.)" })
  actingFor: InboxActingForDto | null;
  @ApiProperty({ type: InboxHeldAsDto, nullable: true, description: 'Set when the step waits at a post the caller holds as Plt. or Plh.' })
  heldAs: InboxHeldAsDto | null;
}

export class InboxPageDto {
  @ApiProperty({ enum: BOXES }) box: Box;
  @ApiProperty({ type: [InboxItemDto] }) items: InboxItemDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

const COUNT = { description: 'Naskah di kotak, dihitung sampai 1000: 1000 berarti 1000 atau lebih', maximum: 1000 };

export class InboxCountsDto {
  @ApiProperty(COUNT) action: number;
  @ApiProperty(COUNT) returned: number;
  @ApiProperty(COUNT) in_progress: number;
  @ApiProperty(COUNT) finished: number;
  @ApiProperty(COUNT) overdue: number;
  @ApiProperty(COUNT) incoming: number;
}
