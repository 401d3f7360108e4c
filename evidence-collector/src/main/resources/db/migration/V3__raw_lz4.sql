-- Rows with their raw event, summary and effects exceed PostgreSQL's 2 kB TOAST threshold, so these columns are
-- compressed on every insert; lz4 (PostgreSQL 14+) costs a fraction of the default pglz's CPU for a similar size.
-- Applies to values written from now on; existing values keep their compression.
alter table evidence alter column raw set compression lz4;
alter table evidence alter column summary set compression lz4;
alter table evidence alter column effects set compression lz4;
