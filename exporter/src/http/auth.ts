import { timingSafeEqual } from "node:crypto";

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a), y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Whether an Authorization header carries exactly `Bearer <token>` (compared in constant time). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  return header !== undefined && header.startsWith("Bearer ") && safeEqual(header.slice(7), token);
}

/** Whether an Authorization header carries HTTP basic credentials equal to `username:password`. */
export function basicMatches(header: string | undefined, username: string, password: string): boolean {
  if (header === undefined || !header.startsWith("Basic ")) return false;
  return safeEqual(Buffer.from(header.slice(6), "base64").toString("utf8"), `${username}:${password}`);
}
