import { FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, ApiError, DocumentView, invalidInput } from '../api';
import { revisedSinceReturn } from '../document-state';
import { capacityText } from '../format';
import { ErrorMessage } from './ErrorMessage';

type StepAction = 'paraf' | 'sign' | 'return';

/**
 * What this person may do now, as the API says (allowedActions): paraf, sign, return with a note,
 * and for the drafter revise, submit, resubmit, withdraw. Acting for another official asks for the
 * consideration before any act where the office's rules require one (the API names the rule).
 */
export function ActionPanel({ doc, onDone }: { doc: DocumentView; onDone(message: string): Promise<void> }) {
  const navigate = useNavigate();
  const allowed = new Set(doc.allowedActions);
  const [choice, setChoice] = useState<StepAction | 'withdraw' | null>(null);
  const [note, setNote] = useState('');
  const [consideration, setConsideration] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const stepAction: StepAction | null = allowed.has('sign') ? 'sign' : allowed.has('paraf') ? 'paraf' : null;
  // The office's rule, or (a chain started under an earlier rule) the one a refusal named.
  const [refusedFor, setRefusedFor] = useState<string | null>(null);
  const considerationPasal = doc.actingFor ? (doc.actingFor.considerationPasal ?? refusedFor) : null;
  if (!allowed.size) return null;

  async function run(work: () => Promise<unknown>, message: string) {
    setBusy(true);
    setError(null);
    try {
      await work();
      setChoice(null);
      setNote('');
      setConsideration('');
      await onDone(message);
    } catch (e) {
      if (e instanceof ApiError && e.field === 'consideration') setRefusedFor(e.pasal ?? 'aturan perwakilan Dinas');
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  function submitStep(e: FormEvent) {
    e.preventDefault();
    if (!choice) return;
    const missing: Array<{ field: string; reasons: string[] }> = [];
    if (choice === 'return' && note.trim().length < 5)
      missing.push({ field: 'note', reasons: ['catatan koreksi wajib diisi (paling sedikit 5 karakter)'] });
    if (considerationPasal && choice !== 'withdraw' && !consideration.trim())
      missing.push({ field: 'consideration', reasons: [`wajib diisi saat bertindak mewakili (${considerationPasal})`] });
    if (missing.length) {
      setError(invalidInput(missing));
      return;
    }
    // Sent whenever acting for another official: it says the act is the deputy's, also where no consideration is required.
    const acting = doc.actingFor ? { consideration: consideration.trim() } : {};
    const versionHash = doc.currentVersion.contentHash;
    if (choice === 'withdraw') void run(() => api.act(doc.id, 'withdraw', { note: note.trim() || undefined }), 'Naskah ditarik.');
    else if (choice === 'return')
      void run(() => api.act(doc.id, 'return', { versionHash, note: note.trim(), ...acting }), 'Naskah dikembalikan kepada penyusun dengan catatan.');
    else void run(() => api.act(doc.id, choice, { versionHash, ...acting }), choice === 'sign' ? 'Naskah ditandatangani.' : 'Paraf diberikan.');
  }

  const labels: Record<StepAction | 'withdraw', string> = {
    paraf: 'Paraf',
    sign: 'Tandatangani',
    return: 'Kembalikan untuk perbaikan',
    withdraw: 'Tarik naskah',
  };

  return (
    <section className="actions" aria-labelledby="actions-title">
      <h2 id="actions-title">Tindakan</h2>
      {doc.actingFor ? (
        <p className="acting" role="note">
          Anda bertindak <strong>{capacityText(doc.actingFor.capacity, doc.actingFor.principalTitle)}</strong> ({doc.actingFor.principalName}).
          Tindakan dicatat atas nama Anda dan pejabat yang diwakili.
        </p>
      ) : null}
      <div className="buttons">
        {stepAction ? (
          <button type="button" className="primary" aria-pressed={choice === stepAction} onClick={() => setChoice(stepAction)} disabled={busy}>
            {labels[stepAction]}
          </button>
        ) : null}
        {allowed.has('return') ? (
          <button type="button" aria-pressed={choice === 'return'} onClick={() => setChoice('return')} disabled={busy}>
            {labels.return}
          </button>
        ) : null}
        {allowed.has('edit') ? (
          <button type="button" onClick={() => void navigate(`/naskah/${doc.id}/ubah`)} disabled={busy}>
            {doc.status === 'returned' ? 'Perbaiki naskah' : 'Ubah konsep'}
          </button>
        ) : null}
        {allowed.has('submit') ? (
          <button
            type="button"
            className="primary"
            onClick={() => void run(() => api.submit(doc.id), 'Naskah diajukan; menunggu paraf pertama.')}
            disabled={busy}
          >
            Ajukan
          </button>
        ) : null}
        {allowed.has('resubmit') ? (
          <button
            type="button"
            className="primary"
            onClick={() => void run(() => api.act(doc.id, 'resubmit', {}), 'Naskah diajukan kembali; rute dimulai lagi dari paraf pertama.')}
            disabled={busy || !revisedSinceReturn(doc)}
          >
            Ajukan kembali
          </button>
        ) : null}
        {allowed.has('withdraw') ? (
          <button type="button" className="danger" aria-pressed={choice === 'withdraw'} onClick={() => setChoice('withdraw')} disabled={busy}>
            {labels.withdraw}
          </button>
        ) : null}
      </div>
      {allowed.has('resubmit') && !revisedSinceReturn(doc) ? (
        <p className="hint">Simpan versi perbaikan terlebih dahulu, lalu ajukan kembali.</p>
      ) : null}
      {choice ? (
        <form className="act" onSubmit={submitStep} noValidate aria-label={labels[choice]}>
          {choice === 'return' || choice === 'withdraw' ? (
            <>
              <label htmlFor="note">{choice === 'return' ? 'Catatan perbaikan (wajib)' : 'Alasan penarikan (tidak wajib)'}</label>
              <textarea
                id="note"
                value={note}
                onChange={(e) => setNote(e.target.value)}
                rows={4}
                maxLength={choice === 'return' ? 5000 : 2000}
                required={choice === 'return'}
              />
            </>
          ) : null}
          {considerationPasal && choice !== 'withdraw' ? (
            <>
              <label htmlFor="consideration">Pertimbangan skala prioritas, urgensi dan etika birokrasi (wajib)</label>
              <p className="hint" id="consideration-hint">
                {considerationPasal}: sebelum bertindak mewakili, pertimbangan Anda dicatat dalam riwayat naskah.
              </p>
              <textarea
                id="consideration"
                aria-describedby="consideration-hint"
                value={consideration}
                onChange={(e) => setConsideration(e.target.value)}
                rows={3}
                maxLength={2000}
                required
              />
            </>
          ) : null}
          {choice === 'paraf' || choice === 'sign' ? <p className="hint">Anda menyetujui versi {doc.currentVersion.versionNo} naskah ini.</p> : null}
          <div className="buttons">
            <button type="submit" className={choice === 'withdraw' ? 'danger' : 'primary'} disabled={busy}>
              {busy ? 'Memproses…' : `Konfirmasi: ${labels[choice]}`}
            </button>
            <button type="button" className="link" onClick={() => setChoice(null)} disabled={busy}>
              Batal
            </button>
          </div>
        </form>
      ) : null}
      <ErrorMessage error={error} />
    </section>
  );
}
