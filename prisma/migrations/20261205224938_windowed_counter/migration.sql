-- CreateTable
CREATE TABLE "windowed_counter" (
    "key" TEXT NOT NULL,
    "hits" INTEGER NOT NULL,
    "resetAt" BIGINT NOT NULL,

    CONSTRAINT "windowed_counter_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "windowed_counter_resetAt_idx" ON "windowed_counter"("resetAt");
