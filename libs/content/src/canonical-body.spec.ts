import { DomainError } from '@naskah/domain';
import { blocksHtml, bodyBlocks, bodyTexts, canonicalBody } from './canonical-body';

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, field: e.field, message: e.message };
    throw e;
  }
  throw new Error('expected a refusal');
};

/** What the canonical form may contain: the editor's elements, no attribute, text escaped. */
const SHAPE = /^(?:<\/?(?:p|strong|em|u|ol|ul|li)>|<br>|[^<>]+)*$/;

function expectCanonical(out: string): void {
  expect(out).toMatch(SHAPE);
  expect(canonicalBody(out)).toBe(out);
  expect(blocksHtml(bodyBlocks(out))).toBe(out);
}

describe('canonical body: the editor schema exactly (DESIGN §6, STYLE §14)', () => {
  it.each([
    ['a paragraph stays as it is', '<p>Dengan hormat,</p>', '<p>Dengan hormat,</p>'],
    ['bare text becomes a paragraph (as Tiptap wraps it)', 'Dengan hormat,', '<p>Dengan hormat,</p>'],
    ['text between blocks becomes its own paragraph', '<p>a</p>b<p>c</p>', '<p>a</p><p>b</p><p>c</p>'],
    ['bold, italic, underline stay', '<p><strong>a</strong> <em>b</em> <u>c</u></p>', '<p><strong>a</strong> <em>b</em> <u>c</u></p>'],
    ['<b> and <i> are bold and italic', '<p><b>a</b><i>b</i></p>', '<p><strong>a</strong><em>b</em></p>'],
    [
      'marks nest in the schema order: bold, italic, underline',
      '<p><u><em><strong>a</strong></em></u></p>',
      '<p><strong><em><u>a</u></em></strong></p>',
    ],
    ['a shared outer mark stays open across runs', '<p><strong>a</strong><strong><em>b</em></strong></p>', '<p><strong>a<em>b</em></strong></p>'],
    ['a mark repeated inside itself counts once', '<p><strong>a<b>b</b></strong></p>', '<p><strong>ab</strong></p>'],
    ['an empty mark disappears', '<p>a<strong></strong>b<em> </em></p>', '<p>ab</p>'],
    [
      'a list item holds a paragraph (Tiptap: <li><p>..</p></li>)',
      '<ul><li>satu</li><li>dua</li></ul>',
      '<ul><li><p>satu</p></li><li><p>dua</p></li></ul>',
    ],
    ['an ordered list', '<ol><li><p>satu</p></li></ol>', '<ol><li><p>satu</p></li></ol>'],
    [
      'nested lists stay nested',
      '<ol><li>a<ul><li>b<ol><li>c</li></ol></li></ul></li></ol>',
      '<ol><li><p>a</p><ul><li><p>b</p><ol><li><p>c</p></li></ol></li></ul></li></ol>',
    ],
    [
      'an item starting with a list gets an empty first paragraph (schema: paragraph block*)',
      '<ul><li><ol><li>x</li></ol></li></ul>',
      '<ul><li><p></p><ol><li><p>x</p></li></ol></li></ul>',
    ],
    ['an empty item stays an item', '<ol><li>a</li><li></li></ol>', '<ol><li><p>a</p></li><li><p></p></li></ol>'],
    ['several paragraphs in an item', '<ul><li><p>a</p><p>b</p></li></ul>', '<ul><li><p>a</p><p>b</p></li></ul>'],
    [
      'loose text in a list becomes an item of its own',
      '<ol> <li>a</li> lepas <li>b</li> </ol>',
      '<ol><li><p>a</p></li><li><p>lepas</p></li><li><p>b</p></li></ol>',
    ],
    ['an empty list disappears', '<p>a</p><ul></ul><ol> </ol>', '<p>a</p>'],
    ['an item outside a list is a paragraph', '<li>a</li><li>b</li>', '<p>a</p><p>b</p>'],
    ['an empty paragraph between paragraphs stays (a blank line the editor makes)', '<p>a</p><p></p><p>b</p>', '<p>a</p><p></p><p>b</p>'],
    ['empty paragraphs at the start and end go', '<p></p><p> </p><p>a</p><p></p><p><br></p>', '<p>a</p>'],
    ['a paragraph of only spaces or breaks is empty', '<p>a</p><p> <br> </p><p>b</p>', '<p>a</p><p></p><p>b</p>'],
    ['line breaks stay, as <br>', '<p>a<br/>b<br />c</p>', '<p>a<br>b<br>c</p>'],
    ['two breaks in a row stay', '<p>a<br><br>b</p>', '<p>a<br><br>b</p>'],
    ['breaks at the start or end of a paragraph go', '<p><br>a<br></p>', '<p>a</p>'],
    ['a break carries no mark', '<p><strong>a<br>b</strong></p>', '<p><strong>a</strong><br><strong>b</strong></p>'],
    ['spaces collapse across marks', '<p> a  <strong> b </strong>  c </p>', '<p>a <strong>b </strong>c</p>'],
    ['no space next to a break', '<p>a <br> b</p>', '<p>a<br>b</p>'],
    ['source newlines between tags are nothing', '<p>a</p>\n  <p>b</p>\n', '<p>a</p><p>b</p>'],
    ['newlines inside text are spaces', '<p>a\nb\r\nc</p>', '<p>a b c</p>'],
    ['NBSP (&nbsp;) is a plain space', '<p>a&nbsp;&nbsp;b&#160;c</p>', '<p>a b c</p>'],
    [
      'text is escaped as the browser writes it',
      '<p>a &amp; b &lt;script&gt; c &gt; "d" \'e\'</p>',
      '<p>a &amp; b &lt;script&gt; c &gt; "d" \'e\'</p>',
    ],
    ['named and numeric entities are decoded', '<p>&eacute;&#233;&#xE9;&euro;&hellip;&mdash;</p>', '<p>ééé€…—</p>'],
    ['a bare ampersand is escaped', '<p>PT A & B</p>', '<p>PT A &amp; B</p>'],
    ['every attribute goes', '<p class="x" style="color:red" onclick="alert(1)" id="p" dir="rtl" data-x="1">a</p>', '<p>a</p>'],
    ['list attributes go (numbering always starts at 1)', '<ol start="5" type="a" reversed><li value="9">a</li></ol>', '<ol><li><p>a</p></li></ol>'],
    ['upper-case tags are tags', '<P><STRONG>a</STRONG></P>', '<p><strong>a</strong></p>'],
    ['unclosed tags close at the end', '<p><strong>a<em>b', '<p><strong>a<em>b</em></strong></p>'],
    ['stray closing tags are ignored', '</strong>a</em></ol>', '<p>a</p>'],
  ])('%s', (_why, input, expected) => {
    const out = canonicalBody(input);
    expect(out).toBe(expected);
    expectCanonical(out);
  });

  it.each([
    ['div', '<div>a</div><div>b</div>'],
    ['headings', '<h1>a</h1><h6>b</h6>'],
    ['blockquote', '<blockquote>a</blockquote><blockquote>b</blockquote>'],
    ['pre (whitespace collapses)', '<pre>a</pre><pre>b\n</pre>'],
    ['section and article', '<section>a</section><article>b</article>'],
    ['table cells', '<table><tr><td>a</td><td>b</td></tr></table>'],
    ['table header cells and caption', '<table><caption>a</caption><tr><th>b</th></tr></table>'],
    ['definition list', '<dl><dt>a</dt><dd>b</dd></dl>'],
    ['horizontal rule separates', 'a<hr>b'],
    ['an open <details> shows its text', '<details open><summary>a</summary>b</details>'],
    ['an open <dialog>', '<dialog open>a<div>b</div></dialog>'],
    ['figure and caption', '<figure>a<figcaption>b</figcaption></figure>'],
  ])('a block outside the editor (%s) keeps its text as paragraphs', (_why, input) => {
    const out = canonicalBody(input);
    expect(out).toBe('<p>a</p><p>b</p>');
  });

  it.each([
    ['span', '<span>a</span>'],
    ['link (the address goes)', '<a href="https://contoh.go.id/">a</a>'],
    ['data: link', '<a href="data:text/html,RAHASIA">a</a>'],
    ['javascript: link', '<a href="javascript:alert(1)">a</a>'],
    ['font', '<font face="Arial" color="red">a</font>'],
    ['sub and sup', '<sub>a</sub><sup>b</sup>'],
    ['code, kbd, samp, var, tt', '<code>a</code><kbd>b</kbd><samp>c</samp><var>d</var><tt>e</tt>'],
    ['del, s, strike, ins, mark', '<del>a</del><s>b</s><strike>c</strike><ins>d</ins><mark>e</mark>'],
    ['small, big, abbr, cite, q, time', '<small>a</small><big>b</big><abbr title="RAHASIA">c</abbr><cite>d</cite><q>e</q><time>f</time>'],
    ['bdo reversing direction (the text stays in reading order)', '<bdo dir="rtl">a</bdo>'],
    ['label, button, output', '<label>a</label><button>b</button><output>c</output>'],
    ['ruby text stays, its parentheses go', '<ruby>a<rp>(</rp><rt>b</rt><rp>)</rp></ruby>'],
    ['custom element', '<x-kotak>a</x-kotak>'],
    ['Word namespace tags', '<o:p>a</o:p><w:sdt>b</w:sdt>'],
    ['nested unknown tags', '<x><y><z><span>a</span></z></y></x>'],
    ['html and body', '<html><body>a</body></html>'],
    ['an empty element inside a word', 'a<span></span>b<wbr>c'],
  ])('an inline element outside the editor (%s) keeps its visible text', (_why, input) => {
    const out = canonicalBody(`<p>MULAI ${input} SELESAI</p>`);
    expect(out).toMatch(/^<p>MULAI [a-f]+ SELESAI<\/p>$/);
    expect(out).not.toContain('RAHASIA');
  });

  // Each puts RAHASIA where a reader of the page would not see it: dropped with its content.
  const hidden: Array<[string, string]> = [
    ['<template>', '<template>RAHASIA</template>'],
    ['<noscript>', '<noscript><p>RAHASIA</p></noscript>'],
    ['<object>', '<object data="x.pdf">RAHASIA</object>'],
    ['<object><param>', '<object><param name="RAHASIA" value="RAHASIA">RAHASIA</object>'],
    ['<applet> and <embed>', '<applet>RAHASIA</applet><embed src="RAHASIA">'],
    ['<title>', '<title>RAHASIA</title>'],
    [
      '<head> with <title>, <meta>, <base>, <link>',
      '<head><title>RAHASIA</title><meta content="RAHASIA"><base href="RAHASIA"><link href="RAHASIA"></head>',
    ],
    ['<img alt>', '<img alt="RAHASIA" title="RAHASIA" src="data:image/png;base64,AAAA">'],
    ['<picture><source>', '<picture><source srcset="RAHASIA" alt="RAHASIA"><img alt="RAHASIA"></picture>'],
    ['<video>, <audio>, <track> fallback', '<video>RAHASIA<track label="RAHASIA"></video><audio>RAHASIA</audio>'],
    ['<canvas> fallback', '<canvas>RAHASIA</canvas>'],
    ['HTML comment', '<!-- RAHASIA -->'],
    ['conditional comment', '<!--[if IE]><p>RAHASIA</p><![endif]-->'],
    ['CDATA', '<![CDATA[RAHASIA]]>'],
    ['processing instruction', '<?xml RAHASIA?>'],
    ['<style>', '<style>p::after{content:"RAHASIA"}</style>'],
    ['<script>', '<script>document.write("RAHASIA")</script>'],
    ['<script> holding markup', '<script>"</p><p>RAHASIA"</script>'],
    ['<svg><text>', '<svg><text x="0" y="10">RAHASIA</text></svg>'],
    ['<svg><foreignObject>', '<svg><foreignObject><p>RAHASIA</p></foreignObject></svg>'],
    ['<math>', '<math><mi>RAHASIA</mi></math>'],
    ['<iframe srcdoc>', '<iframe srcdoc="<p>RAHASIA</p>">RAHASIA</iframe>'],
    ['<frameset>, <frame>, <noframes>', '<frameset><frame src="RAHASIA"></frameset><noframes>RAHASIA</noframes>'],
    ['<noembed>', '<noembed>RAHASIA</noembed>'],
    ['<textarea>', '<textarea>RAHASIA</textarea>'],
    ['<textarea> holding markup', '<textarea></p><p>RAHASIA</textarea>'],
    ['<select><option>', '<select><option>RAHASIA</option><optgroup label="RAHASIA"><option>RAHASIA</option></optgroup></select>'],
    ['<datalist>', '<datalist><option value="RAHASIA">RAHASIA</option></datalist>'],
    ['<input value>', '<input value="RAHASIA" placeholder="RAHASIA"><input type="hidden" value="RAHASIA">'],
    ['<xmp>', '<xmp>RAHASIA</xmp>'],
    ['<plaintext> (to the end)', '<plaintext>RAHASIA'],
    ['<meter> and <progress> fallback', '<meter>RAHASIA</meter><progress>RAHASIA</progress>'],
    ['closed <details>', '<details><summary>RAHASIA</summary>RAHASIA</details>'],
    ['closed <dialog>', '<dialog>RAHASIA</dialog>'],
    ['hidden attribute', '<span hidden>RAHASIA</span><p hidden="until-found">RAHASIA</p>'],
    ['aria-hidden', '<span aria-hidden="true">RAHASIA</span><span aria-hidden=" TRUE ">RAHASIA</span>'],
    ['display:none', '<span style="display:none">RAHASIA</span>'],
    ['display: none !important, upper case, after a comment', '<span style="COLOR: red; /* x */ Display : None !IMPORTANT">RAHASIA</span>'],
    ['CSS-escaped property name', '<span style="d\\69splay:none">RAHASIA</span>'],
    ['visibility:hidden', '<span style="visibility:hidden">RAHASIA</span>'],
    ['visibility:collapse', '<span style="visibility: collapse">RAHASIA</span>'],
    ['content-visibility:hidden', '<div style="content-visibility:hidden">RAHASIA</div>'],
    ['opacity:0', '<span style="opacity:0">RAHASIA</span>'],
    ['opacity:.05', '<span style="opacity:.05">RAHASIA</span>'],
    ['opacity:5%', '<span style="opacity:5%">RAHASIA</span>'],
    ['filter:opacity(0)', '<span style="filter: opacity(0%)">RAHASIA</span>'],
    ['font-size:0', '<span style="font-size:0">RAHASIA</span>'],
    ['font-size:1px', '<span style="font-size:1px">RAHASIA</span>'],
    ['font-size:0.1em', '<span style="font-size:0.1em">RAHASIA</span>'],
    ['font shorthand 0/0', '<span style="font:0/0 a">RAHASIA</span>'],
    ['color:white', '<span style="color:white">RAHASIA</span>'],
    ['color:#fff', '<span style="color:#FFF">RAHASIA</span>'],
    ['color:#fefefe', '<span style="color:#fefefe">RAHASIA</span>'],
    ['color:rgb(255,255,255)', '<span style="color:rgb(255, 255, 255)">RAHASIA</span>'],
    ['color:rgba(0,0,0,0)', '<span style="color:rgba(0,0,0,0)">RAHASIA</span>'],
    ['color:hsl(0 0% 100%)', '<span style="color:hsl(0 0% 100%)">RAHASIA</span>'],
    ['color:transparent', '<span style="color:transparent">RAHASIA</span>'],
    ['color:whitesmoke', '<span style="color:whitesmoke">RAHASIA</span>'],
    ['-webkit-text-fill-color:transparent', '<span style="-webkit-text-fill-color:transparent">RAHASIA</span>'],
    ['<font color=white>', '<font color="#ffffff">RAHASIA</font>'],
    ['clip', '<span style="position:absolute;clip:rect(0 0 0 0)">RAHASIA</span>'],
    ['clip-path', '<span style="clip-path:inset(50%)">RAHASIA</span>'],
    ['transform:scale(0)', '<span style="display:inline-block;transform:scale(0)">RAHASIA</span>'],
    ['height:0 with overflow hidden', '<div style="height:0;overflow:hidden">RAHASIA</div>'],
    ['pushed off screen', '<span style="position:absolute;left:-9999px">RAHASIA</span>'],
    ['text-indent off screen', '<div style="text-indent:-10000px">RAHASIA</div>'],
    ['hidden ancestor of visible-looking markup', '<div hidden><p><strong>RAHASIA</strong></p><ol><li>RAHASIA</li></ol></div>'],
    ['hidden list item', '<ol><li>MULAI</li><li style="display:none">RAHASIA</li></ol>'],
  ];

  it.each(hidden)('%s: dropped with its content', (_why, trick) => {
    const out = canonicalBody(`<p>MULAI</p>${trick}<p>SELESAI</p>`);
    expect(out).not.toContain('RAHASIA');
    expect(bodyTexts(bodyBlocks(out)).join(' ').split(/\s+/)).toEqual(expect.arrayContaining(['MULAI']));
    if (!trick.startsWith('<plaintext>')) expect(out).toContain('SELESAI');
    expectCanonical(out);
  });

  // Block elements (and <plaintext>, which runs to the end) close the paragraph around them.
  const inline = hidden.filter(([, trick]) => !/^<plaintext>|<(ol|p|div|details|dialog)\b/.test(trick));
  it.each(inline)('%s: inside a sentence, the words around it stay', (_why, trick) => {
    expect(canonicalBody(`<p>MULAI ${trick} SELESAI</p>`)).toBe('<p>MULAI SELESAI</p>');
  });

  it.each([
    ['a style that does not hide: the text simply shows', '<span style="color:red;font-size:14px;opacity:0.8">terlihat</span>'],
    ['white on a dark background shows', '<span style="color:#fff;background:#000">terlihat</span>'],
    ['aria-hidden="false"', '<span aria-hidden="false">terlihat</span>'],
    ['an unparseable style', '<span style="{{{;;;:::">terlihat</span>'],
  ])('%s', (_why, html) => {
    expect(canonicalBody(`<p>${html}</p>`)).toBe('<p>terlihat</p>');
  });

  it.each([
    ['zero-width characters (raw)', 'Ra\u200bha\u200csi\u200da\ufeff', 'Rahasia'],
    ['zero-width characters (entities)', 'Ra&#8203;ha&zwj;si&zwnj;a&#xFEFF;', 'Rahasia'],
    ['bidi override reversing what a browser shows (raw)', '\u202eaisahaR\u202c', 'aisahaR'],
    ['bidi marks (entities)', '&lrm;a&rlm;b&#x202E;c&#x2066;d', 'abcd'],
    ['soft hyphen', 'Ko&shy;pe&#173;rasi', 'Koperasi'],
    ['variation selectors and tag characters', 'a\ufe0f\u{e0052}\u{e0041}b', 'ab'],
    ['control characters', 'a\u0000b\u0008c&#1;d', 'abcd'],
    ['decomposed accents (NFC)', 'Cafe\u0301', 'Café'],
    ['decomposed accent split by an element (NFC after joining runs)', 'Cafe<span>\u0301</span>', 'Café'],
    ['ideographic and other Unicode spaces', 'a\u3000b\u2003c\u205fd', 'a b c d'],
  ])('text: %s', (_why, input, expected) => {
    const out = canonicalBody(`<p>${input}</p>`);
    expect(out).toBe(`<p>${expected}</p>`);
    expectCanonical(out);
  });

  it.each([
    ['an empty string', ''],
    ['only spaces and newlines', ' \n\t '],
    ['only invisible characters', '\u200b\u200c&#8203;&nbsp;'],
    ['only markup', '<p></p><p><br></p><ul><li></li></ul><strong></strong>'],
    ['only hidden content', '<template>isi</template><span hidden>isi</span><!-- isi -->'],
    ['only an image', '<img src="x.png" alt="isi">'],
  ])('an empty body after cleaning is refused (400 on body): %s', (_why, input) => {
    const r = refusal(() => canonicalBody(input));
    expect(r).toMatchObject({ code: 'INVALID_INPUT', field: 'body' });
    expect(r.message).toContain('kosong');
  });

  it.each([
    ['an emoji', '<p>Terima kasih 🙏</p>', 'U+1F64F'],
    ['a Cyrillic homoglyph', '<p>R\u0430pat</p>', 'U+0430'],
    ['an arrow', '<p>A → B</p>', 'U+2192'],
    ['Arabic script', '<p>بسم الله</p>', 'U+0628'],
    ['a combining mark with no precomposed letter', '<p>q\u0307</p>', 'U+0307'],
  ])('a character the letter cannot print is refused, named (400 on body): %s', (_why, input, code) => {
    const r = refusal(() => canonicalBody(input));
    expect(r).toMatchObject({ code: 'INVALID_INPUT', field: 'body' });
    expect(r.message).toContain(code);
  });

  it('a body that grows past the limit when made canonical is refused', () => {
    const input = '<ul>' + '<li>x'.repeat(20_000) + '</ul>';
    expect(input.length).toBeLessThan(200_000);
    expect(refusal(() => canonicalBody(input))).toMatchObject({ code: 'INVALID_INPUT', field: 'body', message: 'isi naskah terlalu panjang' });
  });

  it('deep nesting neither overflows nor survives unbounded (markup past 48 levels is unwrapped, its text kept)', () => {
    const out = canonicalBody('<ul><li>'.repeat(5_000) + 'dalam' + '<span>'.repeat(50_000) + 'sekali');
    expect(out).toContain('dalam');
    expect(out).toContain('sekali');
    expect((out.match(/<ul>/g) ?? []).length).toBeLessThanOrEqual(48);
    expectCanonical(out);
  });

  it('the field named in a refusal is the one given', () => {
    expect(refusal(() => canonicalBody('', 'isi'))).toMatchObject({ field: 'isi' });
  });

  it('is a fixed point on random tag soup (canonical(canonical(x)) === canonical(x), the output only in the editor shape)', () => {
    // A small deterministic generator (mulberry32): the same soup on every run.
    let seed = 0x5eed;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pieces = [
      ...['p', 'strong', 'em', 'u', 'b', 'i', 'ol', 'ul', 'li', 'div', 'span', 'h1', 'table', 'td', 'a', 'template', 'script', 'textarea'].flatMap(
        (t) => [`<${t}>`, `</${t}>`],
      ),
      '<br>',
      '<span hidden>',
      '<span style="display:none">',
      '<img alt="x">',
      '<!--',
      '-->',
      ' ',
      '  ',
      '\n',
      '&nbsp;',
      '&amp;',
      '&lt;',
      '<',
      '>',
      '\u200b',
      '\u202e',
      'e\u0301',
      '\u0301',
      'kata',
      'Rapat',
      'é',
      '—',
    ];
    let checked = 0;
    for (let n = 0; n < 3_000; n++) {
      const soup = Array.from({ length: 1 + Math.floor(random() * 30) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
      let out: string;
      try {
        out = canonicalBody(soup);
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        continue;
      }
      expect({ soup, out: canonicalBody(out) }).toEqual({ soup, out });
      expect({ soup, out }).toEqual({ soup, out: expect.stringMatching(SHAPE) });
      checked++;
    }
    expect(checked).toBeGreaterThan(1_000);
  });
});
