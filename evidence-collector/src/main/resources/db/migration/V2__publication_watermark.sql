-- Publication is tracked per account as a watermark instead of a timestamp per row: every evidence of the account
-- with sequence <= published_sequence has been acknowledged by Kafka on evidence-recorded. One small update per
-- account and batch replaces one update per row (and the partial index that update had to maintain).
alter table chain_head add column published_sequence bigint not null default 0;
update chain_head h
   set published_sequence = coalesce((select min(e.sequence) - 1 from evidence e
                                       where e.account_id = h.account_id and e.published_at is null), h.sequence);
drop index evidence_unpublished_idx;
alter table evidence drop column published_at;
