import { Body, Controller, Delete, Get, HttpCode, Ip, Param, Patch, Post, Put, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, CurrentActor } from '../../common/actor';
import { ErrorResponseDto } from '../../common/error-response';
import { uuidParam } from '../../common/uuid-param';
import { ChartAdminService } from './chart-admin.service';
import {
  ChartDto,
  ChartPositionDto,
  ChartUnitDto,
  CreatePositionDto,
  CreateUnitDto,
  UnitChangeDto,
  UpdatePositionDto,
  UpdateUnitDto,
} from './dto/chart.dto';
import { KindSignersDto, SetSigningAuthorityDto } from './dto/signing-authority.dto';
import { kindCodeParam } from './kind-code-param';
import { SigningAuthorityAdminService } from './signing-authority-admin.service';

@ApiTags('admin')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not an administrator of the organisation' })
@ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such organisation, unit, position or document kind' })
@ApiBadRequestResponse({
  type: ErrorResponseDto,
  description: 'Malformed input, or a chart the seed’s rules refuse (validateOrgChart), naming the field',
})
@Controller('v1/admin/organizations/:orgId')
export class ChartAdminController {
  constructor(
    private readonly chart: ChartAdminService,
    private readonly authority: SigningAuthorityAdminService,
  ) {}

  @Get('chart')
  @ApiOkResponse({ type: ChartDto, description: 'Units (flat) and positions with today’s holders and the kinds each signs' })
  get(@CurrentActor() a: Actor, @Param('orgId', uuidParam('orgId')) orgId: string): Promise<ChartDto> {
    return this.chart.chart(a, orgId);
  }

  @Post('units')
  @ApiCreatedResponse({ type: UnitChangeDto, description: 'The unit and its head' })
  @ApiOkResponse({ type: UnitChangeDto, description: 'The same request again: nothing changed' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'A code is taken' })
  async createUnit(
    @CurrentActor() a: Actor,
    @Param('orgId', uuidParam('orgId')) orgId: string,
    @Body() dto: CreateUnitDto,
    @Ip() ip: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UnitChangeDto> {
    const r = await this.chart.createUnit(a, orgId, dto, ip ?? null);
    res.status(r.created ? 201 : 200);
    return r.change;
  }

  @Patch('units/:unitId')
  @ApiOkResponse({ type: ChartUnitDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The code is taken' })
  updateUnit(
    @CurrentActor() a: Actor,
    @Param('orgId', uuidParam('orgId')) orgId: string,
    @Param('unitId', uuidParam('unitId')) unitId: string,
    @Body() dto: UpdateUnitDto,
    @Ip() ip: string,
  ): Promise<ChartUnitDto> {
    return this.chart.updateUnit(a, orgId, unitId, dto, ip ?? null);
  }

  @Delete('units/:unitId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed, with its head' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Something still rests on the unit: the message says what' })
  removeUnit(
    @CurrentActor() a: Actor,
    @Param('orgId', uuidParam('orgId')) orgId: string,
    @Param('unitId', uuidParam('unitId')) unitId: string,
    @Ip() ip: string,
  ): Promise<void> {
    return this.chart.removeUnit(a, orgId, unitId, ip ?? null);
  }

  @Post('positions')
  @ApiCreatedResponse({ type: ChartPositionDto })
  @ApiOkResponse({ type: ChartPositionDto, description: 'The same request again: nothing changed' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The code is taken' })
  async createPosition(
    @CurrentActor() a: Actor,
    @Param('orgId', uuidParam('orgId')) orgId: string,
    @Body() dto: CreatePositionDto,
    @Ip() ip: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ChartPositionDto> {
    const r = await this.chart.createPosition(a, orgId, dto, ip ?? null);
    res.status(r.created ? 201 : 200);
    return r.position;
  }

  @Patch('positions/:positionId')
  @ApiOkResponse({ type: ChartPositionDto, description: 'Changed; routes of documents already submitted keep their steps' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The code is taken' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'Losing "sign" while a signer in the authority table (with the Pasal)' })
  updatePosition(
    @CurrentActor() a: Actor,
    @Param('orgId', uuidParam('orgId')) orgId: string,
    @Param('positionId', uuidParam('positionId')) positionId: string,
    @Body() dto: UpdatePositionDto,
    @Ip() ip: string,
  ): Promise<ChartPositionDto> {
    return this.chart.updatePosition(a, orgId, positionId, dto, ip ?? null);
  }

  @Delete('positions/:positionId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'History rests on the position: the message says what' })
  removePosition(
    @CurrentActor() a: Actor,
    @Param('orgId', uuidParam('orgId')) orgId: string,
    @Param('positionId', uuidParam('positionId')) positionId: string,
    @Ip() ip: string,
  ): Promise<void> {
    return this.chart.removePosition(a, orgId, positionId, ip ?? null);
  }

  @Get('signing-authority')
  @ApiOkResponse({ type: [KindSignersDto], description: 'Per document kind, the positions that may sign it, each with its basis' })
  signingAuthority(@CurrentActor() a: Actor, @Param('orgId', uuidParam('orgId')) orgId: string): Promise<KindSignersDto[]> {
    return this.authority.list(a, orgId);
  }

  @Put('signing-authority/:kindCode')
  @ApiOkResponse({ type: KindSignersDto, description: 'The kind’s signers, replaced' })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description: 'A position that may not sign (with the Pasal of its authority), or of another organisation',
  })
  setSigningAuthority(
    @CurrentActor() a: Actor,
    @Param('orgId', uuidParam('orgId')) orgId: string,
    @Param('kindCode', kindCodeParam('kindCode')) kindCode: string,
    @Body() dto: SetSigningAuthorityDto,
    @Ip() ip: string,
  ): Promise<KindSignersDto> {
    return this.authority.set(a, orgId, kindCode, dto, ip ?? null);
  }
}
