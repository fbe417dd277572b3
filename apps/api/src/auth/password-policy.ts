export const PASSWORD_MIN_LENGTH = 10;

/** Passwords printed in the README for the demo officials: anyone knows them. */
const PUBLISHED_PASSWORDS = ['naskah123'];

export interface PasswordOwner {
  nip: string;
  name: string;
}

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

function characterClass(ch: string): 'lower' | 'upper' | 'digit' | 'other' {
  if (/\p{Ll}/u.test(ch)) return 'lower';
  if (/\p{Lu}|\p{Lt}/u.test(ch)) return 'upper';
  if (/\p{N}/u.test(ch)) return 'digit';
  return 'other';
}

/**
 * The rules a new password breaks, in words for the official (empty: it is acceptable). The name is
 * checked word by word (three letters or more), so "Andi Saputra" refuses "saputra2024!".
 */
export function passwordViolations(password: string, owner: PasswordOwner, currentPassword?: string): string[] {
  const broken: string[] = [];
  const folded = fold(password);
  if ([...password].length < PASSWORD_MIN_LENGTH) broken.push(`paling sedikit ${PASSWORD_MIN_LENGTH} karakter`);
  if (new Set([...password].map(characterClass)).size < 2) {
    broken.push('memuat sedikitnya dua jenis karakter (huruf kecil, huruf besar, angka, atau simbol)');
  }
  if (password.replace(/[\s.\-_]/g, '').includes(owner.nip)) broken.push('tidak boleh memuat NIP');
  const nameParts = fold(owner.name)
    .split(/[^\p{L}]+/u)
    .filter((p) => p.length >= 3);
  if (nameParts.some((p) => folded.includes(p))) broken.push('tidak boleh memuat nama pegawai');
  if (PUBLISHED_PASSWORDS.some((p) => folded.includes(p))) broken.push('tidak boleh memuat kata sandi contoh yang diumumkan (naskah123)');
  if (currentPassword !== undefined && password === currentPassword) broken.push('harus berbeda dari kata sandi saat ini');
  return broken;
}
