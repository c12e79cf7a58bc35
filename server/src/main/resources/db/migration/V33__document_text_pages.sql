-- How many pages of a version have extracted text (the rest are images only, e.g. scanned, and
-- cannot be found by search). NULL for versions stored before this column: not counted.
ALTER TABLE document_versions ADD COLUMN text_pages INTEGER;
