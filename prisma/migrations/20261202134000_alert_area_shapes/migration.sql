-- A CAP area may hold several polygons and circles: all are kept (the first of each was, only).
ALTER TABLE "AlertArea" ADD COLUMN "polygons" JSONB NOT NULL DEFAULT '[]',
  ADD COLUMN "circles" JSONB NOT NULL DEFAULT '[]';

UPDATE "AlertArea" SET "polygons" = jsonb_build_array("polygon")
WHERE "polygon" IS NOT NULL AND jsonb_typeof("polygon") = 'array';

UPDATE "AlertArea"
SET "circles" = jsonb_build_array(jsonb_build_object('lat', "circleLat", 'lon', "circleLon", 'radiusKm', "circleKm"))
WHERE "circleLat" IS NOT NULL AND "circleLon" IS NOT NULL AND "circleKm" IS NOT NULL;

ALTER TABLE "AlertArea" DROP COLUMN "polygon",
  DROP COLUMN "circleLat",
  DROP COLUMN "circleLon",
  DROP COLUMN "circleKm";
