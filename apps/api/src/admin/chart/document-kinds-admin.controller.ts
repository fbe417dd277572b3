import { Body, Controller, Get, Ip, Param, Post, Put, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, CurrentActor } from '../../common/actor';
import { ErrorResponseDto } from '../../common/error-response';
import { DocumentKindsAdminService } from './document-kinds-admin.service';
import { AdminDocumentKindDto, CreateDocumentKindDto, DocumentKindInputDto } from './dto/document-kind-admin.dto';
import { kindCodeParam } from './kind-code-param';

@ApiTags('admin')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@ApiForbiddenResponse({
  type: ErrorResponseDto,
  description: 'Not an administrator (to change: not a city administrator, or a kind offices of another city use too, named by city)',
})
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Malformed input, naming the field' })
@Controller('v1/admin/document-kinds')
export class DocumentKindsAdminController {
  constructor(private readonly kinds: DocumentKindsAdminService) {}

  @Get()
  @ApiOkResponse({ type: [AdminDocumentKindDto], description: 'Every kind, with its layout, number pattern and source' })
  list(@CurrentActor() a: Actor): Promise<AdminDocumentKindDto[]> {
    return this.kinds.list(a);
  }

  @Post()
  @ApiCreatedResponse({ type: AdminDocumentKindDto })
  @ApiOkResponse({ type: AdminDocumentKindDto, description: 'The same request again: nothing changed' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The code is taken' })
  async create(
    @CurrentActor() a: Actor,
    @Body() dto: CreateDocumentKindDto,
    @Ip() ip: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AdminDocumentKindDto> {
    const r = await this.kinds.create(a, dto, ip ?? null);
    res.status(r.created ? 201 : 200);
    return r.kind;
  }

  @Put(':code')
  @ApiOkResponse({
    type: AdminDocumentKindDto,
    description: 'Recorded on the trail of the administrator’s office and of every office of the city using the kind',
  })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'Strategic switched off while documents of the kind are in review (UU 30/2014 Pasal 14 ayat (7))',
  })
  update(
    @CurrentActor() a: Actor,
    @Param('code', kindCodeParam('code')) code: string,
    @Body() dto: DocumentKindInputDto,
    @Ip() ip: string,
  ): Promise<AdminDocumentKindDto> {
    return this.kinds.update(a, code, dto, ip ?? null);
  }
}
