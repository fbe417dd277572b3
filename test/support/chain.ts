import { expectEventually, expectStatus, signing, TestApi } from './api';

type Agent = ReturnType<TestApi['as']>;

/**
 * A submitted Batam Sub Bagian draft through its whole chain (Kasubbag paraf, Sekretaris paraf,
 * Kepala Dinas sign), until its letter is archived and delivered; answers the drafter's view.
 */
export async function signThroughBatamChain(as: (code: string) => Promise<Agent>, id: string, versionHash: string) {
  expectStatus(await (await as('UMPEG-ARSIP')).post(`/api/v1/documents/${id}/submit`), 200);
  for (const [who, action] of [
    ['KASUBBAG-UMPEG', 'paraf'],
    ['SEKRETARIS', 'paraf'],
    ['KADIS', 'sign'],
  ] as const) {
    expectStatus(await (await as(who)).post(`/api/v1/documents/${id}/actions/${action}`, { versionHash, ...signing(action) }), 200);
  }
  return expectEventually(
    async () => {
      const v = expectStatus(await (await as('UMPEG-ARSIP')).get(`/api/v1/documents/${id}`), 200).body;
      expect(v.letter).toMatchObject({ pdfReady: true, delivered: true });
      return v;
    },
    60_000,
    200,
  );
}

/**
 * A Surat Dinas by the Batam clerk to the Sub Bagian's unit, submitted and initialled by the
 * Kasubbag and the Sekretaris: waiting for the Kepala Dinas's signature.
 */
export async function batamLetterAtSigner(
  as: (code: string) => Promise<Agent>,
  recipientUnitId: string,
  subject: string,
): Promise<{ id: string; versionHash: string }> {
  const created = expectStatus(
    await (
      await as('UMPEG-ARSIP')
    ).post('/api/v1/documents', {
      kindCode: 'SURAT_DINAS',
      subject,
      body: '<p>Dengan hormat, kami mengundang Bapak/Ibu menghadiri rapat.</p>',
      classification: 'biasa',
      urgency: 'biasa',
      archiveCode: '000.8.3.3',
      recipients: [{ unitId: recipientUnitId }],
    }),
    201,
  );
  const id = created.body.id as string;
  const versionHash = created.body.currentVersion.contentHash as string;
  expectStatus(await (await as('UMPEG-ARSIP')).post(`/api/v1/documents/${id}/submit`), 200);
  for (const code of ['KASUBBAG-UMPEG', 'SEKRETARIS'])
    expectStatus(await (await as(code)).post(`/api/v1/documents/${id}/actions/paraf`, { versionHash }), 200);
  return { id, versionHash };
}

/** The Batam Kepala Dinas appoints the Sekretaris his deputy (a.n.) from an hour ago for two days. */
export async function sekretarisActsForKadis(kadis: Agent, positions: Record<string, string>): Promise<void> {
  const hour = 3_600_000;
  expectStatus(
    await kadis.post('/api/v1/delegations', {
      principalPositionId: positions.KADIS,
      deputyPositionId: positions.SEKRETARIS,
      validFrom: new Date(Date.now() - hour).toISOString(),
      validTo: new Date(Date.now() + 48 * hour).toISOString(),
      reason: 'dinas_luar',
    }),
    201,
  );
}
