-- A failed version's reason is a stable code (failure, see DocumentFailure) with the English
-- detail beside it (failure_detail), so the web app can give the reason in the user's language.
-- Reasons stored before were free English text: they keep it as the detail, under the general code.
ALTER TABLE document_versions ADD COLUMN failure_detail VARCHAR(1000);
UPDATE document_versions SET failure_detail = failure, failure = 'processing-failed'
  WHERE failure IS NOT NULL;
