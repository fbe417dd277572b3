import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '../common/actor';
import { ErrorResponseDto } from '../common/error-response';
import { uuidParam } from '../common/uuid-param';
import { OrganizationDto, UnitTreeDto } from './dto/organization.dto';
import { OrganizationsService } from './organizations.service';

@ApiTags('organizations')
@ApiBearerAuth()
@Controller('v1/organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Get()
  @ApiOkResponse({ type: [OrganizationDto] })
  list(): Promise<OrganizationDto[]> {
    return this.organizations.list();
  }

  @Get(':id/units')
  @ApiOkResponse({ type: [UnitTreeDto], description: 'The unit tree with positions and their current holders' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  units(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<UnitTreeDto[]> {
    return this.organizations.units(actor, id);
  }
}
