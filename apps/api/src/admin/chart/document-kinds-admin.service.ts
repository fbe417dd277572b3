import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '@naskah/domain';
import { seedId } from '@naskah/org-files';
import { DocumentKindEntity } from '@naskah/persistence';
import { isCityAdmin, isOrgAdmin } from '../admin-access';
import { Actor } from '../../common/actor';
import { AdminWrites, isDuplicateKey, notFound, sameState } from './admin-writes';
import { kindView } from './chart-records';
import { AdminDocumentKindDto, CreateDocumentKindDto, DocumentKindInputDto } from './dto/document-kind-admin.dto';

const kindColumns = (dto: DocumentKindInputDto) => ({
  name: dto.name.trim(),
  category: dto.category,
  layout: dto.layout,
  numberPattern: dto.numberPattern,
  strategic: dto.strategic,
  source: dto.source.trim(),
  coordinationRequiredPasal: dto.coordinationRequiredPasal?.trim() || null,
});

/**
 * The kinds of naskah dinas (DESIGN §4), shared by the instance's organisations: any administrator
 * reads them, a city administrator adds and changes them; each change goes to the trail of the
 * city administrator's own organisation. A kind's id is the one the document-kinds file gives its
 * code (seedId), so a later load of that file updates the same row.
 */
@Injectable()
export class DocumentKindsAdminService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly writes: AdminWrites,
  ) {}

  async list(actor: Actor): Promise<AdminDocumentKindDto[]> {
    if (!isOrgAdmin(actor) && !isCityAdmin(actor)) throw new DomainError('FORBIDDEN', 'Hanya administrator yang dapat mengelola jenis naskah');
    return (await this.ds.getRepository(DocumentKindEntity).find({ order: { name: 'ASC' } })).map(kindView);
  }

  /** A new kind; the same request again answers it and records nothing, another with its code is a conflict. */
  async create(actor: Actor, dto: CreateDocumentKindDto, clientAddress: string | null): Promise<{ created: boolean; kind: AdminDocumentKindDto }> {
    const once = () =>
      this.writes.asCityAdmin(actor, clientAddress, async ({ m, trail }) => {
        const existing = await m.findOne(DocumentKindEntity, { where: { code: dto.code }, lock: { mode: 'pessimistic_write' } });
        const kind = Object.assign(new DocumentKindEntity(), {
          id: existing?.id ?? seedId('document-kind', dto.code),
          code: dto.code,
          ...kindColumns(dto),
        });
        if (existing) {
          if (sameState(kindView(existing), kindView(kind))) return { created: false, kind: kindView(existing) };
          throw new DomainError('CONFLICT', `Kode jenis naskah ${dto.code} sudah dipakai`, { field: 'code' });
        }
        await m.insert(DocumentKindEntity, kind);
        await trail('document_kind_set', kind.code, null, kindView(kind));
        return { created: true, kind: kindView(kind) };
      });
    try {
      return await once();
    } catch (e) {
      // Two administrators adding the same code at once: the second reads what the first made.
      if (!isDuplicateKey(e)) throw e;
      return once();
    }
  }

  async update(actor: Actor, code: string, dto: DocumentKindInputDto, clientAddress: string | null): Promise<AdminDocumentKindDto> {
    return this.writes.asCityAdmin(actor, clientAddress, async ({ m, trail }) => {
      const before = await m.findOne(DocumentKindEntity, { where: { code }, lock: { mode: 'pessimistic_write' } });
      if (!before) throw notFound('Jenis naskah', 'code');
      const next = Object.assign(new DocumentKindEntity(), before, kindColumns(dto));
      if (sameState(kindView(before), kindView(next))) return kindView(before);
      await m.update(DocumentKindEntity, { id: before.id }, kindColumns(dto));
      await trail('document_kind_set', code, kindView(before), kindView(next));
      return kindView(next);
    });
  }
}
