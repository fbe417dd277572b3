import { Body, Controller, Get, Header, HttpCode, Ip, Post, UseGuards, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Actor, AllowedBeforePasswordChange, CurrentActor, Public } from '../common/actor';
import { ErrorResponseDto } from '../common/error-response';
import { AuthService } from './auth.service';
import { LoginDto, TokenDto } from './dto/login.dto';
import { MeDto } from './dto/me.dto';
import { ChangePasswordDto } from './dto/password.dto';
import { LoginThrottlerGuard } from './login-throttler.guard';
import { RetryAfterInterceptor } from './retry-after.interceptor';

@ApiTags('auth')
@Controller()
@UseInterceptors(RetryAfterInterceptor)
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @UseGuards(LoginThrottlerGuard)
  @Post('v1/auth/login')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: TokenDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'NIP atau kata sandi salah' })
  @ApiTooManyRequestsResponse({
    type: ErrorResponseDto,
    description: 'Too many attempts from this address, or too many failures on this NIP (locked whatever the address); Retry-After in seconds',
  })
  login(@Body() dto: LoginDto, @Ip() ip: string): Promise<TokenDto> {
    return this.auth.login(dto.nip, dto.password, ip ?? null);
  }

  @ApiBearerAuth()
  @AllowedBeforePasswordChange()
  @UseGuards(LoginThrottlerGuard)
  @Post('v1/auth/password')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: TokenDto, description: 'Every other token of the official has ended; this one is fresh' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Kata sandi saat ini salah' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'The new password breaks a rule of the policy (named)' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Changed meanwhile by another request' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'The NIP is locked after failed attempts' })
  changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto, @Ip() ip: string): Promise<TokenDto> {
    return this.auth.changePassword(actor, dto, ip ?? null);
  }

  @ApiBearerAuth()
  @AllowedBeforePasswordChange()
  @Post('v1/auth/logout')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Semua token pegawai ini tidak berlaku lagi, di semua perangkat' })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto })
  logout(@CurrentActor() actor: Actor): Promise<void> {
    return this.auth.logout(actor);
  }

  @ApiBearerAuth()
  @AllowedBeforePasswordChange()
  @Get('v1/me')
  @ApiOkResponse({ type: MeDto })
  me(@CurrentActor() actor: Actor): Promise<MeDto> {
    return this.auth.me(actor);
  }
}
