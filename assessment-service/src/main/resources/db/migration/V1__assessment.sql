-- The local copy of the catalog (from catalog.control-changed.v1): what each control is and how it is assessed.
create table control_definition (
    id              varchar(64) primary key,
    framework_id    varchar(64) not null,
    kind            varchar(16) not null,
    assessment_mode varchar(16),
    snapshot        jsonb       not null,
    catalog_revision bigint     not null
);

-- Accounts seen in evidence or named by attestations; each gets a status for every requirement.
create table account (
    account_id varchar(12) primary key,
    first_seen timestamptz not null
);

-- The evidence side of one control in one account: the latest finding per resource (supersession).
create table control_state (
    account_id varchar(12) not null,
    control_id varchar(64) not null,
    state      jsonb       not null,
    primary key (account_id, control_id)
);

-- The current status of each control per account, with its reason and what it rests on.
create table control_status (
    account_id       varchar(12) not null,
    control_id       varchar(64) not null,
    framework_id     varchar(64) not null,
    status           varchar(24) not null,
    reason           text        not null,
    evidence_ids     text        not null,
    attestation_ids  text        not null,
    failed_resources text        not null,
    since            timestamptz not null,
    next_check_at    timestamptz,
    primary key (account_id, control_id)
);
create index control_status_next_check_idx on control_status (next_check_at) where next_check_at is not null;
create index control_status_framework_idx on control_status (framework_id, status);

-- Every transition, for history and as-of queries.
create table status_transition (
    id               bigint      primary key,
    account_id       varchar(12) not null,
    control_id       varchar(64) not null,
    previous_status  varchar(24),
    status           varchar(24) not null,
    reason           text        not null,
    evidence_ids     text        not null,
    attestation_ids  text        not null,
    changed_at       timestamptz not null
);
create sequence status_transition_seq start with 1 increment by 50;
create index status_transition_asof_idx on status_transition (account_id, control_id, changed_at desc, id desc);

-- Evidence already applied: redelivery of an evidence-recorded event changes nothing.
create table processed_evidence (
    evidence_id  uuid        primary key,
    processed_at timestamptz not null
);

-- Auditors' statements that a governance control is met, with attachments kept with their hash.
create table attestation (
    id          uuid        primary key,
    control_id  varchar(64) not null,
    account_id  varchar(12),
    statement   text        not null,
    auditor     text        not null,
    attested_at timestamptz not null,
    expires_at  timestamptz not null,
    attachments text        not null,
    created_at  timestamptz not null,
    revoked_at  timestamptz,
    version     bigint      not null
);
create index attestation_control_idx on attestation (control_id);

create table attachment (
    id             uuid primary key,
    attestation_id uuid not null references attestation (id),
    file_name      text not null,
    media_type     text not null,
    sha256         varchar(64) not null,
    size_bytes     bigint not null,
    content        bytea not null
);

create table not_applicable (
    account_id  varchar(12) not null,
    control_id  varchar(64) not null,
    reason      text        not null,
    declared_by text        not null,
    declared_at timestamptz not null,
    primary key (account_id, control_id)
);

-- Status events written with the change and relayed to Kafka (CloudEvents) and EventBridge.
create table outbox_event (
    seq          bigint      primary key,
    event_id     uuid        not null unique,
    aggregate_id text        not null,
    payload      text        not null,
    occurred_at  timestamptz not null,
    published_at timestamptz
);
create sequence outbox_event_seq start with 1 increment by 50;
create index outbox_event_pending_idx on outbox_event (seq) where published_at is null;
