import { Controller, Get } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { ArchiveCodeEntity, DocumentKindEntity } from '@naskah/persistence';
import { ArchiveCodeDto, DocumentKindDto } from './dto/reference.dto';

/** The lists a draft chooses from: document kinds (DESIGN §4) and archive codes (DESIGN §6). */
@ApiTags('reference')
@ApiBearerAuth()
@Controller('v1')
export class ReferenceController {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  @Get('document-kinds')
  @ApiOkResponse({ type: [DocumentKindDto] })
  async documentKinds(): Promise<DocumentKindDto[]> {
    const kinds = await this.ds.getRepository(DocumentKindEntity).find({ order: { name: 'ASC' } });
    return kinds.map(({ code, name, category, strategic, coordinationRequiredPasal }) => ({
      code,
      name,
      category,
      strategic,
      coordinationRequired: coordinationRequiredPasal,
    }));
  }

  @Get('archive-codes')
  @ApiOkResponse({ type: [ArchiveCodeDto], description: 'Kode klasifikasi arsip (Permendagri 83/2022)' })
  archiveCodes(): Promise<ArchiveCodeDto[]> {
    return this.ds.getRepository(ArchiveCodeEntity).find({ order: { code: 'ASC' } });
  }
}
