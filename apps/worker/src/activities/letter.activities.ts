import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import Piscina from 'piscina';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApplicationFailure, log } from '@temporalio/activity';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@naskah/config';
import { isUnauthenticatedPayload, UNAUTHENTICATED_PAYLOAD_FAILURE } from '@naskah/contracts';
import { formatLetterNumber, numberSeries } from '@naskah/domain';
import { ArchiveStore, ParafRecord, renderAndSign, RenderAndSignInput, signingIdentity } from '@naskah/letter';
import {
  Addressee,
  appendAudit,
  DocumentEntity,
  DocumentKindEntity,
  DocumentVersionEntity,
  InboxItemEntity,
  OfficialEntity,
  OrganizationEntity,
  PositionEntity,
  RouteStepEntity,
  SignedLetterEntity,
  signatureBlockOf,
  signedVersionOf,
  SignedVersionMismatch,
  UnitEntity,
  writeTransaction,
} from '@naskah/persistence';

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const verificationCode = () => Array.from(randomBytes(16), (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
/** A phase of finalising a letter that takes longer than this is logged (alone they take milliseconds; a burst of 200 letters queues for seconds). */
const SLOW_PHASE_MS = 20_000;
/** A render that has not finished by then is abandoned; the activity's retry renders again. */
const RENDER_TIMEOUT_MS = 45_000;
const yearInJakarta = (d: Date) => Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Jakarta' }).format(d));

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
    this.archive = new ArchiveStore(resolve(cfg.ARCHIVE_DIR ?? join(cfg.DATA_DIR, 'archive')));
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
  }

  private lock(m: EntityManager, id: string): Promise<DocumentEntity> {
    return m.findOneOrFail(DocumentEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
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

  /**
   * The running number is taken from a per-organisation, per-series, per-year counter row inside
   * the same transaction that records it: gapless and unique under concurrency, and a retried
   * activity finds the number already there (never MAX()+1).
   */
  private async number(documentId: string): Promise<SignedLetterEntity> {
    const existing = await this.ds.getRepository(SignedLetterEntity).findOneBy({ documentId });
    if (existing) return existing;
    // Read what the letter needs before taking locks: the transaction below stays short and never
    // waits for another pool connection while it holds the counter row.
    const { doc: unlocked, sign, version } = await this.signed(documentId);
    const [kind, org] = await Promise.all([
      this.ds.getRepository(DocumentKindEntity).findOneByOrFail({ id: unlocked.documentKindId }),
      this.ds.getRepository(OrganizationEntity).findOneByOrFail({ id: unlocked.organizationId }),
    ]);
    const root = await this.ds.getRepository(UnitEntity).findOneOrFail({ where: { organizationId: org.id, parentId: IsNull() } });
    const block = (await signatureBlockOf(this.ds, unlocked, kind, [sign])) ?? [];
    const signedAt = sign.actedAt ?? new Date();
    const year = yearInJakarta(signedAt);
    const { series, template } = numberSeries(kind.code, kind.numberPattern, org.numberTemplate);
    // The year's counter row exists before any numbering transaction locks it (its own statement:
    // concurrent first-of-year inserts inside the transactions deadlocked on lock upgrades).
    await this.ds.query('INSERT IGNORE INTO number_counter (organization_id, series, year, last_value) VALUES (?, ?, ?, 0)', [org.id, series, year]);
    return writeTransaction(this.ds, async (m) => {
      const doc = await this.lock(m, documentId);
      const numbered = await m.findOneBy(SignedLetterEntity, { documentId });
      if (numbered) return numbered;
      const { archiveCode } = version.fields;
      await m.query('UPDATE number_counter SET last_value = LAST_INSERT_ID(last_value + 1) WHERE organization_id = ? AND series = ? AND year = ?', [
        org.id,
        series,
        year,
      ]);
      const [{ n }] = await m.query('SELECT LAST_INSERT_ID() AS n');
      const runningNo = Number(n);
      const number = formatLetterNumber(template, { kode: archiveCode ?? '000', nomor: runningNo, unit: root.code, tahun: year });
      // The chain's head now (the 'numbered' event) goes into the letter row and the sealed PDF: a rewritten chain shows against them.
      const head = await appendAudit(m, doc, { type: 'numbered', data: { number, runningNo, series, year }, at: new Date() });
      const letter = Object.assign(new SignedLetterEntity(), {
        documentId,
        organizationId: org.id,
        number,
        series,
        year,
        runningNo,
        verificationCode: verificationCode(),
        signedAt,
        signerOfficialId: sign.actedByOfficialId!,
        signerCapacity: sign.actingCapacity ?? 'own',
        principalOfficialId: sign.principalOfficialId,
        signatureBlock: block,
        auditAnchorSeq: head.seq,
        auditAnchorHash: head.hash,
        pdfSha256: null,
        pdfSize: null,
        deliveredAt: null,
      });
      await m.insert(SignedLetterEntity, letter);
      return letter;
    });
  }

  private async addresseeNames(list: Addressee[]): Promise<string[]> {
    const unitIds = list.filter((a) => a.type === 'unit').map((a) => (a as { unitId: string }).unitId);
    const heads = unitIds.length ? await this.ds.getRepository(PositionEntity).findBy({ unitId: In(unitIds), isHead: true }) : [];
    return list.map((a) =>
      a.type === 'unit' ? (heads.find((h) => h.unitId === a.unitId)?.title ?? a.name) : a.address ? `${a.name}, ${a.address}` : a.name,
    );
  }

  /**
   * Who initialled the signed version (the paraf record printed on the letter): the paraf of the
   * signing round that bind its hash, hierarki and koordinasi, in route order; paraf on a version a
   * superior then corrected are history and not printed.
   */
  private async parafRecord(doc: DocumentEntity, versionHash: string): Promise<ParafRecord[]> {
    const steps = await this.ds.getRepository(RouteStepEntity).find({
      where: { documentId: doc.id, round: doc.round, action: 'paraf', state: 'done', versionHash },
      order: { stepOrder: 'ASC' },
    });
    if (!steps.length) return [];
    const [positions, officials] = await Promise.all([
      this.ds.getRepository(PositionEntity).findBy({ id: In(steps.map((s) => s.positionId)) }),
      this.ds.getRepository(OfficialEntity).findBy({ id: In(steps.map((s) => s.actedByOfficialId!)) }),
    ]);
    const marker: Record<string, string> = { an: 'a.n. ', ub: 'u.b. ', plt: 'Plt. ', plh: 'Plh. ' };
    return steps.map((s) => ({
      kind: s.kind,
      title: `${marker[s.actingCapacity ?? ''] ?? ''}${positions.find((p) => p.id === s.positionId)?.title ?? ''}`,
      name: officials.find((o) => o.id === s.actedByOfficialId)?.titledName() ?? '',
      date: s.actedAt ?? doc.updatedAt,
    }));
  }

  verificationUrl(code: string): string {
    const base = this.cfg.PUBLIC_BASE_URL ?? `http://${this.cfg.HOST}:${this.cfg.PORT}`;
    return `${base.replace(/\/$/, '')}/api/v1/verify/${code}`;
  }

  async renderSigned(documentId: string, letter: SignedLetterEntity): Promise<Buffer> {
    const { doc, version } = await this.signed(documentId);
    const { classification, urgency, recipients, tembusan } = version.fields;
    const [kind, org] = await Promise.all([
      this.ds.getRepository(DocumentKindEntity).findOneByOrFail({ id: doc.documentKindId }),
      this.ds.getRepository(OrganizationEntity).findOneByOrFail({ id: doc.organizationId }),
    ]);
    const letterData = {
      letterhead: org.letterhead,
      city: org.city,
      kindName: kind.name,
      layout: kind.layout,
      number: letter.number,
      date: letter.signedAt,
      classification,
      urgency,
      attachments: 0,
      subject: version.subject,
      recipients: await this.addresseeNames(recipients),
      bodyHtml: version.body,
      signatureBlock: letter.signatureBlock,
      tembusan: await this.addresseeNames(tembusan),
      verificationUrl: this.verificationUrl(letter.verificationCode),
      auditAnchor: letter.auditAnchorSeq && letter.auditAnchorHash ? { seq: letter.auditAnchorSeq, hash: letter.auditAnchorHash } : undefined,
      paraf: await this.parafRecord(doc, version.contentHash),
    };
    const signer = await this.ds.getRepository(OfficialEntity).findOneByOrFail({ id: letter.signerOfficialId });
    const identity = signingIdentity({
      p12Path: this.cfg.SIGNING_P12_PATH,
      passphrase: this.cfg.SIGNING_P12_PASSPHRASE,
      dataDir: resolve(this.cfg.DATA_DIR),
      organizationCode: org.code,
      organizationName: org.name,
      production: this.cfg.NODE_ENV === 'production',
    });
    const input: RenderAndSignInput = {
      letter: letterData,
      p12: identity.p12,
      passphrase: identity.passphrase,
      info: {
        reason: `${kind.name} ${letter.number} ditandatangani oleh ${signer.titledName()}`,
        name: signer.titledName(),
        location: org.city,
        contactInfo: org.letterhead.email ?? org.name,
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

  async finalizeSignedLetter(input: { documentId: string }): Promise<{ number: string }> {
    // Scheduled by something that does not hold the payload key (never by the workflow): refused, not retried.
    if (isUnauthenticatedPayload(input)) throw ApplicationFailure.nonRetryable('unauthenticated payload', UNAUTHENTICATED_PAYLOAD_FAILURE);
    const { documentId } = input;
    let letter = await this.phase(documentId, 'number', () => this.number(documentId));
    if (!letter.pdfSha256) {
      const signed = await this.phase(documentId, 'render and sign', () => this.renderSigned(documentId, letter));
      const hash = this.archive.put(signed);
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

  /** The signed letter into the recipient and tembusan units' incoming boxes, once. */
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
      const external = [...recipients, ...tembusan].filter((a) => a.type === 'external').length;
      await appendAudit(m, doc, { type: 'delivered', data: { units: units.length, external }, at: now });
    });
  }
}
