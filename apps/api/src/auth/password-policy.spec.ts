import { passwordViolations } from './password-policy';

const owner = { nip: '199110302015031002', name: 'Andi Saputra' };

describe('passwordViolations', () => {
  it('accepts a long password of several kinds of characters', () => {
    expect(passwordViolations('Kopi-pagi-di-Batam7', owner)).toEqual([]);
    expect(passwordViolations('kuda lumping berlari', owner)).toEqual([]);
  });

  it.each([
    ['Ab1!x', 'paling sedikit 10 karakter'],
    ['abcdefghijkl', 'dua jenis karakter'],
    ['ABCDEFGHIJKL', 'dua jenis karakter'],
    ['123456789012', 'dua jenis karakter'],
    ['!!!!!!!!!!!!', 'dua jenis karakter'],
    ['x199110302015031002', 'NIP'],
    ['NIP 19911030.2015031002', 'NIP'],
    ['Saputra-2024!', 'nama pegawai'],
    ['ANDIganteng99', 'nama pegawai'],
    ['naskah123456', 'naskah123'],
    ['NASKAH123-baru', 'naskah123'],
  ])('refuses %j: %s', (password, rule) => {
    const broken = passwordViolations(password, owner);
    expect(broken.join('; ')).toContain(rule);
  });

  it('counts characters, not bytes, and folds accents in names', () => {
    expect(passwordViolations('ééééééééé1', owner)).toEqual([]);
    expect(passwordViolations('Hélène-rumah-9', { nip: owner.nip, name: 'Helene Siregar' })).toContain('tidak boleh memuat nama pegawai');
  });

  it('refuses the current password again', () => {
    expect(passwordViolations('Kopi-pagi-di-Batam7', owner, 'Kopi-pagi-di-Batam7')).toEqual(['harus berbeda dari kata sandi saat ini']);
  });

  it('names every rule broken at once', () => {
    expect(passwordViolations('andi', owner)).toHaveLength(3);
  });
});
