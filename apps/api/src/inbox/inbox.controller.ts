import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '../common/actor';
import { InboxCountsDto, InboxPageDto, InboxQueryDto } from './dto/inbox.dto';
import { InboxService } from './inbox.service';

@ApiTags('inbox')
@ApiBearerAuth()
@Controller('v1/inbox')
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  @ApiOkResponse({ type: InboxPageDto })
  page(@CurrentActor() a: Actor, @Query() q: InboxQueryDto): Promise<InboxPageDto> {
    return this.inbox.page(a, q.box, q.limit, q.cursor, q.q);
  }

  @Get('counts')
  @ApiOkResponse({ type: InboxCountsDto })
  counts(@CurrentActor() a: Actor): Promise<InboxCountsDto> {
    return this.inbox.counts(a);
  }
}
