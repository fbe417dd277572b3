import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Actor, CurrentActor, Public } from '../common/actor';
import { ErrorResponseDto } from '../common/error-response';
import { AuthService } from './auth.service';
import { LoginDto, TokenDto } from './dto/login.dto';
import { MeDto } from './dto/me.dto';
import { LoginThrottlerGuard } from './login-throttler.guard';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @UseGuards(LoginThrottlerGuard)
  @Post('v1/auth/login')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'NIP atau kata sandi salah' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto })
  login(@Body() dto: LoginDto): Promise<TokenDto> {
    return this.auth.login(dto.nip, dto.password);
  }

  @ApiBearerAuth()
  @Post('v1/auth/logout')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Semua token pegawai ini tidak berlaku lagi, di semua perangkat' })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto })
  logout(@CurrentActor() actor: Actor): Promise<void> {
    return this.auth.logout(actor);
  }

  @ApiBearerAuth()
  @Get('v1/me')
  @ApiOkResponse({ type: MeDto })
  me(@CurrentActor() actor: Actor): Promise<MeDto> {
    return this.auth.me(actor);
  }
}
