import { Body, Controller, Get, Header, Ip, Param, Post, Query, Res } from '@nestjs/common';
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
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, CurrentActor } from '../../common/actor';
import { ErrorResponseDto } from '../../common/error-response';
import { uuidParam } from '../../common/uuid-param';
import { ImportOrganizationQueryDto, ImportReportDto, OrgFileErrorResponseDto } from './dto/organization-file.dto';
import { OrganizationFilesService } from './organization-files.service';

@ApiTags('admin')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@Controller('v1/admin/organizations')
export class OrganizationFilesController {
  constructor(private readonly files: OrganizationFilesService) {}

  @Post('import')
  @Header('Cache-Control', 'no-store')
  @ApiConsumes('application/yaml')
  @ApiBody({
    description: 'The organisation file (the seed format of libs/org-files), as YAML text in UTF-8',
    schema: { type: 'string', example: 'code: BTM-DISKOMINFO\nname: Dinas Komunikasi dan Informatika\ncity: Kota Batam\n...' },
  })
  @ApiCreatedResponse({ type: ImportReportDto, description: 'A new organisation, made from the file' })
  @ApiOkResponse({ type: ImportReportDto, description: 'An existing organisation brought to the file (unchanged when it already was), or a dry run' })
  @ApiBadRequestResponse({ type: OrgFileErrorResponseDto, description: 'The file, empty or with problems: each names its line, column and field' })
  @ApiForbiddenResponse({
    type: ErrorResponseDto,
    description: 'Not an administrator of the organisation; a new organisation by anyone but a city administrator',
  })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'An organisation of another city' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The organisation was made or changed meanwhile: send the file again' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'A new organisation in another city than the city administrator’s' })
  @ApiUnsupportedMediaTypeResponse({ type: ErrorResponseDto, description: 'Not application/yaml' })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto, description: 'Larger than 2 MB' })
  async import(
    @CurrentActor() a: Actor,
    @Body() body: string,
    @Query() q: ImportOrganizationQueryDto,
    @Ip() ip: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportReportDto> {
    const report = await this.files.import(a, body, q.dryRun === 'true', ip ?? null);
    res.status(report.created && !report.dryRun ? 201 : 200);
    return report;
  }

  @Get(':orgId/export')
  @ApiOkResponse({
    description: 'The organisation file (YAML), as an attachment named after the organisation’s code',
    content: { 'application/yaml': { schema: { type: 'string' } } },
  })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not an administrator of the organisation' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'orgId is not a UUID' })
  async export(@CurrentActor() a: Actor, @Param('orgId', uuidParam('orgId')) orgId: string, @Res() res: Response): Promise<void> {
    const { code, yaml } = await this.files.export(a, orgId);
    res
      .status(200)
      .type('application/yaml; charset=utf-8')
      .setHeader('Content-Disposition', `attachment; filename="${code.replace(/[^A-Za-z0-9._-]+/g, '_')}.yaml"`)
      .setHeader('Cache-Control', 'no-store')
      .send(yaml);
  }
}
