-- Who owns each sandbox: a person of this (the home) world, or, in demo mode, the anonymous
-- browser that made it, known by the SHA-256 of the random owner key in its hutong_sandbox_owner
-- cookie. Only the owner or an admin may see, enter, change, move the clock of or delete it.
-- Rows made before this migration have neither: their owner is unknown, so only an admin may use them.
--
-- People, sessions, API tokens and the sign-in throttle live in this database only. Sandbox files
-- made before this migration hold copies of the users (and maybe sessions and tokens made inside
-- them); nothing reads those rows any more, and no event refers to them (events name their actor
-- by username), so they are left where they are.

ALTER TABLE sandboxes ADD COLUMN owner_user_id INTEGER REFERENCES users(id);
ALTER TABLE sandboxes ADD COLUMN owner_key_hash TEXT CHECK (owner_key_hash IS NULL OR owner_user_id IS NULL);
