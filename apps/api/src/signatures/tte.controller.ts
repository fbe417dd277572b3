import { Body, Controller, Get, HttpCode, Ip, Post, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Actor, CurrentActor } from '../common/actor';
import { ErrorResponseDto } from '../common/error-response';
import { ActivateTteDto, TteStatusDto } from './dto/tte.dto';
import { SigningLockInterceptor } from './signing-lock.interceptor';
import { TteService } from './tte.service';

/** Aktivasi TTE: the official's own electronic signature certificate. */
@ApiTags('tte')
@ApiBearerAuth()
@Controller('v1/tte')
export class TteController {
  constructor(private readonly tte: TteService) {}

  @Get()
  @ApiOkResponse({ type: TteStatusDto, description: "The caller's certificate, its expiry, a signing lock, and what to do" })
  status(@CurrentActor() actor: Actor): Promise<TteStatusDto> {
    return this.tte.status(actor);
  }

  @Post('activation')
  @HttpCode(200)
  @UseInterceptors(SigningLockInterceptor)
  @ApiOkResponse({ type: TteStatusDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Missing or mismatched passphrase, malformed NIK' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'Refused passphrase, or the NIK holds no active BSrE certificate' })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'The signing provider cannot be reached' })
  activate(@CurrentActor() actor: Actor, @Body() dto: ActivateTteDto, @Ip() ip: string): Promise<TteStatusDto> {
    return this.tte.activate(actor, dto, ip ?? null);
  }
}
