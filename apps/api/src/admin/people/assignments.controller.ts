import { Body, Controller, Get, Ip, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Actor, CurrentActor } from '../../common/actor';
import { ErrorResponseDto } from '../../common/error-response';
import { uuidParam } from '../../common/uuid-param';
import { AssignmentsService } from './assignments.service';
import { AssignmentDto, CreateAssignmentDto, ListAssignmentsQueryDto, StuckStepDto, UpdateAssignmentDto } from './dto/assignment.dto';

@ApiTags('admin')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not an administrator of the organisation (nor of its city)' })
@ApiNotFoundResponse({ type: ErrorResponseDto })
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Malformed input, naming the field' })
@Controller('v1/admin')
export class AssignmentsController {
  constructor(private readonly assignments: AssignmentsService) {}

  @Get('organizations/:orgId/assignments')
  @ApiOperation({ summary: 'Assignments of the organisation’s posts: all, or those in force on a day' })
  @ApiOkResponse({ type: [AssignmentDto] })
  list(@CurrentActor() a: Actor, @Param('orgId', uuidParam('orgId')) orgId: string, @Query() q: ListAssignmentsQueryDto): Promise<AssignmentDto[]> {
    return this.assignments.list(a, orgId, q);
  }

  @Post('organizations/:orgId/assignments')
  @ApiOperation({ summary: 'A definitif, Plt. (vacant post) or Plh. (holder temporarily absent) assignment, with its period and decree' })
  @ApiCreatedResponse({
    type: AssignmentDto,
    description: 'Created (or the identical one that exists); its holder is told of the steps waiting at the post',
  })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description: 'A rule of assignments, with its source (UU 30/2014 Pasal 14 ayat (2), or this application’s)',
  })
  create(
    @CurrentActor() a: Actor,
    @Param('orgId', uuidParam('orgId')) orgId: string,
    @Body() dto: CreateAssignmentDto,
    @Ip() ip: string,
  ): Promise<AssignmentDto> {
    return this.assignments.create(a, orgId, dto, ip ?? null);
  }

  @Patch('assignments/:id')
  @ApiOperation({ summary: 'Ends an assignment or corrects its end or decree (never an end before its start)' })
  @ApiOkResponse({ type: AssignmentDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'A rule of assignments, with its source' })
  update(
    @CurrentActor() a: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: UpdateAssignmentDto,
    @Ip() ip: string,
  ): Promise<AssignmentDto> {
    return this.assignments.update(a, id, dto, ip ?? null);
  }

  @Get('organizations/:orgId/stuck-steps')
  @ApiOperation({ summary: 'Steps waiting at a post nobody holds today (no definitif, Plt. or Plh.): assign someone to the post' })
  @ApiOkResponse({ type: [StuckStepDto] })
  stuckSteps(@CurrentActor() a: Actor, @Param('orgId', uuidParam('orgId')) orgId: string): Promise<StuckStepDto[]> {
    return this.assignments.stuckSteps(a, orgId);
  }
}
