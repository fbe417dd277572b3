import { Body, Controller, Get, Ip, Param, Patch, Post, Query, Res } from '@nestjs/common';
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
import { uuidParam } from '../../common/uuid-param';
import { AdminOrganizationDto, AdminOrganizationSummaryDto, CreateOrganizationDto, UpdateOrganizationDto } from './dto/organization-admin.dto';
import { ListOrganizationAuditDto, OrganizationAuditPageDto } from './dto/organization-audit.dto';
import { OrganizationAuditService } from './organization-audit.service';
import { OrganizationsAdminService } from './organizations-admin.service';

@ApiTags('admin')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not an administrator of the organisation (or, to create one, not the city’s)' })
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Malformed input, naming the field' })
@Controller('v1/admin/organizations')
export class OrganizationsAdminController {
  constructor(
    private readonly organizations: OrganizationsAdminService,
    private readonly audit: OrganizationAuditService,
  ) {}

  @Get()
  @ApiOkResponse({ type: [AdminOrganizationSummaryDto], description: 'Own organisation; every one of the city for its administrator' })
  list(@CurrentActor() a: Actor): Promise<AdminOrganizationSummaryDto[]> {
    return this.organizations.list(a);
  }

  @Post()
  @ApiCreatedResponse({ type: AdminOrganizationDto, description: 'Created in the administrator’s city, with its top unit and head' })
  @ApiOkResponse({ type: AdminOrganizationDto, description: 'The same request again: nothing changed' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The code is taken' })
  async create(
    @CurrentActor() a: Actor,
    @Body() dto: CreateOrganizationDto,
    @Ip() ip: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AdminOrganizationDto> {
    const r = await this.organizations.create(a, dto, ip ?? null);
    res.status(r.created ? 201 : 200);
    return r.organization;
  }

  @Get(':orgId')
  @ApiOkResponse({ type: AdminOrganizationDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@CurrentActor() a: Actor, @Param('orgId', uuidParam('orgId')) orgId: string): Promise<AdminOrganizationDto> {
    return this.organizations.get(a, orgId);
  }

  @Patch(':orgId')
  @ApiOkResponse({ type: AdminOrganizationDto, description: 'Changed (or already so: nothing recorded)' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  update(
    @CurrentActor() a: Actor,
    @Param('orgId', uuidParam('orgId')) orgId: string,
    @Body() dto: UpdateOrganizationDto,
    @Ip() ip: string,
  ): Promise<AdminOrganizationDto> {
    return this.organizations.update(a, orgId, dto, ip ?? null);
  }

  @Get(':orgId/audit')
  @ApiOkResponse({ type: OrganizationAuditPageDto, description: 'The organisation’s trail, newest first, and whether its chain is intact' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  trail(
    @CurrentActor() a: Actor,
    @Param('orgId', uuidParam('orgId')) orgId: string,
    @Query() q: ListOrganizationAuditDto,
  ): Promise<OrganizationAuditPageDto> {
    return this.audit.page(a, orgId, q);
  }
}
