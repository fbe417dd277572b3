import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Actor, CurrentActor } from '../common/actor';
import { ErrorResponseDto } from '../common/error-response';
import { uuidParam } from '../common/uuid-param';
import { DelegationsService } from './delegations.service';
import { CreateDelegationDto, DelegationDto, DelegationRulesDto, ListDelegationsDto } from './dto/delegation.dto';

@ApiTags('delegations')
@ApiBearerAuth()
@Controller('v1/delegations')
export class DelegationsController {
  constructor(private readonly delegations: DelegationsService) {}

  @Post()
  @ApiCreatedResponse({ type: DelegationDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid input; an administrator without onBehalfReason' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Neither the principal nor an administrator of the organisation' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: "Refused under the office's own delegation rules (the article is named)" })
  create(@CurrentActor() a: Actor, @Body() dto: CreateDelegationDto): Promise<DelegationDto> {
    return this.delegations.create(a, dto);
  }

  @Get('rules')
  @ApiOkResponse({ type: DelegationRulesDto, description: "The caller's office's delegation rules and the posts the caller may appoint for" })
  rules(@CurrentActor() a: Actor): Promise<DelegationRulesDto> {
    return this.delegations.rules(a);
  }

  @Get()
  @ApiOkResponse({ type: [DelegationDto] })
  list(@CurrentActor() a: Actor, @Query() q: ListDelegationsDto): Promise<DelegationDto[]> {
    return this.delegations.list(a, q);
  }

  @Delete(':id')
  @ApiOkResponse({ type: DelegationDto, description: 'Revoked' })
  revoke(@CurrentActor() a: Actor, @Param('id', uuidParam('id')) id: string): Promise<DelegationDto> {
    return this.delegations.revoke(a, id);
  }
}
