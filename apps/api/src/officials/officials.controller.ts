import { Body, Controller, Header, HttpCode, Ip, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Actor, CurrentActor } from '../common/actor';
import { ErrorResponseDto } from '../common/error-response';
import { uuidParam } from '../common/uuid-param';
import { AccountChangeDto, OfficialAccountDto, PasswordResetDto } from './dto/official-account.dto';
import { OfficialsService } from './officials.service';

@ApiTags('officials')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not an administrator (of an organisation, or of the city)' })
@ApiNotFoundResponse({
  type: ErrorResponseDto,
  description: 'No such official in an organisation the administrator administers (their own; every one of the city for its administrator)',
})
@ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'The administrator’s own account' })
@Controller('v1/officials')
export class OfficialsController {
  constructor(private readonly officials: OfficialsService) {}

  @Post(':id/deactivate')
  @HttpCode(200)
  @ApiOkResponse({ type: OfficialAccountDto, description: 'Inactive: every token ends at once and login is refused' })
  deactivate(
    @CurrentActor() a: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: AccountChangeDto,
    @Ip() ip: string,
  ): Promise<OfficialAccountDto> {
    return this.officials.deactivate(a, id, dto, ip ?? null);
  }

  @Post(':id/activate')
  @HttpCode(200)
  @ApiOkResponse({ type: OfficialAccountDto })
  activate(
    @CurrentActor() a: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: AccountChangeDto,
    @Ip() ip: string,
  ): Promise<OfficialAccountDto> {
    return this.officials.activate(a, id, dto, ip ?? null);
  }

  @Post(':id/password-reset')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: PasswordResetDto, description: 'The temporary password, shown this once' })
  resetPassword(
    @CurrentActor() a: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: AccountChangeDto,
    @Ip() ip: string,
  ): Promise<PasswordResetDto> {
    return this.officials.resetPassword(a, id, dto, ip ?? null);
  }
}
