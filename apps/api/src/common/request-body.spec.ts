import { bodyProblem, MAX_BODY_DEPTH } from './request-body';

const nested = (depth: number): unknown => (depth === 0 ? 'x' : { a: nested(depth - 1) });

describe('bodyProblem: one check of every parsed JSON body', () => {
  it.each([
    ['no body', undefined],
    ['a flat object', { nip: '197203141998031004', password: 'x' }],
    ['paired surrogates (an emoji) are well formed', { subject: 'Rapat 😀' }],
    ['numbers, booleans, null', { a: 1, b: true, c: null, d: [1, 2] }],
    [`${MAX_BODY_DEPTH} levels`, nested(MAX_BODY_DEPTH)],
  ])('accepts %s', (_, body) => {
    expect(bodyProblem(body)).toBeUndefined();
  });

  it.each([
    ['a lone low surrogate in a value', { recipients: [{ name: 'ab\udc00' }] }, 'recipients.0.name', /Unicode yang tidak utuh/],
    ['a lone high surrogate at the end', { subject: 'x\ud800' }, 'subject', /Unicode yang tidak utuh/],
    ['reversed surrogates', { body: '\udfff\ud800' }, 'body', /Unicode yang tidak utuh/],
    ['a lone surrogate in a field name', { 'x\udc00': 1 }, 'x\ufffd', /nama isian/],
    ['an array body', [{ nip: '1' }], 'body', /objek JSON/],
    ['a string body', 'teks', 'body', /objek JSON/],
    ['one level too deep', nested(MAX_BODY_DEPTH + 1), Array(MAX_BODY_DEPTH).fill('a').join('.'), /bersarang terlalu dalam/],
  ])('refuses %s, naming %s', (_, body, field, reason) => {
    expect(bodyProblem(body)).toEqual({ field, reasons: [expect.stringMatching(reason)] });
  });

  it("takes a text body (an import route's YAML or CSV file) only where the route reads text", () => {
    expect(bodyProblem('code: X', true)).toBeUndefined();
    expect(bodyProblem('code: X', false)).toEqual({ field: 'body', reasons: [expect.stringMatching(/objek JSON/)] });
  });

  it('walks 100,000 levels without recursion', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(bodyProblem({ recipients: deep })?.reasons[0]).toMatch(/bersarang terlalu dalam/);
  });
});
