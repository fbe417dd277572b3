import { EditorContent, useEditor } from '@tiptap/react';
import { useEffect, useState } from 'react';
import { api, DocumentView, Organization } from '../api';
import { CLASSIFICATION_LABELS, formatDate, URGENCY_LABELS } from '../format';
import { letterExtensions } from './RichTextEditor';

/**
 * The letter as it will print (Tata Naskah Dinas layout, as the PDF renders it): letterhead,
 * number, classification, urgency, subject, addressees, body, signature block, tembusan. The
 * body passes through the editor's schema, so only the letter's formatting survives.
 */
export function LetterPreview({ doc }: { doc: DocumentView }) {
  const [org, setOrg] = useState<Organization | null>(null);
  useEffect(() => {
    api.organizations().then(
      (list) => setOrg(list.find((o) => o.id === doc.organizationId) ?? null),
      () => setOrg(null),
    );
  }, [doc.organizationId]);
  const body = useEditor(
    {
      editable: false,
      extensions: letterExtensions,
      content: doc.currentVersion.body,
      immediatelyRender: true,
      // Tiptap's base rules are in styles.css: an injected <style> would be refused by the CSP.
      injectCSS: false,
      editorProps: { attributes: { 'aria-label': 'Isi naskah', 'aria-readonly': 'true' } },
    },
    [doc.currentVersion.body],
  );
  const addressee = (a: DocumentView['recipients'][number]) => ('address' in a && a.address ? `${a.name}, ${a.address}` : a.name);
  return (
    <article className="letter" aria-label="Pratinjau naskah">
      {org ? (
        <header className="kop">
          <p className="gov">{org.letterhead.government}</p>
          <p className="office">{org.letterhead.office}</p>
          <p className="address">{[org.letterhead.address, org.letterhead.phone, org.letterhead.email].filter(Boolean).join(' · ')}</p>
        </header>
      ) : null}
      <p className="place-date">
        {org ? `${org.city}, ` : ''}
        {doc.letter ? formatDate(doc.letter.signedAt) : '(tanggal ditetapkan saat ditandatangani)'}
      </p>
      <table className="heading">
        <tbody>
          <tr>
            <th scope="row">Nomor</th>
            <td>{doc.letter?.number ?? `${doc.archiveCode ?? '…'}/…/… (diberikan saat ditandatangani)`}</td>
          </tr>
          <tr>
            <th scope="row">Sifat</th>
            <td>
              {URGENCY_LABELS[doc.urgency]}
              {doc.classification !== 'biasa' ? `, ${CLASSIFICATION_LABELS[doc.classification]}` : ''}
            </td>
          </tr>
          <tr>
            <th scope="row">Lampiran</th>
            <td>-</td>
          </tr>
          <tr>
            <th scope="row">Hal</th>
            <td>{doc.currentVersion.subject}</td>
          </tr>
        </tbody>
      </table>
      <div className="to">
        <p>Yth.</p>
        <ol>
          {doc.recipients.map((a, i) => (
            <li key={i}>{addressee(a)}</li>
          ))}
        </ol>
      </div>
      <div className="body">
        <EditorContent editor={body} />
      </div>
      {doc.signatureBlock ? (
        <div className="signature">
          {doc.signatureBlock.map((line, i) => (
            <p key={i}>{line}</p>
          ))}
        </div>
      ) : null}
      {doc.tembusan.length ? (
        <div className="tembusan">
          <p>Tembusan:</p>
          <ol>
            {doc.tembusan.map((a, i) => (
              <li key={i}>{addressee(a)}</li>
            ))}
          </ol>
        </div>
      ) : null}
    </article>
  );
}
