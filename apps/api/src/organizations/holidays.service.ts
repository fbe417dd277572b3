import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from '@temporalio/client';
import { Between, DataSource, In } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@naskah/config';
import { documentWorkflowId, setHolidaysUpdate } from '@naskah/contracts';
import { DomainError } from '@naskah/domain';
import {
  appendOrganizationAudit,
  DocumentEntity,
  lockOrganization,
  OrganizationAuditState,
  OrganizationEntity,
  OrganizationHolidayEntity,
  upcomingHolidays,
  writeTransaction,
} from '@naskah/persistence';
import { callWorkflowPatiently, TemporalUnavailable } from '../approvals/temporal-call';
import { Actor } from '../common/actor';
import { HolidayDto, HolidayInputDto, ListHolidaysDto } from './dto/holiday.dto';

const toDto = (h: OrganizationHolidayEntity): HolidayDto => ({ day: h.day, name: h.name, kind: h.kind });
const recorded = (h: HolidayDto): OrganizationAuditState => ({ day: h.day, name: h.name, kind: h.kind });

/** Running chains reached at once when holidays change. */
const PARALLEL_UPDATES = 8;

/**
 * The office's holidays (libur nasional, cuti bersama, libur daerah), kept by its administrators
 * and skipped by working-day deadlines. Each edit goes to the organisation's trail; chains in
 * review then get the new list in the background (setHolidays), best effort.
 */
@Injectable()
export class HolidaysService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(HolidaysService.name);
  /** Per organisation, a propagation running; `again` when an edit came in meanwhile (it then reads the list once more). */
  private readonly running = new Map<string, { again: boolean; done: Promise<void> }>();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
  ) {}

  async list(actor: Actor, organizationId: string, q: ListHolidaysDto): Promise<HolidayDto[]> {
    await this.requireOrganization(organizationId);
    if (actor.organizationId !== organizationId) throw new DomainError('FORBIDDEN', 'Hari libur organisasi ini hanya dapat dilihat oleh pegawainya');
    const rows = await this.ds.getRepository(OrganizationHolidayEntity).find({
      where: { organizationId, ...(q.year === undefined ? {} : { day: Between(`${q.year}-01-01`, `${q.year}-12-31`) }) },
      order: { day: 'ASC' },
    });
    return rows.map(toDto);
  }

  /** Adds the holiday or changes its name and kind; the same again changes and records nothing. */
  async set(actor: Actor, organizationId: string, day: string, dto: HolidayInputDto, clientAddress: string | null): Promise<HolidayDto> {
    await this.requireAdministrator(actor, organizationId);
    const after = { day, name: dto.name.trim(), kind: dto.kind };
    const changed = await writeTransaction(this.ds, async (m) => {
      await lockOrganization(m, organizationId);
      const before = await m.findOneBy(OrganizationHolidayEntity, { organizationId, day });
      if (before && before.name === after.name && before.kind === after.kind) return false;
      await m.upsert(OrganizationHolidayEntity, { organizationId, ...after }, ['organizationId', 'day']);
      await appendOrganizationAudit(m, organizationId, {
        action: 'holiday_set',
        subject: day,
        actorOfficialId: actor.officialId,
        clientAddress,
        before: before ? recorded(before) : null,
        after: recorded(after),
      });
      return true;
    });
    if (changed) this.propagate(organizationId);
    return after;
  }

  async remove(actor: Actor, organizationId: string, day: string, clientAddress: string | null): Promise<void> {
    await this.requireAdministrator(actor, organizationId);
    await writeTransaction(this.ds, async (m) => {
      await lockOrganization(m, organizationId);
      const before = await m.findOneBy(OrganizationHolidayEntity, { organizationId, day });
      if (!before) throw new DomainError('NOT_FOUND', 'Hari libur tidak ditemukan', { field: 'day' });
      await m.delete(OrganizationHolidayEntity, { organizationId, day });
      await appendOrganizationAudit(m, organizationId, {
        action: 'holiday_removed',
        subject: day,
        actorOfficialId: actor.officialId,
        clientAddress,
        before: recorded(before),
        after: null,
      });
    });
    this.propagate(organizationId);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.running.values()].map((r) => r.done));
  }

  private async requireOrganization(organizationId: string): Promise<void> {
    if (!(await this.ds.getRepository(OrganizationEntity).existsBy({ id: organizationId }))) {
      throw new DomainError('NOT_FOUND', 'Organisasi tidak ditemukan', { field: 'id' });
    }
  }

  private async requireAdministrator(actor: Actor, organizationId: string): Promise<void> {
    await this.requireOrganization(organizationId);
    if (actor.organizationId !== organizationId || !actor.roles.includes('admin')) {
      throw new DomainError('FORBIDDEN', 'Hanya administrator organisasi yang dapat mengubah daftar hari libur');
    }
  }

  /**
   * Sends the organisation's holidays to its running chains, in the background. Edits coming in
   * while it runs make it read the list again afterwards, so the last list sent is the last edit's.
   * A chain not reached (Temporal down, a worker late) keeps the list it had; the failure is logged.
   */
  private propagate(organizationId: string): void {
    const current = this.running.get(organizationId);
    if (current) {
      current.again = true;
      return;
    }
    const entry = { again: false, done: Promise.resolve() };
    entry.done = (async () => {
      try {
        do {
          entry.again = false;
          await this.sendHolidays(organizationId);
        } while (entry.again);
      } catch (e) {
        this.logger.error(`holidays of organisation ${organizationId} not sent to its running chains: ${String(e)}`);
      } finally {
        this.running.delete(organizationId);
      }
    })();
    this.running.set(organizationId, entry);
  }

  private async sendHolidays(organizationId: string): Promise<void> {
    const holidays = await upcomingHolidays(this.ds.manager, organizationId);
    // A returned document's chain waits for its resubmission: its next round counts with the new list too.
    const docs = await this.ds.getRepository(DocumentEntity).find({
      where: { organizationId, status: In(['in_review', 'returned']) },
      select: { id: true, workflowId: true },
    });
    let failed = 0;
    // One budget for the whole run, however many chains: an outage delays a deploy's shutdown (which waits
    // for this run) by ACTION_TIMEOUT_SECONDS at most, not by that much per chain.
    const deadline = Date.now() + this.cfg.ACTION_TIMEOUT_SECONDS * 1000;
    for (let i = 0; i < docs.length; i += PARALLEL_UPDATES) {
      await Promise.all(
        docs.slice(i, i + PARALLEL_UPDATES).map(async (d) => {
          try {
            const handle = this.temporal.workflow.getHandle(d.workflowId ?? documentWorkflowId(organizationId, d.id));
            // No one waits on this: a short Temporal outage is waited out (setting the list again is harmless).
            const left = deadline - Date.now();
            if (left <= 0) throw new TemporalUnavailable();
            await callWorkflowPatiently(() => handle.executeUpdate(setHolidaysUpdate, { args: [{ holidays }] }), left);
          } catch (e) {
            failed += 1;
            this.logger.warn(`holidays not sent to the chain of document ${d.id}; it keeps the list it had: ${String(e)}`);
          }
        }),
      );
    }
    this.logger.log(`${holidays.length} holidays of organisation ${organizationId} sent to ${docs.length - failed} of ${docs.length} running chains`);
  }
}
