-- A sandbox's row holds its clock as well as its owner: the list of sandboxes (and every page's
-- banner) reads the registry only, never a sandbox's file. The file's own clock stays the truth
-- its world runs on; the row is written in step with it. Rows made before this column existed are
-- filled from their file once, when the server starts.

ALTER TABLE sandboxes ADD COLUMN clock TEXT;
