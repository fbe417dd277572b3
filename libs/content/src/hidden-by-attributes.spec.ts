import { hiddenByAttributes, invisibleColor } from './hidden-by-attributes';

describe('attributes that hide an element from the reader (what was reviewed is what is signed, DESIGN §6)', () => {
  it.each([
    ['hidden', 'span', { hidden: '' }, true],
    ['hidden="until-found"', 'div', { hidden: 'until-found' }, true],
    ['aria-hidden="true"', 'span', { 'aria-hidden': 'true' }, true],
    ['aria-hidden="false"', 'span', { 'aria-hidden': 'false' }, false],
    ['closed details', 'details', {}, true],
    ['open details', 'details', { open: '' }, false],
    ['closed dialog', 'dialog', {}, true],
    ['open dialog', 'dialog', { open: '' }, false],
    ['font color white', 'font', { color: 'WHITE' }, true],
    ['font color red', 'font', { color: 'red' }, false],
    ['display:none', 'span', { style: 'display:none' }, true],
    ['display:inline', 'span', { style: 'display:inline' }, false],
    ['visibility:hidden', 'span', { style: 'visibility:hidden' }, true],
    ['opacity:0.1', 'span', { style: 'opacity:0.1' }, true],
    ['opacity:0.5 (dim, but visible: the style goes and it shows)', 'span', { style: 'opacity:0.5' }, false],
    ['font-size:2pt', 'span', { style: 'font-size:2pt' }, true],
    ['font-size:8pt', 'span', { style: 'font-size:8pt' }, false],
    ['font-size:10%', 'span', { style: 'font-size:10%' }, true],
    ['font: 0/0 a', 'span', { style: 'font: 0/0 a' }, true],
    ['font: 12px Arial', 'span', { style: 'font: 12px Arial' }, false],
    ['font: italic 12px/0 Arial (a line height of 0 is not a size)', 'span', { style: 'font: italic 12px/0 Arial' }, false],
    ['font: bold 1px/2 Arial', 'span', { style: 'font: bold 1px/2 Arial' }, true],
    ['font: 100 2px Arial (100 is a weight)', 'span', { style: 'font: 100 2px Arial' }, true],
    ['white on black (shows)', 'span', { style: 'color:#fff;background-color:#000' }, false],
    ['white on white', 'span', { style: 'color:#fff;background-color:#fff' }, true],
    ['clip:auto', 'span', { style: 'clip:auto' }, false],
    ['clip-path:none', 'span', { style: 'clip-path:none' }, false],
    ['transform:scale(1, 0)', 'span', { style: 'transform:scale(1, 0)' }, true],
    ['transform:scale(2)', 'span', { style: 'transform:scale(2)' }, false],
    ['width:0 overflow:hidden', 'div', { style: 'width:0;overflow:hidden' }, true],
    ['width:0 alone (text overflows, visible)', 'div', { style: 'width:0' }, false],
    ['margin-left:-200px', 'div', { style: 'margin-left:-200px' }, true],
    ['margin-left:-20px', 'div', { style: 'margin-left:-20px' }, false],
    ['no attributes', 'p', {}, false],
  ])('%s', (_why, tag, attribs, hidden) => {
    expect(hiddenByAttributes(tag, attribs as Record<string, string>)).toBe(hidden);
  });

  it.each([
    ['white', true],
    ['#FFF', true],
    ['#fff0', true],
    ['#000000', false],
    ['#eeeeee', true],
    ['#cccccc', false],
    ['rgb(255 255 255)', true],
    ['rgba(0, 0, 0, 0)', true],
    ['rgba(0, 0, 0, 0.5)', false],
    ['rgb(100%, 100%, 100%)', true],
    ['hsl(120, 50%, 50%)', false],
    ['hsl(120 50% 95%)', true],
    ['hsla(0, 0%, 0%, 0)', true],
    ['transparent', true],
    ['red', false],
    ['currentcolor', false],
  ])('invisible on a white page: %s', (color, invisible) => {
    expect(invisibleColor(color)).toBe(invisible);
  });
});
