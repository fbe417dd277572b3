import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@naskah/config';
import { actionUpdateId, beginSignatureUpdate, endSignatureUpdate, signUpdate, stateQuery } from '@naskah/contracts';
import { ActingAs, afterWrongPassphrase, DomainError, signingLockedFor } from '@naskah/domain';
import {
  ARCHIVE_REQUEST_BUDGET_MS,
  ArchiveStore,
  ArchiveUnavailable,
  certificateInfo,
  checkPdfSignature,
  renderLetter,
  Signer,
  SigningError,
  SigningProvider,
} from '@naskah/letter';
import {
  appendAccountAudit,
  appendAudit,
  DocumentEntity,
  ensureNumberCounter,
  insertAuditEvent,
  insertSignedLetter,
  LetterContext,
  letterContext,
  LetterNumberTaken,
  letterData,
  lockDocumentForAudit,
  OrganizationEntity,
  SignatureAttemptEntity,
  SignedLetterEntity,
  SigningCredentialEntity,
  SigningGuardEntity,
  takeLetterNumber,
  writeTransaction,
} from '@naskah/persistence';
import { Actor } from '../common/actor';
import { ApprovalsService, toChainDto } from '../approvals/approvals.service';
import { TemporalUnavailable } from '../approvals/temporal-call';
import { DocumentAccess } from '../documents/document-access';
import { ChainStateDto } from '../documents/dto/document.dto';
import { SignActionDto } from './dto/tte.dto';
import { SigningProviders } from './signing-providers';
import { lockWaitToUnavailable, SigningLockedException, signingErrorToDomain, SigningUnavailableException } from './signing-errors';
import { TteService, adviceFor } from './tte.service';

type Outcome = { ok: true } | { ok: false; error: Error };

/**
 * The signature is the official's own (DESIGN §6): made inside the request that carries the
 * passphrase, which is used for this one signature and never written anywhere (not the
 * database, not a log, not Temporal).
 *
 * 1. Authority (who acts, in which capacity), the signing lock, the certificate.
 * 2. A signature attempt row, then the workflow's claim (`beginSignature`, validated as a sign):
 *    from now on nothing else may happen to the document until the claim ends.
 * 3. One transaction, holding the official's signing guard, the document's row and the number
 *    counter's row: the number, the letter rendered from the bound version, the provider's PAdES
 *    signature, the archive, the signed letter row, the attempt closed as signed. A wrong
 *    passphrase or an unreachable provider rolls the number back to a savepoint (no number is
 *    used) and records only the failure; the claim is then ended and the step waits again.
 * 4. The workflow's `sign` with the attempt: the chain is signed and the worker delivers.
 *
 * A process that dies after 2 leaves a claim open: after SIGNATURE_CLAIM_TTL_SECONDS the workflow
 * settles it from the database (settleSignatureAttempt): the attempt's signed letter, committed
 * with the number in one transaction, is the signature; otherwise the attempt is closed, under
 * the same row lock the transaction checks it under, and the step waits again. Either the letter
 * and its number both exist or neither does, so no letter and no number can be lost.
 */
@Injectable()
export class SigningService {
  private readonly logger = new Logger(SigningService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: DocumentAccess,
    private readonly approvals: ApprovalsService,
    private readonly providers: SigningProviders,
    private readonly tte: TteService,
    private readonly archive: ArchiveStore,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
  ) {}

  async sign(actor: Actor, id: string, dto: SignActionDto, key?: string): Promise<ChainStateDto> {
    const doc = await this.access.findOrFail(id);
    const acting = await this.approvals.actingAs(actor, doc, 'sign', dto.consideration);
    if (acting.principalOfficialId) await this.approvals.requireNoMandateOnStrategic(doc);
    const repeated = key
      ? await this.ds.getRepository(SignatureAttemptEntity).findOneBy({ officialId: actor.officialId, documentId: id, idempotencyKey: key })
      : null;
    if (repeated) return this.repeat(actor, doc, acting, repeated, key!);

    const org = await this.ds.getRepository(OrganizationEntity).findOneByOrFail({ id: doc.organizationId });
    const provider = this.providers.forOrganization(org);
    const lockedFor = signingLockedFor(await this.ds.getRepository(SigningGuardEntity).findOneBy({ officialId: actor.officialId }), new Date());
    if (lockedFor > 0) throw new SigningLockedException(lockedFor);
    const { signer, row } = await this.tte.signerOf(actor.officialId);
    await this.requireActiveCertificate(provider, signer, row);

    const attempt = Object.assign(new SignatureAttemptEntity(), {
      id: randomUUID(),
      documentId: id,
      officialId: actor.officialId,
      positionId: acting.positionId,
      capacity: acting.capacity,
      principalOfficialId: acting.principalOfficialId,
      versionHash: dto.versionHash,
      provider: provider.name,
      state: 'open' as const,
      failure: null,
      idempotencyKey: key ?? null,
      startedAt: new Date(),
      endedAt: null,
    });
    try {
      await this.ds.getRepository(SignatureAttemptEntity).insert(attempt);
    } catch (e) {
      if ((e as { driverError?: { code?: string } }).driverError?.code !== 'ER_DUP_ENTRY') throw e;
      throw new DomainError('CONFLICT', 'Permintaan dengan Idempotency-Key ini sedang diproses', { field: 'Idempotency-Key' });
    }
    const handle = this.approvals.handle(doc);
    try {
      await this.approvals.call(() =>
        handle.executeUpdate(beginSignatureUpdate, {
          args: [{ actor: acting, versionHash: dto.versionHash, attemptId: attempt.id }],
          updateId: `begin-signature:${attempt.id}`,
        }),
      );
    } catch (e) {
      // Refused (not your turn, stale version, a signature already being made) or Temporal down: nothing was claimed.
      await this.closeAttempt(attempt.id, e instanceof DomainError ? 'refused' : 'claim_unavailable');
      throw e;
    }

    let outcome: Outcome;
    try {
      outcome = await this.makeSignedLetter(doc, attempt, acting, signer, provider, dto.passphrase);
    } catch (e) {
      // Something unexpected (the database, rendering): what the attempt recorded says whether the letter was committed.
      const after = await this.ds
        .getRepository(SignatureAttemptEntity)
        .findOneBy({ id: attempt.id })
        .catch(() => null);
      if (after?.state === 'signed') return this.complete(actor, doc, acting, attempt, key);
      await this.closeAttempt(attempt.id, 'error').catch(() => undefined);
      await this.endClaim(doc, attempt.id);
      throw lockWaitToUnavailable(e);
    }
    if (!outcome.ok) {
      await this.endClaim(doc, attempt.id);
      throw outcome.error;
    }
    return this.complete(actor, doc, acting, attempt, key);
  }

  /**
   * Frees the step after an attempt without a signature. Tried once while the signer waits (about 2 s
   * at most when Temporal is unreachable); if Temporal cannot be told now, the update is repeated in
   * the background until ACTION_TIMEOUT_SECONDS, so the signer hears of his failure at once and the
   * claim ends as soon as Temporal is back. Failing that, the workflow settles the claim itself.
   */
  private async endClaim(doc: DocumentEntity, attemptId: string): Promise<void> {
    const end = () => this.approvals.handle(doc).executeUpdate(endSignatureUpdate, { args: [{ attemptId }], updateId: `end-signature:${attemptId}` });
    const stays = (e: unknown) => this.logger.warn(`the claim of attempt ${attemptId} stays until the workflow settles it: ${String(e)}`);
    try {
      await this.approvals.call(end);
    } catch (e) {
      if (!(e instanceof TemporalUnavailable)) return stays(e);
      void this.approvals.callPatiently(end).catch(stays);
    }
  }

  /** The chain's sign under the claim; repeated with the same update id, Temporal answers the first result. */
  private async complete(actor: Actor, doc: DocumentEntity, acting: ActingAs, attempt: SignatureAttemptEntity, key?: string): Promise<ChainStateDto> {
    const handle = this.approvals.handle(doc);
    try {
      // The letter is committed: a short Temporal outage is waited out (the update id is fixed) rather than answered with 503.
      const state = await this.approvals.callPatiently(() =>
        handle.executeUpdate(signUpdate, {
          args: [{ actor: acting, versionHash: attempt.versionHash, attemptId: attempt.id }],
          updateId: key ? actionUpdateId(actor.officialId, 'sign', key) : `sign:${attempt.id}`,
        }),
      );
      return toChainDto(state);
    } catch (e) {
      // The workflow may have settled the claim itself (the letter was signed): that is the answer.
      if (e instanceof DomainError) {
        const state = await this.approvals.call(() => handle.query(stateQuery));
        if (state.status === 'signed') return toChainDto(state);
        throw e;
      }
      // Temporal unreachable or slow: the letter is signed and numbered all the same; the workflow settles the claim.
      const letter = await this.ds.getRepository(SignedLetterEntity).findOneBy({ documentId: doc.id });
      throw new SigningUnavailableException(
        `Naskah sudah ditandatangani${letter ? ` dengan nomor ${letter.number}` : ''}, tetapi alur persetujuan belum dapat diperbarui; alur diperbarui otomatis, muat ulang beberapa saat lagi`,
        { committed: true },
      );
    }
  }

  /** A repeat with the same Idempotency-Key: the first request's answer, never a second signature. */
  private async repeat(actor: Actor, doc: DocumentEntity, acting: ActingAs, prior: SignatureAttemptEntity, key: string): Promise<ChainStateDto> {
    if (prior.state === 'signed') return this.complete(actor, doc, acting, prior, key);
    if (prior.state === 'open')
      throw new DomainError('CONFLICT', 'Permintaan dengan Idempotency-Key ini sedang diproses', { field: 'Idempotency-Key' });
    throw new DomainError('CONFLICT', 'Idempotency-Key ini sudah dipakai untuk percobaan tanda tangan yang gagal; gunakan kunci baru', {
      field: 'Idempotency-Key',
    });
  }

  /** Signer readiness at the moment of signing: the provider's word for BSrE (503 when it cannot tell), the stored certificate for the local CA. */
  private async requireActiveCertificate(provider: SigningProvider, signer: Signer, row: SigningCredentialEntity | null): Promise<void> {
    let state: string;
    try {
      state = (await provider.status(signer)).state;
    } catch (e) {
      if (e instanceof SigningError) throw signingErrorToDomain(e, provider.name);
      throw e;
    }
    if (row && row.status !== state) {
      // What the provider says now (BSrE revoked or suspended it) is recorded, with the change in the account trail.
      await writeTransaction(this.ds, async (m) => {
        await m.update(
          SigningCredentialEntity,
          { officialId: signer.officialId },
          { status: state as SigningCredentialEntity['status'], checkedAt: new Date() },
        );
        await appendAccountAudit(m, signer.officialId, {
          action: 'tte_status_changed',
          actorOfficialId: null,
          before: { status: row.status },
          after: { status: state },
        });
      });
    }
    if (state !== 'active') {
      throw new DomainError('RULE_VIOLATION', adviceFor(state as SigningCredentialEntity['status'], provider.name, true)!, { field: 'passphrase' });
    }
  }

  private async closeAttempt(attemptId: string, failure: string): Promise<void> {
    await this.ds.getRepository(SignatureAttemptEntity).update({ id: attemptId, state: 'open' }, { state: 'failed', failure, endedAt: new Date() });
  }

  private verificationUrl(code: string): string {
    const base = this.cfg.PUBLIC_BASE_URL ?? `http://${this.cfg.HOST}:${this.cfg.PORT}`;
    return `${base.replace(/\/$/, '')}/api/v1/verify/${code}`;
  }

  /** Step 3: number, render, sign, archive, record, in one transaction; a failure leaves only itself recorded. */
  async makeSignedLetter(
    doc: DocumentEntity,
    attempt: SignatureAttemptEntity,
    acting: ActingAs,
    signer: Signer,
    provider: SigningProvider,
    passphrase: string,
  ): Promise<Outcome> {
    const signedAt = new Date();
    const ctx = await letterContext(this.ds.manager, doc.id, {
      officialId: acting.officialId,
      positionId: acting.positionId,
      capacity: acting.capacity,
      principalOfficialId: acting.principalOfficialId ?? null,
      versionHash: attempt.versionHash,
      signedAt,
    });
    await ensureNumberCounter(this.ds.manager, ctx);
    await this.ensureGuard(signer.officialId);
    // One try, never retried: a retry would call the provider (and count a passphrase) again. The
    // number counter row is held while the provider signs (the number is inside the signed PDF, and
    // stays gapless), so a signer of the same series waits at most for one provider call, then 503.
    return writeTransaction(
      this.ds,
      async (m): Promise<Outcome> => {
        await m.query('SET SESSION innodb_lock_wait_timeout = ?', [this.lockWaitSeconds()]);
        try {
          return await this.signInTransaction(m, doc, attempt, acting, signer, provider, passphrase, ctx);
        } finally {
          await m.query('SET SESSION innodb_lock_wait_timeout = DEFAULT');
        }
      },
      1,
    );
  }

  /**
   * The official's guard row exists before the signing transaction locks it. Inserted once, in its
   * own statement, only when missing: an INSERT IGNORE on an existing row waits for the shared lock
   * behind a signing transaction that holds the row, and InnoDB may pick it as a deadlock victim.
   */
  private async ensureGuard(officialId: string): Promise<void> {
    if (await this.ds.getRepository(SigningGuardEntity).exists({ where: { officialId } })) return;
    await this.ds
      .query('INSERT IGNORE INTO signing_guard (official_id, failures, locked_until) VALUES (?, 0, NULL)', [officialId])
      .catch((e: unknown) => {
        // Two first attempts at once: the other one inserted it.
        if (
          (e as { code?: string; driverError?: { code?: string } }).driverError?.code !== 'ER_LOCK_DEADLOCK' &&
          (e as { code?: string }).code !== 'ER_LOCK_DEADLOCK'
        )
          throw e;
      });
  }

  /** The provider's timeout and some: how long a signing transaction waits for a row another signature holds. */
  /** Another signer in the same number series waits while this one calls the provider and stores the PDF. */
  private lockWaitSeconds(): number {
    const archive = this.cfg.ARCHIVE_STORE === 's3' ? ARCHIVE_REQUEST_BUDGET_MS : 0;
    return Math.ceil((this.cfg.BSRE_TIMEOUT_MS + archive) / 1000) + 15;
  }

  private async signInTransaction(
    m: EntityManager,
    doc: DocumentEntity,
    attempt: SignatureAttemptEntity,
    acting: ActingAs,
    signer: Signer,
    provider: SigningProvider,
    passphrase: string,
    ctx: LetterContext,
  ): Promise<Outcome> {
    {
      // The official's guard first: one signing attempt per official at a time, so parallel guesses are counted one by one.
      const guard = await m.findOneOrFail(SigningGuardEntity, { where: { officialId: signer.officialId }, lock: { mode: 'pessimistic_write' } });
      const lockedFor = signingLockedFor(guard, new Date());
      if (lockedFor > 0) {
        await this.failAttempt(m, (await lockDocumentForAudit(m, doc.id))!, attempt, 'locked');
        return { ok: false, error: new SigningLockedException(lockedFor) };
      }
      const locked = (await lockDocumentForAudit(m, doc.id))!;
      const current = await m.findOneByOrFail(SignatureAttemptEntity, { id: attempt.id });
      if (current.state !== 'open') {
        return { ok: false, error: new DomainError('CONFLICT', 'Waktu penandatanganan habis; tanda tangani kembali') };
      }
      await m.query('SAVEPOINT before_signature');
      try {
        // The row is inserted once, below, with what the signature adds; the document's audit_seq written once, by the last event.
        const letter = await takeLetterNumber(m, { ...ctx, doc: locked }, { signatureProvider: provider.name, attemptId: attempt.id }).catch(
          (e: unknown) => {
            if (!(e instanceof LetterNumberTaken)) throw e;
            this.logger.error(`signature of document ${doc.id} stopped: ${e.message}`);
            throw new SigningError(
              'UNAVAILABLE',
              e.documentSigned
                ? 'Naskah ini sudah memiliki surat yang ditandatangani; muat ulang halaman'
                : `Nomor ${e.number} sudah dipakai naskah lain; administrator perlu memeriksa penghitung nomor naskah`,
            );
          },
        );
        const data = await letterData(m, ctx, letter, {
          verificationUrl: this.verificationUrl(letter.verificationCode),
          signatureIssuer: provider.issuerLabel,
        });
        const pdf = await renderLetter({ ...data, date: new Date(data.date) });
        const result = await provider.sign({
          pdf,
          signer,
          passphrase,
          reason: `${ctx.kind.name} ${letter.number} ditandatangani oleh ${signer.name}`,
          location: ctx.org.city,
          contactInfo: ctx.org.letterhead.email ?? ctx.org.name,
        });
        const check = checkPdfSignature(result.pdf);
        if (!check.ok) throw new SigningError('UNAVAILABLE', `Berkas dari layanan TTE tidak memuat tanda tangan yang sah (${check.problem})`);
        // The signature is by the signer's own certificate: with the local CA, exactly the one enrolled.
        if (signer.credential && check.certificate.serialNumber !== certificateInfo(signer.credential.certificatePem).serialNumber) {
          throw new SigningError('REJECTED', 'Tanda tangan tidak dibuat dengan sertifikat elektronik Anda');
        }
        // Stored before the row that names it commits: a commit that then fails leaves an unreferenced object
        // (harmless, content-addressed); an archive that cannot store it fails the signature, and nothing is numbered.
        const hash = await this.archive.put(result.pdf).catch((e: unknown) => {
          if (!(e instanceof ArchiveUnavailable)) throw e;
          this.logger.warn(`signature of document ${doc.id} not archived: ${e.message}`);
          throw new SigningError('UNAVAILABLE', 'Arsip naskah tidak dapat dihubungi untuk menyimpan naskah yang ditandatangani');
        });
        const cert = result.certificate;
        // Inserted as given (no re-read of the columns with defaults: every one is set).
        await insertSignedLetter(m, {
          ...letter,
          pdfSha256: hash,
          pdfSize: result.pdf.length,
          certificateSubject: cert.subject,
          certificateIssuer: cert.issuer,
          certificateSerial: cert.serialNumber,
          certificateNotBefore: cert.notBefore,
          certificateNotAfter: cert.notAfter,
          timestampedAt: result.timestampedAt,
        });
        await insertAuditEvent(m, locked, {
          type: 'signature_made',
          actorOfficialId: acting.officialId,
          actorPositionId: acting.positionId,
          capacity: acting.capacity,
          principalOfficialId: acting.principalOfficialId,
          data: {
            attemptId: attempt.id,
            provider: provider.name,
            certificateSerial: cert.serialNumber,
            certificateIssuer: cert.issuer,
            timestampedAt: result.timestampedAt?.toISOString() ?? null,
          },
          at: new Date(),
        });
        await appendAudit(m, locked, { type: 'archived', data: { sha256: hash, bytes: result.pdf.length }, at: new Date() });
        await m.update(SignatureAttemptEntity, { id: attempt.id }, { state: 'signed', endedAt: new Date() });
        await m.update(SigningGuardEntity, { officialId: signer.officialId }, { failures: 0, lockedUntil: null });
        return { ok: true };
      } catch (e) {
        await m.query('ROLLBACK TO SAVEPOINT before_signature');
        if (!(e instanceof SigningError)) throw e;
        const fresh = await m.findOneOrFail(DocumentEntity, { where: { id: doc.id } });
        return { ok: false, error: await this.recordFailure(m, fresh, attempt, guard, e, provider) };
      }
    }
  }

  /** A failed signature: the attempt, the document's trail, and for a wrong passphrase the count (and the lock at the fifth). */
  private async recordFailure(
    m: EntityManager,
    doc: DocumentEntity,
    attempt: SignatureAttemptEntity,
    guard: SigningGuardEntity,
    e: SigningError,
    provider: SigningProvider,
  ): Promise<Error> {
    await this.failAttempt(m, doc, attempt, e.code.toLowerCase());
    if (e.code !== 'WRONG_PASSPHRASE') return signingErrorToDomain(e, provider.name);
    const now = new Date();
    const next = afterWrongPassphrase(guard, now);
    await m.update(SigningGuardEntity, { officialId: attempt.officialId }, { failures: next.failures, lockedUntil: next.lockedUntil });
    if (next.lockedNow) {
      await appendAccountAudit(m, attempt.officialId, {
        action: 'tte_signing_locked',
        actorOfficialId: null,
        before: { failures: guard.failures },
        after: { lockedUntil: next.lockedUntil!.toISOString() },
        at: now,
      });
      return new DomainError('RULE_VIOLATION', 'Passphrase salah 5 kali berturut-turut: penandatanganan dikunci selama 15 menit.', {
        field: 'passphrase',
      });
    }
    return new DomainError('RULE_VIOLATION', `Passphrase salah. Sisa ${next.attemptsLeft} kali percobaan sebelum penandatanganan dikunci 15 menit.`, {
      field: 'passphrase',
    });
  }

  /** The attempt closed as failed, and the failure on the document's trail; the caller holds the document's row lock. */
  private async failAttempt(m: EntityManager, doc: DocumentEntity, attempt: SignatureAttemptEntity, failure: string): Promise<void> {
    await m.update(SignatureAttemptEntity, { id: attempt.id }, { state: 'failed', failure, endedAt: new Date() });
    await appendAudit(m, doc, {
      type: 'signature_failed',
      actorOfficialId: attempt.officialId,
      actorPositionId: attempt.positionId,
      data: { attemptId: attempt.id, reason: failure },
      at: new Date(),
    });
  }
}
