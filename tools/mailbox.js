// The dev stack's mailbox: a real SMTP server (smtp-server) in the stack's own process, so that
// the worker sends notification e-mail over SMTP exactly as in production, and every message
// that arrives is kept as an .eml file in a folder (`.data/mail` for `npm start`; the e2e run's
// own folder for the tests, which read what arrived). Plain SMTP on 127.0.0.1, no auth.
const { Buffer } = require('node:buffer');
const fs = require('node:fs');
const path = require('node:path');
const { SMTPServer } = require('smtp-server');

/** Starts the server on a free port of 127.0.0.1; resolves with its port, folder and `stop()`. */
function startMailbox({ dir }) {
  fs.mkdirSync(dir, { recursive: true });
  let count = 0;
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    banner: 'kjflow dev mailbox',
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', () => {
        count += 1;
        // Sortable by arrival: time, then a counter within the process.
        const name = `${Date.now()}-${String(count).padStart(6, '0')}.eml`;
        fs.writeFile(path.join(dir, name), Buffer.concat(chunks), (err) => callback(err ?? null));
      });
    },
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      server.on('error', () => undefined); // a client's broken connection does not stop the stack
      resolve({
        port: server.server.address().port,
        dir,
        stop: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}

module.exports = { startMailbox };
