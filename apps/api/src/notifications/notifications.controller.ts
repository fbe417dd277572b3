import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor, CurrentActor } from '../common/actor';
import { ErrorResponseDto } from '../common/error-response';
import { uuidParam } from '../common/uuid-param';
import { NotificationDto, NotificationPageDto, NotificationPreferencesDto, NotificationQueryDto, UnreadCountDto } from './dto/notification.dto';
import { NotificationStreamService } from './notification-stream.service';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('v1/notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly streams: NotificationStreamService,
  ) {}

  @Get()
  @ApiOkResponse({ type: NotificationPageDto, description: "The caller's notices, newest first, with the unread count" })
  page(@CurrentActor() a: Actor, @Query() q: NotificationQueryDto): Promise<NotificationPageDto> {
    return this.notifications.page(a, q.limit, q.cursor);
  }

  @Get('stream')
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description:
      'Server-sent events: `notification` {notification, unreadCount}, `unread` {unreadCount}; a heartbeat comment every 15 s. Read with fetch() and the bearer header.',
  })
  stream(@CurrentActor() a: Actor, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.streams.stream(a, req, res);
  }

  @Get('preferences')
  @ApiOkResponse({ type: NotificationPreferencesDto })
  preferences(@CurrentActor() a: Actor): Promise<NotificationPreferencesDto> {
    return this.notifications.preferences(a);
  }

  @Put('preferences')
  @ApiOkResponse({ type: NotificationPreferencesDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  setPreferences(@CurrentActor() a: Actor, @Body() dto: NotificationPreferencesDto): Promise<NotificationPreferencesDto> {
    return this.notifications.setPreferences(a, dto);
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOkResponse({ type: UnreadCountDto })
  readAll(@CurrentActor() a: Actor): Promise<UnreadCountDto> {
    return this.notifications.markAllRead(a);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOkResponse({ type: NotificationDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Not found, or not the caller’s' })
  read(@CurrentActor() a: Actor, @Param('id', uuidParam('id')) id: string): Promise<NotificationDto> {
    return this.notifications.markRead(a, id);
  }
}
