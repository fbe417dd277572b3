import { ApiProperty } from '@nestjs/swagger';

export class DocumentKindDto {
  @ApiProperty({ example: 'NOTA_DINAS' }) code: string;
  @ApiProperty({ example: 'Nota Dinas' }) name: string;
  @ApiProperty({ enum: ['arahan', 'korespondensi', 'khusus'] }) category: string;
  @ApiProperty({ description: 'Organisation, staffing or budget decisions: no Plt./Plh. may sign (UU 30/2014 Pasal 14(7))' }) strategic: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'The kind requires paraf koordinasi: the source that says so' })
  coordinationRequired: string | null;
}

export class ArchiveCodeDto {
  @ApiProperty({ example: '000.8' }) code: string;
  @ApiProperty({ example: 'Organisasi dan Tata Laksana' }) name: string;
}
