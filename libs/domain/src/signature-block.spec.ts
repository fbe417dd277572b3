import { signatureBlock } from './signature-block';

const signer = { name: 'Nurhayati Siregar', gelarDepan: 'Dra.', gelarBelakang: 'M.M.', rank: 'Pembina Tingkat I (IV/b)', nip: '197511202000032002' };
const KADIS = 'Kepala Dinas Koperasi dan Usaha Mikro';

describe('signature block for every capacity (DESIGN §5, Tata Naskah Dinas)', () => {
  it('own', () => {
    expect(signatureBlock({ capacity: 'own', principalTitle: KADIS, signerTitle: KADIS, signer })).toEqual([
      'KEPALA DINAS KOPERASI DAN USAHA MIKRO,',
      '(TTE)',
      'Dra. Nurhayati Siregar, M.M.',
      'Pembina Tingkat I (IV/b)',
      'NIP. 19751120 200003 2 002',
    ]);
  });

  it('a.n. (Cilegon Pasal 29 ayat (1); UU 30/2014 Pasal 14 ayat (4)): the principal above the deputy own title', () => {
    expect(signatureBlock({ capacity: 'an', principalTitle: KADIS, signerTitle: 'Sekretaris', signer }).slice(0, 2)).toEqual([
      'a.n. KEPALA DINAS KOPERASI DAN USAHA MIKRO',
      'SEKRETARIS,',
    ]);
  });

  it('u.b.: the a.n. holder passes it one level further down', () => {
    expect(
      signatureBlock({
        capacity: 'ub',
        principalTitle: KADIS,
        intermediateTitle: 'Sekretaris',
        signerTitle: 'Kepala Sub Bagian Umum dan Kepegawaian',
        signer,
      }).slice(0, 4),
    ).toEqual(['a.n. KEPALA DINAS KOPERASI DAN USAHA MIKRO', 'SEKRETARIS,', 'u.b.', 'KEPALA SUB BAGIAN UMUM DAN KEPEGAWAIAN,']);
  });

  it.each([
    ['plt', 'Plt. KEPALA DINAS KOPERASI DAN USAHA MIKRO,'],
    ['plh', 'Plh. KEPALA DINAS KOPERASI DAN USAHA MIKRO,'],
  ] as const)('%s', (capacity, line) => {
    expect(signatureBlock({ capacity, principalTitle: KADIS, signerTitle: 'Sekretaris', signer })[0]).toBe(line);
  });

  it('Plh. by appointment (Cilegon Pasal 29 ayat (2)): the principal title under Plh., then the deputy by name', () => {
    const deputy = { name: 'Rizal Maulana', gelarBelakang: 'S.Kom.', rank: 'Penata Muda (III/a)', nip: '199510102020121003' };
    expect(
      signatureBlock({
        capacity: 'plh',
        principalTitle: 'Kepala Sub Bagian Umum dan Kepegawaian',
        signerTitle: 'Analis Sumber Daya Manusia Aparatur',
        signer: deputy,
      }),
    ).toEqual([
      'Plh. KEPALA SUB BAGIAN UMUM DAN KEPEGAWAIAN,',
      '(TTE)',
      'Rizal Maulana, S.Kom.',
      'Penata Muda (III/a)',
      'NIP. 19951010 202012 1 003',
    ]);
  });

  it('Permendagri 1/2023 Pasal 44: decrees write the name without gelar', () => {
    expect(signatureBlock({ capacity: 'own', principalTitle: KADIS, signerTitle: KADIS, signer, withoutGelar: true })[2]).toBe('NURHAYATI SIREGAR');
  });

  it('a name without gelar stays plain', () => {
    expect(
      signatureBlock({
        capacity: 'own',
        principalTitle: 'Sekretaris',
        signerTitle: 'Sekretaris',
        signer: { ...signer, gelarDepan: undefined, gelarBelakang: undefined },
      })[2],
    ).toBe('Nurhayati Siregar');
  });
});
