-- Who may see the meeting's current document when it is confidential (a JSON array of user ids;
-- NULL while the document is open to every participant), so a restart keeps it hidden.
ALTER TABLE sync_meeting_state ADD COLUMN allowed_user_ids VARCHAR(20000);
