import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, IsNull } from 'typeorm';
import { DomainError } from '@naskah/domain';
import { NotificationEntity, NotificationPreferenceEntity } from '@naskah/persistence';
import { Actor } from '../common/actor';
import { NotificationDto, NotificationPageDto, NotificationPreferencesDto } from './dto/notification.dto';

function encodeCursor(n: NotificationEntity): string {
  return Buffer.from(`${n.createdAt.toISOString()}|${n.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const at = new Date(iso);
  if (!id || Number.isNaN(at.getTime()) || !/^[0-9a-f-]{36}$/.test(id))
    throw new DomainError('INVALID_INPUT', 'Kursor tidak sah', { field: 'cursor' });
  return { at, id };
}

export const toNotificationDto = (n: NotificationEntity): NotificationDto => ({
  id: n.id,
  event: n.event,
  title: n.title,
  body: n.body,
  link: n.link,
  documentId: n.documentId,
  confidential: !!n.confidential,
  actingFor: n.actingForOfficialId !== null,
  createdAt: n.createdAt.toISOString(),
  readAt: n.readAt?.toISOString() ?? null,
});

/** The caller's own notices only: anyone else's is "not found", never "forbidden". */
@Injectable()
export class NotificationsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private get repo() {
    return this.ds.getRepository(NotificationEntity);
  }

  unreadCount(officialId: string): Promise<number> {
    return this.repo.countBy({ recipientOfficialId: officialId, readAt: IsNull() });
  }

  /** Newest first, keyset pagination on (created_at, id). */
  async page(actor: Actor, limit: number, cursor?: string): Promise<NotificationPageDto> {
    const qb = this.repo
      .createQueryBuilder('n')
      .where('n.recipient_official_id = :me', { me: actor.officialId })
      .orderBy('n.created_at', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .limit(limit + 1);
    if (cursor) {
      const c = decodeCursor(cursor);
      qb.andWhere(
        new Brackets((w) => w.where('n.created_at < :at', { at: c.at }).orWhere('(n.created_at = :at AND n.id < :id)', { at: c.at, id: c.id })),
      );
    }
    const [rows, unreadCount] = await Promise.all([qb.getMany(), this.unreadCount(actor.officialId)]);
    const items = rows.slice(0, limit);
    return {
      items: items.map(toNotificationDto),
      nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1]) : null,
      unreadCount,
    };
  }

  async markRead(actor: Actor, id: string): Promise<NotificationDto> {
    const n = await this.repo.findOneBy({ id, recipientOfficialId: actor.officialId });
    if (!n) throw new DomainError('NOT_FOUND', 'Pemberitahuan tidak ditemukan', { field: 'id' });
    if (!n.readAt) {
      n.readAt = new Date();
      await this.repo.update({ id, readAt: IsNull() }, { readAt: n.readAt });
    }
    return toNotificationDto(n);
  }

  async markAllRead(actor: Actor): Promise<{ unreadCount: number }> {
    await this.repo.update({ recipientOfficialId: actor.officialId, readAt: IsNull() }, { readAt: new Date() });
    return { unreadCount: await this.unreadCount(actor.officialId) };
  }

  /** Notices newer than `since` (created_at) but those already sent, oldest first: the stream's poll. */
  newerThan(officialId: string, since: Date, except: string[]): Promise<NotificationEntity[]> {
    const qb = this.repo
      .createQueryBuilder('n')
      .where('n.recipient_official_id = :me AND n.created_at > :since', { me: officialId, since })
      .orderBy('n.created_at', 'ASC')
      .addOrderBy('n.id', 'ASC')
      .limit(100);
    if (except.length) qb.andWhere('n.id NOT IN (:...except)', { except });
    return qb.getMany();
  }

  async preferences(actor: Actor): Promise<NotificationPreferencesDto> {
    const p = await this.ds.getRepository(NotificationPreferenceEntity).findOneBy({ officialId: actor.officialId });
    return { email: p?.email ?? true, webhook: p?.webhook ?? true, emailDigest: p?.emailDigest ?? false };
  }

  async setPreferences(actor: Actor, dto: NotificationPreferencesDto): Promise<NotificationPreferencesDto> {
    await this.ds
      .getRepository(NotificationPreferenceEntity)
      .upsert({ officialId: actor.officialId, email: dto.email, webhook: dto.webhook, emailDigest: dto.emailDigest, updatedAt: new Date() }, [
        'officialId',
      ]);
    return this.preferences(actor);
  }
}
