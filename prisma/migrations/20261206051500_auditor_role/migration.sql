-- The read-only auditor role (issue 18). IF NOT EXISTS: the figures branch adds the same statement.
ALTER TYPE "role" ADD VALUE IF NOT EXISTS 'AUDITOR';
