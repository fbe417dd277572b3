import { Body, Controller, Delete, Get, HttpCode, Ip, Param, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Actor, CurrentActor } from '../common/actor';
import { ErrorResponseDto } from '../common/error-response';
import { isoDayParam } from '../common/iso-day-param';
import { uuidParam } from '../common/uuid-param';
import { HolidayDto, HolidayInputDto, ListHolidaysDto } from './dto/holiday.dto';
import { HolidaysService } from './holidays.service';

@ApiTags('organizations')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such organisation (or, on DELETE, no holiday on that day)' })
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'A malformed day, year, name or kind' })
@Controller('v1/organizations/:id/holidays')
export class HolidaysController {
  constructor(private readonly holidays: HolidaysService) {}

  @Get()
  @ApiOkResponse({ type: [HolidayDto], description: "The organisation's holidays, by day" })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not an official of the organisation' })
  list(@CurrentActor() a: Actor, @Param('id', uuidParam('id')) id: string, @Query() q: ListHolidaysDto): Promise<HolidayDto[]> {
    return this.holidays.list(a, id, q);
  }

  @Put(':day')
  @ApiParam({ name: 'day', example: '2026-12-25', description: 'YYYY-MM-DD (WIB)' })
  @ApiOkResponse({ type: HolidayDto, description: 'Added or changed; running chains get the new list in the background' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not an administrator of the organisation' })
  set(
    @CurrentActor() a: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Param('day', isoDayParam('day')) day: string,
    @Body() dto: HolidayInputDto,
    @Ip() ip: string,
  ): Promise<HolidayDto> {
    return this.holidays.set(a, id, day, dto, ip ?? null);
  }

  @Delete(':day')
  @HttpCode(204)
  @ApiParam({ name: 'day', example: '2026-12-25', description: 'YYYY-MM-DD (WIB)' })
  @ApiNoContentResponse({ description: 'Removed; running chains get the new list in the background' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not an administrator of the organisation' })
  remove(
    @CurrentActor() a: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Param('day', isoDayParam('day')) day: string,
    @Ip() ip: string,
  ): Promise<void> {
    return this.holidays.remove(a, id, day, ip ?? null);
  }
}
