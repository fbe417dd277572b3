import { stripVTControlCharacters } from 'node:util';
import { ParameterFreeLogger } from './parameter-free-logger';

describe('ParameterFreeLogger', () => {
  // TypeORM colours the SQL when the output supports colour (a TTY, FORCE_COLOR, some CI
  // environments); the assertions read the text without its escape sequences.
  it('logs a failed query with its SQL and error, never the values bound to it', () => {
    const lines: string[] = [];
    const spy = jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
    const error = jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
    try {
      const logger = new ParameterFreeLogger(['error', 'query']);
      const secret = '-----BEGIN ENCRYPTED PRIVATE KEY-----MIIFLTBXBgkqhkiG9w0BBQ0w';
      logger.logQueryError('Deadlock found when trying to get lock', 'INSERT INTO `signing_credential`(`encrypted_key_pem`) VALUES (?)', [secret]);
      logger.logQuerySlow(5000, 'UPDATE official SET password_hash = ?', ['$argon2id$v=19$secret']);
      logger.logQuery('SELECT ?', ['naskah123']);
      const all = stripVTControlCharacters(lines.join('\n'));
      expect(all).toContain('Deadlock found');
      expect(all).toContain('INSERT INTO `signing_credential`');
      expect(all).not.toContain('BEGIN ENCRYPTED');
      expect(all).not.toContain('argon2id');
      expect(all).not.toContain('naskah123');
    } finally {
      spy.mockRestore();
      error.mockRestore();
    }
  });
});
