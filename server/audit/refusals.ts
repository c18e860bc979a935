import { AccessDenied, AppError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { countRefusal } from '../telemetry/index.ts';
import { auditActor, auditEvent } from './actor.ts';
import { REPEAT_WINDOW_MS, type AuditWriter } from './audit-writer.ts';

/**
 * Records why a credential was refused, then lets the caller rethrow it.
 *
 * - A *verified* token refused anyway (AccessDenied: left the org, role missing) names a
 *   trustworthy org: the refusal goes into that org's chain as 'login-denied'.
 * - A token that fails verification (expired, forged, wrong audience, none at all) names nothing
 *   we can trust: writing it into the org it claims would let anyone append to any org's chain
 *   (and grow it without bound). It is only logged, without the token.
 */
export async function recordRefusal(
  audit: AuditWriter,
  logger: Logger,
  error: unknown,
  where: { clientAddress: string | null; via: 'http' | 'socket'; route?: string },
): Promise<void> {
  if (error instanceof AppError) countRefusal(error instanceof AccessDenied ? error.denial : error.code, where.via);
  if (error instanceof AccessDenied) {
    if (!error.principal.orgId) {
      logger.info({ ...where, userId: error.principal.userId, denial: error.denial }, 'verified token without an org refused');
      return;
    }
    try {
      // One per person, reason and route a minute: a loop of refused requests writes one event.
      await audit.recordOnce(
        auditEvent(auditActor(error.principal, where.clientAddress), 'login-denied', { details: { reason: error.denial, via: where.via, ...(where.route ? { route: where.route } : {}) } }),
        REPEAT_WINDOW_MS,
      );
    } catch (failure: unknown) {
      // The refusal stands either way; losing its record is worth a loud log line.
      logger.error({ err: failure, userId: error.principal.userId }, 'could not record a refused login in the audit trail');
    }
    return;
  }
  if (error instanceof AppError && error.status === 401) {
    logger.info({ ...where, reason: error.message }, 'unverified token refused (not audited: it names no trustworthy org)');
  }
}
