// A real SMTP server on 127.0.0.1 (smtp-server), run as its own process by the SMTP tests. It
// takes the login crm / s3cret; refuses nobody@... with 550 5.1.1, busy@... with 451 4.3.0,
// listed@... with 550 5.7.1 (our sending IP on a blocklist, as real servers word it), full@... with
// 552 5.2.2 and plain@... with a bare 550; for drop@... it reads the whole message, then closes the
// connection without a reply. It prints each message it read, parsed (mailparser), as one JSON line.
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

const server = new SMTPServer({
  disabledCommands: ['STARTTLS'],
  allowInsecureAuth: true,
  authOptional: true,
  onAuth(auth, _session, callback) {
    if (auth.username === 'crm' && auth.password === 's3cret') callback(null, { user: 'crm' });
    else callback(Object.assign(new Error('535 5.7.8 Authentication credentials invalid'), { responseCode: 535 }));
  },
  onRcptTo(address, _session, callback) {
    if (address.address.startsWith('nobody@')) return callback(Object.assign(new Error('5.1.1 <' + address.address + '>: Recipient address rejected: User unknown'), { responseCode: 550 }));
    if (address.address.startsWith('busy@')) return callback(Object.assign(new Error('4.3.0 Mailbox temporarily unavailable'), { responseCode: 451 }));
    if (address.address.startsWith('listed@'))
      return callback(Object.assign(new Error('5.7.1 Service unavailable; client host [127.0.0.1] blocked using zen.spamhaus.org; your IP address is listed'), { responseCode: 550 }));
    if (address.address.startsWith('full@')) return callback(Object.assign(new Error('5.2.2 <' + address.address + '>: user mailbox is full'), { responseCode: 552 }));
    if (address.address.startsWith('plain@')) return callback(Object.assign(new Error('Requested action not taken: no such user here'), { responseCode: 550 }));
    callback();
  },
  onData(stream, session, callback) {
    simpleParser(stream).then((mail) => {
      // Raw header lines: mailparser turns List-Unsubscribe into an object.
      const headers = Object.fromEntries(mail.headerLines.map(({ key, line }) => [key, line.slice(line.indexOf(':') + 1).trim()]));
      process.stdout.write(
        JSON.stringify({
          user: session.user ?? null,
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          from: mail.from?.text,
          to: mail.to?.text,
          subject: mail.subject,
          text: mail.text,
          html: mail.html || null,
          messageId: mail.messageId,
          listUnsubscribe: headers['list-unsubscribe'] ?? null,
          listUnsubscribePost: headers['list-unsubscribe-post'] ?? null,
          campaignStudioMessage: headers['x-campaign-studio-message'] ?? null,
        }) + '\n',
      );
      const dropped = session.envelope.rcptTo.some((r) => r.address.startsWith('drop@'));
      if (!dropped) return callback();
      // The answer to the data is lost: the connection closes before the server says 250.
      for (const connection of server.connections) if (connection.session === session) connection._socket.destroy();
    }, callback);
  },
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`PORT ${server.server.address().port}\n`));
