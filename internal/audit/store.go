package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Record writes e inside tx, attributed to the user of ctx.
func Record(ctx context.Context, tx pgx.Tx, e Entry) error {
	return RecordAs(ctx, tx, ActorOf(ctx), e)
}

// RecordAs writes e inside tx, attributed to actor.
func RecordAs(ctx context.Context, tx pgx.Tx, actor Actor, e Entry) error {
	var details []byte
	if e.Details != nil {
		b, err := json.Marshal(e.Details)
		if err != nil {
			return fmt.Errorf("audit details: %w", err)
		}
		details = b
	}
	var actorID *int64
	if actor.ID != 0 {
		actorID = &actor.ID
	}
	_, err := tx.Exec(ctx, `
		insert into audit_log (actor_id, actor_name, entity, entity_id, action, summary, details)
		values ($1, $2, $3, $4, $5, $6, $7)`,
		actorID, actor.Name, e.Entity, fmt.Sprint(e.EntityID), e.Action, e.Summary, details)
	return err
}

// Row is one entry as the log page shows it.
type Row struct {
	ID        int64     `db:"id"`
	CreatedAt time.Time `db:"created_at"`
	// ActorName is the full name of the account that acted (the log keeps
	// its user name as it was), or System's name.
	ActorName string `db:"actor_name"`
	Entity    string `db:"entity"`
	EntityID  string `db:"entity_id"`
	Action    string `db:"action"`
	Summary   string `db:"summary"`
	// Details are the entry's details when its entity is one of those the
	// reader may open, else nil (also when it has none).
	Details []byte `db:"details"`
}

// Filter narrows the log; zero values do not filter.
type Filter struct {
	ActorID int64
	Entity  string
	From    time.Time // inclusive day start
	To      time.Time // exclusive
	Before  int64     // keyset: entries older than this id
}

// Store reads the log.
type Store struct{ pool *pgxpool.Pool }

// NewStore returns the log's reader.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// List returns up to limit entries, newest first, with the details of
// those whose entity is one of open: the details of the others never leave
// the database.
func (s *Store) List(ctx context.Context, f Filter, open []string, limit int) ([]Row, error) {
	rows, _ := s.pool.Query(ctx, `
		select a.id, a.created_at, coalesce(u.full_name, a.actor_name) as actor_name, a.entity, a.entity_id, a.action, a.summary,
			case when a.entity = any($7::text[]) then a.details end as details
		from audit_log a left join users u on u.id = a.actor_id
		where ($1 = 0 or a.actor_id = $1)
		  and ($2 = '' or a.entity = $2)
		  and ($3::timestamptz is null or a.created_at >= $3)
		  and ($4::timestamptz is null or a.created_at < $4)
		  and ($5 = 0 or a.id < $5)
		order by a.id desc
		limit $6`,
		f.ActorID, f.Entity, nullTime(f.From), nullTime(f.To), f.Before, limit, open)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Row])
}

// Entities lists the entity names that occur in the log, for the filter.
func (s *Store) Entities(ctx context.Context) ([]string, error) {
	rows, _ := s.pool.Query(ctx, `select distinct entity from audit_log order by entity`)
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// ActorOption is one person who appears in the filter.
type ActorOption struct {
	ID   int64  `db:"id"`
	Name string `db:"name"`
}

// Actors lists every account, for the filter.
func (s *Store) Actors(ctx context.Context) ([]ActorOption, error) {
	rows, _ := s.pool.Query(ctx, `select id, full_name as name from users order by full_name collate "lv-x-icu", id`)
	return pgx.CollectRows(rows, pgx.RowToStructByName[ActorOption])
}

func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
