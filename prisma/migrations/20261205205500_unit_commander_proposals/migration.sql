-- A unit's commander changes only through a proposal a second administrator approves (docs/decisions/023).
ALTER TYPE "ProposalKind" ADD VALUE 'UNIT_COMMANDER';
