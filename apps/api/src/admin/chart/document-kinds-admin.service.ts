import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { assertPatternKeepsSeries, DomainError, PLT_PLH_STRATEGIC_PASAL } from '@naskah/domain';
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

/** Documents submitted and not yet signed or withdrawn: their chains run with the kind as it was at submission. */
const IN_REVIEW = ['submitting', 'in_review', 'returned'];

/**
 * The kinds of naskah dinas (DESIGN §4), shared by the instance's organisations: any administrator
 * reads them, a city administrator adds them (on the trail of the administrator's own organisation)
 * and changes those only the city's organisations use (on the trail of the administrator's own
 * organisation and of every organisation of the city that uses the kind). A kind's id is the one the
 * document-kinds file gives its code (seedId), so a later load of that file updates the same row.
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

  /**
   * A kind changes only where the administrator's authority reaches: when no organisation of another
   * city uses it (rows in its authority table, or documents), since the change would change that city's
   * letters too (a decree no longer strategic lets a Plt./Plh. sign it there, UU 30/2014 Pasal 14 ayat (7)).
   * The series it numbers in stays (assertPatternKeepsSeries); it stays strategic while documents
   * submitted as strategic are in review.
   */
  async update(actor: Actor, code: string, dto: DocumentKindInputDto, clientAddress: string | null): Promise<AdminDocumentKindDto> {
    return this.writes.acrossCity(actor, clientAddress, async ({ m, org, city, trail, trailFor }) => {
      const before = await m.findOne(DocumentKindEntity, { where: { code }, lock: { mode: 'pessimistic_write' } });
      if (!before) throw notFound('Jenis naskah', 'code');
      const next = Object.assign(new DocumentKindEntity(), before, kindColumns(dto));
      if (sameState(kindView(before), kindView(next))) return kindView(before);
      const users = await this.organizationsUsing(m, before.id);
      const elsewhere = [...new Set(users.filter((u) => u.city !== city).map((u) => u.city))].sort();
      if (elsewhere.length) {
        throw new DomainError(
          'FORBIDDEN',
          `Jenis naskah ${before.name} dipakai bersama instansi di ${elsewhere.join(', ')}: perubahannya akan mengubah naskah instansi itu juga, di luar kewenangan administrator ${city}. Untuk kebutuhan ${city}, tambahkan jenis naskah baru`,
        );
      }
      if (next.numberPattern !== before.numberPattern) {
        const templates: Array<{ t: string }> = await m.query('SELECT DISTINCT number_template AS t FROM organization');
        assertPatternKeepsSeries(
          before,
          next.numberPattern,
          templates.map((r) => r.t),
          'numberPattern',
        );
      }
      if (before.strategic && !next.strategic) {
        const [{ n }] = await m.query(
          `SELECT COUNT(*) AS n FROM document WHERE document_kind_id = ? AND status IN (${IN_REVIEW.map(() => '?').join(', ')})`,
          [before.id, ...IN_REVIEW],
        );
        if (Number(n)) {
          throw new DomainError(
            'CONFLICT',
            `${before.name} tetap bersifat strategis selagi ${Number(n)} naskah jenis ini dalam proses: naskah itu diajukan sebagai keputusan strategis, yang tidak boleh ditandatangani pejabat yang bertindak mewakili (${PLT_PLH_STRATEGIC_PASAL}). Ubah setelah naskah itu ditandatangani atau ditarik`,
            { field: 'strategic', pasal: PLT_PLH_STRATEGIC_PASAL },
          );
        }
      }
      await m.update(DocumentKindEntity, { id: before.id }, kindColumns(dto));
      // On the trail of the administrator's own organisation and of every organisation of the city whose letters it changes.
      for (const id of [org.id, ...[...new Set(users.map((u) => u.id))].filter((id) => id !== org.id).sort()]) {
        await (id === org.id ? trail : await trailFor(id))('document_kind_set', code, kindView(before), kindView(next));
      }
      return kindView(next);
    });
  }

  /** The organisations whose letters a kind concerns: a row of their authority table names it, or a document of theirs is of it. */
  private async organizationsUsing(m: EntityManager, documentKindId: string): Promise<Array<{ id: string; city: string }>> {
    return m.query(
      `SELECT o.id AS id, o.city AS city FROM organization o
        WHERE EXISTS (SELECT 1 FROM signing_authority sa WHERE sa.organization_id = o.id AND sa.document_kind_id = ?)
           OR EXISTS (SELECT 1 FROM document d WHERE d.organization_id = o.id AND d.document_kind_id = ?)
        ORDER BY o.id`,
      [documentKindId, documentKindId],
    );
  }
}
