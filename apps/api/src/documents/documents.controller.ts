import { Body, Controller, Get, Param, ParseIntPipe, Post, Put, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Actor, CurrentActor } from '../common/actor';
import { ErrorResponseDto } from '../common/error-response';
import { IdempotencyKey } from '../common/idempotency-key';
import { InvalidInputException } from '../common/validation';
import { uuidParam } from '../common/uuid-param';
import { DocumentViewService } from './document-view.service';
import { DraftsService } from './drafts.service';
import { TembusanProposalService } from './tembusan-proposal.service';
import { CreateDocumentDto, UpdateDocumentDto } from './dto/document-input.dto';
import { DocumentDto, TembusanProposalDto, VersionContentDto } from './dto/document.dto';

const versionNoParam = new ParseIntPipe({
  exceptionFactory: () => new InvalidInputException([{ field: 'versionNo', reasons: ['harus bilangan bulat'] }]),
});

@ApiTags('documents')
@ApiBearerAuth()
@Controller('v1/documents')
export class DocumentsController {
  constructor(
    private readonly drafts: DraftsService,
    private readonly view: DocumentViewService,
    private readonly tembusan: TembusanProposalService,
  ) {}

  @Post()
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: DocumentDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'No possible route (with the rule)' })
  create(@CurrentActor() a: Actor, @Body() dto: CreateDocumentDto, @IdempotencyKey() key?: string): Promise<DocumentDto> {
    return this.drafts.create(a, dto, key);
  }

  @Put(':id')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ type: DocumentDto, description: 'A new version' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Not with the drafter, or a stale base version' })
  update(
    @CurrentActor() a: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: UpdateDocumentDto,
    @IdempotencyKey() key?: string,
  ): Promise<DocumentDto> {
    return this.drafts.update(a, id, dto, key);
  }

  @Get('tembusan-proposal')
  @ApiOkResponse({
    type: [TembusanProposalDto],
    description: "Units proposed as tembusan for a Laporan, citing the office's Pasal where it makes them mandatory (Cilegon Pasal 28 ayat (9))",
  })
  tembusanProposal(@CurrentActor() a: Actor, @Query('kindCode') kindCode: string) {
    return this.tembusan.tembusanProposal(a, String(kindCode ?? ''));
  }

  @Get(':id/pdf')
  @ApiOkResponse({ description: 'The signed PDF (PAdES), for those allowed to read it' })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'The archive of signed PDFs cannot be reached' })
  async pdf(@CurrentActor() a: Actor, @Param('id', uuidParam('id')) id: string, @Res() res: Response): Promise<void> {
    const { file, number } = await this.view.pdf(a, id);
    res.type('application/pdf').setHeader('Content-Disposition', `inline; filename="${number.replace(/[^A-Za-z0-9.-]+/g, '_')}.pdf"`);
    res.send(file);
  }

  @Get(':id/versions/:versionNo')
  @ApiOkResponse({ type: VersionContentDto, description: 'One version, to compare versions after a return' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  version(
    @CurrentActor() a: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Param('versionNo', versionNoParam) versionNo: number,
  ): Promise<VersionContentDto> {
    return this.view.version(a, id, versionNo);
  }

  @Get(':id')
  @ApiOkResponse({ type: DocumentDto, description: 'Document, current version, route with step states, history' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  get(@CurrentActor() a: Actor, @Param('id', uuidParam('id')) id: string): Promise<DocumentDto> {
    return this.view.get(a, id);
  }
}
