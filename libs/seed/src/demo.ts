/** Development password of every demo official (README); never seeded by the production compose file. */
export const DEMO_PASSWORD = 'naskah123';
