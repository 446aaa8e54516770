// PostgreSQL's content hash of an audit row as the verifier computed it up to b85f1df (a to_json a field), for the
// experiments that time it as a baseline. Now: SQL_CONTENT_HASH in app/utils/audit-verify.server.ts.
export const EARLIER_CONTENT_HASH_SQL = `encode(sha256(convert_to('[' || concat_ws(',',
    to_json(to_char(e."occurredAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text,
    coalesce(to_json(e."actorId"::text)::text, 'null'), to_json(e."action")::text,
    coalesce(to_json(e."subjectType")::text, 'null'), coalesce(to_json(e."subjectId")::text, 'null'),
    to_json(e."outcome")::text, coalesce(to_json(e."reason")::text, 'null'),
    coalesce(to_json(e."ipAddress")::text, 'null'), coalesce(to_json(e."userAgent")::text, 'null'),
    coalesce(to_json(e."details")::text, 'null')) || ']', 'UTF8')), 'hex')`;
