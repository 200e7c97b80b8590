/**
 * The SMTP settings of e-mail delivery, validated once (STYLE.md E): host and from are required together, port
 * defaults to 587 (STARTTLS when the server offers it) or 465 with `secure`; user and password go together. The
 * result is frozen; null when no host is given (e-mail subscriptions then fail, recorded and reported).
 */
import { vspError } from '../../errors.ts';

export interface SmtpSpec {
  host?: unknown;
  port?: unknown;
  secure?: unknown;
  user?: unknown;
  password?: unknown;
  from?: unknown;
}

export interface SmtpConfig {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); false: STARTTLS when offered. */
  secure: boolean;
  auth: { user: string; pass: string } | null;
  /** The From address: «Всплеск <briefings@example.ru>» or a bare address. */
  from: string;
}

const ADDRESS_RE = /^[^\s@<>]+@[^\s@<>]+$/;
/** A bare address, or «Name <address>». */
export const isMailAddress = (s: string) =>
  ADDRESS_RE.test(s) || /^[^<>]*<[^\s@<>]+@[^\s@<>]+>$/.test(s.trim());

const text = (field: string, v: unknown): string | undefined => {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw vspError('VSP_CONFIG_INVALID', `smtp.${field} must be a string`);
  return v.trim();
};

function portOf(v: unknown, secure: boolean): number {
  if (v === undefined || v === null || v === '') return secure ? 465 : 587;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 65_535)
    throw vspError('VSP_CONFIG_INVALID', `smtp.port must be an integer 1–65535; got '${String(v)}'`);
  return n;
}

export function normalizeSmtpConfig(spec: SmtpSpec): SmtpConfig | null {
  const host = text('host', spec.host);
  const from = text('from', spec.from);
  const user = text('user', spec.user);
  const pass = typeof spec.password === 'string' && spec.password !== '' ? spec.password : undefined;
  if (host === undefined) {
    if (from !== undefined || user !== undefined || spec.port !== undefined)
      throw vspError('VSP_CONFIG_INVALID', 'smtp.from, smtp.user or smtp.port given without smtp.host');
    return null;
  }
  if (from === undefined || !isMailAddress(from))
    throw vspError('VSP_CONFIG_INVALID', `smtp.from must be an e-mail address; got '${from ?? ''}'`);
  if ((user === undefined) !== (pass === undefined))
    throw vspError('VSP_CONFIG_INVALID', 'smtp.user and the SMTP password go together (both or neither)');
  const secure = spec.secure === true || spec.secure === 'true';
  return Object.freeze({
    host,
    port: portOf(spec.port, secure),
    secure,
    auth: user !== undefined && pass !== undefined ? Object.freeze({ user, pass }) : null,
    from,
  });
}
