-- Indexes on foreign keys read by parent (settling a payment sums the fee lines and the paid
-- payments of its dossier, the payments of a citizen, the photos of an incident, the areas of
-- an alert) or followed by a cascade when a citizen erases their data (deliveries, safety
-- replies, supporters). Without them each of these scans the whole table.
CREATE INDEX "DossierFeeLine_dossierId_idx" ON "DossierFeeLine"("dossierId");
CREATE INDEX "Payment_dossierId_idx" ON "Payment"("dossierId");
CREATE INDEX "Payment_citizenId_idx" ON "Payment"("citizenId");
CREATE INDEX "IncidentMedia_incidentId_idx" ON "IncidentMedia"("incidentId");
CREATE INDEX "IncidentSupporter_citizenId_idx" ON "IncidentSupporter"("citizenId");
CREATE INDEX "AlertArea_alertId_idx" ON "AlertArea"("alertId");
CREATE INDEX "AlertDelivery_citizenId_idx" ON "AlertDelivery"("citizenId");
CREATE INDEX "SafetyReply_citizenId_idx" ON "SafetyReply"("citizenId");
