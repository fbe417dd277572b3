import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';

/**
 * The letter body: paragraphs, bold, italic, underline, numbered and bulleted lists. Nothing
 * else a naskah dinas uses (no headings, code, quotes or links), so nothing else is offered.
 */
export const letterExtensions = [
  StarterKit.configure({ heading: false, code: false, codeBlock: false, blockquote: false, horizontalRule: false, strike: false, link: false }),
];

export function RichTextEditor({
  id,
  value,
  onChange,
  describedBy,
  invalid,
}: {
  id: string;
  value: string;
  onChange(html: string): void;
  describedBy?: string;
  invalid?: boolean;
}) {
  const editor = useEditor({
    extensions: letterExtensions,
    // An injected <style> would need 'unsafe-inline' in the Content-Security-Policy; its rules are in styles.css.
    injectCSS: false,
    content: value,
    editorProps: {
      attributes: {
        id,
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-labelledby': `${id}-label`,
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        ...(invalid ? { 'aria-invalid': 'true' } : {}),
        class: 'editor-area',
      },
    },
    onUpdate: ({ editor: e }) => onChange(e.isEmpty ? '' : e.getHTML()),
  });
  const active = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: !!e?.isActive('bold'),
      italic: !!e?.isActive('italic'),
      underline: !!e?.isActive('underline'),
      bulletList: !!e?.isActive('bulletList'),
      orderedList: !!e?.isActive('orderedList'),
    }),
  });
  if (!editor) return null;
  const tool = (label: string, text: string, pressed: boolean | undefined, run: () => void) => (
    <button type="button" aria-label={label} title={label} aria-pressed={pressed} onClick={run}>
      {text}
    </button>
  );
  return (
    <div className="editor">
      <div className="toolbar" role="toolbar" aria-label="Format isi naskah" aria-controls={id}>
        {tool('Tebal', 'B', active?.bold, () => editor.chain().focus().toggleBold().run())}
        {tool('Miring', 'I', active?.italic, () => editor.chain().focus().toggleItalic().run())}
        {tool('Garis bawah', 'U', active?.underline, () => editor.chain().focus().toggleUnderline().run())}
        {tool('Daftar berangka', '1.', active?.orderedList, () => editor.chain().focus().toggleOrderedList().run())}
        {tool('Daftar berbutir', '•', active?.bulletList, () => editor.chain().focus().toggleBulletList().run())}
        {tool('Urungkan', '↶', undefined, () => editor.chain().focus().undo().run())}
        {tool('Ulangi', '↷', undefined, () => editor.chain().focus().redo().run())}
      </div>
      <EditorContent editor={editor} />
    </div>
  );
}
