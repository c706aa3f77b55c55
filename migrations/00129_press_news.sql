-- +goose Up
-- The public newsroom (/news) lists the releases sent, newest first.
create index press_releases_news_idx on press_releases (sent_at desc, id desc) where status = 'sent';

-- +goose Down
drop index press_releases_news_idx;
