-- CreateIndex
CREATE INDEX "police_suspect_case_interestedPersonId_idx" ON "police_suspect_case"("interestedPersonId");
