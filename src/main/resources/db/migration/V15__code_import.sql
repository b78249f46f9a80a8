-- Import of codes made elsewhere (docs/campaigns.md). An upload's rows are staged in import_rows, keyed by the
-- upload's id, while its body streams in; only once its signature is verified does a job (kind import, the same id)
-- check and move them into coupons, chunk by chunk. An upload that is never verified leaves an import_uploads row,
-- by which its staged rows are found and removed.
CREATE TABLE import_uploads (
  id          uuid PRIMARY KEY,
  tenant_id   text NOT NULL,
  started_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX import_uploads_started ON import_uploads (started_at);

-- One row of an uploaded file: row_no is its line in the file (1 is the first). reason is null while the row is
-- acceptable; a rejected row keeps its reason (and its code, for the error report); a row imported is removed.
-- No foreign key: rows arrive before their job exists, and a key's check per row would slow the staging.
CREATE TABLE import_rows (
  upload_id uuid NOT NULL,
  row_no    integer NOT NULL,
  code      text NOT NULL,
  user_id   text,
  reason    text,
  PRIMARY KEY (upload_id, row_no)
);

ALTER TABLE generation_jobs DROP CONSTRAINT generation_jobs_kind_check;
ALTER TABLE generation_jobs ADD CONSTRAINT generation_jobs_kind_check CHECK (kind IN ('generate', 'revoke', 'import'));
-- An import walks its rows by row_no from cursor_row, counting what it imported and rejected.
ALTER TABLE generation_jobs
  ADD COLUMN cursor_row integer,
  ADD COLUMN imported   integer,
  ADD COLUMN rejected   integer;

ALTER TABLE coupon_batches DROP CONSTRAINT coupon_batches_source_check;
ALTER TABLE coupon_batches ADD CONSTRAINT coupon_batches_source_check CHECK (source IN ('generated', 'imported'));
