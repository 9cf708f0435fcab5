import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { smtpOptions, smtpTransport } from '../src/transport/smtp.ts';
import { PermanentSendError } from '../src/transport/port.ts';

type Received = { auth: string | undefined; from: string; to: string[]; data: string };

/**
 * A tiny SMTP server (node:net) that speaks just enough of RFC 5321 for one client:
 * EHLO with AUTH PLAIN, MAIL, RCPT, DATA, QUIT. `mailFromReply` scripts the answer to
 * MAIL FROM, to make the server refuse. Bounded: 1 MiB per connection, 5 s idle.
 */
function tinySmtpServer() {
  const received: Received[] = [];
  const state = { mailFromReply: '250 OK' };
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setEncoding('utf8');
    socket.setTimeout(5000, () => socket.destroy());
    let buffer = '';
    let inData = false;
    let current: Received = { auth: undefined, from: '', to: [], data: '' };
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 tiny ESMTP');
    function command(line: string): void {
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'EHLO') reply('250-tiny\r\n250-AUTH PLAIN\r\n250 8BITMIME');
      else if (verb === 'HELO' || verb === 'NOOP' || verb === 'RSET') reply('250 OK');
      else if (verb === 'AUTH') {
        current.auth = Buffer.from(line.split(' ')[2] ?? '', 'base64').toString('utf8');
        reply('235 Authentication successful');
      } else if (verb === 'MAIL') {
        current.from = /<([^>]*)>/.exec(line)?.[1] ?? '';
        reply(state.mailFromReply);
      } else if (verb === 'RCPT') {
        current.to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
        reply('250 OK');
      } else if (verb === 'DATA') {
        inData = true;
        reply('354 End data with <CR><LF>.<CR><LF>');
      } else if (verb === 'QUIT') {
        reply('221 Bye');
        socket.end();
      } else reply('502 Command not implemented');
    }
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      if (buffer.length > 1024 * 1024) return void socket.destroy();
      for (let steps = 0; steps < 1000; steps++) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          current.data = buffer.slice(0, end).replace(/^\.\./gm, '.');
          buffer = buffer.slice(end + 5);
          inData = false;
          received.push(current);
          current = { auth: current.auth, from: '', to: [], data: '' };
          reply('250 OK queued');
          continue;
        }
        const end = buffer.indexOf('\r\n');
        if (end < 0) return;
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        command(line);
      }
    });
  });
  return {
    received,
    state,
    async listen(): Promise<number> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      assert.ok(address !== null && typeof address === 'object');
      return address.port;
    },
    async close(): Promise<void> {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const mail = {
  id: 'msg_smtp_1',
  from: 'Tea House <shop@tea.example>',
  to: 'buyer@example.com',
  subject: 'Tea House: order M-1 confirmed',
  text: 'Thank you for your order M-1.\n.\nTotal: $1.00',
  html: '<p>Thank you for your order <strong>M-1</strong>.</p>',
};

describe('SMTP transport (nodemailer) against a tiny in-test SMTP server', () => {
  const smtp = tinySmtpServer();
  let url: string;

  before(async () => {
    const port = await smtp.listen();
    url = `smtp://mailer:s3cret@127.0.0.1:${port}`;
  });

  after(() => smtp.close());

  it('configures nodemailer from the URL alone, with every phase bounded', () => {
    assert.deepEqual(smtpOptions({ url: 'smtp://u:p@mail.example:587', timeoutMs: 5000 }), {
      url: 'smtp://u:p@mail.example:587',
      connectionTimeout: 5000,
      greetingTimeout: 5000,
      socketTimeout: 5000,
      dnsTimeout: 5000,
    });
  });

  it('logs in with the URL’s credentials and delivers to exactly the one recipient, Message-ID from the message id', {
    timeout: 10_000,
  }, async () => {
    const transport = smtpTransport({ url, timeoutMs: 3000 });
    await transport.send(mail, AbortSignal.timeout(5000));
    await transport.close();
    assert.equal(smtp.received.length, 1);
    const [letter] = smtp.received;
    assert.equal(letter?.auth, '\0mailer\0s3cret');
    assert.equal(letter?.from, 'shop@tea.example');
    assert.deepEqual(letter?.to, ['buyer@example.com']);
    assert.match(letter?.data ?? '', /^Subject: Tea House: order M-1 confirmed\r$/m);
    assert.match(letter?.data ?? '', /^Message-ID: <msg_smtp_1@tea\.example>\r$/m);
    assert.match(letter?.data ?? '', /^From: Tea House <shop@tea\.example>\r$/m);
    assert.match(letter?.data ?? '', /Content-Type: text\/plain/);
    assert.match(letter?.data ?? '', /Content-Type: text\/html/);
    assert.match(letter?.data ?? '', /Total: \$1\.00/);
  });

  it('turns a 5xx refusal into a permanent error and a 4xx into a retryable one', { timeout: 10_000 }, async () => {
    const transport = smtpTransport({ url, timeoutMs: 3000 });
    smtp.state.mailFromReply = '550 5.1.0 Sender rejected';
    await assert.rejects(transport.send(mail, AbortSignal.timeout(5000)), PermanentSendError);
    smtp.state.mailFromReply = '451 4.3.0 Try again later';
    await assert.rejects(
      transport.send(mail, AbortSignal.timeout(5000)),
      (error: unknown) => !(error instanceof PermanentSendError),
    );
    smtp.state.mailFromReply = '250 OK';
    await transport.close();
  });
});
