import { chartFromFile, readOrganizationFile } from '@naskah/org-files';
import {
  appointmentRule,
  appointmentState,
  checkAppointment,
  checkDeputyAct,
  DelegationRules,
  deputyCandidates,
  deputyLimits,
  deputyMayAct,
  inForce,
} from './delegation';
import { DomainError } from './errors';
import { OrgIndex } from './org-chart';

function office(file: string) {
  const data = readOrganizationFile(file);
  const { chart, positionsByCode } = chartFromFile(data);
  return { index: new OrgIndex(chart), rules: data.delegation, id: (c: string) => positionsByCode.get(c)!.id, positionsByCode };
}
const cilegon = office('cilegon-dkukm.yaml');
const batam = office('batam-dkum.yaml');
const DAY = 86_400_000;

const CILEGON_29_1 = 'Perwako Cilegon 18/2022 Pasal 29 ayat (1)';
const CILEGON_29_2 = 'Perwako Cilegon 18/2022 Pasal 29 ayat (2)';
const BATAM_MANDATE = 'UU 30/2014 Pasal 14 ayat (3); Tata Naskah Dinas (Permendagri 1/2023), penandatanganan atas nama (a.n.)';

function appoint(
  o: typeof cilegon,
  principal: string,
  deputy: string,
  extra: {
    existing?: ReadonlyArray<{ from: number; to: number }>;
    otherOrg?: boolean;
    from?: number;
    to?: number;
    now?: number;
    rules?: DelegationRules;
  } = {},
) {
  try {
    return checkAppointment({
      org: o.index,
      rules: extra.rules ?? o.rules,
      principalPositionId: o.id(principal),
      principalOrganizationId: 'org',
      deputyPositionId: extra.otherOrg ? batam.id(deputy) : o.id(deputy),
      deputyOrganizationId: extra.otherOrg ? 'other' : 'org',
      period: { from: extra.from ?? 0, to: extra.to ?? 5 * DAY },
      existing: [...(extra.existing ?? [])],
      now: extra.now ?? 0,
    });
  } catch (e) {
    return e as DomainError;
  }
}

describe('Cilegon Pasal 29 (Hal Mewakili): who appoints whom, under which ayat, with which marker', () => {
  it('ayat (1): the Kepala Dinas appoints the Sekretaris or a Kepala Bidang to act a.n. the Kepala Dinas', () => {
    expect(appoint(cilegon, 'KADIS', 'SEKRETARIS')).toEqual({
      pasal: CILEGON_29_1,
      capacity: 'an',
      capacityPasal: expect.stringContaining('ayat (1)'),
    });
    expect(appoint(cilegon, 'KADIS', 'KABID-KOP')).toMatchObject({ pasal: CILEGON_29_1, capacity: 'an' });
  });

  it('ayat (2) "sesuai dengan ketentuan yang berlaku": the Sekretaris appoints a Kepala Sub Bagian as Plh.', () => {
    expect(appoint(cilegon, 'SEKRETARIS', 'KASUBBAG-UMPEG')).toMatchObject({ pasal: CILEGON_29_2, capacity: 'plh' });
    expect(appoint(cilegon, 'SEKRETARIS', 'KASUBBAG-UMPEG')).toMatchObject({
      capacityPasal: expect.stringContaining('UU 30/2014 Pasal 14 ayat (2) huruf a'),
    });
  });

  it('ayat (2) with Pasal 1 angka 14-17 (Pejabat lingkup Dinas): a Kasubbag appoints a pelaksana of his own Sub Bagian as Plh.', () => {
    expect(appoint(cilegon, 'KASUBBAG-UMPEG', 'UMPEG-SDM')).toMatchObject({ pasal: CILEGON_29_2, capacity: 'plh' });
    expect(appoint(cilegon, 'KASUBBAG-PEPK', 'PEPK-KEUANGAN')).toMatchObject({ pasal: CILEGON_29_2, capacity: 'plh' });
  });

  it('ayat (2): a pelaksana of another Sub Bagian is outside the Kasubbag line', () => {
    expect(appoint(cilegon, 'KASUBBAG-UMPEG', 'PEPK-KEUANGAN')).toMatchObject({
      code: 'RULE_VIOLATION',
      pasal: CILEGON_29_2,
      field: 'deputyPositionId',
    });
  });

  it('ayat (1) "satu tingkat dibawahnya": a deputy two levels below is refused', () => {
    expect(appoint(cilegon, 'KADIS', 'KASUBBAG-UMPEG')).toMatchObject({ code: 'RULE_VIOLATION', pasal: CILEGON_29_1, field: 'deputyPositionId' });
    expect(appoint(cilegon, 'SEKRETARIS', 'UMPEG-ARSIP')).toMatchObject({ code: 'RULE_VIOLATION', pasal: CILEGON_29_2, field: 'deputyPositionId' });
  });

  it('ayat (2): a deputy outside the principal line is refused', () => {
    // The Kepala UPT is one level below the Kepala Bidang but not in his line.
    expect(appoint(cilegon, 'KABID-KOP', 'KA-UPT')).toMatchObject({ code: 'RULE_VIOLATION', pasal: CILEGON_29_2 });
  });

  it('ayat (2): a pelaksana has no jenjang below him, so appoints no one', () => {
    expect(appoint(cilegon, 'UMPEG-ARSIP', 'UMPEG-SDM')).toMatchObject({ code: 'RULE_VIOLATION', pasal: CILEGON_29_2, field: 'principalPositionId' });
  });

  it('ayat (1): a deputy from another organisation is refused', () => {
    expect(appoint(cilegon, 'KADIS', 'SEKRETARIS', { otherOrg: true })).toMatchObject({ code: 'RULE_VIOLATION', pasal: CILEGON_29_1 });
  });

  it('ayat (1) "1 (satu) orang": overlapping periods are refused, adjacent ones allowed', () => {
    expect(appoint(cilegon, 'KADIS', 'KABID-KOP', { existing: [{ from: 2 * DAY, to: 9 * DAY }] })).toMatchObject({
      pasal: CILEGON_29_1,
      field: 'validFrom',
    });
    expect(appoint(cilegon, 'KADIS', 'KABID-KOP', { existing: [{ from: 5 * DAY, to: 9 * DAY }] })).toMatchObject({ pasal: CILEGON_29_1 });
  });

  it('ayat (3): the deputy writes a consideration first', () => {
    expect(cilegon.rules.consideration).toBe('Perwako Cilegon 18/2022 Pasal 29 ayat (3)');
  });

  it('the candidates are the posts one level below, in the line: a Kasubbag offers his own pelaksana', () => {
    const codes = (p: string) => deputyCandidates(cilegon.index, cilegon.id(p)).map((c) => c.code);
    expect(codes('KASUBBAG-UMPEG')).toEqual(['UMPEG-ARSIP', 'UMPEG-SDM']);
    expect(codes('KADIS')).toEqual(['SEKRETARIS', 'KABID-KOP', 'KABID-UMKM']);
    expect(codes('SEKRETARIS')).toEqual(['KASUBBAG-UMPEG', 'KASUBBAG-PEPK']);
  });
});

describe('Batam (no Hal Mewakili article): UU 30/2014 Pasal 14 and Tata Naskah Dinas, never Cilegon Pasal 29', () => {
  it('UU 30/2014 Pasal 14 ayat (3) and (4): the Kepala Dinas and any other official give a mandate to a subordinate, who acts a.n.', () => {
    for (const [principal, deputy] of [
      ['KADIS', 'KABID-PPUM'],
      ['KADIS', 'SEKRETARIS'],
      ['SEKRETARIS', 'KASUBBAG-PP'],
      ['KASUBBAG-UMPEG', 'UMPEG-SDM'],
    ]) {
      expect(appoint(batam, principal, deputy)).toEqual({
        pasal: BATAM_MANDATE,
        capacity: 'an',
        capacityPasal: expect.stringContaining('UU 30/2014 Pasal 14 ayat (4)'),
      });
    }
  });

  it.each([
    ['two levels below', 'KADIS', 'KASUBBAG-UMPEG', {}],
    ['outside the line', 'KABID-ISP', 'KA-UPTD', {}],
    ['another organisation', 'KADIS', 'SEKRETARIS', { otherOrg: true }],
    ['a second deputy at once', 'KADIS', 'SEKRETARIS', { existing: [{ from: DAY, to: 2 * DAY }] }],
    ['a pelaksana appointing', 'UMPEG-ARSIP', 'UMPEG-SDM', {}],
  ] as const)('%s is refused citing the mandate rules', (_, principal, deputy, extra) => {
    const refused = appoint(batam, principal, deputy, extra);
    expect(refused).toMatchObject({ code: 'RULE_VIOLATION' });
    // the structural limits no source states say so: "... ketentuan aplikasi ini"
    expect((refused as DomainError).pasal!.startsWith(BATAM_MANDATE)).toBe(true);
    expect((refused as DomainError).pasal).not.toMatch(/Cilegon|Pasal 29/);
  });

  it('no consideration rule: Batam has none of its own', () => {
    expect(batam.rules.consideration).toBeNull();
  });

  it('no citation of the Batam rules names Cilegon or a Pasal 29', () => {
    expect(JSON.stringify(batam.rules)).not.toMatch(/Cilegon|Pasal 29/);
  });

  it('an office may cite a structural rule on its own: the refusal names that citation', () => {
    const rules: DelegationRules = { ...batam.rules, structure: { oneLevelBelow: 'Peraturan X Pasal 9' } };
    expect(appoint(batam, 'KADIS', 'KASUBBAG-UMPEG', { rules })).toMatchObject({ pasal: 'Peraturan X Pasal 9' });
    expect(appoint(batam, 'KABID-ISP', 'KA-UPTD', { rules })).toMatchObject({ pasal: BATAM_MANDATE });
  });

  it('the appointing rule of a post', () => {
    expect(appointmentRule(batam.rules, batam.index, batam.id('KADIS'))).toMatchObject({ capacity: 'an', pasal: BATAM_MANDATE });
    expect(appointmentRule(cilegon.rules, cilegon.index, cilegon.id('KASUBBAG-UMPEG'))).toMatchObject({ capacity: 'plh', pasal: CILEGON_29_2 });
  });
});

describe('the period of an appointment (DESIGN §5)', () => {
  it('the period must end after it starts', () => {
    expect(appoint(cilegon, 'KADIS', 'SEKRETARIS', { from: 5, to: 5 })).toMatchObject({ code: 'INVALID_INPUT', field: 'validTo' });
  });

  it('a period already over is refused at creation (it could not be revoked afterwards)', () => {
    expect(appoint(batam, 'KADIS', 'SEKRETARIS', { from: 0, to: DAY, now: DAY })).toMatchObject({ code: 'INVALID_INPUT', field: 'validTo' });
    expect(appoint(batam, 'KADIS', 'SEKRETARIS', { from: 0, to: DAY, now: DAY - 1 })).toMatchObject({ capacity: 'an' });
  });

  it('authority holds only inside the period and until revoked', () => {
    const d = { from: 10, to: 20, revokedAt: null };
    expect([9, 10, 19, 20].map((t) => inForce(d, t))).toEqual([false, true, true, false]);
    expect(inForce({ ...d, revokedAt: 15 }, 16)).toBe(false);
  });
});

describe("Cilegon Pasal 29 ayat (2) with Pasal 16 huruf f angka 3: a deputy signs only within the deputy's own authority", () => {
  const position = (o: typeof cilegon, code: string) => {
    const p = o.positionsByCode.get(code)!;
    return {
      title: p.title,
      authority: { check: p.mayCheck, return: p.mayReturn, paraf: p.mayParaf, sign: p.maySign },
      authorityPasal: p.authorityPasal,
    };
  };
  const regulation = 'Perwako Cilegon 18/2022';
  const refusal = (act: 'paraf' | 'sign' | 'return', code: string, o = cilegon, pasal = CILEGON_29_2) => {
    try {
      checkDeputyAct(act, position(o, code), pasal, regulation);
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

  it('a pelaksana as Plh. of his Kasubbag does not sign for him', () => {
    expect(refusal('sign', 'UMPEG-SDM')).toMatchObject({ code: 'RULE_VIOLATION', pasal: expect.stringContaining(CILEGON_29_2) });
    expect(deputyMayAct('sign', position(cilegon, 'UMPEG-SDM'))).toBe(false);
  });

  it.each([
    ['paraf', 'KASUBBAG-PEPK'],
    ['return', 'KASUBBAG-PEPK'],
    ['sign', 'KASUBBAG-UMPEG'],
    ['sign', 'SEKRETARIS'],
    ['paraf', 'SEKRETARIS'],
    // UU 30/2014 Pasal 14 ayat (2) huruf a: the stand-in takes over the absent official's routine review.
    ['paraf', 'UMPEG-SDM'],
    ['return', 'UMPEG-SDM'],
  ] as const)("%s by the %s as deputy is within the deputy's own authority", (act, code) => {
    expect(refusal(act, code)).toBeNull();
  });

  it('Batam: the refusal cites the mandate rules, not Cilegon', () => {
    const refused = refusal('sign', 'KASUBBAG-PP', batam, BATAM_MANDATE);
    expect(refused?.pasal).toMatch(/^UU 30\/2014 Pasal 14 ayat \(3\)/);
  });

  it('the appointment says what the deputy will not be able to do', () => {
    const limits = deputyLimits(position(cilegon, 'SEKRETARIS'), position(cilegon, 'KASUBBAG-PEPK'), regulation);
    expect(limits).toHaveLength(1);
    expect(limits[0]).toMatch(/menandatangani.*Pasal 16 huruf f angka 3/);
    expect(deputyLimits(position(cilegon, 'SEKRETARIS'), position(cilegon, 'KASUBBAG-UMPEG'), regulation)).toEqual([]);
    expect(deputyLimits(position(cilegon, 'KASUBBAG-UMPEG'), position(cilegon, 'UMPEG-SDM'), regulation)).toEqual([
      expect.stringMatching(
        /^Tidak dapat menandatangani naskah.*Analis Sumber Daya Manusia Aparatur tidak berwenang \(Perwako Cilegon 18\/2022 Pasal 28 ayat \(3\)\)/,
      ),
      expect.stringMatching(/^Tidak dapat mengoreksi naskah.*Analis Sumber Daya Manusia Aparatur tidak berwenang/),
    ]);
  });
});

describe('an appointment in force at the moment of the act (one definition)', () => {
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
