import { FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, ApiError, ChainState, DocumentView, invalidInput } from '../api';
import { revisedSinceReturn } from '../document-state';
import { capacityText } from '../format';
import { ErrorMessage } from './ErrorMessage';
import { ConsiderationField } from './ConsiderationField';
import { SignDialog } from './SignDialog';

type StepAction = 'paraf' | 'return';

/** Who the chain waits for after an action, by title (a paraf koordinasi group waits at several). */
function waitingText(doc: DocumentView, state: ChainState): string {
  const titles = state.waitingSteps.map((w) => doc.route.find((s) => s.position.positionId === w.positionId)?.position.title).filter(Boolean);
  return titles.length ? ` Menunggu: ${titles.join(', ')}.` : '';
}

/**
 * What this person may do now, as the API says (allowedActions): paraf, sign (in a dialog that
 * asks the TTE passphrase), correct (a new version under their name), return with a note (to the
 * drafter or an earlier official), and for the drafter revise, submit, resubmit, withdraw. Acting
 * for another official asks for the consideration before any act where the office's rules require
 * one (the API names the rule).
 */
export function ActionPanel({ doc, onDone }: { doc: DocumentView; onDone(message: string, state?: ChainState): Promise<void> }) {
  const navigate = useNavigate();
  const allowed = new Set(doc.allowedActions);
  const [choice, setChoice] = useState<StepAction | 'withdraw' | null>(null);
  const [note, setNote] = useState('');
  const [consideration, setConsideration] = useState('');
  const [returnTo, setReturnTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [signing, setSigning] = useState(false);
  // The office's rule, or (a chain started under an earlier rule) the one a refusal named.
  const [refusedFor, setRefusedFor] = useState<string | null>(null);
  const considerationPasal = doc.actingFor ? (doc.actingFor.considerationPasal ?? refusedFor) : null;
  if (!allowed.size) return null;

  async function run(work: () => Promise<unknown>, message: string | ((state: ChainState) => string)) {
    setBusy(true);
    setError(null);
    try {
      const result = await work();
      setChoice(null);
      setNote('');
      setConsideration('');
      setReturnTo('');
      await onDone(typeof message === 'string' ? message : message(result as ChainState), result as ChainState);
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
    else if (choice === 'return') {
      const target = doc.returnTargets.find((t) => String(t.order) === returnTo);
      void run(
        () => api.act(doc.id, 'return', { versionHash, note: note.trim(), ...acting, ...(target ? { toStepOrder: target.order } : {}) }),
        target
          ? `Naskah dikembalikan kepada ${target.actedBy?.name ?? target.position.title} (${target.position.title}) dengan catatan.`
          : 'Naskah dikembalikan kepada penyusun dengan catatan.',
      );
    } else
      void run(
        () => api.act(doc.id, 'paraf', { versionHash, ...acting }),
        (state) => `Paraf diberikan.${waitingText(doc, state)}`,
      );
  }

  const labels: Record<StepAction | 'withdraw', string> = {
    paraf: 'Paraf',
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
        {allowed.has('sign') ? (
          <button
            type="button"
            className="primary"
            aria-haspopup="dialog"
            onClick={() => {
              setChoice(null);
              setError(null);
              setSigning(true);
            }}
            disabled={busy}
          >
            Tandatangani
          </button>
        ) : allowed.has('paraf') ? (
          <button type="button" className="primary" aria-pressed={choice === 'paraf'} onClick={() => setChoice('paraf')} disabled={busy}>
            {labels.paraf}
          </button>
        ) : null}
        {allowed.has('correct') ? (
          <button type="button" onClick={() => void navigate(`/naskah/${doc.id}/koreksi`)} disabled={busy}>
            Koreksi
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
      {allowed.has('correct') ? (
        <p className="hint">Koreksi: ubah sendiri isi naskah; hasilnya menjadi versi baru atas nama Anda sekaligus paraf Anda.</p>
      ) : null}
      {allowed.has('submit') && doc.kind.coordinationRequired && !doc.coordinators.length ? (
        <p className="hint">
          {doc.kind.name} wajib diparaf koordinasi ({doc.kind.coordinationRequired}): pilih pejabatnya melalui &ldquo;Ubah konsep&rdquo;.
        </p>
      ) : null}
      {allowed.has('resubmit') && !revisedSinceReturn(doc) ? (
        <p className="hint">Simpan versi perbaikan terlebih dahulu, lalu ajukan kembali.</p>
      ) : null}
      {choice ? (
        <form className="act" onSubmit={submitStep} noValidate aria-label={labels[choice]}>
          {choice === 'return' && doc.returnTargets.length ? (
            <fieldset className="return-to">
              <legend>Kembalikan kepada</legend>
              <label>
                <input type="radio" name="return-to" value="" checked={returnTo === ''} onChange={() => setReturnTo('')} /> Penyusun:{' '}
                {doc.drafter.name} ({doc.drafterPosition.title}) untuk diperbaiki
              </label>
              {doc.returnTargets.map((t) => (
                <label key={t.order}>
                  <input
                    type="radio"
                    name="return-to"
                    value={String(t.order)}
                    checked={returnTo === String(t.order)}
                    onChange={() => setReturnTo(String(t.order))}
                  />{' '}
                  {t.position.title}
                  {t.actedBy ? ` · ${t.actedBy.name}` : ''}
                </label>
              ))}
              <p className="hint">Paraf sebelum pejabat yang dipilih tetap berlaku; rute berlanjut lagi dari pejabat tersebut.</p>
            </fieldset>
          ) : null}
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
            <ConsiderationField
              hint={`${considerationPasal}: sebelum bertindak mewakili, pertimbangan Anda dicatat dalam riwayat naskah.`}
              value={consideration}
              onChange={setConsideration}
            />
          ) : null}
          {choice === 'paraf' ? <p className="hint">Anda menyetujui versi {doc.currentVersion.versionNo} naskah ini.</p> : null}
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
      {signing ? (
        <SignDialog
          doc={doc}
          considerationPasal={considerationPasal}
          onClose={() => setSigning(false)}
          onConsiderationRefused={setRefusedFor}
          onSigned={async (state) => {
            setSigning(false);
            await onDone('Naskah ditandatangani.', state);
            // The "Tandatangani" button is gone from the signed letter: focus goes to the page, whose notice says what happened.
            document.getElementById('utama')?.focus();
          }}
        />
      ) : null}
    </section>
  );
}
