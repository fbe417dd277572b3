import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { assertMaySign, authorityBasis, DomainError, repeatedPosition } from '@naskah/domain';
import { DocumentKindEntity, PositionEntity, SigningAuthorityEntity } from '@naskah/persistence';
import { AdminAccess } from '../admin-access';
import { Actor } from '../../common/actor';
import { AdminWrites, notFound, sameState } from './admin-writes';
import { KindSignersDto, SetSigningAuthorityDto, SignerDto } from './dto/signing-authority.dto';

const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/**
 * The authority table (DESIGN §3): per document kind, the positions of the organisation that may
 * sign it, each row citing its basis. Only a position whose own authority includes signing may be
 * put on it (assertMaySign); documents already submitted keep the signer their route fixed.
 */
@Injectable()
export class SigningAuthorityAdminService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: AdminAccess,
    private readonly writes: AdminWrites,
  ) {}

  async list(actor: Actor, organizationId: string): Promise<KindSignersDto[]> {
    const org = await this.access.organization(actor, organizationId);
    const kinds = await this.ds.getRepository(DocumentKindEntity).find({ order: { name: 'ASC' } });
    const rows = await this.signers(this.ds.manager, org.id);
    return kinds.map((k) => ({ kindCode: k.code, kindName: k.name, strategic: k.strategic, positions: rows.get(k.id) ?? [] }));
  }

  /** Replaces the kind's rows with the list given; the same list again changes and records nothing. */
  async set(
    actor: Actor,
    organizationId: string,
    kindCode: string,
    dto: SetSigningAuthorityDto,
    clientAddress: string | null,
  ): Promise<KindSignersDto> {
    return this.writes.inOrganization(actor, organizationId, clientAddress, async ({ m, org, trail }) => {
      // Shared lock on the kind, after the organisation's: a city administrator changing the kind (which
      // first asks which organisations use it) waits for this row, or this row for that change.
      await m.query('SELECT id FROM document_kind WHERE code = ? LOCK IN SHARE MODE', [kindCode]);
      const kind = await m.findOneBy(DocumentKindEntity, { code: kindCode });
      if (!kind) throw notFound('Jenis naskah', 'kindCode');
      const repeat = repeatedPosition(dto.positions.map((p) => p.positionId));
      if (repeat !== undefined) {
        throw new DomainError('INVALID_INPUT', 'Jabatan yang sama disebut dua kali', { field: `positions.${repeat}.positionId` });
      }
      const positions = dto.positions.length
        ? await m.findBy(
            PositionEntity,
            dto.positions.map((p) => ({ id: p.positionId })),
          )
        : [];
      const byId = new Map(positions.map((p) => [p.id, p]));
      const rows: SigningAuthorityEntity[] = dto.positions.map((input, i) => {
        const field = `positions.${i}.positionId`;
        const position = byId.get(input.positionId);
        if (!position || position.organizationId !== org.id) {
          throw new DomainError('RULE_VIOLATION', 'Tabel kewenangan suatu organisasi hanya memuat jabatan organisasi itu sendiri', { field });
        }
        assertMaySign(position.toNode(), org.regulationCitation, field);
        return Object.assign(new SigningAuthorityEntity(), {
          organizationId: org.id,
          documentKindId: kind.id,
          positionId: position.id,
          pasal: input.pasal?.trim() || authorityBasis(org.regulationCitation, position.toNode()),
        });
      });
      const before = [...((await this.signers(m, org.id, kind.id)).get(kind.id) ?? [])].sort(byCode);
      const after: SignerDto[] = rows
        .map((r) => ({ positionId: r.positionId, code: byId.get(r.positionId)!.code, title: byId.get(r.positionId)!.title, pasal: r.pasal }))
        .sort(byCode);
      const view = { kindCode: kind.code, kindName: kind.name, strategic: kind.strategic, positions: after };
      if (sameState(before, after)) return view;
      await m.delete(SigningAuthorityEntity, { organizationId: org.id, documentKindId: kind.id });
      if (rows.length) await m.insert(SigningAuthorityEntity, rows);
      await trail('signing_authority_set', kind.code, { kind: kind.code, positions: before }, { kind: kind.code, positions: after });
      return view;
    });
  }

  /** The organisation's rows by kind id, each position's code and title, in code order. */
  private async signers(m: EntityManager, organizationId: string, documentKindId?: string): Promise<Map<string, SignerDto[]>> {
    const qb = m
      .createQueryBuilder(SigningAuthorityEntity, 'sa')
      .innerJoin(PositionEntity, 'p', 'p.id = sa.position_id')
      .select(['sa.document_kind_id AS kindId', 'sa.position_id AS positionId', 'p.code AS code', 'p.title AS title', 'sa.pasal AS pasal'])
      .where('sa.organization_id = :organizationId', { organizationId })
      .orderBy('p.code', 'ASC');
    if (documentKindId) qb.andWhere('sa.document_kind_id = :documentKindId', { documentKindId });
    const rows: Array<SignerDto & { kindId: string }> = await qb.getRawMany();
    const out = new Map<string, SignerDto[]>();
    for (const { kindId, ...s } of rows) out.set(kindId, [...(out.get(kindId) ?? []), s]);
    for (const list of out.values()) list.sort(byCode);
    return out;
  }
}
