import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '@naskah/domain';
import { OrganizationFileError, OrgFileProblem } from '@naskah/org-files';
import { DocumentKindEntity, OrganizationEntity } from '@naskah/persistence';
import { checkOrganizationFileText, exportOrganizationFile, importOrganizationFile, ImportResult, OrganizationChangedError } from '@naskah/seed';
import { Actor } from '../../common/actor';
import { AdminAccess, isCityAdmin, isOrgAdmin } from '../admin-access';

/** 400 with every problem of the file, each naming its line, column and field. */
export class OrganizationFileRefused extends BadRequestException {
  constructor(problems: OrgFileProblem[]) {
    super({
      code: 'INVALID_INPUT',
      message: `Berkas organisasi tidak dapat dimuat: ${problems.length} masalah`,
      errors: problems.map((p) => ({ line: p.line, column: p.column, field: p.field, message: p.message })),
    });
  }
}

const isDuplicateKey = (e: unknown): boolean => {
  const err = e as { code?: string; driverError?: { code?: string } };
  return (err?.driverError?.code ?? err?.code) === 'ER_DUP_ENTRY';
};

/**
 * Onboarding by organisation file (issue 15): a whole organisation imported from, or exported as,
 * one YAML file in the seed format. A new organisation is made only by the administrator of its
 * city; an existing one is updated by its own administrator or the city's. The import applies the
 * difference in one transaction and records one organization_imported event when it changed
 * anything (AdminAccess decides who administers what).
 */
@Injectable()
export class OrganizationFilesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: AdminAccess,
  ) {}

  async import(actor: Actor, body: unknown, dryRun: boolean, clientAddress: string | null): Promise<ImportResult> {
    if (!isOrgAdmin(actor) && !isCityAdmin(actor)) {
      throw new DomainError('FORBIDDEN', 'Hanya administrator organisasi atau administrator kota yang dapat mengimpor berkas organisasi');
    }
    if (typeof body !== 'string' || !body.trim()) {
      throw new OrganizationFileRefused([
        { line: 1, column: 1, field: '', message: 'Berkas organisasi kosong: kirim isi berkas YAML sebagai application/yaml' },
      ]);
    }
    try {
      return await this.importOnce(actor, body, dryRun, clientAddress);
    } catch (e) {
      // Two imports making the same organisation (or official) at once: the second one sees the first's and is checked again.
      if (!isDuplicateKey(e) && !(e instanceof OrganizationChangedError)) throw e;
      return this.importOnce(actor, body, dryRun, clientAddress);
    }
  }

  async export(actor: Actor, organizationId: string): Promise<{ code: string; yaml: string }> {
    const org = await this.access.organization(actor, organizationId);
    const exported = await exportOrganizationFile(this.ds.manager, org.id);
    if (!exported) throw new DomainError('NOT_FOUND', 'Organisasi tidak ditemukan', { field: 'orgId' });
    return { code: exported.code, yaml: exported.yaml };
  }

  private async importOnce(actor: Actor, body: string, dryRun: boolean, clientAddress: string | null): Promise<ImportResult> {
    const documentKinds = (await this.ds.getRepository(DocumentKindEntity).find({ select: { code: true } })).map((k) => k.code);
    const read = checkOrganizationFileText(body, { documentKinds });
    if (!read.text || read.problems.length) throw new OrganizationFileRefused(read.problems);
    const file = read.text.file;

    const existing = await this.ds.getRepository(OrganizationEntity).findOne({ where: { code: file.code }, select: { id: true } });
    if (existing) await this.access.organization(actor, existing.id);
    else await this.mayCreate(actor, file.city);

    try {
      return await importOrganizationFile(this.ds, read.text, {
        dryRun,
        trail: { actorOfficialId: actor.officialId, clientAddress },
        mayChangeCityAdmin: isCityAdmin(actor),
        expectOrganizationId: existing?.id ?? null,
        // The administrator as stored now: his roles decide which accounts the file may change.
        before: async (m) => {
          const me = await this.access.recheck(m, actor);
          return { officialId: me.id, roles: me.roles ?? [] };
        },
      });
    } catch (e) {
      if (e instanceof OrganizationFileError) throw new OrganizationFileRefused(e.problems);
      throw e;
    }
  }

  /** A new organisation: only the city's administrator, and only in the city of the administrator's own office. */
  private async mayCreate(actor: Actor, city: string): Promise<void> {
    if (!isCityAdmin(actor)) {
      throw new DomainError(
        'FORBIDDEN',
        'Organisasi baru hanya dapat dibuat oleh administrator kota; berkas ini memuat kode organisasi yang belum ada',
      );
    }
    const mine = await this.access.city(actor);
    if (mine !== city) {
      throw new DomainError('RULE_VIOLATION', `Administrator kota ${mine} hanya dapat membuat organisasi di ${mine}; berkas ini untuk ${city}`, {
        field: 'city',
        pasal: 'Ketentuan aplikasi ini: administrator kota mengelola organisasi kotanya sendiri',
      });
    }
  }
}
