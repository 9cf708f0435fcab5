import { createTransport } from 'nodemailer';
import { type MailTransport, PermanentSendError } from './port.ts';

export type SmtpTransportOptions = {
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://user:pass@host:465`. */
  readonly url: string;
  /** Bounds each phase of a connection; the whole send is bounded by the caller's signal. */
  readonly timeoutMs: number;
};

/** The nodemailer options for a URL: the URL decides host, port, TLS and credentials. */
export function smtpOptions(options: SmtpTransportOptions) {
  return {
    url: options.url,
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
    dnsTimeout: options.timeoutMs,
  };
}

function responseCodeOf(error: unknown): number | undefined {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' ? code : undefined;
}

/** The bare address of a From header (`Shop <a@b.c>` → `a@b.c`). */
function addressOf(from: string): string {
  return /<([^<>]+)>$/.exec(from)?.[1] ?? from;
}

/**
 * Production transport: any SMTP server, configured by URL (nodemailer). The envelope
 * names exactly one recipient, and the Message-ID is derived from the message id, so a
 * redelivery after a crash carries the same Message-ID (receivers may drop it). A 5xx
 * answer is a permanent refusal; everything else (4xx, timeouts, refused
 * connections) is retried by the sender.
 */
export function smtpTransport(options: SmtpTransportOptions): MailTransport {
  const transporter = createTransport(smtpOptions(options));
  return {
    kind: 'smtp',
    async send(mail, signal) {
      try {
        await transporter.sendMail({
          from: mail.from,
          to: { name: '', address: mail.to },
          envelope: { from: addressOf(mail.from), to: [mail.to] },
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: `<${mail.id}@${addressOf(mail.from).split('@')[1] ?? 'mercato.local'}>`,
          signal,
        });
      } catch (error) {
        const responseCode = responseCodeOf(error);
        if (responseCode !== undefined && responseCode >= 500 && responseCode < 600) {
          throw new PermanentSendError(`SMTP server refused the message (${responseCode})`, { cause: error });
        }
        throw error;
      }
    },
    async close() {
      transporter.close();
    },
  };
}
