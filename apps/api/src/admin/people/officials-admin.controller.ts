import { Body, Controller, Get, Header, HttpCode, Ip, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { Actor, CurrentActor } from '../../common/actor';
import { ErrorResponseDto } from '../../common/error-response';
import { uuidParam } from '../../common/uuid-param';
import { AssignmentsService } from './assignments.service';
import { ImportOfficialsQueryDto, ImportOfficialsResultDto } from './dto/import.dto';
import {
  AdminOfficialDto,
  CreatedOfficialDto,
  CreateOfficialDto,
  ListOfficialsQueryDto,
  OfficialsPageDto,
  TransferDto,
  TransferResultDto,
  UpdateOfficialDto,
} from './dto/official-admin.dto';
import { MAX_IMPORT_ROWS, OPTIONAL_COLUMNS, REQUIRED_COLUMNS } from './officials-import.service';
import { OfficialsAdminService } from './officials-admin.service';
import { OfficialsImportService } from './officials-import.service';

@ApiTags('admin')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not an administrator of the organisation (nor of its city)' })
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Malformed input, naming the field' })
@Controller('v1/admin')
export class OfficialsAdminController {
  constructor(
    private readonly officials: OfficialsAdminService,
    private readonly importer: OfficialsImportService,
    private readonly assignments: AssignmentsService,
  ) {}

  @Get('organizations/:orgId/officials')
  @ApiOperation({ summary: "The organisation's officials, by name, with the assignments in force or to come" })
  @ApiOkResponse({ type: OfficialsPageDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such organisation (or one of another city, for a city administrator)' })
  list(@CurrentActor() a: Actor, @Param('orgId', uuidParam('orgId')) orgId: string, @Query() q: ListOfficialsQueryDto): Promise<OfficialsPageDto> {
    return this.officials.list(a, orgId, q);
  }

  @Post('organizations/:orgId/officials')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'A new official; the temporary password is returned this once' })
  @ApiCreatedResponse({ type: CreatedOfficialDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The NIP is already registered (in any organisation)' })
  create(
    @CurrentActor() a: Actor,
    @Param('orgId', uuidParam('orgId')) orgId: string,
    @Body() dto: CreateOfficialDto,
    @Ip() ip: string,
  ): Promise<CreatedOfficialDto> {
    return this.officials.create(a, orgId, dto, ip ?? null);
  }

  @Post('organizations/:orgId/officials/import')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Officials from a CSV file (UTF-8, header row)',
    description:
      `Columns: ${REQUIRED_COLUMNS.join(', ')} (always; gelar, jabatan and email may be empty), optionally ${OPTIONAL_COLUMNS.join(', ')}. ` +
      'Each row creates the official or updates the one of this organisation with the same NIP (every column as given, an empty email clears it); ' +
      'with a jabatan (position code) it gives a definitif assignment from mulai (YYYY-MM-DD, default today) under decree sk. ' +
      'Valid rows are imported even when others are refused; every refused row is reported with its line, NIP, column and reason. ' +
      `Temporary passwords are not returned: reset each new official's password. At most ${MAX_IMPORT_ROWS} rows; ?dryRun=true only checks.`,
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: 'nip,nama,gelar_depan,gelar_belakang,pangkat_golongan,jabatan,email,mulai,sk\n' } })
  @ApiOkResponse({ type: ImportOfficialsResultDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnsupportedMediaTypeResponse({ type: ErrorResponseDto, description: 'Not text/csv' })
  importCsv(
    @CurrentActor() a: Actor,
    @Param('orgId', uuidParam('orgId')) orgId: string,
    @Query() q: ImportOfficialsQueryDto,
    @Body() body: unknown,
    @Ip() ip: string,
  ): Promise<ImportOfficialsResultDto> {
    return this.importer.import(a, orgId, body, q.dryRun === 'true', ip ?? null);
  }

  @Get('officials/:id')
  @ApiOkResponse({ type: AdminOfficialDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such official in an organisation the caller administers' })
  get(@CurrentActor() a: Actor, @Param('id', uuidParam('id')) id: string): Promise<AdminOfficialDto> {
    return this.officials.get(a, id);
  }

  @Patch('officials/:id')
  @ApiOperation({ summary: 'Edits name, gelar, rank, e-mail, roles; the NIP never changes' })
  @ApiOkResponse({ type: AdminOfficialDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description: 'A NIP change, or an administrator removing their own last administrative role',
  })
  update(
    @CurrentActor() a: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: UpdateOfficialDto,
    @Ip() ip: string,
  ): Promise<AdminOfficialDto> {
    return this.officials.update(a, id, dto, ip ?? null);
  }

  @Post('officials/:id/transfer')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Mutasi: the definitif post ends the day before effectiveFrom, the new one starts on it; pending steps stay with the post',
  })
  @ApiOkResponse({ type: TransferResultDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description: 'A rule of assignments, with its source (e.g. the new post has a definitif holder)',
  })
  transfer(
    @CurrentActor() a: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: TransferDto,
    @Ip() ip: string,
  ): Promise<TransferResultDto> {
    return this.assignments.transfer(a, id, dto, ip ?? null);
  }
}
