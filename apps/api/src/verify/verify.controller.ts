import { Body, Controller, Get, Header, HttpCode, Param, Post, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiConsumes, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError } from '@naskah/domain';
import { Public } from '../common/actor';
import { ErrorResponseDto } from '../common/error-response';
import { verificationPage } from './verify-page';
import { VerifyService } from './verify.service';

@ApiTags('verify')
@Public()
@Controller('v1/verify')
export class VerifyController {
  constructor(private readonly verify: VerifyService) {}

  @Get(':code')
  @ApiOkResponse({ description: 'JSON, or an HTML page when the browser asks for text/html (the QR code opens this)' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async byCode(@Param('code') code: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const html = req.accepts(['json', 'html']) === 'html';
    try {
      const v = await this.verify.byCode(code);
      if (html) res.type('html').send(verificationPage(v));
      else res.json(v);
    } catch (e) {
      if (html && e instanceof DomainError) res.status(404).type('html').send(verificationPage(null, e.message));
      else throw e;
    }
  }

  @Post()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiConsumes('multipart/form-data', 'application/pdf')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: 25 * 1024 * 1024, files: 1 } }))
  byFile(@UploadedFile() file: { buffer: Buffer } | undefined, @Body() raw: unknown) {
    return this.verify.byFile(file?.buffer ?? (Buffer.isBuffer(raw) ? raw : undefined));
  }
}
