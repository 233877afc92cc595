-- Up Migration
-- A version number per user's day (ADR 0050): bumped by every write to the rows the Today page
-- shows — tasks, reminders, focus sessions, energy check-ins — whoever makes it (the agent, the
-- reminder workers, the API), so GET /v1/today answers a poll whose ETag still matches with one
-- primary-key read and a 304. The triggers are deferred to commit: the bump takes the version row's
-- lock last, after every other lock the transaction holds, so two transactions of one user never
-- wait on each other in opposite orders. DELETEs do not bump: rows are deleted only with the user
-- (cascade) or by retention, which the page does not show.

CREATE TABLE today_versions (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  version bigint NOT NULL DEFAULT 1,
  changed_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE today_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE today_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY per_user ON today_versions USING (phoenix_is_system() OR user_id = phoenix_current_user())
  WITH CHECK (phoenix_is_system() OR user_id = phoenix_current_user());

CREATE FUNCTION bump_today_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO today_versions (user_id) VALUES (NEW.user_id)
    ON CONFLICT (user_id) DO UPDATE SET version = today_versions.version + 1, changed_at = now();
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER today_version AFTER INSERT OR UPDATE ON tasks
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_today_version();
CREATE CONSTRAINT TRIGGER today_version AFTER INSERT OR UPDATE ON reminders
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_today_version();
CREATE CONSTRAINT TRIGGER today_version AFTER INSERT OR UPDATE ON focus_sessions
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_today_version();
CREATE CONSTRAINT TRIGGER today_version AFTER INSERT OR UPDATE ON energy_checkins
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_today_version();

-- Down Migration
DROP TRIGGER today_version ON energy_checkins;
DROP TRIGGER today_version ON focus_sessions;
DROP TRIGGER today_version ON reminders;
DROP TRIGGER today_version ON tasks;
DROP FUNCTION bump_today_version();
DROP TABLE today_versions;
