-- CreateEnum
CREATE TYPE "Language" AS ENUM ('vi', 'en', 'zh');

-- CreateEnum
CREATE TYPE "ConsentPurpose" AS ENUM ('dossier_processing', 'phone_notifications', 'location_alerts', 'incident_location');

-- CreateEnum
CREATE TYPE "StaffRole" AS ENUM ('admin', 'clerk', 'ioc_operator');

-- CreateEnum
CREATE TYPE "AgencyKind" AS ENUM ('province_department', 'commune_committee', 'service_centre', 'ioc', 'other');

-- CreateEnum
CREATE TYPE "AdminUnitType" AS ENUM ('province', 'xa', 'phuong');

-- CreateEnum
CREATE TYPE "ProcedureLevel" AS ENUM ('province', 'commune');

-- CreateEnum
CREATE TYPE "OnlineLevel" AS ENUM ('full', 'partial', 'none');

-- CreateEnum
CREATE TYPE "CalendarDayKind" AS ENUM ('day_off', 'working_day');

-- CreateEnum
CREATE TYPE "DossierStatus" AS ENUM ('new_registered', 'received', 'not_received', 'processing', 'supplement_requested', 'financial_obligation', 'withdrawn', 'stopped', 'processed', 'result_returned');

-- CreateEnum
CREATE TYPE "DeliveryMethod" AS ENUM ('at_centre', 'public_post');

-- CreateEnum
CREATE TYPE "PaymentStatus" AS ENUM ('pending', 'paid', 'failed', 'expired', 'refunded', 'partially_refunded');

-- CreateEnum
CREATE TYPE "IncidentStatus" AS ENUM ('unconfirmed', 'confirmed', 'investigating', 'in_progress', 'action_scheduled', 'fixed', 'closed_not_responsible', 'closed_duplicate', 'closed_no_further_action', 'hidden');

-- CreateEnum
CREATE TYPE "AlertStatus" AS ENUM ('active', 'updated', 'cancelled', 'expired');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('planned', 'sent', 'failed', 'skipped');

-- CreateEnum
CREATE TYPE "NotificationStatus" AS ENUM ('queued', 'sent', 'failed', 'skipped');

-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('pending', 'enqueued', 'done', 'failed');

-- CreateTable
CREATE TABLE "Citizen" (
    "id" TEXT NOT NULL,
    "zaloUserId" TEXT NOT NULL,
    "zaloIdByOA" TEXT,
    "displayName" TEXT,
    "phone" TEXT,
    "language" "Language" NOT NULL DEFAULT 'vi',
    "followsOA" BOOLEAN NOT NULL DEFAULT false,
    "lastInteractAt" TIMESTAMPTZ(3),
    "quietHoursFrom" INTEGER,
    "quietHoursTo" INTEGER,
    "messagePrefs" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "deletedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Citizen_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CitizenSession" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "citizenId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "devMode" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "CitizenSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsentRecord" (
    "id" TEXT NOT NULL,
    "citizenId" TEXT NOT NULL,
    "purpose" "ConsentPurpose" NOT NULL,
    "granted" BOOLEAN NOT NULL,
    "textVersion" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConsentRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StaffUser" (
    "id" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "fullName" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" "StaffRole" NOT NULL,
    "agencyId" TEXT,
    "failedLogins" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMPTZ(3),
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "StaffUser_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StaffSession" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "csrfToken" TEXT NOT NULL,
    "staffId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "StaffSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Agency" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "AgencyKind" NOT NULL,
    "unitCode" TEXT,
    "phone" TEXT,
    "address" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Agency_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AdminUnit" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "fullName" TEXT NOT NULL,
    "type" "AdminUnitType" NOT NULL,
    "parentCode" TEXT,
    "centroidLat" DOUBLE PRECISION,
    "centroidLon" DOUBLE PRECISION,
    "bboxMinLon" DOUBLE PRECISION,
    "bboxMinLat" DOUBLE PRECISION,
    "bboxMaxLon" DOUBLE PRECISION,
    "bboxMaxLat" DOUBLE PRECISION,
    "boundary" JSONB,
    "areaKm2" DOUBLE PRECISION,
    "formerUnits" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "AdminUnit_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "Procedure" (
    "id" TEXT NOT NULL,
    "nationalCode" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameSearch" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "level" "ProcedureLevel" NOT NULL,
    "agencyKind" "AgencyKind" NOT NULL,
    "agencyId" TEXT,
    "processingDays" INTEGER NOT NULL,
    "processingUnit" TEXT NOT NULL DEFAULT 'working_days',
    "processingNote" TEXT,
    "purpose" TEXT,
    "eligibility" TEXT,
    "feeSchedule" JSONB NOT NULL DEFAULT '[]',
    "feeNote" TEXT,
    "requiredDocuments" JSONB NOT NULL DEFAULT '[]',
    "formSchema" JSONB NOT NULL DEFAULT '{"fields":[]}',
    "onlineLevel" "OnlineLevel" NOT NULL DEFAULT 'partial',
    "channels" TEXT[],
    "legalBasis" JSONB NOT NULL DEFAULT '[]',
    "sourceUrl" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Procedure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CalendarYear" (
    "year" INTEGER NOT NULL,
    "official" BOOLEAN NOT NULL DEFAULT false,
    "source" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CalendarYear_pkey" PRIMARY KEY ("year")
);

-- CreateTable
CREATE TABLE "CalendarAdjustment" (
    "date" DATE NOT NULL,
    "kind" "CalendarDayKind" NOT NULL,
    "reason" TEXT NOT NULL,
    "source" TEXT,
    "provisional" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CalendarAdjustment_pkey" PRIMARY KEY ("date")
);

-- CreateTable
CREATE TABLE "DossierSequence" (
    "agencyId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "lastSeq" INTEGER NOT NULL,

    CONSTRAINT "DossierSequence_pkey" PRIMARY KEY ("agencyId","day")
);

-- CreateTable
CREATE TABLE "DossierDraft" (
    "id" TEXT NOT NULL,
    "citizenId" TEXT NOT NULL,
    "procedureId" TEXT NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "fileIds" TEXT[],
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DossierDraft_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Dossier" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "citizenId" TEXT NOT NULL,
    "procedureId" TEXT NOT NULL,
    "agencyId" TEXT NOT NULL,
    "status" "DossierStatus" NOT NULL DEFAULT 'new_registered',
    "channel" INTEGER NOT NULL DEFAULT 2,
    "formData" JSONB NOT NULL,
    "applicantName" TEXT NOT NULL,
    "deliveryMethod" "DeliveryMethod" NOT NULL DEFAULT 'at_centre',
    "deliveryAddress" TEXT,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL,
    "appointmentAt" TIMESTAMPTZ(3),
    "supplementNote" TEXT,
    "refusalReason" TEXT,
    "resultFileId" TEXT,
    "onestopId" TEXT,
    "onestopSyncedAt" TIMESTAMPTZ(3),
    "ratingScore" INTEGER,
    "ratingComment" TEXT,
    "ratedAt" TIMESTAMPTZ(3),
    "feeTotalVnd" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Dossier_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DossierEvent" (
    "id" TEXT NOT NULL,
    "dossierId" TEXT NOT NULL,
    "fromStatus" "DossierStatus",
    "toStatus" "DossierStatus" NOT NULL,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT,
    "reason" TEXT,
    "externalEventId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DossierEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DossierFile" (
    "id" TEXT NOT NULL,
    "dossierId" TEXT,
    "ownerCitizenId" TEXT,
    "kind" TEXT NOT NULL DEFAULT 'document',
    "label" TEXT,
    "fileName" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DossierFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DossierFeeLine" (
    "id" TEXT NOT NULL,
    "dossierId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "amountVnd" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL DEFAULT 1,
    "exempt" BOOLEAN NOT NULL DEFAULT false,
    "addedBy" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DossierFeeLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Payment" (
    "id" TEXT NOT NULL,
    "txnRef" TEXT NOT NULL,
    "dossierId" TEXT NOT NULL,
    "citizenId" TEXT NOT NULL,
    "amountVnd" INTEGER NOT NULL,
    "orderInfo" TEXT NOT NULL,
    "status" "PaymentStatus" NOT NULL DEFAULT 'pending',
    "createDate" TEXT NOT NULL,
    "expireDate" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "vnpTransactionNo" TEXT,
    "vnpBankCode" TEXT,
    "vnpPayDate" TEXT,
    "vnpResponseCode" TEXT,
    "paidAt" TIMESTAMPTZ(3),
    "refundedVnd" INTEGER NOT NULL DEFAULT 0,
    "receiptNo" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Payment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PaymentIpn" (
    "id" TEXT NOT NULL,
    "paymentId" TEXT,
    "txnRef" TEXT,
    "rawQuery" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "changed" BOOLEAN NOT NULL DEFAULT false,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PaymentIpn_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PaymentRefund" (
    "id" TEXT NOT NULL,
    "paymentId" TEXT NOT NULL,
    "amountVnd" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "staffId" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "responseCode" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PaymentRefund_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Incident" (
    "id" TEXT NOT NULL,
    "publicId" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "descriptionPublic" TEXT NOT NULL,
    "lat" DOUBLE PRECISION NOT NULL,
    "lon" DOUBLE PRECISION NOT NULL,
    "unitCode" TEXT,
    "agencyId" TEXT,
    "assigneeId" TEXT,
    "reporterId" TEXT,
    "anonymous" BOOLEAN NOT NULL DEFAULT false,
    "source" TEXT NOT NULL DEFAULT 'miniapp',
    "priority" INTEGER NOT NULL DEFAULT 0,
    "status" "IncidentStatus" NOT NULL DEFAULT 'unconfirmed',
    "dueAt" TIMESTAMPTZ(3),
    "iocRef" TEXT,
    "ratingScore" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Incident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IncidentEvent" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "fromStatus" "IncidentStatus",
    "toStatus" "IncidentStatus" NOT NULL,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT,
    "note" TEXT,
    "externalEventId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IncidentEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IncidentMedia" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "hidden" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IncidentMedia_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IncidentSupporter" (
    "incidentId" TEXT NOT NULL,
    "citizenId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IncidentSupporter_pkey" PRIMARY KEY ("incidentId","citizenId")
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" TEXT NOT NULL,
    "identifier" TEXT NOT NULL,
    "sender" TEXT NOT NULL,
    "sent" TIMESTAMPTZ(3) NOT NULL,
    "msgType" TEXT NOT NULL,
    "capStatus" TEXT NOT NULL,
    "scope" TEXT NOT NULL DEFAULT 'Public',
    "references" TEXT,
    "supersedesId" TEXT,
    "hazard" TEXT NOT NULL,
    "riskLevel" INTEGER NOT NULL,
    "expires" TIMESTAMPTZ(3) NOT NULL,
    "status" "AlertStatus" NOT NULL DEFAULT 'active',
    "infos" JSONB NOT NULL,
    "rawCap" TEXT,
    "source" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertArea" (
    "id" TEXT NOT NULL,
    "alertId" TEXT NOT NULL,
    "areaDesc" TEXT NOT NULL,
    "polygon" JSONB,
    "circleLat" DOUBLE PRECISION,
    "circleLon" DOUBLE PRECISION,
    "circleKm" DOUBLE PRECISION,

    CONSTRAINT "AlertArea_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertAreaUnit" (
    "areaId" TEXT NOT NULL,
    "unitCode" TEXT NOT NULL,

    CONSTRAINT "AlertAreaUnit_pkey" PRIMARY KEY ("areaId","unitCode")
);

-- CreateTable
CREATE TABLE "AlertSubscription" (
    "id" TEXT NOT NULL,
    "citizenId" TEXT NOT NULL,
    "unitCode" TEXT NOT NULL,
    "label" TEXT NOT NULL DEFAULT 'home',
    "language" "Language",
    "source" TEXT NOT NULL DEFAULT 'miniapp',
    "qrSiteCode" TEXT,
    "expiresAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AlertSubscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertDelivery" (
    "id" TEXT NOT NULL,
    "alertId" TEXT NOT NULL,
    "citizenId" TEXT NOT NULL,
    "unitCode" TEXT,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'planned',
    "reason" TEXT,
    "sentAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AlertDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SafetyReply" (
    "id" TEXT NOT NULL,
    "alertId" TEXT NOT NULL,
    "citizenId" TEXT NOT NULL,
    "safe" BOOLEAN NOT NULL,
    "unitCode" TEXT,
    "lat" DOUBLE PRECISION,
    "lon" DOUBLE PRECISION,
    "incidentId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SafetyReply_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL,
    "citizenId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "priority" INTEGER NOT NULL DEFAULT 5,
    "status" "NotificationStatus" NOT NULL DEFAULT 'queued',
    "channel" TEXT,
    "reason" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "providerMessageId" TEXT,
    "sentAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationAttempt" (
    "id" TEXT NOT NULL,
    "notificationId" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "reason" TEXT,
    "channel" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NotificationAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BotConversation" (
    "citizenId" TEXT NOT NULL,
    "state" JSONB NOT NULL DEFAULT '{}',
    "handoff" BOOLEAN NOT NULL DEFAULT false,
    "handoffStaffId" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "BotConversation_pkey" PRIMARY KEY ("citizenId")
);

-- CreateTable
CREATE TABLE "BotMessage" (
    "id" TEXT NOT NULL,
    "citizenId" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "text" TEXT,
    "payload" JSONB,
    "staffId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BotMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InboundEvent" (
    "id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InboundEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxEvent" (
    "id" BIGSERIAL NOT NULL,
    "queue" TEXT NOT NULL,
    "jobName" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "priority" INTEGER,
    "status" "OutboxStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "availableAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "enqueuedAt" TIMESTAMPTZ(3),

    CONSTRAINT "OutboxEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" BIGSERIAL NOT NULL,
    "staffId" TEXT,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "detail" JSONB,
    "ip" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IntegrationCall" (
    "id" BIGSERIAL NOT NULL,
    "system" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "requestBody" TEXT,
    "statusCode" INTEGER,
    "responseBody" TEXT,
    "error" TEXT,
    "durationMs" INTEGER,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "IntegrationCall_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OaToken" (
    "id" TEXT NOT NULL DEFAULT 'oa',
    "accessToken" TEXT NOT NULL,
    "refreshToken" TEXT NOT NULL,
    "accessExpiresAt" TIMESTAMPTZ(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "OaToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobDeadLetter" (
    "id" BIGSERIAL NOT NULL,
    "queue" TEXT NOT NULL,
    "jobName" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "error" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "failedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retriedAt" TIMESTAMPTZ(3),

    CONSTRAINT "JobDeadLetter_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Citizen_zaloUserId_key" ON "Citizen"("zaloUserId");

-- CreateIndex
CREATE UNIQUE INDEX "Citizen_zaloIdByOA_key" ON "Citizen"("zaloIdByOA");

-- CreateIndex
CREATE UNIQUE INDEX "CitizenSession_tokenHash_key" ON "CitizenSession"("tokenHash");

-- CreateIndex
CREATE INDEX "CitizenSession_citizenId_idx" ON "CitizenSession"("citizenId");

-- CreateIndex
CREATE INDEX "ConsentRecord_citizenId_purpose_idx" ON "ConsentRecord"("citizenId", "purpose");

-- CreateIndex
CREATE UNIQUE INDEX "StaffUser_username_key" ON "StaffUser"("username");

-- CreateIndex
CREATE UNIQUE INDEX "StaffSession_tokenHash_key" ON "StaffSession"("tokenHash");

-- CreateIndex
CREATE INDEX "StaffSession_staffId_idx" ON "StaffSession"("staffId");

-- CreateIndex
CREATE UNIQUE INDEX "Agency_code_key" ON "Agency"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Procedure_nationalCode_key" ON "Procedure"("nationalCode");

-- CreateIndex
CREATE UNIQUE INDEX "DossierDraft_citizenId_procedureId_key" ON "DossierDraft"("citizenId", "procedureId");

-- CreateIndex
CREATE UNIQUE INDEX "Dossier_code_key" ON "Dossier"("code");

-- CreateIndex
CREATE INDEX "Dossier_agencyId_status_idx" ON "Dossier"("agencyId", "status");

-- CreateIndex
CREATE INDEX "Dossier_citizenId_idx" ON "Dossier"("citizenId");

-- CreateIndex
CREATE INDEX "Dossier_appointmentAt_idx" ON "Dossier"("appointmentAt");

-- CreateIndex
CREATE INDEX "DossierEvent_dossierId_createdAt_idx" ON "DossierEvent"("dossierId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "DossierEvent_dossierId_externalEventId_key" ON "DossierEvent"("dossierId", "externalEventId");

-- CreateIndex
CREATE INDEX "DossierFile_dossierId_idx" ON "DossierFile"("dossierId");

-- CreateIndex
CREATE UNIQUE INDEX "Payment_txnRef_key" ON "Payment"("txnRef");

-- CreateIndex
CREATE UNIQUE INDEX "Payment_receiptNo_key" ON "Payment"("receiptNo");

-- CreateIndex
CREATE INDEX "Payment_status_expiresAt_idx" ON "Payment"("status", "expiresAt");

-- CreateIndex
CREATE INDEX "PaymentIpn_txnRef_idx" ON "PaymentIpn"("txnRef");

-- CreateIndex
CREATE UNIQUE INDEX "PaymentRefund_requestId_key" ON "PaymentRefund"("requestId");

-- CreateIndex
CREATE UNIQUE INDEX "Incident_publicId_key" ON "Incident"("publicId");

-- CreateIndex
CREATE INDEX "Incident_category_status_idx" ON "Incident"("category", "status");

-- CreateIndex
CREATE INDEX "Incident_lat_lon_idx" ON "Incident"("lat", "lon");

-- CreateIndex
CREATE UNIQUE INDEX "IncidentEvent_incidentId_externalEventId_key" ON "IncidentEvent"("incidentId", "externalEventId");

-- CreateIndex
CREATE UNIQUE INDEX "Alert_identifier_key" ON "Alert"("identifier");

-- CreateIndex
CREATE INDEX "AlertSubscription_unitCode_idx" ON "AlertSubscription"("unitCode");

-- CreateIndex
CREATE UNIQUE INDEX "AlertSubscription_citizenId_unitCode_label_key" ON "AlertSubscription"("citizenId", "unitCode", "label");

-- CreateIndex
CREATE INDEX "AlertDelivery_alertId_status_idx" ON "AlertDelivery"("alertId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "AlertDelivery_alertId_citizenId_key" ON "AlertDelivery"("alertId", "citizenId");

-- CreateIndex
CREATE UNIQUE INDEX "SafetyReply_alertId_citizenId_key" ON "SafetyReply"("alertId", "citizenId");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_dedupeKey_key" ON "Notification"("dedupeKey");

-- CreateIndex
CREATE INDEX "Notification_citizenId_createdAt_idx" ON "Notification"("citizenId", "createdAt");

-- CreateIndex
CREATE INDEX "Notification_status_idx" ON "Notification"("status");

-- CreateIndex
CREATE INDEX "NotificationAttempt_notificationId_idx" ON "NotificationAttempt"("notificationId");

-- CreateIndex
CREATE INDEX "BotMessage_citizenId_createdAt_idx" ON "BotMessage"("citizenId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxEvent_jobId_key" ON "OutboxEvent"("jobId");

-- CreateIndex
CREATE INDEX "OutboxEvent_status_availableAt_id_idx" ON "OutboxEvent"("status", "availableAt", "id");

-- CreateIndex
CREATE INDEX "AuditLog_staffId_createdAt_idx" ON "AuditLog"("staffId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditLog_action_createdAt_idx" ON "AuditLog"("action", "createdAt");

-- CreateIndex
CREATE INDEX "IntegrationCall_system_startedAt_idx" ON "IntegrationCall"("system", "startedAt");

-- CreateIndex
CREATE INDEX "JobDeadLetter_queue_failedAt_idx" ON "JobDeadLetter"("queue", "failedAt");

-- AddForeignKey
ALTER TABLE "CitizenSession" ADD CONSTRAINT "CitizenSession_citizenId_fkey" FOREIGN KEY ("citizenId") REFERENCES "Citizen"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentRecord" ADD CONSTRAINT "ConsentRecord_citizenId_fkey" FOREIGN KEY ("citizenId") REFERENCES "Citizen"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffUser" ADD CONSTRAINT "StaffUser_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffSession" ADD CONSTRAINT "StaffSession_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "StaffUser"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Agency" ADD CONSTRAINT "Agency_unitCode_fkey" FOREIGN KEY ("unitCode") REFERENCES "AdminUnit"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AdminUnit" ADD CONSTRAINT "AdminUnit_parentCode_fkey" FOREIGN KEY ("parentCode") REFERENCES "AdminUnit"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Procedure" ADD CONSTRAINT "Procedure_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DossierSequence" ADD CONSTRAINT "DossierSequence_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DossierDraft" ADD CONSTRAINT "DossierDraft_citizenId_fkey" FOREIGN KEY ("citizenId") REFERENCES "Citizen"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DossierDraft" ADD CONSTRAINT "DossierDraft_procedureId_fkey" FOREIGN KEY ("procedureId") REFERENCES "Procedure"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dossier" ADD CONSTRAINT "Dossier_citizenId_fkey" FOREIGN KEY ("citizenId") REFERENCES "Citizen"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dossier" ADD CONSTRAINT "Dossier_procedureId_fkey" FOREIGN KEY ("procedureId") REFERENCES "Procedure"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dossier" ADD CONSTRAINT "Dossier_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DossierEvent" ADD CONSTRAINT "DossierEvent_dossierId_fkey" FOREIGN KEY ("dossierId") REFERENCES "Dossier"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DossierFile" ADD CONSTRAINT "DossierFile_dossierId_fkey" FOREIGN KEY ("dossierId") REFERENCES "Dossier"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DossierFeeLine" ADD CONSTRAINT "DossierFeeLine_dossierId_fkey" FOREIGN KEY ("dossierId") REFERENCES "Dossier"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_dossierId_fkey" FOREIGN KEY ("dossierId") REFERENCES "Dossier"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_citizenId_fkey" FOREIGN KEY ("citizenId") REFERENCES "Citizen"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaymentIpn" ADD CONSTRAINT "PaymentIpn_paymentId_fkey" FOREIGN KEY ("paymentId") REFERENCES "Payment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaymentRefund" ADD CONSTRAINT "PaymentRefund_paymentId_fkey" FOREIGN KEY ("paymentId") REFERENCES "Payment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_unitCode_fkey" FOREIGN KEY ("unitCode") REFERENCES "AdminUnit"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "StaffUser"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_reporterId_fkey" FOREIGN KEY ("reporterId") REFERENCES "Citizen"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentEvent" ADD CONSTRAINT "IncidentEvent_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentMedia" ADD CONSTRAINT "IncidentMedia_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentSupporter" ADD CONSTRAINT "IncidentSupporter_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentSupporter" ADD CONSTRAINT "IncidentSupporter_citizenId_fkey" FOREIGN KEY ("citizenId") REFERENCES "Citizen"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_supersedesId_fkey" FOREIGN KEY ("supersedesId") REFERENCES "Alert"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertArea" ADD CONSTRAINT "AlertArea_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "Alert"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertAreaUnit" ADD CONSTRAINT "AlertAreaUnit_areaId_fkey" FOREIGN KEY ("areaId") REFERENCES "AlertArea"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertAreaUnit" ADD CONSTRAINT "AlertAreaUnit_unitCode_fkey" FOREIGN KEY ("unitCode") REFERENCES "AdminUnit"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertSubscription" ADD CONSTRAINT "AlertSubscription_citizenId_fkey" FOREIGN KEY ("citizenId") REFERENCES "Citizen"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertSubscription" ADD CONSTRAINT "AlertSubscription_unitCode_fkey" FOREIGN KEY ("unitCode") REFERENCES "AdminUnit"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertDelivery" ADD CONSTRAINT "AlertDelivery_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "Alert"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertDelivery" ADD CONSTRAINT "AlertDelivery_citizenId_fkey" FOREIGN KEY ("citizenId") REFERENCES "Citizen"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SafetyReply" ADD CONSTRAINT "SafetyReply_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "Alert"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SafetyReply" ADD CONSTRAINT "SafetyReply_citizenId_fkey" FOREIGN KEY ("citizenId") REFERENCES "Citizen"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_citizenId_fkey" FOREIGN KEY ("citizenId") REFERENCES "Citizen"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotificationAttempt" ADD CONSTRAINT "NotificationAttempt_notificationId_fkey" FOREIGN KEY ("notificationId") REFERENCES "Notification"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BotConversation" ADD CONSTRAINT "BotConversation_citizenId_fkey" FOREIGN KEY ("citizenId") REFERENCES "Citizen"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditLog" ADD CONSTRAINT "AuditLog_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "StaffUser"("id") ON DELETE SET NULL ON UPDATE CASCADE;
