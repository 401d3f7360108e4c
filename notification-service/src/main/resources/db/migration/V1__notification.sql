-- Events already applied (status-changed event ids, evidence ids): a redelivery changes nothing.
create table processed_event (
    event_id     varchar(80) primary key,
    processed_at timestamptz not null
);

-- Notification channels: where alerts go.
create table channel (
    id          uuid         primary key,
    name        varchar(100) not null unique,
    type        varchar(16)  not null,   -- WEBHOOK, SLACK, EMAIL
    url         text,                    -- WEBHOOK, SLACK
    secret      text,                    -- WEBHOOK: HMAC-SHA256 key (never returned by the API)
    recipients  text[]       not null default '{}', -- EMAIL
    enabled     boolean      not null default true,
    created_at  timestamptz  not null,
    updated_at  timestamptz  not null
);

-- Routing rules: an alert matching every non-empty criterion goes to the route's channels and level-1 contacts.
create table route (
    id          uuid         primary key,
    name        varchar(100) not null unique,
    severities  text[]       not null default '{}',
    frameworks  text[]       not null default '{}',
    controls    text[]       not null default '{}',
    accounts    text[]       not null default '{}',
    channel_ids uuid[]       not null default '{}',
    ack_timeout interval,                -- not acknowledged within this: escalate to the next contact level
    enabled     boolean      not null default true,
    created_at  timestamptz  not null,
    updated_at  timestamptz  not null
);

-- On-call contacts of a route, by escalation level (1 = first responders).
create table contact (
    id         uuid         primary key,
    route_id   uuid         not null references route (id) on delete cascade,
    level      int          not null check (level >= 1),
    name       varchar(100) not null,
    channel_id uuid         not null references channel (id),
    address    text                     -- e-mail address for EMAIL channels; null: the channel's own target
);
create index contact_route_idx on contact (route_id, level);

-- Suppressions: matching alerts are recorded but not sent, until the expiry.
create table suppression (
    id           uuid         primary key,
    account_id   varchar(12),
    control_id   varchar(64),
    resource_id  text,
    finding_type text,
    reason       text         not null,
    owner        varchar(100) not null,
    created_by   varchar(100) not null,
    created_at   timestamptz  not null,
    expires_at   timestamptz  not null
);
create index suppression_expiry_idx on suppression (expires_at);

-- Alerts, one per fingerprint; an alert that comes back after RESOLVED is reopened (a new episode).
create table alert (
    id                 uuid         primary key,
    fingerprint        varchar(600) not null unique,
    kind               varchar(16)  not null,   -- CONTROL_FAILED, CONTROL_STALE, FINDING
    account_id         varchar(12)  not null,
    control_id         varchar(64),
    display_id         varchar(64),
    framework_id       varchar(64),
    resource_id        text,
    finding_type       text,
    severity           varchar(16)  not null,
    title              text         not null,
    detail             text,
    state              varchar(16)  not null,   -- OPEN, ACKNOWLEDGED, RESOLVED
    suppressed_by      uuid,                    -- the suppression that held it back
                                                -- suppressed_reason not null: recorded, not sent (suppression, sample)
    suppressed_reason  text,
    last_change        varchar(16)  not null,   -- RAISED, REOPENED, REPEATED, UNSUPPRESSED: what the last signal did
    occurrences        int          not null,
    reopen_count       int          not null default 0,
    episode_id         bigint       not null,
    first_seen_at      timestamptz  not null,
    last_seen_at       timestamptz  not null,
    raised_at          timestamptz  not null,   -- start of the current episode
    acknowledged_at    timestamptz,
    acknowledged_by    varchar(100),
    resolved_at        timestamptz,
    resolved_by        varchar(100),
    assignee           varchar(100),
    source_event_id    varchar(80)  not null
);
create index alert_state_idx on alert (state, severity, raised_at desc);
create index alert_account_idx on alert (account_id, control_id);

-- One row per raise or reopen: the incidents the KPIs (MTTA, MTTR) are computed from.
create sequence alert_episode_seq;
create table alert_episode (
    id              bigint      primary key,
    alert_id        uuid        not null references alert (id) on delete cascade,
    severity        varchar(16) not null,
    suppressed      boolean     not null,
    raised_at       timestamptz not null,
    acknowledged_at timestamptz,
    resolved_at     timestamptz,
    auto_resolved   boolean     not null default false
);
create index alert_episode_raised_idx on alert_episode (raised_at);

-- The alert's timeline: state changes, comments, assignments, escalations.
create table alert_activity (
    id       bigserial    primary key,
    alert_id uuid         not null references alert (id) on delete cascade,
    at       timestamptz  not null,
    actor    varchar(100) not null,
    kind     varchar(16)  not null,   -- RAISED, REOPENED, ACKNOWLEDGED, RESOLVED, COMMENT, ASSIGNED, ESCALATED, UNSUPPRESSED
    text     text
);
create index alert_activity_alert_idx on alert_activity (alert_id, id);

-- Pending escalation per alert and route: the scheduler moves it one level up at next_at unless acknowledged.
create table escalation (
    alert_id   uuid        not null references alert (id) on delete cascade,
    route_id   uuid        not null references route (id) on delete cascade,
    level      int         not null,
    next_at    timestamptz not null,
    primary key (alert_id, route_id)
);
create index escalation_due_idx on escalation (next_at);

-- One message to one channel (and recipient); retried with backoff until delivered or given up.
create table delivery (
    id              bigserial   primary key,
    alert_id        uuid        not null references alert (id) on delete cascade,
    channel_id      uuid        not null references channel (id) on delete cascade,
    recipient       text,                   -- e-mail address of an escalation contact, else null
    reason          varchar(16) not null,   -- RAISED, REOPENED, UNSUPPRESSED, ESCALATED
    level           int         not null default 0,
    state           varchar(16) not null,   -- PENDING, DELIVERED, GAVE_UP
    attempts        int         not null default 0,
    created_at      timestamptz not null,
    next_attempt_at timestamptz not null,
    lease_until     timestamptz,
    delivered_at    timestamptz,
    last_error      text
);
create index delivery_due_idx on delivery (next_attempt_at) where state = 'PENDING';
create index delivery_alert_idx on delivery (alert_id);

-- Every attempt, successful or not.
create table delivery_attempt (
    id          bigserial   primary key,
    delivery_id bigint      not null references delivery (id) on delete cascade,
    attempt     int         not null,
    at          timestamptz not null,
    duration_ms int         not null,
    success     boolean     not null,
    status_code int,
    error       text
);
create index delivery_attempt_delivery_idx on delivery_attempt (delivery_id, attempt);

-- Events for Kafka, written with the change they describe and relayed in order (transactional outbox).
create table outbox_event (
    seq          bigserial   primary key,
    event_id     uuid        not null,
    type         varchar(64) not null,
    event_key    text        not null,
    payload      jsonb       not null,
    occurred_at  timestamptz not null,
    published_at timestamptz
);
create index outbox_pending_idx on outbox_event (seq) where published_at is null;

-- Instants in event payloads as ISO-8601 UTC ("…Z"), the contract's format.
create function iso_utc(ts timestamptz) returns text language sql immutable as
$$ select to_char(ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') $$;
