-- The read-only auditor role (issue 18). IF NOT EXISTS: the retention branch adds the same value in a migration of its
-- own, and whichever runs second must not fail.
ALTER TYPE "role" ADD VALUE IF NOT EXISTS 'AUDITOR';
