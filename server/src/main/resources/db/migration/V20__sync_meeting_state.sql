-- Checkpoint of each meeting's live page-sync state (written coalesced, off the sync path), so a
-- restart of the whole cluster resumes on the same page with seq continuing.
CREATE TABLE sync_meeting_state (
  meeting_id BIGINT PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
  seq BIGINT NOT NULL,
  document_id BIGINT,
  version INTEGER,
  page INTEGER,
  zoom DOUBLE PRECISION,
  forced BOOLEAN NOT NULL DEFAULT FALSE,
  host_user_id BIGINT,
  presenter_user_id BIGINT,
  status VARCHAR(32),
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
