import { randomBytes } from 'node:crypto';
import { hash } from 'argon2';
import { DataSource, EntityManager } from 'typeorm';
import { appendOrganizationAudit, writeTransaction } from '@naskah/persistence';
import { DocumentKindsFile, OrganizationFileText } from '@naskah/org-files';
import { applyOrganizationFile, ImportReport } from './apply-organization-file';

export interface ImportOptions {
  /** Checks and reports, writes nothing. */
  dryRun?: boolean;
  /** Who imports, for the organisation's trail: an administrator through the API, or nobody (null) and "cli". */
  trail: { actorOfficialId: string | null; clientAddress: string | null };
  mayChangeCityAdmin: boolean;
  expectOrganizationId?: string | null;
  /**
   * Runs first inside the transaction: the API checks its administrator again under lock and answers
   * him as stored now (his roles then decide which accounts the file may change, and city-admin).
   */
  before?: (m: EntityManager) => Promise<{ officialId: string; roles: readonly string[] } | void>;
  today?: string;
  kinds?: DocumentKindsFile;
}

export interface ImportResult extends ImportReport {
  /** SHA-256 of the file as sent. */
  sha256: string;
}

/** The changes kept in one trail event; a larger import keeps the count of the rest. */
const TRAIL_CHANGES = 300;

class DryRunRollback extends Error {
  constructor(readonly result: ImportResult) {
    super('dry run');
  }
}

/**
 * Imports an organisation file in one transaction: applyOrganizationFile, then one event on the
 * organisation's trail (organization_imported: what changed and the file's SHA-256) when anything
 * changed. Officials the file adds get a password nobody knows, to be replaced at their first
 * login: their administrator resets it to hand it out. A dry run does the same and rolls back.
 */
export async function importOrganizationFile(ds: DataSource, text: OrganizationFileText, opts: ImportOptions): Promise<ImportResult> {
  // One hash of a discarded random secret for everyone the file adds: unusable, and cheap whatever their number.
  const unusable = await hash(randomBytes(32).toString('base64url'));
  try {
    return await writeTransaction(ds, async (m) => {
      const actor = (await opts.before?.(m)) ?? undefined;
      const { report } = await applyOrganizationFile(m, text.file, {
        at: text.at,
        newOfficials: { passwordHash: unusable, mustChangePassword: true },
        mayChangeCityAdmin: actor ? actor.roles.includes('city-admin') : opts.mayChangeCityAdmin,
        actor,
        expectOrganizationId: opts.expectOrganizationId,
        today: opts.today,
        kinds: opts.kinds,
      });
      const result: ImportResult = { ...report, dryRun: !!opts.dryRun, sha256: text.sha256 };
      if (opts.dryRun) throw new DryRunRollback(result);
      if (report.changed) {
        await appendOrganizationAudit(m, report.organizationId, {
          action: 'organization_imported',
          subject: report.code,
          actorOfficialId: opts.trail.actorOfficialId,
          clientAddress: opts.trail.clientAddress,
          before: null,
          after: {
            sha256: text.sha256,
            created: report.created,
            summary: report.summary,
            changes: report.changes.slice(0, TRAIL_CHANGES),
            ...(report.changes.length > TRAIL_CHANGES ? { moreChanges: report.changes.length - TRAIL_CHANGES } : {}),
            notInFile: report.notInFile.map((n) => `${n.item}:${n.code}`),
          },
        });
      }
      return result;
    });
  } catch (e) {
    if (e instanceof DryRunRollback) return e.result;
    throw e;
  }
}
