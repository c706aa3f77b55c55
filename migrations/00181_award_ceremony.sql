-- +goose Up
-- The award ceremony's guests: the laureates (from their nominations) and
-- guests from the directory's mailing lists or picked one by one, each
-- with a seat and when their invitation went to the outbox.
create table award_guests (
    id         bigint generated always as identity primary key,
    round_id   bigint not null references award_rounds (id),
    contact_id bigint not null references contacts (id),
    kind       text not null check (kind in ('laureate', 'guest')),
    seat       text not null default '' check (char_length(seat) <= 20),
    invited_at timestamptz,
    created_at timestamptz not null default now(),
    created_by bigint references users (id),
    unique (round_id, contact_id)
);
create index award_guests_contact_idx on award_guests (contact_id);

-- +goose Down
drop table award_guests;
