-- CreateEnum
CREATE TYPE "incident_kind" AS ENUM ('CALL', 'EMAIL', 'MESSAGE', 'VISIT', 'OTHER');

-- CreateTable
CREATE TABLE "guide_section" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "coverable" BOOLEAN NOT NULL DEFAULT true,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedById" UUID,

    CONSTRAINT "guide_section_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "guide_section_revision" (
    "id" UUID NOT NULL,
    "sectionId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "editedById" UUID,
    "editedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "guide_section_revision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "conversation_record" (
    "id" UUID NOT NULL,
    "employeeId" UUID NOT NULL,
    "managerId" UUID NOT NULL,
    "heldOn" TIMESTAMP(3) NOT NULL,
    "pointsCovered" TEXT[],
    "supportOffered" TEXT NOT NULL,
    "agreed" TEXT NOT NULL,
    "followUpOn" TIMESTAMP(3),
    "reminderQueuedAt" TIMESTAMP(3),
    "agreedAt" TIMESTAMP(3),
    "withdrawnAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "conversation_record_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "conversation_comment" (
    "id" UUID NOT NULL,
    "recordId" UUID NOT NULL,
    "authorId" UUID NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "conversation_comment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_entry" (
    "id" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "kind" "incident_kind" NOT NULL,
    "whatHappened" TEXT NOT NULL,
    "witnesses" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "incident_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_annotation" (
    "id" UUID NOT NULL,
    "entryId" UUID NOT NULL,
    "authorId" UUID NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "incident_annotation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "guide_section_key_key" ON "guide_section"("key");

-- CreateIndex
CREATE UNIQUE INDEX "guide_section_revision_sectionId_version_key" ON "guide_section_revision"("sectionId", "version");

-- CreateIndex
CREATE INDEX "conversation_record_employeeId_createdAt_idx" ON "conversation_record"("employeeId", "createdAt");

-- CreateIndex
CREATE INDEX "conversation_record_managerId_createdAt_idx" ON "conversation_record"("managerId", "createdAt");

-- CreateIndex
CREATE INDEX "conversation_record_followUpOn_idx" ON "conversation_record"("followUpOn");

-- CreateIndex
CREATE INDEX "conversation_comment_recordId_createdAt_idx" ON "conversation_comment"("recordId", "createdAt");

-- CreateIndex
CREATE INDEX "incident_entry_personId_occurredAt_idx" ON "incident_entry"("personId", "occurredAt");

-- CreateIndex
CREATE INDEX "incident_annotation_entryId_createdAt_idx" ON "incident_annotation"("entryId", "createdAt");

-- AddForeignKey
ALTER TABLE "guide_section_revision" ADD CONSTRAINT "guide_section_revision_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "guide_section"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conversation_record" ADD CONSTRAINT "conversation_record_employeeId_fkey" FOREIGN KEY ("employeeId") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conversation_record" ADD CONSTRAINT "conversation_record_managerId_fkey" FOREIGN KEY ("managerId") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conversation_comment" ADD CONSTRAINT "conversation_comment_recordId_fkey" FOREIGN KEY ("recordId") REFERENCES "conversation_record"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_entry" ADD CONSTRAINT "incident_entry_personId_fkey" FOREIGN KEY ("personId") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_annotation" ADD CONSTRAINT "incident_annotation_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "incident_entry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ─── Written by hand: the incident log and guide revisions are append-only ─────────────────────────────────────
-- An incident entry may be evidence: once written, neither it nor its annotations can be changed or removed, by
-- the portal or by anyone with SQL access short of dropping the trigger. Corrections are made by annotating.
-- append_only_refuse_change() is defined by the support route's migration, which comes first.

CREATE TRIGGER incident_entry_append_only BEFORE UPDATE OR DELETE ON "incident_entry"
  FOR EACH ROW EXECUTE FUNCTION append_only_refuse_change();
CREATE TRIGGER incident_entry_no_truncate BEFORE TRUNCATE ON "incident_entry"
  FOR EACH STATEMENT EXECUTE FUNCTION append_only_refuse_change();
CREATE TRIGGER incident_annotation_append_only BEFORE UPDATE OR DELETE ON "incident_annotation"
  FOR EACH ROW EXECUTE FUNCTION append_only_refuse_change();
CREATE TRIGGER incident_annotation_no_truncate BEFORE TRUNCATE ON "incident_annotation"
  FOR EACH STATEMENT EXECUTE FUNCTION append_only_refuse_change();
CREATE TRIGGER guide_section_revision_append_only BEFORE UPDATE OR DELETE ON "guide_section_revision"
  FOR EACH ROW EXECUTE FUNCTION append_only_refuse_change();

-- ─── Written by hand: the guide's first version, in the portal's own words (sources: ../shared/seeds 004 §7.1, 001) ──
-- Administrators edit it in the portal (/admin/guide); every edit is a new revision and an audit row.
INSERT INTO "guide_section" ("id", "key", "position", "title", "body", "coverable", "version", "updatedAt") VALUES
('6a0d1f3e-0000-4000-8000-000000000001', 'signs', 1, 'Signs you may notice', $g$No single sign proves anything, and some people show none at all. Patterns like these are a reason to check in with someone kindly, never a reason to assume.

- They seem a different person: quieter, withdrawn or on edge when they used to be outgoing.
- They join in less, or the standard of their work drops.
- Injuries they do not explain, or clothing or heavy make-up that seems chosen to hide marks, such as long sleeves in hot weather.
- Lateness that is unlike them, leave asked for at the last minute, or frequent short spells of sickness.
- Calls, texts or emails during the working day that leave them upset.

If you are worried, do not wait to be certain. Saying nothing can deepen the fear of stigma; a manager who makes the first move often makes it possible to speak.$g$, false, 1, CURRENT_TIMESTAMP),
('6a0d1f3e-0000-4000-8000-000000000002', 'prepare', 2, 'Before you start', $g$- Find a private room where you cannot be overheard or seen through glass: never a corridor or the office floor.
- Set aside enough time that you will not have to cut them off, and silence your phone.
- Never raise it in front of others, in a team meeting or by message.
- Read this guide first and know what support the force offers, so you can say honestly what is possible.
- Remember your part: you are there to support them and to say what help exists, not to investigate or sort out what is happening at home.$g$, false, 1, CURRENT_TIMESTAMP),
('6a0d1f3e-0000-4000-8000-000000000003', 'opening-questions', 3, 'Opening the conversation', $g$Open questions give them room to answer in their own way, or not at all. For example:

- How are things with you at the moment? Is there anything you would like to talk through?
- You have not seemed quite yourself lately. Is something troubling you?
- Is anything making it harder to be at work, or affecting your attendance or your work?
- Is everything all right at home?
- What would help you now, and what would you like to happen next?

If they do not want to talk, accept it, say the door stays open, and tell them where else they can go.$g$, true, 1, CURRENT_TIMESTAMP),
('6a0d1f3e-0000-4000-8000-000000000004', 'always', 4, 'What to always do', $g$- Take what they say seriously. Listen, and believe them.
- Keep the conversation private.
- Respect their confidence, and be honest that a criminal offence they tell you about has to be recorded; their views will be taken into account.
- Accept that they may rather talk to someone else (a colleague, another manager, their staff association or trade union, an outside service or a Public Protection officer) and help them to.
- Ask what they want to happen, and whether you, another manager or another service can help them get there.
- Be honest about what you and the force can and cannot offer.
- Think about what may make things harder for them because of who they are: age, sex, sexual orientation, gender identity, race, religion or belief, disability, pregnancy.
- Go through the support that is available with them, and let them choose.
- Use the name and pronouns they use.$g$, true, 1, CURRENT_TIMESTAMP),
('6a0d1f3e-0000-4000-8000-000000000005', 'never', 5, 'What never to do', $g$- Never try to mediate between them and the person harming them, and never suggest they reconcile.
- Never offer counselling yourself or arrange religious or community arbitration: point them to trained services instead.
- Never pass on what they tell you to colleagues, friends or family without their agreement.
- Never assume: about who is harming them, about their relationship, or about what they ought to do.
- Never mention their sexual orientation or gender identity to colleagues or family.
- Never write details of the abuse in the conversation record.$g$, false, 1, CURRENT_TIMESTAMP),
('6a0d1f3e-0000-4000-8000-000000000006', 'support', 6, 'Support you can offer', $g$They choose what, if anything, to take up:

- the independent domestic violence adviser (IDVA) service for staff;
- occupational health, and welfare;
- a workplace domestic abuse champion;
- their staff association or trade union;
- a Public Protection officer;
- the National Domestic Abuse Helpline, free and open day and night: 0808 2000 247.

Staff can also ask for any of these in confidence through this portal, without going through you.$g$, true, 1, CURRENT_TIMESTAMP),
('6a0d1f3e-0000-4000-8000-000000000007', 'workplace-safety', 7, 'Keeping them safe at work', $g$If the person harming them may phone, visit or follow them at work, agree measures with them. Nothing is put in place without their agreement, and only the people who need to know are told.

- Change door codes, and check that only authorised people can get into the building.
- Remind the team never to give out anyone's address, phone number or shift pattern.
- Move them away from front-counter or call-handling duties where they could easily be reached.
- Agree what colleagues will be told, and what they should do if that person phones or turns up.
- With their agreement, give reception a photograph and the vehicle details of that person.
- Keep their duty records up to date; if their work takes them out of the building, lower the risk, for example by changing the duty or sending a colleague with them.
- Consider flexible hours or place of work, and paid time off for appointments.
- Suggest they keep a log of calls, emails, messages and visits at work, with dates, times and witnesses. Everyone has a private log in this portal, under "Your log", that only they can see.$g$, true, 1, CURRENT_TIMESTAMP),
('6a0d1f3e-0000-4000-8000-000000000008', 'child-at-risk', 8, 'If a child may be at risk', $g$Confidentiality has limits. If what you hear suggests that a child is at risk of harm, you must act even without the employee's agreement: tell them that you have to, then contact the domestic abuse coordinator or the child abuse investigation unit the same day, and note why you acted.

The same applies where there is a high risk of serious harm or death to the employee or to anyone else.$g$, true, 1, CURRENT_TIMESTAMP),
('6a0d1f3e-0000-4000-8000-000000000009', 'danger', 9, 'If someone is in danger now', $g$If anyone is in immediate danger, call 999. Do not wait to finish the conversation or to have their agreement. Afterwards, make sure the employee knows where to find support.$g$, false, 1, CURRENT_TIMESTAMP),
('6a0d1f3e-0000-4000-8000-000000000010', 'police-employee', 10, 'If the person harming them works for the police', $g$If they tell you that the person harming them is a police officer or a member of police staff, of this force or another, you must pass it on at once so that it is handled in confidence, away from the people involved. Tell them honestly what will happen: the report is restricted, professional standards oversee it, and they keep support as the person harmed.

[Record a report now](/records/new). The record is restricted as soon as it is saved: the person named, and their line managers, cannot see it.$g$, true, 1, CURRENT_TIMESTAMP),
('6a0d1f3e-0000-4000-8000-000000000011', 'absence-and-performance', 11, 'Before any absence or performance action', $g$Lateness, sickness absence or a drop in performance can be the effect of abuse at home, and people have faced discipline for what the abuse was causing. Before you start any absence or performance process, ask yourself whether this could be the explanation, and whether a supportive conversation should come first.

A steady job is often what makes it possible to leave an abusive relationship.$g$, false, 1, CURRENT_TIMESTAMP),
('6a0d1f3e-0000-4000-8000-000000000012', 'recording', 12, 'Recording the conversation', $g$Afterwards you can keep a short record in this portal: that the conversation took place, which points of this guide you covered, what support you offered, what you agreed and when you will next talk. Write nothing about the abuse itself.

The employee sees the record, can agree with it or comment on it, and can ask for it to be removed. You get a reminder before the follow-up date.$g$, false, 1, CURRENT_TIMESTAMP);

INSERT INTO "guide_section_revision" ("id", "sectionId", "version", "title", "body", "editedAt")
SELECT gen_random_uuid(), "id", 1, "title", "body", CURRENT_TIMESTAMP FROM "guide_section";
