-- When the system resolves an alert, the observation time of what resolved it (the AWS event time behind the PASSED
-- status). A raise observed no later than that is late (it arrived by another path after the resolution) and does not
-- reopen the alert. Null for alerts resolved by a person, and while open.
ALTER TABLE alert ADD COLUMN resolved_as_of timestamptz;
