import { ActingAs, applyCommand, applyDueReminder, ChainEvent, ChainState, newChain } from './chain';
import {
  chainEventNotices,
  deputyNotices,
  letterArrivedNotices,
  NoticeDocument,
  NoticePeople,
  noticePositions,
  PlannedNotice,
  signedNotices,
} from './notifications';
import { RoutePlan } from './routing';

const plan: RoutePlan = {
  signerPositionId: 'kadis',
  steps: [
    { order: 1, positionId: 'kasubbag', action: 'paraf', superiorPositionId: 'sekre', mayReturn: true, pasal: 'P5' },
    { order: 2, positionId: 'sekre', action: 'paraf', superiorPositionId: 'kadis', mayReturn: true, pasal: 'P4' },
    { order: 3, positionId: 'kadis', action: 'sign', superiorPositionId: null, mayReturn: true, pasal: 'P3' },
  ],
};
const as = (positionId: string): ActingAs => ({ officialId: `${positionId}-official`, positionId, capacity: 'own' });
const policy = { reminder: { unit: 'seconds' as const, amount: 10 }, escalation: { unit: 'seconds' as const, amount: 10 } };
const people: NoticePeople = {
  holders: { kasubbag: ['kasubbag-official'], sekre: ['sekre-official'], kadis: ['kadis-official'] },
  deputies: { kadis: [{ officialId: 'sekre-official', principalOfficialId: 'kadis-official', capacity: 'an' }] },
  titles: { kasubbag: 'Kepala Sub Bagian Umum', sekre: 'Sekretaris', kadis: 'Kepala Dinas' },
};
const doc = (classification: NoticeDocument['classification'] = 'biasa', number: string | null = null): NoticeDocument => ({
  id: 'd',
  organizationId: 'o',
  subject: 'Rapat koordinasi anggaran',
  kindName: 'Nota Dinas',
  classification,
  drafterOfficialId: 'clerk',
  number,
});

function chain(): { s: ChainState; submitted: ChainEvent } {
  const s = newChain({
    documentId: 'd',
    organizationId: 'o',
    drafterOfficialId: 'clerk',
    drafterPositionId: 'clerk-pos',
    plan,
    versionNo: 1,
    versionHash: 'h1',
  });
  const submitted = applyCommand(s, { type: 'submit', byOfficialId: 'clerk', versionNo: 1, versionHash: 'h1' }, 1000);
  return { s, submitted };
}
const who = (ns: PlannedNotice[]) =>
  ns.map((n) => `${n.event}:${n.recipientOfficialId}${n.actingForOfficialId ? `(a.n. ${n.actingForOfficialId})` : ''}`);

describe('who is told what (DESIGN §4 chain, §5 deputies): in-app notices', () => {
  it("a submitted draft waits for the first step's holder; the drafter who acted is not told", () => {
    const { s, submitted } = chain();
    const ns = chainEventNotices(s, submitted, doc(), people);
    expect(who(ns)).toEqual(['step_waiting:kasubbag-official']);
    expect(ns[0]).toMatchObject({
      title: 'Menunggu paraf Anda: Rapat koordinasi anggaran',
      link: '/naskah/d',
      dedupeKey: 'd:1:1:1000:step_waiting:kasubbag-official',
      confidential: false,
    });
    expect(noticePositions(s, submitted)).toEqual(['kasubbag']);
  });

  it("the signer's step tells its holder and the principal's deputy, who acts a.n.", () => {
    const { s } = chain();
    applyCommand(s, { type: 'paraf', actor: as('kasubbag'), versionHash: 'h1' }, 2000);
    const e = applyCommand(s, { type: 'paraf', actor: as('sekre'), versionHash: 'h1' }, 3000);
    const ns = chainEventNotices(s, e, doc(), {
      ...people,
      deputies: { kadis: [{ officialId: 'kabid', principalOfficialId: 'kadis-official', capacity: 'an' }] },
    });
    expect(who(ns)).toEqual(['step_waiting:kadis-official', 'step_waiting:kabid(a.n. kadis-official)']);
    expect(ns[1].title).toBe('Menunggu tanda tangan Anda: Rapat koordinasi anggaran (a.n. Kepala Dinas)');
    expect(ns[1].body).toContain('Anda bertindak a.n. Kepala Dinas');
    // The Sekretaris who just initialled is the Kepala Dinas's deputy: told the signature waits for him a.n.
    expect(who(chainEventNotices(s, e, doc(), people))).toEqual(['step_waiting:kadis-official', 'step_waiting:sekre-official(a.n. kadis-official)']);
  });

  it('two events of one activation (one time, one state projected for both) write one notice of the step that started waiting', () => {
    const { s } = chain();
    const first = applyCommand(s, { type: 'paraf', actor: as('kasubbag'), versionHash: 'h1' }, 2000);
    const second = applyCommand(s, { type: 'paraf', actor: as('sekre'), versionHash: 'h1' }, 2000);
    // The projection of each event sees the chain as it stands after both (the workflow snapshots the state when it projects).
    const keys = [first, second].flatMap((e) => chainEventNotices(s, e, doc(), people).map((n) => n.dedupeKey));
    // The Kepala Dinas, and the Sekretaris as his deputy (the fixture's appointment): one key each, whichever event writes it.
    expect(new Set(keys)).toEqual(new Set(['d:1:3:2000:step_waiting:kadis-official', 'd:1:3:2000:step_waiting:sekre-official']));
  });

  it('the deputy who acted is not told of the step he acted on; a Plh. deputy reads Plh.', () => {
    const { s } = chain();
    const e = applyCommand(s, { type: 'paraf', actor: as('kasubbag'), versionHash: 'h1' }, 2000);
    const ns = chainEventNotices(s, e, doc(), {
      ...people,
      deputies: { sekre: [{ officialId: 'x', principalOfficialId: 'sekre-official', capacity: 'plh' }] },
    });
    expect(who(ns)).toEqual(['step_waiting:sekre-official', 'step_waiting:x(a.n. sekre-official)']);
    expect(ns[1].title).toContain('(Plh. Sekretaris)');
  });

  it('a return tells the drafter with the note; a confidential one hides subject and note', () => {
    const { s } = chain();
    const e = applyCommand(s, { type: 'return', actor: as('kasubbag'), versionHash: 'h1', note: 'Perbaiki anggaran di paragraf dua' }, 2000);
    const [open] = chainEventNotices(s, e, doc(), people);
    expect(open).toMatchObject({ event: 'returned', recipientOfficialId: 'clerk', title: 'Naskah dikembalikan: Rapat koordinasi anggaran' });
    expect(open.body).toContain('Catatan: Perbaiki anggaran di paragraf dua');
    for (const c of ['rahasia', 'sangat_rahasia'] as const) {
      const [secret] = chainEventNotices(s, e, doc(c), people);
      expect(secret.confidential).toBe(true);
      expect(`${secret.title} ${secret.body} ${JSON.stringify(secret.data)}`).not.toMatch(/anggaran|paragraf/);
      expect(secret.title).toBe('Naskah dikembalikan: Naskah rahasia (Nota Dinas)');
      expect(secret.body).toContain('Lihat catatan di aplikasi');
    }
  });

  it('a return to an earlier official tells that official, not the drafter', () => {
    const { s } = chain();
    applyCommand(s, { type: 'paraf', actor: as('kasubbag'), versionHash: 'h1' }, 2000);
    const e = applyCommand(s, { type: 'return', actor: as('sekre'), versionHash: 'h1', note: 'Periksa lagi lampiran', toStepOrder: 1 }, 3000);
    expect(who(chainEventNotices(s, e, doc(), people))).toEqual(['returned:kasubbag-official']);
  });

  it('a signature tells the drafter with the number once known, keyed by document (the delivery writes the same)', () => {
    const { s } = chain();
    applyCommand(s, { type: 'paraf', actor: as('kasubbag'), versionHash: 'h1' }, 2000);
    applyCommand(s, { type: 'paraf', actor: as('sekre'), versionHash: 'h1' }, 3000);
    const e = applyCommand(s, { type: 'sign', actor: as('kadis'), versionHash: 'h1' }, 4000);
    expect(chainEventNotices(s, e, doc(), people)).toEqual([]);
    const ns = chainEventNotices(s, e, doc('rahasia', '000.8/0001/DKUM/2026'), people);
    expect(ns).toEqual(signedNotices({ ...doc('rahasia'), number: '000.8/0001/DKUM/2026' }, 'kadis-official'));
    expect(ns[0]).toMatchObject({ dedupeKey: 'd:signed:clerk', title: 'Naskah ditandatangani: Naskah rahasia (Nota Dinas)' });
    expect(ns[0].body).toBe('Nota Dinas nomor 000.8/0001/DKUM/2026 telah ditandatangani.');
    expect(signedNotices({ ...doc(), number: '1' }, 'clerk')).toEqual([]);
  });

  it('a reminder tells the holder and deputy; an escalation the superior holder only', () => {
    const { s } = chain();
    const r = applyDueReminder(s, policy, 11_000)!;
    const withDeputy = {
      ...people,
      deputies: { kasubbag: [{ officialId: 'staff', principalOfficialId: 'kasubbag-official', capacity: 'an' as const }] },
    };
    expect(who(chainEventNotices(s, r, doc(), withDeputy))).toEqual(['reminder:kasubbag-official', 'reminder:staff(a.n. kasubbag-official)']);
    const esc = applyDueReminder(s, policy, 21_000)!;
    const ns = chainEventNotices(s, esc, doc('sangat_rahasia'), people);
    expect(who(ns)).toEqual(['escalation:sekre-official']);
    expect(ns[0].title).toBe('Terlambat di Kepala Sub Bagian Umum: Naskah rahasia (Nota Dinas)');
    // The superior's post, and the late step's post (its title names it).
    expect(noticePositions(s, esc)).toEqual(['sekre', 'kasubbag']);
  });

  it('withdrawal and a stale state tell nobody', () => {
    const { s, submitted } = chain();
    applyCommand(s, { type: 'paraf', actor: as('kasubbag'), versionHash: 'h1' }, 2000);
    // Projected late: the step it started has been acted on already.
    expect(chainEventNotices(s, submitted, doc(), people)).toEqual([]);
    const w = applyCommand(s, { type: 'withdraw', byOfficialId: 'clerk' }, 3000);
    expect(chainEventNotices(s, w, doc(), people)).toEqual([]);
  });

  it('a signed letter tells the head of each recipient and tembusan unit once', () => {
    const ns = letterArrivedNotices({ ...doc('rahasia'), number: 'N/1' }, [
      { name: 'Bidang Koperasi', headOfficialIds: ['kabid'] },
      { name: 'Sekretariat', headOfficialIds: ['sekre-official', 'kabid'] },
    ]);
    expect(who(ns)).toEqual(['letter_arrived:kabid', 'letter_arrived:sekre-official']);
    expect(ns[0]).toMatchObject({
      title: 'Surat masuk: Naskah rahasia (Nota Dinas)',
      body: 'Nota Dinas nomor N/1 diterima Bidang Koperasi.',
      confidential: true,
    });
  });

  it('an appointment as deputy: the deputy (acting for the principal) and the principal, when it starts and ends', () => {
    const d = {
      id: 'g',
      principalOfficialId: 'kadis-official',
      principalTitle: 'Kepala Dinas',
      deputyOfficialId: 'sekre-official',
      deputyTitle: 'Sekretaris',
      deputyName: 'Budi',
      capacity: 'an' as const,
      validFrom: 0,
      validTo: Date.UTC(2026, 0, 2, 3),
    };
    const started = deputyNotices(d, 'deputy_started');
    expect(who(started)).toEqual(['deputy_started:sekre-official(a.n. kadis-official)', 'deputy_started:kadis-official']);
    expect(started[0].title).toBe('Anda mulai bertindak a.n. Kepala Dinas');
    expect(started[0].body).toContain('2 Januari 2026');
    expect(started[0].dedupeKey).toBe('delegation:g:deputy_started:sekre-official');
    expect(who(deputyNotices(d, 'deputy_ended'))).toEqual(['deputy_ended:sekre-official(a.n. kadis-official)', 'deputy_ended:kadis-official']);
  });
});
