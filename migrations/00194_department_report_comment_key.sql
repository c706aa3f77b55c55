-- +goose Up
-- A comment form carries an idempotency key: a double click, or the form
-- sent again after it went through, adds one comment and tells the other
-- side once.
alter table department_report_comments
    add column idempotency_key text unique check (char_length(idempotency_key) between 8 and 64);

-- +goose Down
alter table department_report_comments drop column idempotency_key;
