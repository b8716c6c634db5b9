import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

/**
 * Limits per IP address and per account, kept in the server's memory: a restart forgets them,
 * which is acceptable for slowing down guessing (docs/decisions/0003-rate-limits.md).
 */
const limits = {
  signInFailuresPerIp: { points: 30, duration: 15 * 60 },
  signInFailuresPerAccount: { points: 8, duration: 15 * 60 },
  registerPerIp: { points: 10, duration: 60 * 60 },
  resetPerIp: { points: 10, duration: 60 * 60 },
  resetPerAccount: { points: 3, duration: 60 * 60 },
  // Drawing a certificate's PDF takes ~50 ms of the server's time (a drawn one is kept and costs
  // nothing); an organisation behind one address may download many after a webinar.
  certificatePdfPerIp: { points: 60, duration: 60 },
} as const;

export type LimitName = keyof typeof limits;

const limiters = Object.fromEntries(
  Object.entries(limits).map(([name, options]) => [name, new RateLimiterMemory({ keyPrefix: name, ...options })]),
) as Record<LimitName, RateLimiterMemory>;

export type LimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Counts one attempt against a limit. */
export async function consumeLimit(name: LimitName, key: string): Promise<LimitResult> {
  try {
    await limiters[name].consume(key);
    return { allowed: true };
  } catch (error) {
    if (error instanceof RateLimiterRes) {
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)) };
    }
    throw error;
  }
}

/** Whether a limit is already used up, without counting an attempt. */
export async function isLimited(name: LimitName, key: string): Promise<LimitResult> {
  const state = await limiters[name].get(key);
  if (state && state.consumedPoints >= limits[name].points) {
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(state.msBeforeNext / 1000)) };
  }
  return { allowed: true };
}

export async function resetLimit(name: LimitName, key: string) {
  await limiters[name].delete(key);
}

export function minutesText(seconds: number) {
  const minutes = Math.ceil(seconds / 60);
  return minutes <= 1 ? "een minuut" : `${minutes} minuten`;
}
