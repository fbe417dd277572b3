import { Controller, Get, Header, HttpCode, Param, Post, Req, Res, UploadedFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBody,
  ApiConsumes,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError } from '@naskah/domain';
import { ArchiveUnavailable } from '@naskah/letter';
import { Public } from '../common/actor';
import { ErrorResponseDto } from '../common/error-response';
import { digestRequestBody, digestStorage, MAX_UPLOAD_BYTES, UploadDigest } from './upload-digest';
import { verificationPage } from './verify-page';
import { VerifyUploadGuard } from './verify-upload.guard';
import { VerifyService } from './verify.service';

@ApiTags('verify')
@Public()
@Controller('v1/verify')
export class VerifyController {
  constructor(private readonly verify: VerifyService) {}

  @Get(':code')
  @ApiOkResponse({ description: 'JSON, or an HTML page when the browser asks for text/html (the QR code opens this)' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'The archive of signed PDFs cannot be reached' })
  async byCode(@Param('code') code: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const html = req.accepts(['json', 'html']) === 'html';
    try {
      const v = await this.verify.byCode(code);
      if (html) res.type('html').send(verificationPage(v));
      else res.json(v);
    } catch (e) {
      if (html && e instanceof DomainError) res.status(404).type('html').send(verificationPage(null, e.message));
      // The archive (S3) unreachable: not "unknown", not "not intact", only "later".
      else if (html && e instanceof ArchiveUnavailable)
        res
          .status(503)
          .type('html')
          .send(verificationPage(null, 'Arsip naskah tidak dapat dihubungi. Coba lagi nanti.', 'Belum dapat diperiksa'));
      else throw e;
    }
  }

  @Post()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @UseGuards(VerifyUploadGuard)
  @ApiConsumes('multipart/form-data', 'application/pdf')
  @ApiBody({
    description: 'The PDF in the "file" part of a multipart/form-data body, or the PDF itself as an application/pdf body',
    schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } },
  })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto, description: 'Larger than 25 MB' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'Too many uploads from this address, or at once; Retry-After in seconds' })
  @UseInterceptors(
    FileInterceptor('file', {
      storage: digestStorage,
      limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, fieldSize: 1024, parts: 6, headerPairs: 20 },
    }),
  )
  async byFile(@UploadedFile() file: UploadDigest | undefined, @Req() req: Request) {
    const digest = file ?? (req.is('application/pdf') ? await digestRequestBody(req) : undefined);
    return this.verify.byDigest(digest);
  }
}
