// Jest's default progress reporter without its summary (summary-reporter.js prints that).
module.exports = require('@jest/reporters').DefaultReporter;
