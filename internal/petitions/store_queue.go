package petitions

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"
)

// AwaitingResolution lists the submissions waiting for a resolution, oldest
// first: those addressed to v's user, or for someone who sees everything all
// of them, grouped by addressee.
func (s *Store) AwaitingResolution(ctx context.Context, v Viewer, after *Cursor, limit int) ([]ListRow, error) {
	var q listQuery
	q.add(`p.state = %s`, string(AwaitingResolution))
	order := `p.received_at, p.id`
	if v.All {
		order = `p.addressee_id, p.received_at, p.id`
		if after != nil {
			q.add(`(p.addressee_id, p.received_at, p.id) > (%s, %s, %s)`, after.Addressee, after.Time, after.ID)
		}
	} else {
		q.add(`p.addressee_id = %s`, v.UserID)
		if after != nil {
			q.add(`(p.received_at, p.id) > (%s, %s)`, after.Time, after.ID)
		}
	}
	rows, _ := s.pool.Query(ctx, `select `+listColumns+`
		from petitions p left join users u on u.id = p.addressee_id
		where `+q.clause()+` order by `+order+` limit `+limitOf(limit), q.args...)
	return pgx.CollectRows(rows, scanListRow)
}

// Assigned lists the submissions in progress that userID carries out, with
// the due date the resolution set them, soonest first.
func (s *Store) Assigned(ctx context.Context, userID int64, after *Cursor, limit int) ([]ListRow, error) {
	var q listQuery
	q.add(`e.user_id = %s`, userID)
	q.add(`p.state = %s`, string(InProgress))
	if after != nil {
		q.add(`(e.due_date, p.id) > (%s, %s)`, after.Time, after.ID)
	}
	cols := strings.Replace(listColumns, "p.due_date", "e.due_date", 1)
	rows, _ := s.pool.Query(ctx, `select `+cols+`
		from petition_executors e join petitions p on p.id = e.petition_id
		left join users u on u.id = p.addressee_id
		where `+q.clause()+` order by e.due_date, p.id limit `+limitOf(limit), q.args...)
	return pgx.CollectRows(rows, scanListRow)
}
