import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { assertTemplateKeepsSeries, DomainError, KindNumbering, positionCitations, validateOrgChart } from '@naskah/domain';
import { seedId } from '@naskah/org-files';
import { Letterhead, OrganizationEntity, PositionEntity, UnitEntity } from '@naskah/persistence';
import { AdminAccess, isCityAdmin, isOrgAdmin } from '../admin-access';
import { Actor } from '../../common/actor';
import { AdminWrites, isDuplicateKey, sameState } from './admin-writes';
import { organizationRecord, organizationView, positionRecord, unitView } from './chart-records';
import {
  AdminLetterheadDto,
  AdminOrganizationDto,
  AdminOrganizationSummaryDto,
  CreateOrganizationDto,
  UpdateOrganizationDto,
} from './dto/organization-admin.dto';

/** A letterhead as stored: the optional lines only when given. */
function letterhead(l: AdminLetterheadDto): Letterhead {
  const out: Letterhead = { government: l.government.trim(), office: l.office.trim(), address: l.address.trim() };
  for (const k of ['phone', 'email', 'website'] as const) if (typeof l[k] === 'string') out[k] = l[k]!.trim();
  return out;
}

/**
 * The organisations an administrator runs (issue 15): an organisation's administrator its own; a
 * city's administrator every one of the city, and creates new ones there, each with its top unit
 * and head (the rest of the chart follows through the chart routes or an organisation file).
 */
@Injectable()
export class OrganizationsAdminService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: AdminAccess,
    private readonly writes: AdminWrites,
  ) {}

  async list(actor: Actor): Promise<AdminOrganizationSummaryDto[]> {
    if (!isOrgAdmin(actor) && !isCityAdmin(actor)) throw new DomainError('FORBIDDEN', 'Hanya administrator yang dapat melihat daftar ini');
    const repo = this.ds.getRepository(OrganizationEntity);
    const orgs = isCityAdmin(actor)
      ? await repo.find({ where: { city: await this.access.city(actor) } })
      : await repo.findBy({ id: actor.organizationId });
    if (!orgs.some((o) => o.id === actor.organizationId)) orgs.push(...(await repo.findBy({ id: actor.organizationId })));
    return orgs.sort((a, b) => a.code.localeCompare(b.code)).map((o) => ({ id: o.id, code: o.code, name: o.name, city: o.city }));
  }

  async get(actor: Actor, organizationId: string): Promise<AdminOrganizationDto> {
    return organizationView(await this.access.organization(actor, organizationId));
  }

  /**
   * A new organisation of the administrator's city, with its top unit and that unit's head (level 1,
   * validateOrgChart like the seed). The same request again answers the organisation and records nothing.
   */
  async create(
    actor: Actor,
    dto: CreateOrganizationDto,
    clientAddress: string | null,
  ): Promise<{ created: boolean; organization: AdminOrganizationDto }> {
    try {
      return await this.createOnce(actor, dto, clientAddress);
    } catch (e) {
      // Two administrators creating the same code at once: the loser reads what the winner made.
      if (!isDuplicateKey(e)) throw e;
      return this.createOnce(actor, dto, clientAddress);
    }
  }

  private createOnce(actor: Actor, dto: CreateOrganizationDto, clientAddress: string | null) {
    return this.writes.asCityAdmin(actor, clientAddress, async ({ m, city }) => {
      const code = dto.code;
      const id = seedId(code, 'organization');
      const head = dto.unit.head;
      const authority = {
        check: !!head.authority.check,
        return: !!head.authority.return,
        paraf: !!head.authority.paraf,
        sign: !!head.authority.sign,
      };
      const citations = positionCitations({ isHead: true, unitPasal: dto.unit.pasal, authority, authorityPasal: head.authorityPasal });
      const organization = Object.assign(new OrganizationEntity(), {
        id,
        code,
        name: dto.name.trim(),
        city,
        regulation: dto.regulation.trim(),
        regulationCitation: dto.regulationCitation.trim(),
        reportTembusanPasal: dto.reportTembusanPasal?.trim() || null,
        letterhead: letterhead(dto.letterhead),
        numberTemplate: dto.numberTemplate,
        delegationRules: null,
        discrepancies: [],
      });
      const unit = Object.assign(new UnitEntity(), {
        id: seedId(code, 'unit', dto.unit.code),
        organizationId: id,
        parentId: null,
        reportsViaUnitId: null,
        reportsViaPasal: null,
        code: dto.unit.code,
        name: dto.unit.name.trim(),
        kind: dto.unit.kind ?? 'dinas',
        pasal: dto.unit.pasal.trim(),
        sortOrder: 0,
      });
      const position = Object.assign(new PositionEntity(), {
        id: seedId(code, 'position', head.code),
        organizationId: id,
        unitId: unit.id,
        code: head.code,
        title: head.title.trim(),
        level: 1,
        isHead: true,
        mayCheck: authority.check,
        mayReturn: authority.return,
        mayParaf: authority.paraf,
        maySign: authority.sign,
        authorityPasal: citations.authorityPasal,
        tataNaskahDinas: head.tataNaskahDinas?.length ? [...new Set(head.tataNaskahDinas)] : null,
        pasal: citations.pasal,
        sortOrder: 0,
      });
      const after = { organization: organizationRecord(organization), unit: unitView(unit), head: positionRecord(position) };

      const existing = await m.findOne(OrganizationEntity, { where: [{ code }, { id }], lock: { mode: 'pessimistic_write' } });
      if (existing) {
        const [u, p] = await Promise.all([
          m.findOneBy(UnitEntity, { organizationId: existing.id, id: unit.id }),
          m.findOneBy(PositionEntity, { organizationId: existing.id, id: position.id }),
        ]);
        const before = u && p ? { organization: organizationRecord(existing), unit: unitView(u), head: positionRecord(p) } : null;
        if (existing.city === city && sameState(before, after)) return { created: false, organization: organizationView(existing) };
        throw new DomainError('CONFLICT', `Kode organisasi ${code} sudah dipakai`, { field: 'code' });
      }
      validateOrgChart({
        units: [{ id: unit.id, parentId: null, reportsViaUnitId: null, code: unit.code, name: unit.name, kind: unit.kind, pasal: unit.pasal }],
        positions: [position.toNode()],
      });
      await m.insert(OrganizationEntity, organization);
      await m.insert(UnitEntity, unit);
      await m.insert(PositionEntity, position);
      // The new organisation's trail starts with its creation, by the city administrator.
      await this.writes.trailOf(m, id, actor, clientAddress)('organization_created', code, null, after);
      return { created: true, organization: organizationView(await m.findOneByOrFail(OrganizationEntity, { id })) };
    });
  }

  /** Settings: name, regulation and how it is cited, letterhead, number template; the delegation rules stay. */
  async update(actor: Actor, organizationId: string, dto: UpdateOrganizationDto, clientAddress: string | null): Promise<AdminOrganizationDto> {
    return this.writes.inOrganization(actor, organizationId, clientAddress, async ({ m, org, trail }) => {
      const before = organizationRecord(org);
      const changed: Partial<OrganizationEntity> = {
        ...(dto.name !== undefined ? { name: dto.name.trim() } : {}),
        ...(dto.regulation !== undefined ? { regulation: dto.regulation.trim() } : {}),
        ...(dto.regulationCitation !== undefined ? { regulationCitation: dto.regulationCitation.trim() } : {}),
        ...(dto.reportTembusanPasal !== undefined ? { reportTembusanPasal: dto.reportTembusanPasal?.trim() || null } : {}),
        ...(dto.letterhead !== undefined ? { letterhead: letterhead(dto.letterhead) } : {}),
        ...(dto.numberTemplate !== undefined ? { numberTemplate: dto.numberTemplate } : {}),
      };
      const next = Object.assign(new OrganizationEntity(), org, changed);
      const after = organizationRecord(next);
      if (sameState(before, after)) return organizationView(org);
      if (next.numberTemplate !== org.numberTemplate) {
        // The kinds read under a shared lock: a kind's pattern changing meanwhile is checked against this template, or this against it.
        const kinds: KindNumbering[] = await m.query(
          'SELECT code, name, number_pattern AS numberPattern FROM document_kind ORDER BY code LOCK IN SHARE MODE',
        );
        assertTemplateKeepsSeries(kinds, org.numberTemplate, next.numberTemplate, 'numberTemplate');
      }
      await m.update(OrganizationEntity, { id: org.id }, changed);
      await trail('organization_updated', org.code, before, after);
      return organizationView(await m.findOneByOrFail(OrganizationEntity, { id: org.id }));
    });
  }
}
