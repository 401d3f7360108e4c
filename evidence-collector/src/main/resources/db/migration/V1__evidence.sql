-- Evidence: append-only. Each row's hash covers its canonical content and the previous row's hash of the same
-- account (a per-account hash chain), so an edited or deleted row breaks verification from that row on.
create table evidence (
    id              uuid        primary key,
    account_id      varchar(12) not null,
    sequence        bigint      not null,
    dedup_key       text        not null unique,
    source_event_id text        not null,
    detail_type     text        not null,
    source          text        not null,
    region          text        not null,
    event_time      timestamptz not null,
    recorded_at     timestamptz not null,
    class_uid       int         not null,
    operation       text,
    resources       text[]      not null,
    control_ids     text[]      not null,
    summary         jsonb       not null,
    effects         jsonb       not null,
    -- the event exactly as received, byte for byte (jsonb would reorder keys)
    raw             text        not null,
    prev_hash       varchar(64) not null,
    hash            varchar(64) not null,
    published_at    timestamptz,
    unique (account_id, sequence)
);
create index evidence_account_time_idx on evidence (account_id, event_time desc, id desc);
create index evidence_time_idx on evidence (event_time desc, id desc);
create index evidence_controls_idx on evidence using gin (control_ids);
create index evidence_resources_idx on evidence using gin (resources);
create index evidence_unpublished_idx on evidence (recorded_at) where published_at is null;

-- The newest link of each account's chain.
create table chain_head (
    account_id varchar(12) primary key,
    sequence   bigint      not null,
    hash       varchar(64) not null
);

-- Where verification starts once retention has removed the oldest evidence: the last removed row's link.
create table chain_anchor (
    account_id varchar(12) primary key,
    sequence   bigint      not null,
    hash       varchar(64) not null,
    pruned_at  timestamptz not null
);
