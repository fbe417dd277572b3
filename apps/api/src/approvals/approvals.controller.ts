import { Body, Controller, Headers, HttpCode, Logger, Param, Post, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Actor, CurrentActor } from '../common/actor';
import { ErrorResponseDto } from '../common/error-response';
import { IdempotencyKey } from '../common/idempotency-key';
import { ChainStateDto } from '../documents/dto/document.dto';
import { DocumentViewService } from '../documents/document-view.service';
import { CorrectDocumentDto } from '../documents/dto/document-input.dto';
import { uuidParam } from '../common/uuid-param';
import { SignActionDto } from '../signatures/dto/tte.dto';
import { SigningLockInterceptor } from '../signatures/signing-lock.interceptor';
import { SigningService } from '../signatures/signing.service';
import { ApprovalsService } from './approvals.service';
import { ReturnActionDto, VersionActionDto, WithdrawActionDto } from './dto/action.dto';

@ApiTags('approvals')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A repeat with the same key returns the first answer and changes nothing' })
@ApiHeader({
  name: 'Prefer',
  required: false,
  description: 'return=representation: the answer also carries the document as the caller now sees it (`document`), so no second request is needed',
})
@ApiOkResponse({ type: ChainStateDto })
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not yours' })
@ApiConflictResponse({ type: ErrorResponseDto, description: 'Not your step, stale version, already acted' })
@ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'A rule is broken (with its Pasal)' })
@ApiServiceUnavailableResponse({ type: ErrorResponseDto })
@Controller('v1/documents/:id')
export class ApprovalsController {
  private readonly logger = new Logger(ApprovalsController.name);

  constructor(
    private readonly approvals: ApprovalsService,
    private readonly signing: SigningService,
    private readonly view: DocumentViewService,
  ) {}

  /**
   * The workflow's answer, and with `Prefer: return=representation` (RFC 7240) the document as the
   * caller sees it after the act, read once the projection the answer waited for is written. The
   * act stands whatever the view does: a view the caller may no longer read is simply left out.
   */
  private async answer(a: Actor, id: string, prefer: string | undefined, act: Promise<ChainStateDto>): Promise<ChainStateDto> {
    const state = await act;
    if (!/(^|[\s,;])return=representation(\s|,|;|$)/i.test(prefer ?? '')) return state;
    const document = await this.view.get(a, id).catch((e: unknown) => {
      this.logger.warn(`document ${id} not shown after the act: ${String(e)}`);
      return undefined;
    });
    return document ? { ...state, document } : state;
  }

  @Post('submit')
  @HttpCode(200)
  submit(
    @CurrentActor() a: Actor,
    @Param('id', uuidParam('id')) id: string,
    @IdempotencyKey() key?: string,
    @Headers('prefer') prefer?: string,
  ): Promise<ChainStateDto> {
    return this.answer(a, id, prefer, this.approvals.submit(a, id, key));
  }

  @Post('actions/paraf')
  @HttpCode(200)
  paraf(
    @CurrentActor() a: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: VersionActionDto,
    @IdempotencyKey() key?: string,
    @Headers('prefer') prefer?: string,
  ): Promise<ChainStateDto> {
    return this.answer(a, id, prefer, this.approvals.act(a, id, 'paraf', dto, key));
  }

  @Post('actions/return')
  @HttpCode(200)
  return(
    @CurrentActor() a: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: ReturnActionDto,
    @IdempotencyKey() key?: string,
    @Headers('prefer') prefer?: string,
  ): Promise<ChainStateDto> {
    return this.answer(a, id, prefer, this.approvals.act(a, id, 'return', dto, key));
  }

  /** The official whose step it is corrects the draft: a new version under their name (mengoreksi). */
  @Post('actions/correct')
  @HttpCode(200)
  correct(
    @CurrentActor() a: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: CorrectDocumentDto,
    @IdempotencyKey() key?: string,
    @Headers('prefer') prefer?: string,
  ): Promise<ChainStateDto> {
    return this.answer(a, id, prefer, this.approvals.correct(a, id, dto, key));
  }

  /**
   * Signs with the caller's own TTE (certificate and passphrase): numbered, rendered and signed in
   * this request; a wrong passphrase is 422 and changes nothing but the count (five lock signing
   * for 15 minutes: 429); the provider down is 503; the step stays pending in both.
   */
  @Post('actions/sign')
  @HttpCode(200)
  @UseInterceptors(SigningLockInterceptor)
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'Signing locked after five wrong passphrases (Retry-After in seconds)' })
  sign(
    @CurrentActor() a: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: SignActionDto,
    @IdempotencyKey() key?: string,
    @Headers('prefer') prefer?: string,
  ): Promise<ChainStateDto> {
    return this.answer(a, id, prefer, this.signing.sign(a, id, dto, key));
  }

  @Post('actions/resubmit')
  @HttpCode(200)
  resubmit(
    @CurrentActor() a: Actor,
    @Param('id', uuidParam('id')) id: string,
    @IdempotencyKey() key?: string,
    @Headers('prefer') prefer?: string,
  ): Promise<ChainStateDto> {
    return this.answer(a, id, prefer, this.approvals.resubmit(a, id, key));
  }

  @Post('actions/withdraw')
  @HttpCode(200)
  withdraw(
    @CurrentActor() a: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: WithdrawActionDto,
    @IdempotencyKey() key?: string,
    @Headers('prefer') prefer?: string,
  ): Promise<ChainStateDto> {
    return this.answer(a, id, prefer, this.approvals.withdraw(a, id, dto.note, key));
  }
}
