import { chartFromFile, readOrganizationFile } from '@naskah/org-files';
import { appointmentState, checkAppointment, checkDeputyAct, deputyLimits, inForce, PASAL_29_1, PASAL_29_2 } from './delegation';
import { DomainError } from './errors';
import { OrgIndex } from './org-chart';

function office(file: string) {
  const { chart, positionsByCode } = chartFromFile(readOrganizationFile(file));
  return { index: new OrgIndex(chart), id: (c: string) => positionsByCode.get(c)!.id };
}
const cilegon = office('cilegon-dkukm.yaml');
const batam = office('batam-dkum.yaml');
const DAY = 86_400_000;

function appoint(
  o: typeof cilegon,
  principal: string,
  deputy: string,
  extra: { existing?: Array<{ from: number; to: number }>; otherOrg?: boolean; from?: number; to?: number; now?: number } = {},
): DomainError | null {
  try {
    checkAppointment({
      org: o.index,
      principalPositionId: o.id(principal),
      principalOrganizationId: 'org',
      deputyPositionId: extra.otherOrg ? batam.id(deputy) : o.id(deputy),
      deputyOrganizationId: extra.otherOrg ? 'other' : 'org',
      period: { from: extra.from ?? 0, to: extra.to ?? 5 * DAY },
      existing: extra.existing ?? [],
      now: extra.now ?? 0,
    });
    return null;
  } catch (e) {
    return e as DomainError;
  }
}

describe('Cilegon Pasal 29 (Hal Mewakili): who may be appointed', () => {
  it('ayat (1): the Kepala Dinas appoints the Sekretaris or a Kepala Bidang', () => {
    expect(appoint(cilegon, 'KADIS', 'SEKRETARIS')).toBeNull();
    expect(appoint(cilegon, 'KADIS', 'KABID-KOP')).toBeNull();
    expect(appoint(batam, 'KADIS', 'KABID-PPUM')).toBeNull();
  });

  it('ayat (2): the Sekretaris appoints a Kepala Sub Bagian', () => {
    expect(appoint(cilegon, 'SEKRETARIS', 'KASUBBAG-UMPEG')).toBeNull();
    expect(appoint(batam, 'SEKRETARIS', 'KASUBBAG-PP')).toBeNull();
  });

  it('ayat (1): a deputy two levels below is refused', () => {
    expect(appoint(cilegon, 'KADIS', 'KASUBBAG-UMPEG')).toMatchObject({ code: 'RULE_VIOLATION', pasal: PASAL_29_1, field: 'deputyPositionId' });
  });

  it('ayat (2): a deputy outside the principal line is refused', () => {
    // The Kepala UPT is one level below the Kepala Bidang but not in his line.
    expect(appoint(cilegon, 'KABID-KOP', 'KA-UPT')).toMatchObject({ code: 'RULE_VIOLATION', pasal: PASAL_29_2 });
  });

  it('a clerk is not a deputy (one level below means an official, not staff)', () => {
    expect(appoint(cilegon, 'KASUBBAG-UMPEG', 'UMPEG-ARSIP')).toMatchObject({ code: 'RULE_VIOLATION', pasal: PASAL_29_2 });
  });

  it('a clerk appoints no one', () => {
    expect(appoint(cilegon, 'UMPEG-ARSIP', 'KASUBBAG-UMPEG')).toMatchObject({ code: 'RULE_VIOLATION', field: 'principalPositionId' });
  });

  it('a deputy from another organisation is refused', () => {
    expect(appoint(cilegon, 'KADIS', 'SEKRETARIS', { otherOrg: true })).toMatchObject({ code: 'RULE_VIOLATION', pasal: PASAL_29_1 });
  });

  it('ayat (1) "1 (satu) orang": overlapping periods are refused, adjacent ones allowed', () => {
    expect(appoint(cilegon, 'KADIS', 'KABID-KOP', { existing: [{ from: 2 * DAY, to: 9 * DAY }] })).toMatchObject({
      pasal: PASAL_29_1,
      field: 'validFrom',
    });
    expect(appoint(cilegon, 'KADIS', 'KABID-KOP', { existing: [{ from: 5 * DAY, to: 9 * DAY }] })).toBeNull();
  });

  it('the period must end after it starts', () => {
    expect(appoint(cilegon, 'KADIS', 'SEKRETARIS', { from: 5, to: 5 })).toMatchObject({ code: 'INVALID_INPUT', field: 'validTo' });
  });

  it('a period already over is refused at creation (it could not be revoked afterwards)', () => {
    expect(appoint(cilegon, 'KADIS', 'SEKRETARIS', { from: 0, to: DAY, now: DAY })).toMatchObject({ code: 'INVALID_INPUT', field: 'validTo' });
    expect(appoint(cilegon, 'KADIS', 'SEKRETARIS', { from: 0, to: DAY, now: DAY - 1 })).toBeNull();
  });

  it('authority holds only inside the period and until revoked', () => {
    const d = { from: 10, to: 20, revokedAt: null };
    expect([9, 10, 19, 20].map((t) => inForce(d, t))).toEqual([false, true, true, false]);
    expect(inForce({ ...d, revokedAt: 15 }, 16)).toBe(false);
  });
});

describe("Cilegon Pasal 29 ayat (2) with Pasal 16 huruf f angka 3: a deputy acts within the deputy's own authority", () => {
  const { positionsByCode } = chartFromFile(readOrganizationFile('cilegon-dkukm.yaml'));
  const position = (code: string) => {
    const p = positionsByCode.get(code)!;
    return {
      title: p.title,
      authority: { check: p.mayCheck, return: p.mayReturn, paraf: p.mayParaf, sign: p.maySign },
      authorityPasal: p.authorityPasal,
    };
  };
  const regulation = 'Perwako Cilegon 18/2022';
  const refusal = (act: 'paraf' | 'sign' | 'return', code: string) => {
    try {
      checkDeputyAct(act, position(code), PASAL_29_2, regulation);
      return null;
    } catch (e) {
      return e as DomainError;
    }
  };

  it.each([['sign', 'KASUBBAG-PEPK', 'Perwako Cilegon 18/2022 Pasal 29 ayat (2); Perwako Cilegon 18/2022 Pasal 16 huruf f angka 3']] as const)(
    '%s by the %s as deputy is refused, citing both Pasal',
    (act, code, pasal) => {
      expect(refusal(act, code)).toMatchObject({ code: 'RULE_VIOLATION', pasal });
    },
  );

  it.each([
    ['paraf', 'KASUBBAG-PEPK'],
    ['return', 'KASUBBAG-PEPK'],
    ['sign', 'KASUBBAG-UMPEG'],
    ['sign', 'SEKRETARIS'],
    ['paraf', 'SEKRETARIS'],
  ] as const)("%s by the %s as deputy is within the deputy's own authority", (act, code) => {
    expect(refusal(act, code)).toBeNull();
  });

  it('the appointment says what the deputy will not be able to do', () => {
    const limits = deputyLimits(position('SEKRETARIS'), position('KASUBBAG-PEPK'), regulation);
    expect(limits).toHaveLength(1);
    expect(limits[0]).toMatch(/menandatangani.*Pasal 16 huruf f angka 3/);
    expect(deputyLimits(position('SEKRETARIS'), position('KASUBBAG-UMPEG'), regulation)).toEqual([]);
  });
});

describe('Cilegon Pasal 29: an appointment in force at the moment of the act (one definition)', () => {
  const d = { from: 10, to: 20, revokedAt: null as number | null };
  it.each([
    [9, 'upcoming', false],
    [10, 'active', true],
    [19, 'active', true],
    [20, 'ended', false],
  ] as const)('at %i it is %s', (now, state, active) => {
    expect(appointmentState(d, now)).toBe(state);
    expect(inForce(d, now)).toBe(active);
  });

  it('a revoked appointment is over from the moment of revocation', () => {
    expect(appointmentState({ ...d, revokedAt: 15 }, 14)).toBe('active');
    expect(appointmentState({ ...d, revokedAt: 15 }, 15)).toBe('revoked');
    expect(inForce({ ...d, revokedAt: 15 }, 15)).toBe(false);
  });
});
