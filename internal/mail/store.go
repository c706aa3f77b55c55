package mail

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/jobs"
)

// Enqueue queues m inside tx: the outbox row and its job commit or roll back
// with the caller's write. It returns the outbox row's id.
func Enqueue(ctx context.Context, tx pgx.Tx, client *jobs.Client, m Message) (int64, error) {
	if client == nil {
		return 0, errors.New("mail: no job client")
	}
	if err := m.validate(); err != nil {
		return 0, err
	}
	var createdBy *int64
	if u := auth.UserFrom(ctx); u != nil {
		createdBy = &u.ID
	}
	entityID := ""
	if m.EntityID != nil {
		entityID = fmt.Sprint(m.EntityID)
	}
	var id int64
	err := tx.QueryRow(ctx, `
		insert into mail_outbox (to_address, to_name, subject, body_text, entity, entity_id, created_by)
		values ($1, $2, $3, $4, $5, $6, $7)
		returning id`,
		strings.TrimSpace(m.To), strings.TrimSpace(m.ToName), strings.TrimSpace(m.Subject), m.Body,
		m.Entity, entityID, createdBy).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("mail outbox: %w", err)
	}
	if err := insertAttachments(ctx, tx, []int64{id}, []Message{m}); err != nil {
		return 0, err
	}
	if _, err := client.InsertTx(ctx, tx, SendArgs{OutboxID: id}, nil); err != nil {
		return 0, fmt.Errorf("mail job: %w", err)
	}
	return id, nil
}

// EnqueueMany queues ms inside tx as Enqueue queues each, and returns
// their outbox rows' ids in the order of ms: the rows in one statement and
// their jobs in one insert, so that a mailing to thousands is a few round
// trips, not thousands.
func EnqueueMany(ctx context.Context, tx pgx.Tx, client *jobs.Client, ms []Message) ([]int64, error) {
	if client == nil {
		return nil, errors.New("mail: no job client")
	}
	if len(ms) == 0 {
		return nil, nil
	}
	var createdBy *int64
	if u := auth.UserFrom(ctx); u != nil {
		createdBy = &u.ID
	}
	n := len(ms)
	to, names, subjects, bodies, entities, entityIDs := make([]string, n), make([]string, n), make([]string, n),
		make([]string, n), make([]string, n), make([]string, n)
	for i, m := range ms {
		if err := m.validate(); err != nil {
			return nil, err
		}
		to[i], names[i], subjects[i], bodies[i] = strings.TrimSpace(m.To), strings.TrimSpace(m.ToName), strings.TrimSpace(m.Subject), m.Body
		entities[i] = m.Entity
		if m.EntityID != nil {
			entityIDs[i] = fmt.Sprint(m.EntityID)
		}
	}
	// The ids are drawn first, so that each message knows its own.
	rows, _ := tx.Query(ctx, `select nextval(pg_get_serial_sequence('mail_outbox', 'id')) from generate_series(1, $1)`, n)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("mail outbox ids: %w", err)
	}
	if _, err := tx.Exec(ctx, `
		insert into mail_outbox (id, to_address, to_name, subject, body_text, entity, entity_id, created_by)
		overriding system value
		select u.id, u.to_address, u.to_name, u.subject, u.body_text, u.entity, u.entity_id, $8
		from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
		     as u(id, to_address, to_name, subject, body_text, entity, entity_id)`,
		ids, to, names, subjects, bodies, entities, entityIDs, createdBy); err != nil {
		return nil, fmt.Errorf("mail outbox: %w", err)
	}
	if err := insertAttachments(ctx, tx, ids, ms); err != nil {
		return nil, err
	}
	params := make([]river.InsertManyParams, n)
	for i, id := range ids {
		params[i] = river.InsertManyParams{Args: SendArgs{OutboxID: id}}
	}
	if _, err := client.InsertManyTx(ctx, tx, params); err != nil {
		return nil, fmt.Errorf("mail jobs: %w", err)
	}
	return ids, nil
}

// insertAttachments keeps the attachments of ms, whose outbox rows are
// ids, in one statement (none when no message has any).
func insertAttachments(ctx context.Context, tx pgx.Tx, ids []int64, ms []Message) error {
	var outbox []int64
	var positions, sizes []int32
	var names, types []string
	var contents [][]byte
	for i, m := range ms {
		for j, a := range m.Attachments {
			outbox = append(outbox, ids[i])
			positions = append(positions, int32(j+1))
			names = append(names, strings.TrimSpace(a.Name))
			types = append(types, a.ContentType)
			sizes = append(sizes, int32(len(a.Content)))
			contents = append(contents, a.Content)
		}
	}
	if len(outbox) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `
		insert into mail_outbox_attachments (outbox_id, position, file_name, content_type, size_bytes, content)
		select * from unnest($1::bigint[], $2::smallint[], $3::text[], $4::text[], $5::integer[], $6::bytea[])`,
		outbox, positions, names, types, sizes, contents); err != nil {
		return fmt.Errorf("mail attachments: %w", err)
	}
	return nil
}

// Attachments are outbox row id's attachments in their order: with their
// bytes while the mail waits, without (Content nil, Size kept) once it was
// sent or given up.
func Attachments(ctx context.Context, q db.Querier, id int64) ([]Attachment, error) {
	rows, _ := q.Query(ctx, `select file_name, content_type, size_bytes, content from mail_outbox_attachments
		where outbox_id = $1 order by position`, id)
	var a Attachment
	var out []Attachment
	_, err := pgx.ForEachRow(rows, []any{&a.Name, &a.ContentType, &a.Size, &a.Content}, func() error {
		out = append(out, a)
		return nil
	})
	return out, err
}

const outboxColumns = `id, to_address, to_name, subject, body_text, status, attempts, last_error,
	sent_at, entity, entity_id, created_at, updated_at, created_by`

// Get reads one outbox row; errs.NotFound when there is none.
func Get(ctx context.Context, q db.Querier, id int64) (Outbox, error) {
	rows, err := q.Query(ctx, `select `+outboxColumns+` from mail_outbox where id = $1`, id)
	if err != nil {
		return Outbox{}, err
	}
	o, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Outbox])
	return o, db.NotFound(err, fmt.Sprintf("mail: outbox row %d", id))
}

// ForEntity lists the mail sent (or being sent) about one entity, oldest first,
// for the entity's page.
func ForEntity(ctx context.Context, q db.Querier, entity string, entityID any) ([]Outbox, error) {
	rows, err := q.Query(ctx, `select `+outboxColumns+` from mail_outbox
		where entity = $1 and entity_id = $2 order by created_at, id`, entity, fmt.Sprint(entityID))
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Outbox])
}

// markSent records that the outbox row went out at its attempt'th try,
// and drops its attachments' bytes in the same statement.
func markSent(ctx context.Context, pool *pgxpool.Pool, id int64, attempt int) error {
	_, err := pool.Exec(ctx, `
		with dropped as (update mail_outbox_attachments set content = null where outbox_id = $1 and content is not null)
		update mail_outbox set status = 'sent', sent_at = now(), attempts = $2, last_error = '', updated_at = now()
		where id = $1`, id, attempt)
	return err
}

// markAttempt records a failed attempt: the row stays pending for the
// next, or is failed for good, which drops its attachments' bytes.
func markAttempt(ctx context.Context, pool *pgxpool.Pool, id int64, status string, attempt int, lastError string) error {
	_, err := pool.Exec(ctx, `
		with dropped as (update mail_outbox_attachments set content = null
		                 where outbox_id = $1 and $2 = 'failed' and content is not null)
		update mail_outbox set status = $2, attempts = $3, last_error = $4, updated_at = now()
		where id = $1`, id, status, attempt, lastError)
	return err
}

// OutboxTally is the outbox at a glance, for the metrics: the mail
// waiting to go (pending, including what is being retried), the mail that
// failed for good, and when the oldest pending one was queued (nil: none).
type OutboxTally struct {
	Pending, Failed int64
	OldestPending   *time.Time
}

// Tally counts the outbox in one statement, on the partial index of the
// rows not sent (mail_outbox_unsent_idx): sent mail, nearly all of the
// table, is not read.
func Tally(ctx context.Context, q db.Querier) (OutboxTally, error) {
	var t OutboxTally
	err := q.QueryRow(ctx, `
		select count(*) filter (where status = 'pending'), count(*) filter (where status = 'failed'),
		       min(created_at) filter (where status = 'pending')
		from mail_outbox where status <> 'sent'`).Scan(&t.Pending, &t.Failed, &t.OldestPending)
	return t, err
}
