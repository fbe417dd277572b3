import { useRef, useState } from 'react';
import { adminApi, FileProblem, OrganizationImportReport } from '../../admin-api';
import { ApiError } from '../../api';
import { Notice } from '../../components/Status';
import { FormError, readText, useAdmin, useTitle } from './common';

/** The problems of an organisation file the API names by line and column (400), if that is what it said. */
function fileProblems(error: unknown): FileProblem[] {
  if (!(error instanceof ApiError) || error.status !== 400) return [];
  return (error.errors as unknown as FileProblem[]).filter((p) => p && typeof p === 'object');
}

function Problems({ problems, message }: { problems: FileProblem[]; message: string }) {
  return (
    <div className="error" role="alert" data-testid="file-errors">
      <p>
        <strong>{message}</strong>
      </p>
      <table className="report">
        <caption className="visually-hidden">Kesalahan dalam berkas organisasi</caption>
        <thead>
          <tr>
            <th scope="col">Baris:kolom</th>
            <th scope="col">Isian</th>
            <th scope="col">Masalah</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p, i) => (
            <tr key={i}>
              <td data-label="Baris:kolom">
                {p.line}:{p.column}
              </td>
              <td data-label="Isian" className="field-name">
                {p.field || '(berkas)'}
              </td>
              <td data-label="Masalah">{p.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function FileReport({ report }: { report: OrganizationImportReport }) {
  const verb = report.dryRun ? (report.created ? 'akan dibuat' : 'akan diperbarui') : report.created ? 'dibuat' : 'diperbarui';
  return (
    <section className="card" aria-labelledby="file-report-title" data-testid="file-report">
      <h3 id="file-report-title">{report.dryRun ? 'Hasil pemeriksaan (belum diimpor)' : 'Hasil impor'}</h3>
      {report.changed ? (
        <>
          <p>
            Organisasi <span className="code">{report.code}</span> {verb}:
          </p>
          <ul>
            {report.changes.map((c, i) => (
              <li key={i}>{c.message}</li>
            ))}
          </ul>
        </>
      ) : (
        <p>
          Tidak ada perubahan: organisasi <span className="code">{report.code}</span> sudah sama dengan berkas ini.
        </p>
      )}
      {report.notInFile.length ? (
        <>
          <p>Tidak ada dalam berkas (dibiarkan seperti semula):</p>
          <ul>
            {report.notInFile.map((n) => (
              <li key={`${n.item}-${n.code}`}>{n.message}</li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/** Berkas organisasi: the whole organisation as one YAML file (the seed format), downloaded, or checked and then loaded. */
export function FilesPage() {
  const { orgId, organization, reloadOrganizations } = useAdmin();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [checked, setChecked] = useState<string | null>(null);
  const [report, setReport] = useState<OrganizationImportReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [exportError, setExportError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useTitle('Berkas organisasi');

  async function download() {
    setBusy(true);
    setExportError(null);
    setMessage(null);
    try {
      const { blob, filename } = await adminApi.exportOrganization(orgId);
      const name = filename ?? `${organization?.code ?? 'organisasi'}.yaml`;
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setMessage(`Berkas ${name} diunduh.`);
    } catch (e) {
      setExportError(e);
    } finally {
      setBusy(false);
    }
  }

  async function run(dryRun: boolean) {
    if (!file) return;
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      const r = await adminApi.importOrganization(file.text, dryRun);
      setReport(r);
      if (dryRun) setChecked(file.text);
      else {
        setChecked(null);
        setMessage(`Berkas ${file.name} diimpor.`);
        await reloadOrganizations();
      }
    } catch (e) {
      setReport(null);
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const problems = fileProblems(error);
  return (
    <>
      <Notice message={message} />
      <section className="admin-form" aria-labelledby="export-title">
        <h2 id="export-title">Ekspor</h2>
        <p className="hint">
          Seluruh organisasi {organization ? `${organization.name} ` : ''}dalam satu berkas YAML (format berkas seed): unit, jabatan dengan Pasal
          kewenangannya, pegawai dan penugasannya, dan tabel kewenangan tanda tangan. Kata sandi tidak ikut.
        </p>
        <button type="button" className="primary" onClick={() => void download()} disabled={busy}>
          Unduh berkas organisasi
        </button>
        <FormError error={exportError} />
      </section>
      <section className="admin-form" aria-labelledby="import-title">
        <h2 id="import-title">Impor</h2>
        <p className="hint" id="yaml-hint">
          Memuat organisasi baru atau memperbarui yang ada menurut kodenya. Periksa dahulu: pemeriksaan tidak menyimpan apa pun, dan kesalahan disebut
          dengan baris dan isiannya. Mengimpor berkas yang sama dua kali tidak mengubah apa pun.
        </p>
        <label htmlFor="yaml-file">Berkas organisasi (YAML)</label>
        <input
          id="yaml-file"
          ref={input}
          type="file"
          accept=".yaml,.yml,application/yaml,text/yaml"
          aria-describedby="yaml-hint"
          onChange={() => {
            setReport(null);
            setChecked(null);
            setError(null);
            void readText(input.current).then(setFile, setError);
          }}
        />
        <div className="buttons">
          <button type="button" onClick={() => void run(true)} disabled={busy || !file}>
            Periksa berkas
          </button>
          <button type="button" className="primary" onClick={() => void run(false)} disabled={busy || !file || checked !== file.text}>
            Impor
          </button>
          {file && checked !== file.text ? <span className="hint">Periksa berkas sebelum mengimpor.</span> : null}
        </div>
        {problems.length && error instanceof ApiError ? <Problems problems={problems} message={error.message} /> : <FormError error={error} />}
        {report ? <FileReport report={report} /> : null}
      </section>
    </>
  );
}
