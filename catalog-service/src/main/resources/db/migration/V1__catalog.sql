-- Frameworks: FISC 安全対策基準 統制基準, AWS Well-Architected Security Pillar.
create table framework (
    id              varchar(64) primary key,
    name_ja         text        not null,
    name_en         text        not null,
    version         text        not null,
    publisher       text        not null,
    source          text        not null
);

-- One row per control; the whole definition lives in `document`, the columns are what we filter on.
create table control (
    id                      varchar(64) primary key,
    framework_id            varchar(64) not null references framework (id),
    parent_id               varchar(64),
    display_id              text        not null,
    kind                    varchar(16) not null,
    assessment_mode         varchar(16),
    aws_responsibility      varchar(16),
    customer_responsibility varchar(16),
    search_text             text        not null,
    document                jsonb       not null,
    version                 bigint      not null
);
create index control_framework_idx on control (framework_id);
create index control_parent_idx on control (parent_id);

-- Every spelling that resolves to a control (display id, ASCII id, aliases), normalised (NFKC, upper case, no spaces).
create table control_alias (
    alias_key  text primary key,
    control_id varchar(64) not null references control (id) on delete cascade
);
create index control_alias_control_idx on control_alias (control_id);

-- A catalog revision per change; revision 1 is the seed import.
create table catalog_revision (
    number      bigint primary key,
    created_at  timestamptz not null,
    actor       text        not null,
    description text        not null
);
-- The current revision; incrementing it row-locks, which serialises catalog writes and keeps numbers gap-free.
create table catalog_head (
    id       int primary key check (id = 1),
    revision bigint not null
);
insert into catalog_head (id, revision) values (1, 0);

-- Audit trail: who changed which control when, with the definition before and after.
create table audit_entry (
    id          bigint primary key,
    revision    bigint      not null references catalog_revision (number),
    control_id  varchar(64) not null,
    action      varchar(16) not null,
    actor       text        not null,
    at          timestamptz not null,
    before      jsonb,
    after       jsonb
);
create sequence audit_entry_seq start with 1 increment by 50;
create index audit_entry_control_idx on audit_entry (control_id, revision);

-- Cross-mappings with provenance (OSCAL relationship vocabulary).
create table mapping_set (
    id              varchar(64) primary key,
    title           text not null,
    provenance      text not null,
    provenance_url  text
);
create table control_mapping (
    id            bigint primary key,
    set_id        varchar(64) not null references mapping_set (id),
    source_kind   varchar(32) not null,
    source_id     text        not null,
    target_kind   varchar(32) not null,
    target_id     text        not null,
    target_name   text,
    relationship  varchar(32) not null,
    edition       text,
    note          text
);
create sequence control_mapping_seq start with 1 increment by 50;
create index control_mapping_source_idx on control_mapping (source_kind, source_id);
create index control_mapping_target_idx on control_mapping (target_kind, target_id);

-- Transactional outbox: events are written with the change and relayed to Kafka in sequence order.
create table outbox_event (
    seq             bigint primary key,
    event_id        uuid        not null unique,
    aggregate_id    text        not null,
    type            text        not null,
    occurred_at     timestamptz not null,
    payload         text        not null,
    published_at    timestamptz
);
create sequence outbox_event_seq start with 1 increment by 50;
create index outbox_event_pending_idx on outbox_event (seq) where published_at is null;
