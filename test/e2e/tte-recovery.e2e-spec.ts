import { randomUUID } from 'node:crypto';
import { beginSignatureUpdate, documentWorkflowId } from '@naskah/contracts';
import { Signer, SigningProvider } from '@naskah/letter';
import { DocumentEntity, SignatureAttemptEntity, SignedLetterEntity } from '@naskah/persistence';
import { SeededOrganization } from '@naskah/seed';
import { SigningProviders, SigningService, TteService } from '@naskah/api';
import { expectEventually, expectStatus, officialAgents, TestApi, TEST_TTE_PASSPHRASE } from '../support/api';
import { actor, apiClient } from '../support/document-workflow';
import { batamLetterAtSigner } from '../support/chain';
import { createTestOrganization, testDataSource } from '../support/fixtures';
import { recordWorkflowHistory } from '../support/history';
import { useApiAndWorker } from '../support/stack';

/**
 * A signing request whose process dies mid-way loses neither the letter nor its number: the
 * workflow settles the open signature claim after SIGNATURE_CLAIM_TTL_SECONDS from what the
 * database recorded. Died after the claim, before the signature: the attempt is closed as abandoned
 * and the step waits again. Died after the signed letter was committed, before the chain's sign:
 * the workflow signs the chain as the signer did, and the letter is delivered with its number.
 */
let api: TestApi;
const stack = useApiAndWorker('naskah-tte-recovery', { SIGNATURE_CLAIM_TTL_SECONDS: '3' });
beforeAll(() => {
  api = stack.api;
});
const as = officialAgents(() => api);

/** The signing service's own steps, as the request runs them, to stop between two of them as a dying process would. */
interface SigningSteps {
  makeSignedLetter(
    doc: DocumentEntity,
    attempt: SignatureAttemptEntity,
    acting: unknown,
    signer: Signer,
    provider: SigningProvider,
    passphrase: string,
  ): Promise<{ ok: boolean }>;
}

async function waitingForKadis(org: SeededOrganization, subject: string) {
  const letter = await batamLetterAtSigner((code) => as(org, code), org.units.ISP, subject);
  await as(org, 'KADIS'); // logged in: his TTE is active
  return letter;
}

/** What the request does before its process dies: the attempt row and the workflow's claim. */
async function claim(org: SeededOrganization, id: string, versionHash: string): Promise<SignatureAttemptEntity> {
  const ds = await testDataSource();
  const attempt = Object.assign(new SignatureAttemptEntity(), {
    id: randomUUID(),
    documentId: id,
    officialId: org.officials.KADIS.id,
    positionId: org.officials.KADIS.positionId,
    capacity: 'own',
    principalOfficialId: null,
    versionHash,
    provider: 'local-ca' as const,
    state: 'open' as const,
    failure: null,
    idempotencyKey: null,
    startedAt: new Date(),
    endedAt: null,
  });
  await ds.getRepository(SignatureAttemptEntity).insert(attempt);
  const { client, close } = apiClient(api.cfg);
  try {
    const state = await client.workflow.getHandle(documentWorkflowId(org.id, id)).executeUpdate(beginSignatureUpdate, {
      args: [{ actor: actor(org, 'KADIS'), versionHash, attemptId: attempt.id }],
      updateId: `begin-signature:${attempt.id}`,
    });
    expect(state.signing?.attemptId).toBe(attempt.id);
  } finally {
    await close();
  }
  return attempt;
}

describe('a signing request that dies mid-way (the workflow settles its claim)', () => {
  it('died before the signature: while claimed nothing else happens; then the attempt is abandoned and the Kepala Dinas signs', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const { id, versionHash } = await waitingForKadis(org, 'Undangan Rapat Klaim Terbengkalai');
    const attempt = await claim(org, id, versionHash);
    // While the claim is open: another act is refused (the drafter's withdrawal, a second signature).
    expect(expectStatus(await (await as(org, 'UMPEG-ARSIP')).post(`/api/v1/documents/${id}/actions/withdraw`, {}), 409).body.message).toMatch(
      /sedang ditandatangani/,
    );
    const ds = await testDataSource();
    await expectEventually(
      async () => expect((await ds.getRepository(SignatureAttemptEntity).findOneByOrFail({ id: attempt.id })).state).toBe('abandoned'),
      30_000,
      250,
    );
    expect(await ds.getRepository(SignedLetterEntity).findOneBy({ documentId: id })).toBeNull();
    const kadis = await as(org, 'KADIS');
    const signed = await expectEventually(async () =>
      expectStatus(await kadis.post(`/api/v1/documents/${id}/actions/sign`, { versionHash, passphrase: TEST_TTE_PASSPHRASE }), 200),
    );
    expect(signed.body.status).toBe('signed');
    const view = expectStatus(await kadis.get(`/api/v1/documents/${id}`), 200).body;
    expect(view.history.map((h: { type: string }) => h.type)).toContain('signature_abandoned');
    expect(view.letter.number).toBe(`000.8.3.3/0001/DKUM/${new Date().getFullYear()}`);
  });

  it('died after the signed letter was committed: the workflow signs the chain as the signer did, and the letter is delivered with its number', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const { id, versionHash } = await waitingForKadis(org, 'Undangan Rapat Tanda Tangan Tanpa Jawaban');
    const attempt = await claim(org, id, versionHash);
    const app = api.app;
    const ds = await testDataSource();
    const doc = await ds.getRepository(DocumentEntity).findOneByOrFail({ id });
    const provider = app.get(SigningProviders).forOrganization({ code: org.code });
    const { signer } = await app.get(TteService).signerOf(org.officials.KADIS.id);
    // Step 3 of the request runs to its commit; the process "dies" before the chain's sign.
    const steps = app.get(SigningService) as unknown as SigningSteps;
    expect((await steps.makeSignedLetter(doc, attempt, actor(org, 'KADIS'), signer, provider, TEST_TTE_PASSPHRASE)).ok).toBe(true);
    expect((await ds.getRepository(SignatureAttemptEntity).findOneByOrFail({ id: attempt.id })).state).toBe('signed');
    const view = await expectEventually(
      async () => {
        const v = expectStatus(await (await as(org, 'UMPEG-ARSIP')).get(`/api/v1/documents/${id}`), 200).body;
        expect(v.status).toBe('signed');
        expect(v.letter?.delivered).toBe(true);
        return v;
      },
      30_000,
      250,
    );
    expect(view.route.at(-1)).toMatchObject({ state: 'done', actedBy: { officialId: org.officials.KADIS.id } });
    expect(view.letter.number).toBe(`000.8.3.3/0001/DKUM/${new Date().getFullYear()}`);
    expect(view.letter.signature.certificate.subject).toContain(org.officials.KADIS.nip);
    expect(await ds.query('SELECT last_value FROM number_counter WHERE organization_id = ?', [org.id])).toEqual([{ last_value: 1 }]);
    await recordWorkflowHistory(api.cfg, documentWorkflowId(org.id, id), 'signature-claim-settled');
  });
});
