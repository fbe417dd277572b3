import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import Piscina from 'piscina';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApplicationFailure, log } from '@temporalio/activity';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@naskah/config';
import { isUnauthenticatedPayload, UNAUTHENTICATED_PAYLOAD_FAILURE } from '@naskah/contracts';
import { ArchiveStore, openArchiveStore, renderAndSign, RenderAndSignInput, signingIdentity } from '@naskah/letter';
import {
  appendAudit,
  DocumentEntity,
  DocumentKindEntity,
  DocumentVersionEntity,
  ensureNumberCounter,
  InboxItemEntity,
  LetterContext,
  letterContext,
  letterData,
  LetterNumberTaken,
  lockDocumentForAudit,
  numberLetter,
  OfficialEntity,
  RouteStepEntity,
  SignedLetterEntity,
  signedVersionOf,
  SignedVersionMismatch,
  writeDeliveryNotices,
  writeTransaction,
} from '@naskah/persistence';

/** A phase of finalising a letter that takes longer than this is logged (alone they take milliseconds; a burst of 200 letters queues for seconds). */
const SLOW_PHASE_MS = 20_000;
/** A render that has not finished by then is abandoned; the activity's retry renders again. */
const RENDER_TIMEOUT_MS = 45_000;

/** After the signature: the number, the sealed PDF, the archive and the delivery (DESIGN §6). */
@Injectable()
export class LetterActivities implements OnModuleDestroy {
  readonly archive: ArchiveStore;
  /** Rendering and signing take ~80 ms of CPU per letter: done in worker threads so projections stay fast. */
  private readonly pool: Piscina | null;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
  ) {
    this.archive = openArchiveStore(cfg);
    const threads = cfg.LETTER_RENDER_THREADS ?? Math.max(1, availableParallelism() - 1);
    // The compiled thread entry (next to this file in dist, or dist/ when tests run the sources).
    const entry = [
      join(__dirname, '..', '..', '..', '..', 'libs', 'letter', 'src', 'render-thread.js'),
      resolve('dist', 'libs', 'letter', 'src', 'render-thread.js'),
    ].find(existsSync);
    this.pool = threads > 0 && entry ? new Piscina({ filename: entry, maxThreads: threads, minThreads: 1, idleTimeout: 60_000 }) : null;
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool?.destroy();
    await this.archive.close();
  }

  /** The document's row locked, with its audit chain's head (its events follow). */
  private async lock(m: EntityManager, id: string): Promise<DocumentEntity> {
    const doc = await lockDocumentForAudit(m, id);
    if (!doc) throw new Error(`document ${id} not found`);
    return doc;
  }

  /** The document and the version its signature binds (signedVersionOf); a mismatch is never signed, nor retried. */
  private async signed(
    documentId: string,
    m: EntityManager = this.ds.manager,
  ): Promise<{ doc: DocumentEntity; sign: RouteStepEntity; version: DocumentVersionEntity }> {
    const doc = await m.findOneByOrFail(DocumentEntity, { id: documentId });
    try {
      return { doc, ...(await signedVersionOf(m, doc)) };
    } catch (e) {
      if (e instanceof SignedVersionMismatch) throw ApplicationFailure.nonRetryable(e.message, 'SIGNED_VERSION_MISMATCH');
      throw e;
    }
  }

  /** The letter's context from its sign step: chains signed before personal signatures (the organisation's seal). */
  private async sealContext(documentId: string): Promise<LetterContext> {
    const { sign } = await this.signed(documentId);
    return letterContext(this.ds.manager, documentId, {
      officialId: sign.actedByOfficialId!,
      positionId: sign.positionId,
      capacity: sign.actingCapacity ?? 'own',
      principalOfficialId: sign.principalOfficialId,
      versionHash: sign.versionHash!,
      signedAt: sign.actedAt ?? new Date(),
    });
  }

  /**
   * The number of a letter signed before personal signatures: see numberLetter (gapless, unique,
   * and a retried activity finds the number already there, never MAX()+1).
   */
  private async number(documentId: string, ctx: LetterContext): Promise<SignedLetterEntity> {
    const existing = await this.ds.getRepository(SignedLetterEntity).findOneBy({ documentId });
    if (existing) return existing;
    await ensureNumberCounter(this.ds.manager, ctx);
    return writeTransaction(this.ds, async (m) => {
      const doc = await this.lock(m, documentId);
      const numbered = await m.findOneBy(SignedLetterEntity, { documentId });
      if (numbered) return numbered;
      return numberLetter(m, { ...ctx, doc }).catch((e: unknown) => {
        // Retried by the activity until the counter is put right; said each time.
        if (e instanceof LetterNumberTaken) log.error(`finalizeSignedLetter: ${e.message}`, { documentId });
        throw e;
      });
    });
  }

  verificationUrl(code: string): string {
    const base = this.cfg.PUBLIC_BASE_URL ?? `http://${this.cfg.HOST}:${this.cfg.PORT}`;
    return `${base.replace(/\/$/, '')}/api/v1/verify/${code}`;
  }

  /** Renders the letter and seals it with the organisation's key: only letters signed before personal signatures. */
  async renderSealed(ctx: LetterContext, letter: SignedLetterEntity): Promise<Buffer> {
    const data = await letterData(this.ds.manager, ctx, letter, { verificationUrl: this.verificationUrl(letter.verificationCode) });
    const signer = await this.ds.getRepository(OfficialEntity).findOneByOrFail({ id: letter.signerOfficialId });
    const identity = signingIdentity({
      p12Path: this.cfg.SIGNING_P12_PATH,
      passphrase: this.cfg.SIGNING_P12_PASSPHRASE,
      dataDir: resolve(this.cfg.DATA_DIR),
      organizationCode: ctx.org.code,
      organizationName: ctx.org.name,
      production: this.cfg.NODE_ENV === 'production',
    });
    const input: RenderAndSignInput = {
      letter: data,
      p12: identity.p12,
      passphrase: identity.passphrase,
      info: {
        reason: `${ctx.kind.name} ${letter.number} ditandatangani oleh ${signer.titledName()}`,
        name: signer.titledName(),
        location: ctx.org.city,
        contactInfo: ctx.org.letterhead.email ?? ctx.org.name,
      },
    };
    return this.pool ? Buffer.from(await this.pool.run(input, { signal: AbortSignal.timeout(RENDER_TIMEOUT_MS) })) : renderAndSign(input);
  }

  /**
   * Runs one phase of the finalisation, saying so when it is slow: a letter that waits (for a
   * pool connection, a row lock, a render thread) shows in the worker's log with its document and
   * phase instead of silently running into the activity's timeout.
   */
  private async phase<T>(documentId: string, name: string, fn: () => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
      return await fn();
    } finally {
      const ms = Date.now() - started;
      if (ms >= SLOW_PHASE_MS) log.warn(`finalizeSignedLetter: ${name} took ${ms} ms`, { documentId, phase: name, ms });
    }
  }

  async finalizeSignedLetter(input: { documentId: string; personal?: boolean }): Promise<{ number: string }> {
    // Scheduled by something that does not hold the payload key (never by the workflow): refused, not retried.
    if (isUnauthenticatedPayload(input)) throw ApplicationFailure.nonRetryable('unauthenticated payload', UNAUTHENTICATED_PAYLOAD_FAILURE);
    const { documentId } = input;
    // A personal signature made the letter in the signer's request (number, PDF, archive): only delivery is left.
    // A personal chain signed without its letter is never sealed with the organisation's key instead.
    if (input.personal) {
      const made = await this.ds.getRepository(SignedLetterEntity).findOneBy({ documentId });
      if (!made?.pdfSha256 || made.signatureProvider === 'organization-seal') {
        throw ApplicationFailure.nonRetryable(`document ${documentId}: signed without the signer's own signed letter`, 'PERSONAL_SIGNATURE_MISSING');
      }
    }
    let letter =
      (await this.ds.getRepository(SignedLetterEntity).findOneBy({ documentId })) ??
      (await this.phase(documentId, 'number', async () => this.number(documentId, await this.sealContext(documentId))));
    if (!letter.pdfSha256) {
      const current = letter;
      const signed = await this.phase(documentId, 'render and sign', async () => this.renderSealed(await this.sealContext(documentId), current));
      // Stored before the row names it: a failure here (the archive unreachable) is retried by the activity, and an object stored
      // for a transaction that then fails is harmless (content-addressed, the retry puts the same bytes or new ones).
      const hash = await this.archive.put(signed);
      await writeTransaction(this.ds, async (m) => {
        const doc = await this.lock(m, documentId);
        const current = await m.findOneByOrFail(SignedLetterEntity, { documentId });
        if (current.pdfSha256) return;
        await m.update(SignedLetterEntity, { documentId }, { pdfSha256: hash, pdfSize: signed.length });
        await appendAudit(m, doc, { type: 'archived', data: { sha256: hash, bytes: signed.length }, at: new Date() });
      });
      letter = await this.ds.getRepository(SignedLetterEntity).findOneByOrFail({ documentId });
    }
    if (!letter.deliveredAt) {
      await this.phase(documentId, 'deliver', () => this.deliver(documentId));
    }
    return { number: letter.number };
  }

  /** The signed letter into the recipient and tembusan units' incoming boxes, with its notices, once. */
  private deliver(documentId: string): Promise<void> {
    return writeTransaction(this.ds, async (m) => {
      const doc = await this.lock(m, documentId);
      const current = await m.findOneByOrFail(SignedLetterEntity, { documentId });
      if (current.deliveredAt) return;
      const { version } = await this.signed(documentId, m);
      const { recipients, tembusan, classification, urgency } = version.fields;
      const units = [...recipients, ...tembusan].filter((a) => a.type === 'unit').map((a) => (a as { unitId: string }).unitId);
      const [kind, drafter] = await Promise.all([
        m.findOneByOrFail(DocumentKindEntity, { id: doc.documentKindId }),
        m.findOneByOrFail(OfficialEntity, { id: doc.drafterOfficialId }),
      ]);
      const now = new Date();
      if (units.length) {
        await m.upsert(
          InboxItemEntity,
          [...new Set(units)].map((unitId) => ({
            ownerId: unitId,
            box: 'incoming' as const,
            documentId,
            organizationId: doc.organizationId,
            subject: version.subject,
            number: current.number,
            kindName: kind.name,
            classification,
            urgency,
            status: 'signed' as const,
            drafterName: drafter.name,
            stepAction: null,
            overdue: false,
            updatedAt: now,
          })),
          ['ownerId', 'box', 'documentId'],
        );
      }
      // The drafter's and the signers' rows carry the number too: the inbox finds a letter by it.
      await m.update(InboxItemEntity, { documentId }, { number: current.number });
      await m.update(SignedLetterEntity, { documentId }, { deliveredAt: now });
      // The drafter told the number, the units' heads that it arrived: in this transaction (the outbox), once.
      await writeDeliveryNotices(m, doc, { number: current.number, signerOfficialId: current.signerOfficialId }, [...new Set(units)], now);
      const external = [...recipients, ...tembusan].filter((a) => a.type === 'external').length;
      await appendAudit(m, doc, { type: 'delivered', data: { units: units.length, external }, at: now });
    });
  }
}
